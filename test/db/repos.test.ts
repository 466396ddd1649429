import { describe, expect, it } from 'vitest';
import { createAnswersRepo, type NewAnswer } from '../../src/db/answersRepo.js';
import type { Database } from '../../src/db/database.js';
import { createDecisionsRepo, type NewDecision } from '../../src/db/decisionsRepo.js';
import { createDigestRepo, createNudgeRepo, type DigestRun } from '../../src/db/digestRepo.js';
import { createDiscussionRepo } from '../../src/db/discussionRepo.js';
import { createEventsRepo } from '../../src/db/eventsRepo.js';
import { createOutboxRepo, type OutboxJob } from '../../src/db/outboxRepo.js';
import { createReviewRepo } from '../../src/db/reviewRepo.js';
import { createSettingsRepo } from '../../src/db/settingsRepo.js';
import { databaseForEachTest, testEngines } from '../rig/engines.js';

const AT = new Date('2031-05-06T07:08:09.123Z');
const later = (ms: number) => new Date(AT.getTime() + ms);
const DAY = 24 * 60 * 60 * 1000;

describe.each(testEngines())('repositories on $name', (engine) => {
  const current = databaseForEachTest(engine);
  const repos = () => {
    const clock = { at: AT };
    const now = () => clock.at;
    const { database } = current();
    return {
      clock,
      decisions: createDecisionsRepo(database, now),
      answers: createAnswersRepo(database),
      outbox: createOutboxRepo(database, now),
      digest: createDigestRepo(database),
      nudges: createNudgeRepo(database),
      settings: createSettingsRepo(database, now),
      events: createEventsRepo(database, now),
      review: createReviewRepo(database),
      discussion: createDiscussionRepo(database),
    };
  };
  const decisionInput = (overrides: Partial<NewDecision> = {}): NewDecision => ({
    teamId: 'T1',
    channelId: 'C1',
    source: 'command',
    title: 'A decision',
    proposerId: 'U1',
    createdBy: 'U1',
    channelIsPrivate: false,
    ...overrides,
  });

  describe('answersRepo', () => {
    it('record stores an answer; a newer one from the same person to the same question supersedes it', async () => {
      const r = repos();
      const { decision } = await r.decisions.create(decisionInput());
      const answer = (userId: string, question: number, choice: string | null, at: Date): NewAnswer => ({
        teamId: 'T1',
        decisionId: decision.id,
        question,
        userId,
        choice,
        text: choice === null ? 'Only words: "quoted", ünïcode 😀' : null,
        at,
      });
      const first = await r.answers.record(answer('U2', 1, 'yes', later(1000)));
      expect(first).toStrictEqual({
        id: first.id,
        teamId: 'T1',
        decisionId: decision.id,
        question: 1,
        userId: 'U2',
        choice: 'yes',
        text: null,
        supersededAt: null,
        createdAt: later(1000),
      });
      const other = await r.answers.record(answer('U3', 1, 'no', later(2000)));
      const words = await r.answers.record(answer('U2', 2, null, later(3000)));
      const second = await r.answers.record(answer('U2', 1, 'no', later(4000)));

      expect(await r.answers.currentFor('T1', decision.id)).toStrictEqual([other, words, second]);
      expect(await r.answers.historyFor('T1', decision.id)).toStrictEqual([
        { ...first, supersededAt: later(4000) },
        other,
        words,
        second,
      ]);
      expect(await r.answers.currentFor('T2', decision.id)).toEqual([]);
    });

    it('the same person answering the same question twice at once ends with one current answer', async () => {
      const r = repos();
      const { decision } = await r.decisions.create(decisionInput());
      const record = (choice: string, at: Date) =>
        r.answers.record({ teamId: 'T1', decisionId: decision.id, question: 1, userId: 'U2', choice, text: null, at });
      await record('maybe', later(1000));
      for (let round = 0; round < 3; round++) {
        const results = await Promise.allSettled(
          ['yes', 'no', 'both', 'neither'].map((choice) => record(choice, later(2000 + round))),
        );
        expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'stored'))).toEqual([
          'stored',
          'stored',
          'stored',
          'stored',
        ]);
      }
      const currentAnswers = await r.answers.currentFor('T1', decision.id);
      expect(currentAnswers).toHaveLength(1);
      expect(currentAnswers[0]?.createdAt).toStrictEqual(later(2002));
      const history = await r.answers.historyFor('T1', decision.id);
      expect(history).toHaveLength(13);
      expect(history.filter((a) => a.supersededAt === null)).toStrictEqual(currentAnswers);
    });
  });

  describe('outboxRepo', () => {
    const job = (dedupeKey: string, at: Date, payload: Record<string, unknown> = { decisionId: 1 }) => ({
      teamId: 'T1',
      kind: 'redraw',
      dedupeKey,
      payload,
      at,
    });

    it('enqueue keeps one job per key, with the newest payload and due time, JSON as it was given', async () => {
      const r = repos();
      const payload = { decisionId: 7, users: ['U1', 'U2'], nested: { ok: true, n: 1.5, none: null }, text: 'é "x"' };
      await r.outbox.enqueue(job('card:7', later(1000), { decisionId: 7 }));
      r.clock.at = later(500);
      await r.outbox.enqueue(job('card:7', later(2000), payload));
      const claimed = await r.outbox.claimDue('T1', later(2000), 10, later(62_000));
      expect(claimed).toStrictEqual([
        {
          id: claimed[0]!.id,
          teamId: 'T1',
          kind: 'redraw',
          dedupeKey: 'card:7',
          payload,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: later(2000),
          claimedUntil: later(62_000),
          lastError: null,
          createdAt: AT,
        },
      ]);
      expect(Array.isArray(claimed[0]!.payload.users)).toBe(true);
    });

    it('claimDue never hands one job to two claimers, takes due jobs oldest first, and a lapsed claim frees the job', async () => {
      const r = repos();
      for (let n = 0; n < 20; n++) await r.outbox.enqueue(job(`k${n}`, later((20 - n) * 10)));
      await r.outbox.enqueue(job('future', later(1_000_000)));
      const at = later(5000);
      const until = later(65_000);
      // Another workspace's pass claims none of them.
      expect(await r.outbox.claimDue('T2', at, 100, until)).toEqual([]);
      const rounds = await Promise.all([1, 2, 3, 4].map(() => r.outbox.claimDue('T1', at, 10, until)));
      const ids = rounds.flat().map((j) => j.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(10);
      const rest = await r.outbox.claimDue('T1', at, 100, until);
      const all = [...rounds.flat(), ...rest];
      expect(all).toHaveLength(20);
      expect(new Set(all.map((j) => j.dedupeKey)).size).toBe(20);
      expect(all.every((j) => j.claimedUntil?.getTime() === until.getTime())).toBe(true);
      expect(await r.outbox.claimDue('T1', at, 100, until)).toEqual([]);

      // Oldest first: the largest rounds (one claimer after another on SQLite) start at the earliest due time.
      const first = rounds.find((round) => round.length > 0)!;
      expect(first.map((j) => j.nextAttemptAt.getTime())).toEqual(
        [...first.map((j) => j.nextAttemptAt.getTime())].sort((a, b) => a - b),
      );

      // The claims lapse: another process takes the jobs, the future one still not due.
      const retaken = await r.outbox.claimDue('T1', later(65_001), 100, later(130_000));
      expect(retaken.map((j) => j.dedupeKey).sort()).toEqual([...all.map((j) => j.dedupeKey)].sort());
      expect(retaken.map((j) => j.dedupeKey)).toEqual(Array.from({ length: 20 }, (_, i) => `k${19 - i}`));
    });

    it('done, retryLater and giveUp end the claim; a job queued again while it ran stays pending', async () => {
      const r = repos();
      await r.outbox.enqueue(job('a', later(0)));
      await r.outbox.enqueue(job('b', later(0)));
      await r.outbox.enqueue(job('c', later(0)));
      await r.outbox.enqueue(job('d', later(0)));
      const claimed = await r.outbox.claimDue('T1', later(10), 10, later(60_000));
      const byKey = Object.fromEntries(claimed.map((j) => [j.dedupeKey, j])) as Record<string, OutboxJob>;
      expect(Object.keys(byKey).sort()).toEqual(['a', 'b', 'c', 'd']);
      const rows = async () => {
        const { database } = current();
        const list = await database.run((db) => db.select().from(database.schema.outbox));
        return Object.fromEntries(list.map((j) => [j.dedupeKey, j]));
      };

      await r.outbox.done(byKey.a!);
      // b changed again while it was being drawn: the newer change still has to be drawn.
      await r.outbox.enqueue(job('b', later(20), { decisionId: 2 }));
      await r.outbox.done(byKey.b!);
      await r.outbox.retryLater(byKey.c!, 'ratelimited', later(30_000));
      await r.outbox.giveUp(byKey.d!, 'channel_not_found');

      const after = await rows();
      expect(after.a).toMatchObject({ status: 'done', claimedUntil: null, lastError: null, attempts: 0 });
      expect(after.b).toMatchObject({ status: 'pending', claimedUntil: null, payload: { decisionId: 2 } });
      expect(after.b?.nextAttemptAt).toStrictEqual(later(20));
      expect(after.c).toMatchObject({ status: 'pending', claimedUntil: null, lastError: 'ratelimited', attempts: 1 });
      expect(after.c?.nextAttemptAt).toStrictEqual(later(30_000));
      expect(after.d).toMatchObject({ status: 'failed', claimedUntil: null, lastError: 'channel_not_found' });

      expect((await r.outbox.claimDue('T1', later(100), 10, later(60_000))).map((j) => j.dedupeKey)).toEqual(['b']);
      expect((await r.outbox.claimDue('T1', later(30_000), 10, later(90_000))).map((j) => j.dedupeKey)).toEqual(['c']);

      // Queued again after giving up: pending, its count and error cleared.
      await r.outbox.enqueue(job('d', later(40_000)));
      expect((await rows()).d).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    });
  });

  describe('digestRepo', () => {
    const run = {
      teamId: 'T1',
      channelId: 'C-digest',
      slot: '2031-W19',
      late: true,
      at: AT,
      staleBefore: later(-60_000),
    };

    it('claimRun has one winner among concurrent claimers; failed runs and stale untried claims can be claimed again', async () => {
      const r = repos();
      const claims = await Promise.all([1, 2, 3, 4, 5].map(() => r.digest.claimRun(run)));
      const won = claims.filter((c): c is DigestRun => c !== undefined);
      expect(won).toHaveLength(1);
      const expected: DigestRun = {
        id: won[0]!.id,
        teamId: 'T1',
        channelId: 'C-digest',
        slot: '2031-W19',
        status: 'claimed',
        late: true,
        attempts: 0,
        messageTs: null,
        lastError: null,
        postedAt: null,
        createdAt: AT,
      };
      expect(won[0]).toStrictEqual(expected);
      expect(await r.digest.findRun('T1', 'C-digest', '2031-W19')).toStrictEqual(expected);

      // A claim that is not stale yet stays with its holder.
      expect(await r.digest.claimRun({ ...run, at: later(1000), staleBefore: later(-1000) })).toBeUndefined();
      // Its process died before calling Slack: taken over once stale.
      const takenOver = await Promise.all(
        [1, 2, 3].map(() => r.digest.claimRun({ ...run, late: false, at: later(120_000), staleBefore: later(60_000) })),
      );
      expect(takenOver.filter((c) => c !== undefined)).toStrictEqual([
        { ...expected, late: false, createdAt: later(120_000) },
      ]);

      // Tried under this claim: never taken over, however old.
      await r.digest.startAttempt(expected.id);
      expect(await r.digest.claimRun({ ...run, at: later(DAY), staleBefore: later(DAY) })).toBeUndefined();
      await r.digest.markFailed(expected.id, 'not_in_channel');
      expect(await r.digest.findRun('T1', 'C-digest', '2031-W19')).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'not_in_channel',
      });

      const again = await Promise.all([1, 2, 3].map(() => r.digest.claimRun({ ...run, at: later(DAY + 1) })));
      expect(again.filter((c) => c !== undefined)).toHaveLength(1);
      await r.digest.startAttempt(expected.id);
      await r.digest.markPosted(expected.id, '1700000000.000900', later(DAY + 2));
      expect(await r.digest.findRun('T1', 'C-digest', '2031-W19')).toStrictEqual({
        ...expected,
        status: 'posted',
        late: true,
        attempts: 1,
        messageTs: '1700000000.000900',
        lastError: null,
        postedAt: later(DAY + 2),
        createdAt: later(DAY + 1),
      });
      expect(await r.digest.claimRun({ ...run, at: later(2 * DAY), staleBefore: later(2 * DAY) })).toBeUndefined();
      // Another channel's slot is its own.
      expect(await r.digest.claimRun({ ...run, channelId: 'C-other' })).toMatchObject({ channelId: 'C-other' });
    });

    it('gather reads the week, the week before and the decisions waiting for an answer, with current answers in order', async () => {
      const r = repos();
      const start = new Date('2031-05-05T00:00:00.000Z');
      const end = new Date('2031-05-12T00:00:00.000Z');
      const previousStart = new Date('2031-04-28T00:00:00.000Z');
      const make = async (title: string, at: Date, overrides: Partial<NewDecision> = {}) => {
        r.clock.at = at;
        return (await r.decisions.create(decisionInput({ title, ...overrides }))).decision;
      };
      const old = await make('old and waiting', new Date('2031-04-01T00:00:00.000Z'), { channelIsPrivate: true });
      const before = await make('week before', previousStart);
      const atStart = await make('at the start', start, { category: 'pricing' });
      const sameMoment = await make('same moment', start, { channelIsPrivate: null });
      const dismissed = await make('dismissed', new Date('2031-05-06T00:00:00.000Z'));
      const atEnd = await make('at the end', end);
      await make('other team', new Date('2031-05-06T00:00:00.000Z'), { teamId: 'T2' });
      await r.decisions.transition({
        teamId: 'T1',
        id: dismissed.id,
        from: 'open',
        to: 'dismissed',
        userId: 'U1',
        at: end,
      });
      await r.decisions.transition({
        teamId: 'T1',
        id: before.id,
        from: 'open',
        to: 'confirmed',
        userId: 'U1',
        at: end,
      });
      const answer = (decisionId: number, question: number, userId: string, choice: string | null, at: Date) =>
        r.answers.record({ teamId: 'T1', decisionId, question, userId, choice, text: choice ? null : 'words', at });
      // atStart gets all three questions answered (so it is not waiting); old only question 2.
      await answer(atStart.id, 3, 'U3', 'profit', later(1));
      await answer(atStart.id, 1, 'U2', 'yes', later(2));
      await answer(atStart.id, 2, 'U2', null, later(3));
      await answer(atStart.id, 1, 'U2', 'no', later(4));
      await answer(old.id, 2, 'U2', 'maybe', later(5));

      const shape = (d: typeof old) => ({
        id: d.id,
        teamId: d.teamId,
        channelId: d.channelId,
        channelIsPrivate: d.channelIsPrivate,
        title: d.title,
        category: d.category,
        status: d.status,
        proposerId: d.proposerId,
        createdAt: d.createdAt,
        messageTs: d.messageTs,
        threadTs: d.threadTs,
        cardTs: d.cardTs,
      });
      const data = await r.digest.gather('T1', { start, end }, previousStart, { channelId: 'C1', limit: 2 });
      expect(data).toStrictEqual({
        period: { start, end },
        week: [
          {
            ...shape(atStart),
            answers: [
              { question: 3, userId: 'U3', choice: 'profit', text: null },
              { question: 2, userId: 'U2', choice: null, text: 'words' },
              { question: 1, userId: 'U2', choice: 'no', text: null },
            ],
          },
          { ...shape(sameMoment), answers: [] },
        ],
        previousWeek: [{ ...shape(before), status: 'confirmed', answers: [] }],
        // Three wait, all in C1 where this digest goes; the oldest two are read.
        waiting: {
          total: 3,
          shown: 3,
          oldest: [
            { ...shape(old), answers: [{ question: 2, userId: 'U2', choice: 'maybe', text: null }] },
            { ...shape(sameMoment), answers: [] },
          ],
        },
        // No decision here was confirmed with a prediction.
        reviews: { due: [], skipped: 0, reviewed: { rows: [], motives: [] } },
      });
      expect(data.waiting.oldest[0]?.channelIsPrivate).toBe(true);
      // Elsewhere, the private one and the one not known to be public are counted, never read.
      const elsewhere = await r.digest.gather('T1', { start, end }, previousStart, { channelId: 'C9', limit: 10 });
      expect(elsewhere.waiting).toStrictEqual({ total: 3, shown: 1, oldest: [{ ...shape(atEnd), answers: [] }] });
      const nowhere = await r.digest.gather('T1', { start, end }, previousStart, { channelId: undefined, limit: 10 });
      expect(nowhere.waiting.oldest.map((d) => d.title)).toEqual(['at the end']);
      expect(data.week[1]?.channelIsPrivate).toBeNull();
      expect(await r.digest.hasDecisionsBefore('T1', previousStart)).toBe(true);
      expect(await r.digest.hasDecisionsBefore('T1', old.createdAt)).toBe(false);
      expect(await r.digest.hasDecisionsBefore('T3', end)).toBe(false);
    });

    it('nudges: due lists posted, never-nudged decisions with an unanswered question; claim has one winner', async () => {
      const r = repos();
      const make = async (title: string, at: Date) => {
        r.clock.at = at;
        return (await r.decisions.create(decisionInput({ title }))).decision;
      };
      const a = await make('a', later(0));
      const b = await make('b', later(1000));
      const unposted = await make('unposted', later(2000));
      const answered = await make('answered', later(3000));
      const recent = await make('recent', later(DAY));
      for (const d of [a, b, answered, recent]) await r.decisions.markPosted(d.id, later(5000));
      for (const question of [1, 2, 3]) {
        await r.answers.record({
          teamId: 'T1',
          decisionId: answered.id,
          question,
          userId: 'U2',
          choice: 'yes',
          text: null,
          at: later(6000),
        });
      }
      await r.answers.record({
        teamId: 'T1',
        decisionId: b.id,
        question: 1,
        userId: 'U2',
        choice: 'no',
        text: null,
        at: later(7000),
      });
      expect(unposted.id).toBeGreaterThan(0);

      const due = await r.nudges.due('T1', later(10_000), 10);
      expect(due.map((d) => d.title)).toEqual(['a', 'b']);
      expect(due[1]).toMatchObject({
        createdAt: later(1000),
        channelIsPrivate: false,
        answers: [{ question: 1, userId: 'U2', choice: 'no', text: null }],
      });
      expect((await r.nudges.due('T1', later(10_000), 1)).map((d) => d.title)).toEqual(['a']);

      const claims = await Promise.all([1, 2, 3, 4].map(() => r.nudges.claim(a.id, later(20_000))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await r.decisions.findById('T1', a.id))?.nudgedAt).toStrictEqual(later(20_000));
      expect((await r.nudges.due('T1', later(10_000), 10)).map((d) => d.title)).toEqual(['b']);

      await r.decisions.transition({
        teamId: 'T1',
        id: b.id,
        from: 'open',
        to: 'withdrawn',
        userId: 'U1',
        at: later(1),
      });
      expect(await r.nudges.claim(b.id, later(20_000))).toBe(false);
      expect(await r.nudges.due('T1', later(10_000), 10)).toEqual([]);
    });
  });

  describe('settingsRepo', () => {
    it('upserts each setting, JSON arrays come back as arrays, null restores the default', async () => {
      const r = repos();
      expect(await r.settings.team('T1')).toBeUndefined();
      await r.settings.setTriggers('T1', ['decided', 'we will', 'on va "peut-être"', '決定']);
      expect(await r.settings.team('T1')).toStrictEqual({
        teamId: 'T1',
        enterpriseId: null,
        triggers: ['decided', 'we will', 'on va "peut-être"', '決定'],
        approvers: null,
        requiredAnswers: 1,
        digestChannel: null,
        digestCron: null,
        digestTimezone: null,
        digestScheduledAt: null,
        customerProfile: null,
        customerProfileBy: null,
        feedbackEmoji: null,
        pathStages: null,
        updatedAt: AT,
      });
      r.clock.at = later(1000);
      await r.settings.setApprovers('T1', ['U1', 'U2']);
      await r.settings.setRequiredAnswers('T1', 3);
      await r.settings.setDigestChannel('T1', 'C-digest');
      await r.settings.setDigestSchedule('T1', { cron: '30 8 * * 5', timezone: 'Europe/Berlin' });
      await r.settings.setCustomerProfile('T1', 'Small bakeries\nwho hate "upsells"', 'U3');
      await r.settings.setFeedbackEmoji('T1', 'speech_balloon');
      r.clock.at = later(2000);
      await r.settings.setTriggers('T1', null);
      const team = await r.settings.team('T1');
      expect(team).toStrictEqual({
        teamId: 'T1',
        enterpriseId: null,
        triggers: null,
        approvers: ['U1', 'U2'],
        requiredAnswers: 3,
        digestChannel: 'C-digest',
        digestCron: '30 8 * * 5',
        digestTimezone: 'Europe/Berlin',
        digestScheduledAt: later(1000),
        customerProfile: 'Small bakeries\nwho hate "upsells"',
        customerProfileBy: 'U3',
        feedbackEmoji: 'speech_balloon',
        pathStages: null,
        updatedAt: later(2000),
      });
      expect(Array.isArray(team?.approvers)).toBe(true);
      await r.settings.setApprovers('T1', []);
      expect((await r.settings.team('T1'))?.approvers).toStrictEqual([]);
      expect(await r.settings.team('T2')).toBeUndefined();
    });

    it('channels are watched until unwatched, per team and channel', async () => {
      const r = repos();
      expect(await r.settings.isWatching('T1', 'C1')).toBe(true);
      await r.settings.setWatching('T1', 'C1', false, 'U1');
      expect(await r.settings.isWatching('T1', 'C1')).toBe(false);
      expect(await r.settings.isWatching('T1', 'C2')).toBe(true);
      expect(await r.settings.isWatching('T2', 'C1')).toBe(true);
      await r.settings.setWatching('T1', 'C1', true, 'U2');
      expect(await r.settings.isWatching('T1', 'C1')).toBe(true);
      const { database } = current();
      expect(await database.run((db) => db.select().from(database.schema.channelSettings))).toStrictEqual([
        { teamId: 'T1', channelId: 'C1', watching: true, updatedBy: 'U2', updatedAt: AT },
      ]);
    });
  });

  describe('eventsRepo', () => {
    it('markProcessed is true the first time and false after, once among concurrent deliveries', async () => {
      const r = repos();
      expect(await r.events.markProcessed('T1', 'Ev1')).toBe(true);
      expect(await r.events.markProcessed('T1', 'Ev1')).toBe(false);
      expect(await r.events.markProcessed('T2', 'Ev1')).toBe(true);
      const raced = await Promise.all([1, 2, 3, 4, 5].map(() => r.events.markProcessed('T1', 'Ev2')));
      expect(raced.filter(Boolean)).toHaveLength(1);

      r.clock.at = later(DAY);
      expect(await r.events.markProcessed('T1', 'Ev3')).toBe(true);
      expect(await r.events.forgetOlderThan(later(DAY))).toBe(3);
      expect(await r.events.forgetOlderThan(later(DAY))).toBe(0);
      expect(await r.events.markProcessed('T1', 'Ev1')).toBe(true);
      expect(await r.events.markProcessed('T1', 'Ev3')).toBe(false);
    });
  });

  describe('discussionRepo', () => {
    it('stores a reply once, edits and removes it', async () => {
      const r = repos();
      const { decision } = await r.decisions.create(decisionInput());
      const reply = {
        teamId: 'T1',
        decisionId: decision.id,
        channelId: 'C1',
        userId: 'U2',
        text: 'why?',
        at: later(1),
      };
      expect(await r.discussion.add({ ...reply, ts: '1700000000.000300' })).toBe(true);
      expect(await r.discussion.add({ ...reply, ts: '1700000000.000300' })).toBe(false);
      expect(await r.discussion.add({ ...reply, ts: '1700000000.000200', text: 'first' })).toBe(true);
      expect(await r.discussion.edit('T1', 'C1', '1700000000.000300', 'why not?')).toBe(true);
      expect(await r.discussion.edit('T1', 'C1', '9.9', 'nothing')).toBe(false);
      expect((await r.discussion.listFor('T1', decision.id)).map((d) => [d.ts, d.text, d.createdAt])).toStrictEqual([
        ['1700000000.000200', 'first', later(1)],
        ['1700000000.000300', 'why not?', later(1)],
      ]);
      expect(await r.discussion.remove('T1', 'C1', '1700000000.000200')).toBe(true);
      expect(await r.discussion.remove('T1', 'C1', '1700000000.000200')).toBe(false);
      expect(await r.discussion.listFor('T1', decision.id)).toHaveLength(1);
    });
  });

  describe('reviewRepo', () => {
    it('shows a viewer what is visible to them, newest first, with totals', async () => {
      const r = repos();
      const make = async (title: string, at: Date, overrides: Partial<NewDecision> = {}) => {
        r.clock.at = at;
        return (await r.decisions.create(decisionInput({ title, ...overrides }))).decision;
      };
      const pub1 = await make('public 1', later(1000));
      const hiddenByU1 = await make('hidden by U1', later(2000), { channelId: 'C-hidden' });
      const hiddenByU2 = await make('hidden by U2', later(2000), { channelId: 'C-hidden', proposerId: 'U2' });
      const pub2 = await make('public 2', later(2000));
      const gone = await make('dismissed', later(3000));
      await make('other team', later(4000), { teamId: 'T2' });
      await r.decisions.transition({
        teamId: 'T1',
        id: gone.id,
        from: 'open',
        to: 'dismissed',
        userId: 'U1',
        at: later(5000),
      });
      const viewer = { userId: 'U2', hiddenChannels: ['C-hidden'] };
      const titles = (page: { rows: { title: string }[]; total: number }) => [
        page.rows.map((d) => d.title),
        page.total,
      ];

      expect(titles(await r.review.recent('T1', viewer, undefined, 10))).toEqual([
        ['public 2', 'hidden by U2', 'public 1'],
        3,
      ]);
      expect(titles(await r.review.recent('T1', viewer, undefined, 2))).toEqual([['public 2', 'hidden by U2'], 3]);
      expect(titles(await r.review.recent('T1', { userId: 'U1', hiddenChannels: [] }, undefined, 10))).toEqual([
        ['public 2', 'hidden by U2', 'hidden by U1', 'public 1'],
        4,
      ]);
      expect(titles(await r.review.recent('T1', viewer, 'dismissed', 10))).toEqual([['dismissed'], 1]);
      expect((await r.review.recent('T1', viewer, undefined, 10)).rows[0]).toStrictEqual(pub2);

      // U2 answers everything on public 2 and part of public 1 (one answer later replaced).
      const answer = (decisionId: number, question: number, choice: string) =>
        r.answers.record({ teamId: 'T1', decisionId, question, userId: 'U2', choice, text: null, at: later(6000) });
      for (const q of [1, 2, 3]) await answer(pub2.id, q, 'yes');
      await answer(pub1.id, 1, 'no');
      await answer(pub1.id, 1, 'yes');
      expect(titles(await r.review.waitingForAnswer('T1', viewer, 10))).toEqual([['hidden by U2', 'public 1'], 2]);
      expect(titles(await r.review.waitingForAnswer('T1', { userId: 'U1', hiddenChannels: [] }, 10))).toEqual([
        ['public 2', 'hidden by U2', 'hidden by U1', 'public 1'],
        4,
      ]);
      expect(titles(await r.review.openProposedBy('T1', 'U2', 10))).toEqual([['hidden by U2'], 1]);
      expect(titles(await r.review.openProposedBy('T1', 'U1', 10))).toEqual([
        ['public 2', 'hidden by U1', 'public 1'],
        3,
      ]);

      const choices = await r.review.choicesFor('T1', [pub1.id, pub2.id, hiddenByU1.id, hiddenByU2.id]);
      expect(choices.sort((x, y) => x.decisionId - y.decisionId || x.question - y.question)).toStrictEqual([
        { decisionId: pub1.id, question: 1, choice: 'yes' },
        ...[1, 2, 3].map((question) => ({ decisionId: pub2.id, question, choice: 'yes' })),
      ]);
      expect(await r.review.choicesFor('T1', [])).toEqual([]);
      expect(await r.review.choicesFor('T2', [pub1.id])).toEqual([]);
    });
  });

  it('probe writes the health row and answers ok', async () => {
    const { database } = current();
    expect(await database.probe(AT)).toBe('ok');
    expect(await database.probe(later(1000))).toBe('ok');
    expect(await database.run((db) => db.select().from(database.schema.healthProbe))).toStrictEqual([
      { id: 1, checkedAt: later(1000) },
    ]);
  });
});

describe.each(testEngines().filter((e) => e.name === 'postgres'))('digest snapshot on $name', (engine) => {
  const current = databaseForEachTest(engine);

  it('gather reads every part from one snapshot: a decision committed between its queries is in none of them', async () => {
    const { database } = current();
    const clock = { at: new Date('2031-05-01T00:00:00.000Z') };
    const decisions = createDecisionsRepo(database, () => clock.at);
    const start = new Date('2031-05-05T00:00:00.000Z');
    const end = new Date('2031-05-12T00:00:00.000Z');
    const previousStart = new Date('2031-04-28T00:00:00.000Z');
    const input: NewDecision = {
      teamId: 'T1',
      channelId: 'C1',
      source: 'command',
      title: 'already there',
      proposerId: 'U1',
      createdBy: 'U1',
    };
    await decisions.create(input);

    // After gather's first query ran, another connection commits a decision proposed in the week before.
    let selects = 0;
    const meanwhile = async () => {
      clock.at = new Date('2031-05-02T00:00:00.000Z');
      await decisions.create({ ...input, title: 'committed meanwhile' });
    };
    const watched: Database = {
      ...database,
      transaction: (work) =>
        database.transaction((tx) =>
          work(
            new Proxy(tx, {
              get(target, property, receiver) {
                const value = Reflect.get(target, property, receiver) as unknown;
                if (property !== 'select') return value;
                return (...args: unknown[]) => {
                  type Query = PromiseLike<unknown> & { then: PromiseLike<unknown>['then'] };
                  const builder = (value as (...a: unknown[]) => { from: (...a: unknown[]) => Query }).apply(
                    target,
                    args,
                  );
                  if (++selects !== 2) return builder;
                  const from = builder.from.bind(builder);
                  builder.from = (...a: unknown[]) => {
                    const query = from(...a);
                    const then = query.then.bind(query);
                    query.then = (resolve, reject) => meanwhile().then(() => then(resolve, reject), reject);
                    return query;
                  };
                  return builder;
                };
              },
            }),
          ),
        ),
    };
    const inC1 = { channelId: 'C1', limit: 10 };
    const data = await createDigestRepo(watched).gather('T1', { start, end }, previousStart, inC1);
    expect(selects).toBeGreaterThanOrEqual(3);
    expect(data.week).toEqual([]);
    expect(data.previousWeek.map((d) => d.title)).toEqual(['already there']);
    expect(data.waiting.total).toBe(1);
    expect(data.waiting.oldest.map((d) => d.title)).toEqual(['already there']);

    const after = await createDigestRepo(database).gather('T1', { start, end }, previousStart, inC1);
    expect(after.previousWeek.map((d) => d.title)).toEqual(['already there', 'committed meanwhile']);
    expect(after.waiting.total).toBe(2);
    expect(after.waiting.oldest.map((d) => d.title)).toEqual(['already there', 'committed meanwhile']);
  });
});
