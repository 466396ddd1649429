CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`enterprise_id` text,
	`channel_id` text,
	`channel_is_private` integer,
	`message_ts` text,
	`thread_ts` text,
	`text` text NOT NULL,
	`source` text NOT NULL,
	`sentiment` text NOT NULL,
	`category` text,
	`tags` text NOT NULL,
	`saved_by` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_team_channel_message_uq` ON `feedback` (`team_id`,`channel_id`,`message_ts`);--> statement-breakpoint
CREATE INDEX `feedback_team_created_idx` ON `feedback` (`team_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `feedback_team_category_idx` ON `feedback` (`team_id`,`category`,`created_at`);--> statement-breakpoint
CREATE TABLE `feedback_citations` (
	`team_id` text NOT NULL,
	`answer_id` integer NOT NULL,
	`feedback_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`answer_id`, `feedback_id`),
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `feedback_citations_feedback_idx` ON `feedback_citations` (`feedback_id`);--> statement-breakpoint
ALTER TABLE `team_settings` ADD `feedback_emoji` text;