import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, openWritableSqlite, SQLITE_MIGRATIONS } from '../../src/db/sqlite.js';
import { testEngine } from '../rig/testDatabase.js';
import { messageEvent } from '../rig/payloads.js';
import {
  type CommandOptions,
  expectOneSentence,
  runCommand,
  startTestApp,
  type TestApp,
  tempDbPath,
} from '../rig/testApp.js';

const backup = (env: Record<string, string>, args: string[], options?: CommandOptions) =>
  runCommand('backup', args, env, options);

let app: TestApp | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

// db:backup copies a SQLite file through SQLite's backup API (on PostgreSQL it points to pg_dump), so
// every test here is about the SQLite file and runs on SQLite only.
describe.skipIf(testEngine() === 'postgres')('npm run db:backup', () => {
  it('copies the live database while the app keeps writing, and the copy is complete and intact', async () => {
    app = await startTestApp({ dbPath: tempDbPath() });
    for (let i = 0; i < 30; i++) await app.slack.event(messageEvent({ text: `Proposal: before backup ${i}` }));
    // Keep writing while the backup runs.
    const writing = (async () => {
      for (let i = 0; i < 30; i++) await app?.slack.event(messageEvent({ text: `Proposal: during backup ${i}` }));
    })();
    const target = `${tempDbPath()}.backup`;
    const result = await backup({ DATABASE_URL: app.dbPath }, [target]);
    await writing;
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`to ${target}`);
    const copy = openSqlite(target);
    try {
      expect(copy.$client.pragma('integrity_check', { simple: true })).toBe('ok');
      const copied = (
        copy.$client.prepare("select count(*) as n from decisions where title like 'before backup%'").get() as {
          n: number;
        }
      ).n;
      expect(copied).toBe(30);
      const journal = JSON.parse(readFileSync(`${SQLITE_MIGRATIONS}/meta/_journal.json`, 'utf8')) as { entries: [] };
      expect(copy.$client.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({
        n: journal.entries.length,
      });
    } finally {
      copy.$client.close();
    }
  });

  it('refuses to overwrite a file, to run without a target, or to back up a missing database, with exit code 2', async () => {
    const missingDb = tempDbPath();
    const missing = await backup({ DATABASE_URL: missingDb }, [`${tempDbPath()}.bak`]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('There is no database at');
    expect(existsSync(missingDb)).toBe(false);
    const usage = await backup({ DATABASE_URL: tempDbPath() }, []);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run db:backup -- FILE');
    const existing = tempDbPath();
    openSqlite(existing).$client.close();
    expect(existsSync(existing)).toBe(true);
    const overwrite = await backup({ DATABASE_URL: existing }, [existing]);
    expect(overwrite.status).toBe(2);
    expect(overwrite.stderr).toContain('already exists');
    for (const result of [missing, usage, overwrite]) expectOneSentence(result.stderr);
  });

  it('says in one sentence, with exit code 2, that the target folder does not exist', async () => {
    const source = tempDbPath();
    openWritableSqlite(source).$client.close();
    const target = join(dirname(source), 'no-such-folder', 'copy.db');
    const result = await backup({ DATABASE_URL: source }, [target]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `The folder ${dirname(target)} does not exist; create it first or choose a file in an existing folder.\n`,
    );
    expect(existsSync(dirname(target))).toBe(false);
  });

  it('says in one sentence, with exit code 1, that it cannot write the target, and leaves no partial copy', async () => {
    const source = tempDbPath();
    openWritableSqlite(source).$client.close();
    // Readable by the unprivileged command, which must also be able to add the -shm file beside a WAL database.
    chmodSync(dirname(source), 0o777);
    const locked = join(dirname(source), 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const target = join(locked, 'copy.db');
    const result = await backup({ DATABASE_URL: source }, [target], { unprivileged: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^Could not write the backup to ${target} \\(SQLITE_CANTOPEN\\); choose a file`),
    );
    expectOneSentence(result.stderr);
    expect(readdirSync(locked)).toEqual([]);
  });
});
