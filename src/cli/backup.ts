import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { isPostgresUrl } from '../db/postgres.js';
import { openSqlite, sqliteFileExists } from '../db/sqlite.js';
import { OperatorError } from '../operatorError.js';
import { runCommand } from './runCommand.js';

/**
 * `npm run db:backup -- FILE`: an online copy of the live database through SQLite's backup API, safe
 * while the bot is running and writing (WAL mode lets it read a consistent snapshot).
 */
await runCommand(async () => {
  loadDotenv();
  const [target, ...extra] = process.argv.slice(2);
  if (!target || extra.length > 0) {
    throw new OperatorError('Usage: npm run db:backup -- FILE (the file to write the backup to).', 2);
  }
  if (existsSync(target)) {
    throw new OperatorError(`${target} already exists; choose a new file name so no backup is overwritten.`, 2);
  }
  if (!statSync(dirname(target), { throwIfNoEntry: false })?.isDirectory()) {
    throw new OperatorError(
      `The folder ${dirname(target)} does not exist; create it first or choose a file in an existing folder.`,
      2,
    );
  }
  const url = loadDatabaseUrl(process.env);
  if (isPostgresUrl(url)) {
    throw new OperatorError(
      'npm run db:backup copies a SQLite file; for PostgreSQL use its own tool, e.g. `pg_dump --format=custom "$DATABASE_URL" > empty-chair.dump` (see README, Running on PostgreSQL).',
      2,
    );
  }
  if (!sqliteFileExists(url)) {
    throw new OperatorError(`There is no database at ${url} to back up; check DATABASE_URL.`, 2);
  }
  const db = openSqlite(url);
  try {
    const { totalPages } = await db.$client.backup(target);
    process.stdout.write(`Backed up ${url} to ${target} (${totalPages} pages).\n`);
    return 0;
  } catch (error) {
    // The target did not exist before, so whatever is there now is an incomplete copy.
    rmSync(target, { force: true });
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new OperatorError(
      `Could not write the backup to ${target} (${reason}); choose a file in a folder this user can write to, with space for the copy.`,
    );
  } finally {
    db.$client.close();
  }
});
