import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { isPostgresUrl, redactUrl } from '../db/postgres.js';
import { runCommand } from './runCommand.js';

/** `npm run db:migrate`: creates the database if needed and applies pending migrations. */
await runCommand(async () => {
  loadDotenv();
  const url = loadDatabaseUrl(process.env);
  await (await connectDatabase(url)).close();
  // A SQLite path is shown as it is; only a PostgreSQL URL can carry a password.
  process.stdout.write(`Database ${isPostgresUrl(url) ? redactUrl(url) : url} is up to date.\n`);
  return 0;
});
