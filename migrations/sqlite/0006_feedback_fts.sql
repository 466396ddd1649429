-- Full-text search over customer feedback (hand-written: drizzle-kit cannot express FTS5).
-- An external-content index: the words live only in `feedback`; the index holds their terms, kept in
-- step by the triggers below. `secure-delete` removes a deleted row's terms from the index at once, so
-- removing feedback leaves none of its words behind.
CREATE VIRTUAL TABLE `feedback_fts` USING fts5(`text`, content='feedback', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `feedback_fts`(`feedback_fts`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO `feedback_fts`(`feedback_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `feedback_fts_insert` AFTER INSERT ON `feedback` BEGIN
  INSERT INTO `feedback_fts`(`rowid`, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_fts_delete` AFTER DELETE ON `feedback` BEGIN
  INSERT INTO `feedback_fts`(`feedback_fts`, `rowid`, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_fts_update` AFTER UPDATE OF `text` ON `feedback` BEGIN
  INSERT INTO `feedback_fts`(`feedback_fts`, `rowid`, `text`) VALUES ('delete', old.`id`, old.`text`);
  INSERT INTO `feedback_fts`(`rowid`, `text`) VALUES (new.`id`, new.`text`);
END;
