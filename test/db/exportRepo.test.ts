import { describe, expect, it } from 'vitest';
import { createAnswersRepo } from '../../src/db/answersRepo.js';
import { createDecisionsRepo, type Decision, type NewDecision } from '../../src/db/decisionsRepo.js';
import {
  createExportRepo,
  type ExportAnswerRow,
  type ExportDecisionRow,
  type ExportFilters,
} from '../../src/db/exportRepo.js';
import { createPredictionsRepo } from '../../src/db/predictionsRepo.js';
import { databaseForEachTest, testEngines } from '../rig/engines.js';

const AT = new Date('2031-05-06T07:08:09.123Z');
const later = (ms: number) => new Date(AT.getTime() + ms);

const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

describe.each(testEngines())('exportRepo on $name', (engine) => {
  const current = databaseForEachTest(engine);

  /**
   * Decisions whose ids and proposal times disagree in order (so id order and time order differ), in two
   * channels and two teams, with answers given out of question order, one replaced, and text with quotes,
   * new lines and characters outside ASCII.
   */
  async function fixture() {
    const clock = { at: AT };
    const { database } = current();
    const decisions = createDecisionsRepo(database, () => clock.at);
    const answers = createAnswersRepo(database);
    const predictions = createPredictionsRepo(database, () => clock.at);
    const make = async (at: Date, overrides: Partial<NewDecision>) => {
      clock.at = at;
      return (
        await decisions.create({
          teamId: 'T1',
          channelId: 'C1',
          source: 'command',
          title: 'untitled',
          proposerId: 'U1',
          createdBy: 'U1',
          ...overrides,
        })
      ).decision;
    };
    const late = await make(later(3000), {
      title: 'Late "quoted"\ntitle',
      description: 'Ünïcode 😀 — fine',
      category: 'pricing',
    });
    const early = await make(later(1000), { title: 'Early', channelId: 'C2', decideBy: 'Friday' });
    const tie = await make(later(3000), { title: 'Same moment as late' });
    const other = await make(later(2000), { teamId: 'T2', title: 'Other team' });
    const decided = await decisions.transition({
      teamId: 'T1',
      id: early.id,
      from: 'open',
      to: 'confirmed',
      userId: 'U7',
      at: later(9000),
      alsoStore: (tx, d) =>
        predictions.saveIn(tx, {
          teamId: d.teamId,
          decisionId: d.id,
          prediction: {
            skipped: false,
            expected: 'pushback',
            confidence: 70,
            signal: 'Refunds, "asked"',
            afterDays: 60,
          },
          userId: 'U7',
          at: later(9000),
        }),
    });
    // The tie revisits the early one.
    await predictions.link({ teamId: 'T1', decisionId: tie.id, revisitsId: early.id, userId: 'U1' });
    const answer = (
      d: Decision,
      question: number,
      userId: string,
      choice: string | null,
      text: string | null,
      at: Date,
    ) => answers.record({ teamId: d.teamId, decisionId: d.id, question, userId, choice, text, at });
    await answer(late, 3, 'U2', 'profit', null, later(4000));
    await answer(late, 1, 'U3', null, 'Because "customers"\nsaid so, ça va 👍', later(4100));
    await answer(late, 1, 'U2', 'yes', null, later(4200));
    await answer(late, 1, 'U2', 'no', null, later(4300));
    await answer(early, 2, 'U2', 'neutral', null, later(4400));
    await answer(other, 1, 'U9', 'yes', null, later(4500));
    return { late, early: decided!, tie, other };
  }

  const NO_REVIEW: Pick<
    ExportDecisionRow,
    | 'reviewSkipped'
    | 'expectedReaction'
    | 'confidence'
    | 'signal'
    | 'reviewDue'
    | 'actualReaction'
    | 'evidence'
    | 'decideAgain'
    | 'recordedBy'
    | 'recordedAt'
    | 'revisits'
    | 'revisitedBy'
  > = {
    reviewSkipped: null,
    expectedReaction: null,
    confidence: null,
    signal: null,
    reviewDue: null,
    actualReaction: null,
    evidence: null,
    decideAgain: null,
    recordedBy: null,
    recordedAt: null,
    revisits: null,
    revisitedBy: null,
  };
  const decisionRow = (
    d: Decision,
    answers: [number, string | null, string | null][],
    review: Partial<typeof NO_REVIEW> = {},
  ): ExportDecisionRow => ({
    id: d.id,
    teamId: d.teamId,
    channelId: d.channelId,
    title: d.title,
    description: d.description,
    category: d.category,
    status: d.status,
    proposerId: d.proposerId,
    createdAt: d.createdAt.getTime(),
    decideBy: d.decideBy,
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt?.getTime() ?? null,
    answers: JSON.stringify(answers),
    ...NO_REVIEW,
    ...review,
  });

  it('decisions: the same rows, values and order on every engine, for each filter', async () => {
    const { late, early, tie, other } = await fixture();
    const exporter = createExportRepo(current().database);
    const rows = (filters: ExportFilters) => collect(exporter.decisions(filters));
    const lateRow = decisionRow(late, [
      [3, 'profit', null],
      [1, null, 'Because "customers"\nsaid so, ça va 👍'],
      [1, 'no', null],
    ]);
    const earlyRow = decisionRow(early, [[2, 'neutral', null]], {
      reviewSkipped: 0,
      expectedReaction: 'pushback',
      confidence: 70,
      signal: 'Refunds, "asked"',
      reviewDue: later(9000).getTime() + 60 * 24 * 3600 * 1000,
      revisitedBy: String(tie.id),
    });
    const tieRow = decisionRow(tie, [], { revisits: early.id });
    const otherRow = decisionRow(other, [[1, 'yes', null]]);

    expect(earlyRow).toMatchObject({ status: 'confirmed', decidedBy: 'U7', decidedAt: later(9000).getTime() });
    // Without a team: id order.
    expect(await rows({})).toStrictEqual([lateRow, earlyRow, tieRow, otherRow]);
    // A team's: by proposal time, then id.
    expect(await rows({ teamId: 'T1' })).toStrictEqual([earlyRow, lateRow, tieRow]);
    expect(await rows({ teamId: 'T1', channelId: 'C1' })).toStrictEqual([lateRow, tieRow]);
    expect(await rows({ teamId: 'T1', status: 'confirmed' })).toStrictEqual([earlyRow]);
    expect(await rows({ status: 'open' })).toStrictEqual([lateRow, tieRow, otherRow]);
    // Bounds are inclusive.
    expect(await rows({ teamId: 'T1', since: later(1000), until: later(2999) })).toStrictEqual([earlyRow]);
    expect(await rows({ since: later(2000), until: later(3000) })).toStrictEqual([lateRow, tieRow, otherRow]);
    expect(await rows({ teamId: 'T1', since: later(3001) })).toStrictEqual([]);
    expect(JSON.parse(lateRow.answers)).toEqual([
      [3, 'profit', null],
      [1, null, 'Because "customers"\nsaid so, ça va 👍'],
      [1, 'no', null],
    ]);
  });

  it('answers: every answer ever given, replaced ones with when, decision by decision in the same order', async () => {
    const { late, early, other } = await fixture();
    const exporter = createExportRepo(current().database);
    const rows = (filters: ExportFilters) => collect(exporter.answers(filters));
    const row = (
      d: Decision,
      question: number,
      userId: string,
      choice: string | null,
      text: string | null,
      answeredAt: number,
      replacedAt: number | null,
    ): ExportAnswerRow => ({
      decisionId: d.id,
      title: d.title,
      question,
      userId,
      choice,
      text,
      answeredAt: later(answeredAt).getTime(),
      replacedAt: replacedAt === null ? null : later(replacedAt).getTime(),
    });
    const lateRows = [
      row(late, 3, 'U2', 'profit', null, 4000, null),
      row(late, 1, 'U3', null, 'Because "customers"\nsaid so, ça va 👍', 4100, null),
      row(late, 1, 'U2', 'yes', null, 4200, 4300),
      row(late, 1, 'U2', 'no', null, 4300, null),
    ];
    const earlyRows = [row(early, 2, 'U2', 'neutral', null, 4400, null)];
    const otherRows = [row(other, 1, 'U9', 'yes', null, 4500, null)];

    expect(await rows({})).toStrictEqual([...lateRows, ...earlyRows, ...otherRows]);
    expect(await rows({ teamId: 'T1' })).toStrictEqual([...earlyRows, ...lateRows]);
    expect(await rows({ teamId: 'T2' })).toStrictEqual(otherRows);
    expect(await rows({ teamId: 'T1', channelId: 'C2', status: 'confirmed' })).toStrictEqual(earlyRows);
    expect(await rows({ teamId: 'T3' })).toStrictEqual([]);
  });

  it('more decisions than one page, all proposed at the same moment, come out once each and in order', async () => {
    const { database } = current();
    const { decisions } = database.schema;
    const count = 1234;
    await database.run(async (db) => {
      for (let start = 0; start < count; start += 400) {
        await db.insert(decisions).values(
          Array.from({ length: Math.min(400, count - start) }, (_, i) => ({
            teamId: 'T3',
            channelId: 'C1',
            source: 'command' as const,
            title: `bulk ${start + i}`,
            proposerId: 'U1',
            createdAt: AT,
          })),
        );
      }
    });
    const exporter = createExportRepo(database);
    const byTeam = await collect(exporter.decisions({ teamId: 'T3' }));
    expect(byTeam).toHaveLength(count);
    expect(byTeam.map((r) => r.title)).toEqual(Array.from({ length: count }, (_, i) => `bulk ${i}`));
    const ids = byTeam.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(count);
    expect((await collect(exporter.decisions({}))).map((r) => r.id)).toEqual(ids);
    expect(byTeam.every((r) => r.createdAt === AT.getTime() && r.answers === '[]')).toBe(true);
  });
});
