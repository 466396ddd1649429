import { describe, expect, it } from 'vitest';
import { createDecisionsRepo } from '../../src/db/decisionsRepo.js';
import { createPredictionsRepo } from '../../src/db/predictionsRepo.js';
import { databaseForEachTest, testEngines } from '../rig/engines.js';

const AT = new Date('2031-05-06T07:08:09.123Z');
const DAY = 24 * 3600 * 1000;

describe.each(testEngines())('predictionsRepo on $name', (engine) => {
  const current = databaseForEachTest(engine);

  /** A decision confirmed with a prediction due in 30 days. */
  async function confirmed() {
    const { database } = current();
    const decisions = createDecisionsRepo(database, () => AT);
    const predictions = createPredictionsRepo(database, () => AT);
    const { decision } = await decisions.create({
      teamId: 'T1',
      channelId: 'C1',
      source: 'command',
      title: 'Close on Sundays',
      proposerId: 'U1',
      createdBy: 'U1',
    });
    await decisions.transition({
      teamId: 'T1',
      id: decision.id,
      from: 'open',
      to: 'confirmed',
      userId: 'U1',
      at: AT,
      alsoStore: (tx, d) =>
        predictions.saveIn(tx, {
          teamId: d.teamId,
          decisionId: d.id,
          prediction: { skipped: false, expected: 'welcome', confidence: 80, signal: 'sales', afterDays: 30 },
          userId: 'U1',
          at: AT,
        }),
    });
    return { database, predictions, id: decision.id, due: new Date(AT.getTime() + 30 * DAY) };
  }

  it('asks a due date once however many passes claim it at the same moment, queueing its posts with the claim', async () => {
    const { database, predictions, id, due } = await confirmed();
    expect(await predictions.dueToAsk('T1', new Date(due.getTime() - 1), 10)).toEqual([]);
    expect(await predictions.dueToAsk('T2', due, 10)).toEqual([]);
    const [review] = await predictions.dueToAsk('T1', due, 10);
    expect(review).toEqual({ decisionId: id, dueAt: due });
    const job = (n: number) => ({
      teamId: 'T1',
      kind: 'review_ask',
      dedupeKey: `ask:${id}:${n}`,
      payload: { decisionId: id },
      at: due,
    });
    const claims = await Promise.all(
      [0, 1, 2, 3, 4].map(() => predictions.claimAsk('T1', review!, due, [job(1), job(2)])),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const queued = await database.run((db) => db.select().from(database.schema.outbox));
    expect(queued.map((j) => j.dedupeKey).sort()).toEqual([`ask:${id}:1`, `ask:${id}:2`]);
    expect(await predictions.dueToAsk('T1', due, 10)).toEqual([]);
    // Another team cannot claim it.
    expect(await predictions.claimAsk('T2', review!, due, [])).toBe(false);
  });

  it('records an outcome once, and "too early to tell" at most twice, each moving the due date', async () => {
    const { predictions, id, due } = await confirmed();
    const early = (at: Date) =>
      predictions.recordOutcome({
        teamId: 'T1',
        decisionId: id,
        outcome: { tooEarly: true, evidence: null },
        userId: 'U1',
        at,
        askAgainAt: new Date(at.getTime() + 30 * DAY),
        maxTooEarly: 2,
      });
    expect(await early(due)).toMatchObject({ tooEarlyCount: 1, dueAt: new Date(due.getTime() + 30 * DAY) });
    expect(await early(due)).toMatchObject({ tooEarlyCount: 2 });
    expect(await early(due)).toBeUndefined();
    const record = (actual: 'welcomed' | 'pushed_back') =>
      predictions.recordOutcome({
        teamId: 'T1',
        decisionId: id,
        outcome: { tooEarly: false, actual, evidence: 'seen', decideAgain: 'yes' },
        userId: 'U1',
        at: due,
        askAgainAt: due,
        maxTooEarly: 2,
      });
    const results = await Promise.all([record('welcomed'), record('pushed_back')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(
      await predictions.recordOutcome({
        teamId: 'T2',
        decisionId: id,
        outcome: { tooEarly: false, actual: 'welcomed', evidence: 'x', decideAgain: 'no' },
        userId: 'U9',
        at: due,
        askAgainAt: due,
        maxTooEarly: 2,
      }),
    ).toBeUndefined();
    const { rows } = await predictions.reviewed('T1');
    expect(rows).toHaveLength(1);
    expect(await predictions.reviewed('T2')).toEqual({ rows: [], motives: [] });
  });
});
