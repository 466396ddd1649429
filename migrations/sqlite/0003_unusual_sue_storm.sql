ALTER TABLE `team_settings` ADD `digest_cron` text;--> statement-breakpoint
ALTER TABLE `team_settings` ADD `digest_timezone` text;--> statement-breakpoint
ALTER TABLE `team_settings` ADD `digest_scheduled_at` integer;