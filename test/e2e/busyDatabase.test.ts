import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_FAILED } from '../../src/views/replies.js';
import { NOT_SAVED } from '../../src/views/replies.js';
import { messageEvent, proposalSubmission } from '../rig/payloads.js';
import { capturingLogger, startTestApp, type TestApp, tempDbPath } from '../rig/testApp.js';
import { testEngine } from '../rig/testDatabase.js';

/**
 * Another process holds SQLite's write lock (a long CLI write, a second writer): nothing a person sends
 * is acknowledged unless stored, the health check says so, and background passes never kill the app.
 * The lock is the SQLite file's own, so these tests run on SQLite only.
 */
let app: TestApp;
let holder: Database.Database | undefined;
const logger = capturingLogger();

/** Takes the write lock from a second connection and keeps it until released. */
function holdWriteLock(): () => void {
  holder = new Database(app.dbPath);
  holder.pragma('busy_timeout = 0');
  holder.exec('BEGIN IMMEDIATE');
  return () => {
    holder?.exec('ROLLBACK');
  };
}

const count = async (table: string) => (await app.db.row(`select count(*) as n from ${table}`))?.n;

describe.skipIf(testEngine() === 'postgres')('a database locked by another process', () => {
  beforeEach(async () => {
    logger.lines.length = 0;
    app = await startTestApp({ logger, retryIntervalMs: 50, dbPath: tempDbPath() });
    app.fake.setUser('U0ALICE', { is_admin: true });
  });
  afterEach(async () => {
    holder?.close();
    holder = undefined;
    await app.stop();
  });

  it('is reported by /healthz at once, and healthy again when the lock is gone', async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ ok: true, database: 'ok' });
    const release = holdWriteLock();
    const locked = await fetch(`${app.url}/healthz`);
    expect(locked.status).toBe(503);
    expect(await locked.json()).toEqual({ ok: false, database: 'locked' });
    release();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('keeps the form open with a clear error instead of acknowledging a proposal it could not store', async () => {
    const release = holdWriteLock();
    const res = await app.slack.interactive(proposalSubmission({ title: 'Open at seven' }));
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_action: 'errors', errors: { title: NOT_SAVED } });
    release();
    expect(await count('decisions')).toBe(0);
    // Submitted again once the lock is gone, it is stored.
    await app.slack.interactive(proposalSubmission({ title: 'Open at seven' }));
    expect(await count('decisions')).toBe(1);
  });

  it('answers a message event with an error so Slack delivers it again, and stores the redelivery', async () => {
    const event = messageEvent({ text: 'Proposal: Free delivery over £20' });
    const release = holdWriteLock();
    const res = await app.slack.event(event, { eventId: 'Ev0BUSY' });
    expect(res.status).toBe(500);
    release();
    expect(await count('decisions')).toBe(0);
    await app.slack.event(event, { eventId: 'Ev0BUSY', retryNum: 1 });
    expect(await count('decisions')).toBe(1);
  });

  it('tells the person a command was not done instead of acknowledging it silently', async () => {
    const release = holdWriteLock();
    const reply = await app.commandReply({ text: 'unwatch', channel_id: 'C0QUIET' });
    expect(reply.text).toBe(COMMAND_FAILED);
    release();
    expect(await count('channel_settings')).toBe(0);
  });

  it('survives its background passes failing while the lock is held, logging one line each, then carries on', async () => {
    const release = holdWriteLock();
    await expect
      .poll(() => logger.lines.some((l) => /^error Background work failed: .*database is locked/.test(l)))
      .toBe(true);
    release();
    expect(logger.lines.every((l) => !l.includes('\n    at '))).toBe(true);
    await app.slack.event(messageEvent({ text: 'Proposal: still alive' }));
    await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.ok);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
