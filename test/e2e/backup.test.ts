import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { messageEvent } from '../rig/payloads.js';
import { startTestApp, type TestApp, tempDbPath } from '../rig/testApp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const backup = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: join(ROOT, 'test', 'no-such.env'), ...env },
    encoding: 'utf8',
  });

let app: TestApp | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

describe('npm run db:backup', () => {
  it('copies the live database while the app keeps writing, and the copy is complete and intact', async () => {
    app = await startTestApp();
    for (let i = 0; i < 30; i++) await app.slack.event(messageEvent({ text: `Proposal: before backup ${i}` }));
    // Keep writing while the backup runs.
    const writing = (async () => {
      for (let i = 0; i < 30; i++) await app?.slack.event(messageEvent({ text: `Proposal: during backup ${i}` }));
    })();
    const target = `${tempDbPath()}.backup`;
    const result = backup({ DATABASE_URL: app.dbPath }, target);
    await writing;
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`to ${target}`);
    const copy = openDatabase(target);
    try {
      expect(copy.$client.pragma('integrity_check', { simple: true })).toBe('ok');
      const copied = (
        copy.$client.prepare("select count(*) as n from decisions where title like 'before backup%'").get() as {
          n: number;
        }
      ).n;
      expect(copied).toBe(30);
      expect(copy.$client.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: 1 });
    } finally {
      copy.$client.close();
    }
  });

  it('refuses to overwrite a file, to run without a target, or to back up a missing database, with exit code 2', () => {
    const missing = backup({ DATABASE_URL: tempDbPath() }, `${tempDbPath()}.bak`);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('There is no database at');
    const usage = backup({ DATABASE_URL: tempDbPath() });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run db:backup -- FILE');
    const existing = tempDbPath();
    openDatabase(existing).$client.close();
    expect(existsSync(existing)).toBe(true);
    const overwrite = backup({ DATABASE_URL: existing }, existing);
    expect(overwrite.status).toBe(2);
    expect(overwrite.stderr).toContain('already exists');
  });
});
