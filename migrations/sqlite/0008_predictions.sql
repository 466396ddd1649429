CREATE TABLE `decision_links` (
	`decision_id` integer PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`revisits_id` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`revisits_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `decision_links_team_revisits_idx` ON `decision_links` (`team_id`,`revisits_id`);--> statement-breakpoint
CREATE TABLE `predictions` (
	`decision_id` integer PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`skipped` integer DEFAULT false NOT NULL,
	`expected_reaction` text,
	`confidence` integer,
	`signal` text,
	`after_days` integer,
	`due_at` integer,
	`asked_at` integer,
	`reminded_at` integer,
	`too_early_count` integer DEFAULT 0 NOT NULL,
	`actual_reaction` text,
	`evidence` text,
	`decide_again` text,
	`recorded_by` text,
	`recorded_at` integer,
	`predicted_by` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `predictions_team_due_idx` ON `predictions` (`team_id`,`due_at`);