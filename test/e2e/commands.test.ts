import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/database.js';
import { openWritableSqlite } from '../../src/db/sqlite.js';
import { FakeSlack } from '../rig/fakeSlack.js';
import { expectOneSentence, runCommand, tempDbPath, testEnv } from '../rig/testApp.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../rig/testDatabase.js';

/** `npm run digest` and `npm run db:migrate` as an operator runs them, and what they say when they cannot. */
let fake: FakeSlack;
let databases: TestDatabase[] = [];
beforeEach(async () => {
  fake = await new FakeSlack().start();
});
afterEach(async () => {
  await fake.stop();
  const dropping = databases;
  databases = [];
  for (const db of dropping) await db.drop();
});

/** A migrated database of the suite's engine, as the bot leaves it; its DATABASE_URL. */
async function existingDatabase(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  await (await connectDatabase(db.url)).close();
  return db.url;
}

/** A migrated SQLite file, as the bot leaves it, for tests about the file itself. */
function existingSqliteFile(): string {
  const dbPath = tempDbPath();
  openWritableSqlite(dbPath).$client.close();
  return dbPath;
}

describe('npm run digest', () => {
  it('prints this week’s digest and how to post it', async () => {
    const result = await runCommand('digest', [], testEnv(fake, await existingDatabase()));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('To post it now: npm run digest -- --post');
  });

  // A missing SQLite file, not created by the command: a missing PostgreSQL database is the server's to report.
  it.skipIf(testEngine() === 'postgres')(
    'refuses a DATABASE_URL where there is no database, and creates none',
    async () => {
      const missing = tempDbPath();
      const result = await runCommand('digest', [], testEnv(fake, missing));
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`There is no database at ${missing} to make a digest of; check DATABASE_URL.\n`);
      expect(existsSync(missing)).toBe(false);
      expect(fake.calls).toEqual([]);
    },
  );

  it.each([
    [['--bogus'], "Unknown option '--bogus' (usage: npm run digest [-- --post])."],
    [['--help'], "Unknown option '--help' (usage: npm run digest [-- --post])."],
    [['post'], "Unexpected argument 'post' (usage: npm run digest [-- --post])."],
  ])('refuses %j with one sentence and exit code 2', async (args, message) => {
    const result = await runCommand('digest', args, testEnv(fake, await existingDatabase()));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${message}\n`);
    expect(fake.calls).toEqual([]);
  });

  it('says in one sentence that Slack rejected the token', async () => {
    fake.fail('auth.test', { kind: 'error', error: 'invalid_auth' });
    const result = await runCommand('digest', [], testEnv(fake, await existingDatabase()));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Slack rejected SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token from your Slack app again.\n',
    );
  });

  it('says in one sentence that Slack could not be reached', async () => {
    const unreachable = 'http://127.0.0.1:9/api/';
    const env = { ...testEnv(fake, await existingDatabase()), SLACK_API_URL: unreachable };
    const result = await runCommand('digest', [], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `Could not reach Slack at ${unreachable} (no connection): check the network and SLACK_API_URL, then try again.\n`,
    );
  });

  it('says in one sentence that there is no channel to post to', async () => {
    const result = await runCommand('digest', ['--post'], testEnv(fake, await existingDatabase()));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'No digest channel: set DIGEST_CHANNEL or run `/decision digest here` in a channel first.\n',
    );
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
  });
});

// What a SQLite file's path and permissions make db:migrate say: about the SQLite file only.
describe.skipIf(testEngine() === 'postgres')('npm run db:migrate', () => {
  it('names the path and what to do when DATABASE_URL is a folder, an uncreatable folder or a locked one', async () => {
    const folder = dirname(tempDbPath());
    const locked = join(folder, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    // Readable by the unprivileged command, so that only the locked folder stops it.
    chmodSync(folder, 0o755);
    const dbPath = existingSqliteFile();
    chmodSync(dirname(dbPath), 0o755);
    const underFile = join(dbPath, 'x.db');
    const cases = [
      [folder, `DATABASE_URL ${folder} is a folder: set it to a file path such as ${join(folder, 'empty-chair.db')}.`],
      [
        underFile,
        `Cannot create or reach the folder ${dirname(underFile)} for the database (ENOTDIR): give this user access`,
      ],
      [join(locked, 'x.db'), `Cannot open the database file ${join(locked, 'x.db')}: give this user read and write`],
    ] as const;
    for (const [url, message] of cases) {
      const result = await runCommand('migrate', [], { DATABASE_URL: url }, { unprivileged: true });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(message);
      expectOneSentence(result.stderr);
    }
    expect(existsSync(join(locked, 'x.db'))).toBe(false);
  });

  it('says in one sentence that the database is read-only', async () => {
    const dbPath = existingSqliteFile();
    chmodSync(dirname(dbPath), 0o777);
    chmodSync(dbPath, 0o444);
    const result = await runCommand('migrate', [], { DATABASE_URL: dbPath }, { unprivileged: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `The database ${dbPath} is read-only: give this user write access to the file and its folder, or set DATABASE_URL to a writable path.\n`,
    );
  });
});
