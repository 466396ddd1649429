import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL schema's migrations (`npm run db:generate` makes both engines'). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/pg.ts',
  out: './migrations/pg',
});
