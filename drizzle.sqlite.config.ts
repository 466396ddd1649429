import { defineConfig } from 'drizzle-kit';

/** The SQLite schema's migrations (`npm run db:generate` makes both engines'). */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/sqlite.ts',
  out: './migrations/sqlite',
});
