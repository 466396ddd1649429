CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`decision_id` integer NOT NULL,
	`question` integer NOT NULL,
	`user_id` text NOT NULL,
	`choice` text,
	`text` text,
	`superseded_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_current_uq` ON `answers` (`decision_id`,`question`,`user_id`) WHERE "answers"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX `answers_team_decision_idx` ON `answers` (`team_id`,`decision_id`);--> statement-breakpoint
CREATE TABLE `channel_settings` (
	`team_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`watching` integer DEFAULT true NOT NULL,
	`updated_by` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`team_id`, `channel_id`)
);
--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`enterprise_id` text,
	`channel_id` text NOT NULL,
	`channel_is_private` integer,
	`message_ts` text,
	`thread_ts` text,
	`card_ts` text,
	`source` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`category` text,
	`decide_by` text,
	`proposer_id` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`post_attempted_at` integer,
	`posted_at` integer,
	`post_error` text,
	`nudged_at` integer,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_team_channel_message_uq` ON `decisions` (`team_id`,`channel_id`,`message_ts`);--> statement-breakpoint
CREATE INDEX `decisions_team_channel_thread_idx` ON `decisions` (`team_id`,`channel_id`,`thread_ts`);--> statement-breakpoint
CREATE INDEX `decisions_team_status_created_idx` ON `decisions` (`team_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `decisions_team_created_idx` ON `decisions` (`team_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `decisions_team_proposer_idx` ON `decisions` (`team_id`,`proposer_id`,`status`);--> statement-breakpoint
CREATE TABLE `digest_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`slot` text NOT NULL,
	`status` text NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`message_ts` text,
	`last_error` text,
	`posted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_runs_slot_uq` ON `digest_runs` (`team_id`,`channel_id`,`slot`);--> statement-breakpoint
CREATE TABLE `discussion` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`decision_id` integer NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`user_id` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussion_team_channel_ts_uq` ON `discussion` (`team_id`,`channel_id`,`ts`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_uq` ON `outbox` (`team_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`team_id` text NOT NULL,
	`event_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`team_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_events_created_idx` ON `processed_events` (`created_at`);--> statement-breakpoint
CREATE TABLE `prompts` (
	`team_id` text NOT NULL,
	`decision_id` integer NOT NULL,
	`question` integer NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`decision_id`, `question`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`decision_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`user_id` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `status_changes_decision_idx` ON `status_changes` (`decision_id`);--> statement-breakpoint
CREATE TABLE `team_settings` (
	`team_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text,
	`triggers` text,
	`approvers` text,
	`required_answers` integer DEFAULT 1 NOT NULL,
	`digest_channel` text,
	`customer_profile` text,
	`customer_profile_by` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
