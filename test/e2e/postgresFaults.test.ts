import { afterEach, describe, expect, it } from 'vitest';
import { messageEvent } from '../rig/payloads.js';
import { TcpProxy } from '../rig/tcpProxy.js';
import { capturingLogger, startTestApp, type TestApp } from '../rig/testApp.js';
import { testEngine } from '../rig/testDatabase.js';

/**
 * PostgreSQL goes away while the app runs (a restart, a failover, a cut): what arrives meanwhile is not
 * acknowledged as stored, so Slack delivers it again; /healthz says so; once the server is back the app
 * recovers by itself, and nothing it acknowledged is lost. The app reaches the server through a TCP proxy
 * the test can cut. PostgreSQL only: SQLite has no server to lose.
 */
let app: TestApp | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
  await proxy?.stop();
  proxy = undefined;
});

const health = async (a: TestApp) => (await fetch(`${a.url}/healthz`)).status;

describe.skipIf(testEngine() !== 'postgres')('PostgreSQL going away', () => {
  it('acknowledges nothing it could not store during the outage, and loses nothing it acknowledged', async () => {
    const server = new URL(process.env.TEST_DATABASE_URL ?? '');
    proxy = await new TcpProxy(server.hostname, Number(server.port || 5432)).start();
    const through = proxy;
    const testApp = await startTestApp({
      logger: capturingLogger(),
      appDatabaseUrl: (url) => {
        const viaProxy = new URL(url);
        viaProxy.host = `127.0.0.1:${through.port}`;
        return viaProxy.toString();
      },
    });
    app = testApp;
    expect(await health(testApp)).toBe(200);

    const events = Array.from({ length: 40 }, (_, i) =>
      messageEvent({ text: `Proposal: Outage ${i}`, channel: 'C0OUTAGE' }),
    );
    const statuses: number[] = [];
    let healthDuringOutage = 0;
    for (const [i, event] of events.entries()) {
      if (i === 15) through.down();
      if (i === 20) healthDuringOutage = await health(testApp);
      if (i === 25) through.up();
      statuses.push((await testApp.slack.event(event, { eventId: `Ev0OUT${i}` })).status);
    }
    expect(healthDuringOutage).toBe(503);
    const refused = statuses.flatMap((status, i) => (status === 200 ? [] : [i]));
    // Every event sent while the server was away was refused, so Slack keeps it and delivers it again.
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(refused.every((i) => i >= 15)).toBe(true);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);

    // The app is back by itself: Slack's retries of the refused events are stored now.
    await expect.poll(() => health(testApp), { timeout: 15_000 }).toBe(200);
    for (const i of refused) {
      expect((await testApp.slack.event(events[i] ?? {}, { eventId: `Ev0OUT${i}`, retryNum: 1 })).status).toBe(200);
    }
    const titles = (await testApp.db.rows("select title from decisions where channel_id = 'C0OUTAGE'")).map(
      (r) => r.title,
    );
    expect(new Set(titles).size).toBe(40);
    await testApp.running.idle();
  }, 60_000);
});
