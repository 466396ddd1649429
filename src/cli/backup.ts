import { existsSync } from 'node:fs';
import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { databaseExists, openDatabase } from '../db/client.js';

/**
 * `npm run db:backup -- FILE`: an online copy of the live database through SQLite's backup API, safe
 * while the bot is running and writing (WAL mode lets it read a consistent snapshot).
 */
async function main(): Promise<number> {
  loadDotenv();
  const [target, ...extra] = process.argv.slice(2);
  if (!target || extra.length > 0) {
    process.stderr.write('Usage: npm run db:backup -- FILE (the file to write the backup to).\n');
    return 2;
  }
  if (existsSync(target)) {
    process.stderr.write(`${target} already exists; choose a new file name so no backup is overwritten.\n`);
    return 2;
  }
  const url = loadDatabaseUrl(process.env);
  if (!databaseExists(url)) {
    process.stderr.write(`There is no database at ${url} to back up; check DATABASE_URL.\n`);
    return 2;
  }
  const db = openDatabase(url);
  try {
    const { totalPages } = await db.$client.backup(target);
    process.stdout.write(`Backed up ${url} to ${target} (${totalPages} pages).\n`);
    return 0;
  } finally {
    db.$client.close();
  }
}

process.exitCode = await main();
