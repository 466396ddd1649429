import { FakeSlack } from '../test/rig/fakeSlack.js';
import { spawnApp, testEnv } from '../test/rig/testApp.js';
import { freshDatabase } from './db.js';
import { checkExactlyOnce, deliverToAll, driveEvents, type EventLoad, type ExactlyOnce } from './events.js';
import type { Measurement } from './report.js';

/** How long the instances get to post every card and prompt after the load, before the check counts. */
const POSTING_TIMEOUT_MS = 10 * 60_000;

interface InstancesRun {
  load: EventLoad;
  /** Proposals delivered to every instance at once after the load. */
  raced: number;
  refused: number;
  check: ExactlyOnce;
}

/**
 * `count` app processes on one fresh PostgreSQL database and one fake Slack, started together (the
 * first migrates, the others wait on the advisory lock), driven with the same events.
 */
async function runInstances(server: string, count: number, events: number, raced: number): Promise<InstancesRun> {
  const db = await freshDatabase('postgres', server);
  const fake = await new FakeSlack().start();
  const apps = Array.from({ length: count }, () => spawnApp(testEnv(fake, db.url, { LOG_LEVEL: 'error' })));
  try {
    const ports = await Promise.all(apps.map((app) => app.ready));
    await new Promise((r) => setTimeout(r, 500));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const load = await driveEvents(urls, events);
    const refused = raced > 0 ? await deliverToAll(urls, raced) : 0;
    const check = await checkExactlyOnce(db, fake, POSTING_TIMEOUT_MS);
    return { load, raced, refused, check };
  } finally {
    for (const app of apps) app.kill('SIGTERM');
    await Promise.all(apps.map((app) => app.exited));
    await fake.stop();
    await db.drop();
  }
}

/**
 * Two instances behind a round-robin balancer sharing one PostgreSQL database, against one instance on
 * a database of its own measured just before with the same events. Afterwards (not timed) some
 * proposals go to both instances at once, and the check counts that every proposal was stored once and
 * its card and three prompts were posted once, by the fake Slack's posts.
 */
export async function scenarioTwoInstances(server: string, events: number, raced: number): Promise<Measurement[]> {
  process.stdout.write(`6. Two instances on one PostgreSQL database (${events} message events, half proposals)\n`);
  const one = await runInstances(server, 1, events, 0);
  const two = await runInstances(server, 2, events, raced);
  const scenario = 'Two instances, round-robin';
  const expected = two.load.proposals + raced;
  const { check } = two;
  const storedOnce =
    check.stored === expected &&
    check.distinctMessages === expected &&
    check.strangers === 0 &&
    two.load.non2xx + two.load.errors + two.refused === 0;
  const postedOnce =
    check.unposted === 0 &&
    check.twice === 0 &&
    check.missing === 0 &&
    check.unknown === 0 &&
    check.posts === 4 * expected;
  const oneOk = one.check.stored === one.load.proposals && one.check.twice === 0 && one.check.missing === 0;
  return [
    {
      scenario,
      metric: 'events/s',
      ours: two.load.eventsPerSecond,
      baseline: one.load.eventsPerSecond,
      unit: 'events/s',
      note: `floor: one instance on PostgreSQL, same events, this run${oneOk ? '' : ' (its own check FAILED)'}; 16 connections to each instance, which took ${two.load.perInstance.join(' and ')} events`,
    },
    {
      scenario,
      metric: 'p99 ack',
      ours: two.load.p99,
      baseline: one.load.p99,
      unit: 'ms',
      target: '≪ 3000 ms',
      met: two.load.p99 < 3000,
      note: 'the higher of the two clients’ p99; floor: one instance',
    },
    {
      scenario,
      metric: 'proposals stored once',
      ours: check.stored,
      unit: 'decisions',
      target: `exactly ${expected}, one per message`,
      met: storedOnce,
      note: `${two.load.proposals} from the load, then ${raced} more each delivered to both instances at once; ${check.distinctMessages} distinct messages, ${two.load.non2xx + two.refused} non-2xx, ${two.load.errors} errors`,
    },
    {
      scenario,
      metric: 'cards and prompts posted once',
      ours: check.posts,
      unit: 'posts',
      target: `exactly ${4 * expected}, each card and prompt once`,
      met: postedOnce,
      note: `counted by the decision id and part in each post's metadata: ${check.twice} posted twice, ${check.missing} missing, ${check.unknown} of unknown decisions, ${check.unposted} decisions unposted`,
    },
  ];
}
