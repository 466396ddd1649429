import { and, asc, desc, eq, exists, gt, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import type * as pgSchema from './schema/pg.js';
import type { Decision } from './decisionsRepo.js';

export type TouchpointRow = typeof pgSchema.touchpoints.$inferSelect;
export type Briefing = typeof pgSchema.briefings.$inferSelect;
export type NewTouchpoint = Omit<TouchpointRow, 'teamId' | 'decisionId' | 'updatedBy' | 'updatedAt'>;
export type NewBriefing = Pick<Briefing, 'recipient' | 'kind' | 'channelId' | 'stages'>;

/** The customer's path of each decision (touchpoints) and the briefings of its front line. */
export function createFrontLineRepo(database: Database, now: () => Date) {
  const { touchpoints, briefings, decisions } = database.schema;
  const first = <T>(rows: T[]): T | undefined => rows[0];

  return {
    touchpointsFor(teamId: string, decisionId: number): Promise<TouchpointRow[]> {
      return database.run((db) =>
        db
          .select()
          .from(touchpoints)
          .where(and(eq(touchpoints.teamId, teamId), eq(touchpoints.decisionId, decisionId)))
          .orderBy(asc(touchpoints.position)),
      );
    },

    /**
     * Replaces an open decision's map of the customer's path (and its go-live date) in one transaction.
     * False when the decision is no longer open: a decided path is what its briefings said.
     */
    mapPath(input: {
      teamId: string;
      decisionId: number;
      userId: string;
      goLive: string | null;
      stages: readonly NewTouchpoint[];
    }): Promise<boolean> {
      return database.transaction(async (tx) => {
        const [open] = await tx
          .update(decisions)
          .set({ goLive: input.goLive })
          .where(
            and(eq(decisions.teamId, input.teamId), eq(decisions.id, input.decisionId), eq(decisions.status, 'open')),
          )
          .returning({ id: decisions.id });
        if (!open) return false;
        await tx
          .delete(touchpoints)
          .where(and(eq(touchpoints.teamId, input.teamId), eq(touchpoints.decisionId, input.decisionId)));
        if (input.stages.length > 0) {
          const at = now();
          await tx.insert(touchpoints).values(
            input.stages.map((s) => ({
              ...s,
              teamId: input.teamId,
              decisionId: input.decisionId,
              updatedBy: input.userId,
              updatedAt: at,
            })),
          );
        }
        return true;
      });
    },

    /**
     * Confirmed decisions whose latest round was not worked out yet (a crash or an outage came between the
     * confirmation and the briefing), with a mapped path; oldest first.
     */
    unplanned(teamId: string, limit: number): Promise<Decision[]> {
      return database.run((db) =>
        db
          .select()
          .from(decisions)
          .where(
            and(
              eq(decisions.teamId, teamId),
              eq(decisions.status, 'confirmed'),
              gt(decisions.confirmations, decisions.briefedRound),
              exists(
                db
                  .select({ one: sql`1` })
                  .from(touchpoints)
                  .where(eq(touchpoints.decisionId, decisions.id)),
              ),
            ),
          )
          .orderBy(asc(decisions.id))
          .limit(limit),
      );
    },

    /**
     * Stores a round's briefings once (a second planning of the same round adds nothing) and marks the round
     * worked out, in one transaction. Returns the round's rows.
     */
    storeRound(teamId: string, decisionId: number, round: number, rows: readonly NewBriefing[]): Promise<Briefing[]> {
      return database.transaction(async (tx) => {
        const createdAt = now();
        for (let i = 0; i < rows.length; i += 500) {
          await tx
            .insert(briefings)
            .values(rows.slice(i, i + 500).map((r) => ({ ...r, teamId, decisionId, round, createdAt })))
            .onConflictDoNothing();
        }
        await tx
          .update(decisions)
          .set({ briefedRound: round })
          .where(and(eq(decisions.teamId, teamId), eq(decisions.id, decisionId), lte(decisions.briefedRound, round)));
        return tx
          .select()
          .from(briefings)
          .where(and(eq(briefings.teamId, teamId), eq(briefings.decisionId, decisionId), eq(briefings.round, round)))
          .orderBy(asc(briefings.id));
      });
    },

    /** The confirmer agreed to brief a very large audience for this round. */
    approveLargeRound(teamId: string, decisionId: number, round: number): Promise<boolean> {
      return database.run(async (db) =>
        Boolean(
          first(
            await db
              .update(decisions)
              .set({ briefingApprovedRound: round })
              .where(
                and(
                  eq(decisions.teamId, teamId),
                  eq(decisions.id, decisionId),
                  eq(decisions.confirmations, round),
                  eq(decisions.status, 'confirmed'),
                ),
              )
              .returning({ id: decisions.id }),
          ),
        ),
      );
    },

    roundOf(teamId: string, decisionId: number, round: number): Promise<Briefing[]> {
      return database.run((db) =>
        db
          .select()
          .from(briefings)
          .where(and(eq(briefings.teamId, teamId), eq(briefings.decisionId, decisionId), eq(briefings.round, round)))
          .orderBy(asc(briefings.id)),
      );
    },

    find(teamId: string, id: number): Promise<Briefing | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .select()
            .from(briefings)
            .where(and(eq(briefings.teamId, teamId), eq(briefings.id, id))),
        ),
      );
    },

    /** A person's briefing of a decision in a round (not a channel's post). */
    findFor(teamId: string, decisionId: number, round: number, userId: string): Promise<Briefing | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .select()
            .from(briefings)
            .where(
              and(
                eq(briefings.teamId, teamId),
                eq(briefings.decisionId, decisionId),
                eq(briefings.round, round),
                eq(briefings.recipient, userId),
                ne(briefings.kind, 'post'),
              ),
            ),
        ),
      );
    },

    /** Whether the person was briefed about the decision in any round. */
    wasBriefed(teamId: string, decisionId: number, userId: string): Promise<boolean> {
      return database.run(async (db) =>
        Boolean(
          first(
            await db
              .select({ id: briefings.id })
              .from(briefings)
              .where(
                and(
                  eq(briefings.teamId, teamId),
                  eq(briefings.decisionId, decisionId),
                  eq(briefings.recipient, userId),
                  ne(briefings.kind, 'post'),
                ),
              )
              .limit(1),
          ),
        ),
      );
    },

    /** Records an acknowledgement once; false when it was already there. */
    acknowledge(id: number, at: Date): Promise<boolean> {
      return database.run(async (db) =>
        Boolean(
          first(
            await db
              .update(briefings)
              .set({ ackedAt: at })
              .where(and(eq(briefings.id, id), isNull(briefings.ackedAt)))
              .returning({ id: briefings.id }),
          ),
        ),
      );
    },

    markAttempt(id: number, part: 'briefing' | 'reminder', at: Date): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(briefings)
          .set(part === 'briefing' ? { attemptedAt: at } : { reminderAttemptedAt: at })
          .where(eq(briefings.id, id));
      });
    },

    markSent(id: number, part: 'briefing' | 'reminder', channel: string, ts: string): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(briefings)
          .set(part === 'briefing' ? { messageChannel: channel, messageTs: ts } : { reminderTs: ts })
          .where(eq(briefings.id, id));
      });
    },

    /**
     * People of confirmed decisions' latest rounds, briefed and not acknowledged nor reminded yet, whose
     * decision goes live by `goLiveBy` or, without a date, was confirmed before `decidedBefore`
     * (customerPath.reminderThresholds).
     */
    remindable(teamId: string, due: { goLiveBy: string; decidedBefore: Date }, limit: number): Promise<Briefing[]> {
      return database.run((db) =>
        db
          .select({ briefing: briefings })
          .from(briefings)
          .innerJoin(decisions, eq(decisions.id, briefings.decisionId))
          .where(
            and(
              eq(briefings.teamId, teamId),
              ne(briefings.kind, 'post'),
              isNull(briefings.ackedAt),
              isNull(briefings.remindedAt),
              eq(decisions.status, 'confirmed'),
              eq(briefings.round, decisions.confirmations),
              or(isNotNull(briefings.messageTs), eq(briefings.kind, 'member')),
              or(
                and(isNotNull(decisions.goLive), lte(decisions.goLive, due.goLiveBy)),
                and(isNull(decisions.goLive), lt(decisions.decidedAt, due.decidedBefore)),
              ),
            ),
          )
          .orderBy(asc(briefings.id))
          .limit(limit)
          .then((rows) => rows.map((r) => r.briefing)),
      );
    },

    /** The person's one reminder is queued (the outbox's key keeps it to one). */
    markReminded(id: number, at: Date): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(briefings)
          .set({ remindedAt: at })
          .where(and(eq(briefings.id, id), isNull(briefings.remindedAt)));
      });
    },

    /** Latest-round briefings waiting for this person's acknowledgement, newest first. */
    waitingFor(teamId: string, userId: string, limit: number): Promise<{ briefing: Briefing; decision: Decision }[]> {
      return database.run((db) =>
        db
          .select({ briefing: briefings, decision: decisions })
          .from(briefings)
          .innerJoin(decisions, eq(decisions.id, briefings.decisionId))
          .where(
            and(
              eq(briefings.teamId, teamId),
              eq(briefings.recipient, userId),
              ne(briefings.kind, 'post'),
              isNull(briefings.ackedAt),
              eq(decisions.status, 'confirmed'),
              eq(briefings.round, decisions.confirmations),
            ),
          )
          .orderBy(desc(briefings.id))
          .limit(limit),
      );
    },

    /** Readiness rows of the latest rounds of several decisions, for the digest. */
    latestRounds(teamId: string, decisionIds: readonly number[]): Promise<Briefing[]> {
      if (decisionIds.length === 0) return Promise.resolve([]);
      return database.run((db) =>
        db
          .select({ briefing: briefings })
          .from(briefings)
          .innerJoin(decisions, eq(decisions.id, briefings.decisionId))
          .where(
            and(
              eq(briefings.teamId, teamId),
              inArray(briefings.decisionId, [...decisionIds]),
              eq(briefings.round, decisions.confirmations),
            ),
          )
          .then((rows) => rows.map((r) => r.briefing)),
      );
    },
  };
}

export type FrontLineRepo = ReturnType<typeof createFrontLineRepo>;
