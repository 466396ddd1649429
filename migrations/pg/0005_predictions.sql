CREATE TABLE "decision_links" (
	"decision_id" integer PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"revisits_id" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"decision_id" integer PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"skipped" boolean DEFAULT false NOT NULL,
	"expected_reaction" text,
	"confidence" integer,
	"signal" text,
	"after_days" integer,
	"due_at" timestamp (3) with time zone,
	"asked_at" timestamp (3) with time zone,
	"reminded_at" timestamp (3) with time zone,
	"too_early_count" integer DEFAULT 0 NOT NULL,
	"actual_reaction" text,
	"evidence" text,
	"decide_again" text,
	"recorded_by" text,
	"recorded_at" timestamp (3) with time zone,
	"predicted_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "decision_links" ADD CONSTRAINT "decision_links_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_links" ADD CONSTRAINT "decision_links_revisits_id_decisions_id_fk" FOREIGN KEY ("revisits_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_links_team_revisits_idx" ON "decision_links" USING btree ("team_id","revisits_id");--> statement-breakpoint
CREATE INDEX "predictions_team_due_idx" ON "predictions" USING btree ("team_id","due_at");