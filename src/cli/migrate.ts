import dotenv from 'dotenv';
import { loadDatabaseUrl } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';

dotenv.config({ quiet: true });
const url = loadDatabaseUrl(process.env);
const db = openDatabase(url);
try {
  migrateDatabase(db);
  process.stdout.write(`Database ${url} is up to date.\n`);
} finally {
  db.$client.close();
}
