CREATE TABLE `briefings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`decision_id` integer NOT NULL,
	`round` integer NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`channel_id` text,
	`stages` text NOT NULL,
	`message_channel` text,
	`message_ts` text,
	`attempted_at` integer,
	`acked_at` integer,
	`reminded_at` integer,
	`reminder_ts` text,
	`reminder_attempted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `briefings_decision_round_recipient_uq` ON `briefings` (`decision_id`,`round`,`recipient`);--> statement-breakpoint
CREATE INDEX `briefings_team_recipient_idx` ON `briefings` (`team_id`,`recipient`);--> statement-breakpoint
CREATE TABLE `touchpoints` (
	`team_id` text NOT NULL,
	`decision_id` integer NOT NULL,
	`stage` text NOT NULL,
	`position` integer NOT NULL,
	`note` text,
	`users` text NOT NULL,
	`usergroups` text NOT NULL,
	`channels` text NOT NULL,
	`nobody_reason` text,
	`updated_by` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`decision_id`, `stage`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `touchpoints_team_decision_idx` ON `touchpoints` (`team_id`,`decision_id`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `go_live` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `confirmations` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `briefed_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `briefing_approved_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `team_settings` ADD `path_stages` text;