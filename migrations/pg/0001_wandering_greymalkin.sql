ALTER TABLE "team_settings" ADD COLUMN "digest_cron" text;--> statement-breakpoint
ALTER TABLE "team_settings" ADD COLUMN "digest_timezone" text;--> statement-breakpoint
ALTER TABLE "team_settings" ADD COLUMN "digest_scheduled_at" timestamp (3) with time zone;