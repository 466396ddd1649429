import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { openWritableDatabase } from '../db/client.js';
import { runCommand } from './runCommand.js';

/** `npm run db:migrate`: creates the database if needed and applies pending migrations. */
await runCommand(async () => {
  loadDotenv();
  const url = loadDatabaseUrl(process.env);
  openWritableDatabase(url).$client.close();
  process.stdout.write(`Database ${url} is up to date.\n`);
  return 0;
});
