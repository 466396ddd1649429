import { defineConfig } from 'vitest/config';

/**
 * With TEST_DATABASE_URL (a PostgreSQL server, as .ci/run sets), the suite runs twice: everything on
 * SQLite, and the end-to-end and data-layer tests again on PostgreSQL, each test on a database of its
 * own (test/rig/testDatabase.ts). Without it, everything runs on SQLite only.
 */
const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/fastCheck.setup.ts'],
    globalSetup: ['test/buildDist.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    ...(postgres
      ? {
          projects: [
            { extends: true, test: { name: 'sqlite', env: { TEST_DATABASE_URL: '' } } },
            {
              extends: true,
              test: {
                name: 'postgres',
                include: ['test/e2e/**/*.test.ts', 'test/db/**/*.test.ts'],
                // The data-layer tests run SQLite and PGlite in the first project already.
                env: { TEST_DATABASE_URL: postgres, TEST_DB_ENGINES: 'postgres' },
              },
            },
          ],
        }
      : {}),
  },
});
