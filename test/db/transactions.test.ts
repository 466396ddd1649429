import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { QueryDb } from '../../src/db/database.js';
import { databaseForEachTest, rowCounts, testEngines } from '../rig/engines.js';

const AT = new Date('2031-05-06T07:08:09.123Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testEngines())('transactions on $name', (engine) => {
  const current = databaseForEachTest(engine);

  const emptyCounts = async () => Object.fromEntries(Object.keys(await rowCounts(current())).map((t) => [t, 0]));

  /** A decision and a row in every table that hangs off it or stands beside it. */
  async function writeEverything(tx: QueryDb, title: string): Promise<number> {
    const s = current().database.schema;
    const [decision] = await tx
      .insert(s.decisions)
      .values({ teamId: 'T1', channelId: 'C1', source: 'command', title, proposerId: 'U1', createdAt: AT })
      .returning();
    const decisionId = decision!.id;
    await tx
      .insert(s.statusChanges)
      .values({ teamId: 'T1', decisionId, toStatus: 'open', userId: 'U1', createdAt: AT });
    await tx
      .insert(s.prompts)
      .values({ teamId: 'T1', decisionId, question: 1, channelId: 'C1', ts: '1.1', createdAt: AT });
    await tx
      .insert(s.answers)
      .values({ teamId: 'T1', decisionId, question: 1, userId: 'U2', choice: 'yes', text: null, createdAt: AT });
    await tx
      .insert(s.discussion)
      .values({ teamId: 'T1', decisionId, channelId: 'C1', ts: '1.2', userId: 'U2', text: 'hm', createdAt: AT });
    const [feedback] = await tx
      .insert(s.feedback)
      .values({
        teamId: 'T1',
        channelId: null,
        messageTs: null,
        text: `Heard: ${title}`,
        source: 'other',
        sentiment: 'neutral',
        tags: [],
        savedBy: 'U2',
        createdAt: AT,
      })
      .returning();
    const [answer] = await tx.select({ id: s.answers.id }).from(s.answers).where(eq(s.answers.decisionId, decisionId));
    await tx
      .insert(s.feedbackCitations)
      .values({ teamId: 'T1', answerId: answer!.id, feedbackId: feedback!.id, createdAt: AT });
    await tx.insert(s.processedEvents).values({ teamId: 'T1', eventId: `Ev-${title}`, createdAt: AT });
    await tx
      .insert(s.digestRuns)
      .values({ teamId: 'T1', channelId: 'C1', slot: title, status: 'claimed', createdAt: AT });
    await tx
      .insert(s.teamSettings)
      .values({ teamId: 'T1', triggers: ['decided'], updatedAt: AT })
      .onConflictDoNothing();
    await tx
      .insert(s.channelSettings)
      .values({ teamId: 'T1', channelId: 'C1', watching: false, updatedAt: AT })
      .onConflictDoNothing();
    await tx
      .insert(s.outbox)
      .values({ teamId: 'T1', kind: 'redraw', dedupeKey: title, payload: { decisionId }, nextAttemptAt: AT });
    await tx.insert(s.healthProbe).values({ id: 1, checkedAt: AT }).onConflictDoNothing();
    await tx
      .insert(s.installations)
      .values({
        installKey: 'T1',
        teamId: 'T1',
        isEnterpriseInstall: false,
        botToken: `xoxb-${title}`,
        botId: 'B1',
        botUserId: 'U0BOT',
        botScopes: 'commands',
        installedAt: AT,
      })
      .onConflictDoNothing();
    await tx.insert(s.touchpoints).values({
      teamId: 'T1',
      decisionId,
      stage: 'Buy',
      position: 1,
      users: ['U1'],
      usergroups: [],
      channels: [],
      updatedBy: 'U1',
      updatedAt: AT,
    });
    await tx.insert(s.briefings).values({
      teamId: 'T1',
      decisionId,
      round: 1,
      recipient: 'U1',
      kind: 'dm',
      stages: ['Buy'],
      createdAt: AT,
    });
    await tx.insert(s.predictions).values({
      teamId: 'T1',
      decisionId,
      expectedReaction: 'welcome',
      confidence: 70,
      predictedBy: 'U1',
      createdAt: AT,
    });
    await tx
      .insert(s.decisionLinks)
      .values({ teamId: 'T1', decisionId, revisitsId: decisionId, createdBy: 'U1', createdAt: AT });
    return decisionId;
  }

  it('a callback that throws after writing leaves nothing behind, and the database serves on', async () => {
    const { database } = current();
    const failure = new Error('stop here');
    let wrote: number | undefined;
    await expect(
      database.transaction(async (tx) => {
        wrote = await writeEverything(tx, 'lost');
        await sleep(5);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(wrote).toBe(1);
    expect(await rowCounts(current())).toEqual(await emptyCounts());
    if (database.sqlite) expect(database.sqlite.inTransaction).toBe(false);

    const kept = await database.transaction((tx) => writeEverything(tx, 'kept'));
    expect(kept).toBeGreaterThanOrEqual(1);
    const counts = await rowCounts(current());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
  });

  it('a statement the database refuses rolls back what the transaction wrote before it', async () => {
    const { database } = current();
    const s = database.schema;
    await expect(
      database.transaction(async (tx) => {
        await writeEverything(tx, 'first');
        // The same dedupe key again: outbox_dedupe_uq refuses it.
        await tx
          .insert(s.outbox)
          .values({ teamId: 'T1', kind: 'redraw', dedupeKey: 'first', payload: {}, nextAttemptAt: AT });
      }),
    ).rejects.toThrow();
    expect(await rowCounts(current())).toEqual(await emptyCounts());

    await expect(
      database.transaction(async (tx) => {
        await tx
          .insert(s.decisions)
          .values({ teamId: 'T1', channelId: 'C1', source: 'command', title: 'x', proposerId: 'U1', createdAt: AT });
        // No decision 999: the foreign key refuses the audit row.
        await tx
          .insert(s.statusChanges)
          .values({ teamId: 'T1', decisionId: 999, toStatus: 'open', userId: 'U1', createdAt: AT });
      }),
    ).rejects.toThrow();
    expect(await rowCounts(current())).toEqual(await emptyCounts());
  });

  it('a committed transaction keeps every row it wrote, with its values', async () => {
    const { database } = current();
    const s = database.schema;
    const id = await database.transaction(async (tx) => {
      const decisionId = await writeEverything(tx, 'kept');
      await sleep(5);
      return decisionId;
    });
    const counts = await rowCounts(current());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    const rows = await database.run((db) => db.select().from(s.outbox));
    expect(rows).toStrictEqual([
      {
        id: 1,
        teamId: 'T1',
        kind: 'redraw',
        dedupeKey: 'kept',
        payload: { decisionId: id },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: AT,
        claimedUntil: null,
        lastError: null,
        createdAt: expect.any(Date),
      },
    ]);
    const [settings] = await database.run((db) => db.select().from(s.channelSettings));
    expect(settings?.watching).toBe(false);
  });

  it('concurrent transactions that await between writes never mix: each one keeps or loses only its own rows', async () => {
    const { database } = current();
    const s = database.schema;
    const write = (tx: QueryDb, title: string) =>
      tx
        .insert(s.decisions)
        .values({ teamId: 'T1', channelId: 'C1', source: 'command', title, proposerId: 'U1', createdAt: AT });
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4, 5].map((n) =>
        database.transaction(async (tx) => {
          await write(tx, `t${n}-a`);
          await sleep(3);
          await write(tx, `t${n}-b`);
          await sleep(1);
          if (n % 2 === 1) throw new Error(`t${n} fails`);
          return n;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
    ]);
    const titles = (await database.run((db) => db.select().from(s.decisions).orderBy(asc(s.decisions.title)))).map(
      (d) => d.title,
    );
    expect(titles).toEqual(['t0-a', 't0-b', 't2-a', 't2-b', 't4-a', 't4-b']);
  });

  it('a plain write issued while a transaction is open is not rolled back with it, nor is another transaction', async () => {
    const { database } = current();
    const s = database.schema;
    const write = (db: QueryDb, title: string) =>
      db
        .insert(s.decisions)
        .values({ teamId: 'T1', channelId: 'C1', source: 'command', title, proposerId: 'U1', createdAt: AT });
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const failing = database.transaction(async (tx) => {
      await write(tx, 'rolled back 1');
      opened();
      await sleep(20);
      await write(tx, 'rolled back 2');
      throw new Error('the open transaction fails');
    });
    await isOpen;
    const plain = database.run(async (db) => {
      await write(db, 'plain');
      await db.insert(s.processedEvents).values({ teamId: 'T1', eventId: 'Ev1', createdAt: AT });
    });
    const other = database.transaction(async (tx) => {
      await write(tx, 'other 1');
      await sleep(5);
      await write(tx, 'other 2');
    });
    const [f, p, o] = await Promise.allSettled([failing, plain, other]);
    expect([f.status, p.status, o.status]).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const titles = (await database.run((db) => db.select().from(s.decisions).orderBy(asc(s.decisions.title)))).map(
      (d) => d.title,
    );
    expect(titles).toEqual(['other 1', 'other 2', 'plain']);
    expect(await database.run((db) => db.select().from(s.processedEvents))).toStrictEqual([
      { teamId: 'T1', eventId: 'Ev1', createdAt: AT },
    ]);
  });

  it('a transaction returns what its callback returns, and reads its own uncommitted writes', async () => {
    const { database } = current();
    const s = database.schema;
    const seen = await database.transaction(async (tx) => {
      await tx
        .insert(s.decisions)
        .values({ teamId: 'T1', channelId: 'C1', source: 'command', title: 'mine', proposerId: 'U1', createdAt: AT });
      return (await tx.select().from(s.decisions)).map((d) => d.title);
    });
    expect(seen).toEqual(['mine']);
  });
});
