import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { redactUrl } from '../db/postgres.js';
import { runCommand } from './runCommand.js';

/** `npm run db:migrate`: creates the database if needed and applies pending migrations. */
await runCommand(async () => {
  loadDotenv();
  const url = loadDatabaseUrl(process.env);
  await (await connectDatabase(url)).close();
  process.stdout.write(`Database ${redactUrl(url)} is up to date.\n`);
  return 0;
});
