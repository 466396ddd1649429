import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';

loadDotenv();
const url = loadDatabaseUrl(process.env);
const db = openDatabase(url);
try {
  migrateDatabase(db);
  process.stdout.write(`Database ${url} is up to date.\n`);
} finally {
  db.$client.close();
}
