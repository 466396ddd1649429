import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { Briefing, FrontLineRepo, NewTouchpoint } from '../db/frontLineRepo.js';
import type { SettingsRepo } from '../db/settingsRepo.js';
import {
  type AckVerdict,
  checkAck,
  DEFAULT_STAGES,
  parseStageList,
  type PathStage,
  readinessOf,
} from './customerPath.js';
import { plainSlackText } from './slackText.js';

interface Deps {
  frontLine: FrontLineRepo;
  decisions: DecisionsRepo;
  settings: SettingsRepo;
  now: () => Date;
}

export type AckResult =
  | { ok: true; decision: Decision; briefing: Briefing }
  | { ok: false; reason: Exclude<AckVerdict, { ok: true }>['reason'] | 'gone' };

/** The customer's path of decisions and the front line's acknowledgements: the rules, over the repositories. */
export function createFrontLineService({ frontLine, decisions, settings, now }: Deps) {
  const stagesFor = async (teamId: string): Promise<readonly PathStage[]> =>
    (await settings.team(teamId))?.pathStages ?? DEFAULT_STAGES;

  return {
    stagesFor,

    /** `default` restores the five stages; otherwise `Name: hint; Name`. Undefined (nothing changed) when unreadable. */
    async setStages(teamId: string, value: string): Promise<readonly PathStage[] | undefined> {
      if (value.trim().toLowerCase() === 'default') {
        await settings.setPathStages(teamId, null);
        return DEFAULT_STAGES;
      }
      const stages = parseStageList(plainSlackText(value));
      if (stages) await settings.setPathStages(teamId, stages);
      return stages;
    },

    pathOf: (teamId: string, decisionId: number) => frontLine.touchpointsFor(teamId, decisionId),

    /** Stores an open decision's map of the customer's path; false when it is no longer open. */
    mapPath(input: {
      teamId: string;
      decisionId: number;
      userId: string;
      goLive: string | null;
      stages: readonly NewTouchpoint[];
    }): Promise<boolean> {
      return frontLine.mapPath(input);
    },

    /**
     * A person's "Got it": stored once, for their own briefing of the latest round only. The decision comes
     * back so its card can show the new count.
     */
    async acknowledge(teamId: string, decisionId: number, round: number, userId: string): Promise<AckResult> {
      const decision = await decisions.findById(teamId, decisionId);
      if (!decision) return { ok: false, reason: 'gone' };
      const row = await frontLine.findFor(teamId, decisionId, round, userId);
      const verdict = checkAck(row, decision.confirmations);
      if (!verdict.ok) return verdict;
      if (!row || !(await frontLine.acknowledge(row.id, now()))) return { ok: false, reason: 'already' };
      return { ok: true, decision, briefing: row };
    },

    /** The decision a briefed person asks about; undefined for anyone who was never briefed on it. */
    async askable(teamId: string, decisionId: number, userId: string): Promise<Decision | undefined> {
      const decision = await decisions.findById(teamId, decisionId);
      return decision && (await frontLine.wasBriefed(teamId, decisionId, userId)) ? decision : undefined;
    },

    /**
     * A decision's path and readiness for its Details; who has not acknowledged yet is for the proposer's and
     * the approvers' eyes only.
     */
    async pathDetail(decision: Decision, viewerId: string) {
      const approvers = (await settings.team(decision.teamId))?.approvers ?? [];
      const round = await frontLine.roundOf(decision.teamId, decision.id, decision.confirmations);
      return {
        touchpoints: await frontLine.touchpointsFor(decision.teamId, decision.id),
        readiness: round.length > 0 ? readinessOf(round) : undefined,
        showWaiting: viewerId === decision.proposerId || approvers.includes(viewerId),
      };
    },

    /** Briefings waiting for this person's acknowledgement, for their Home. */
    waitingFor: (teamId: string, userId: string, limit: number) => frontLine.waitingFor(teamId, userId, limit),
  };
}

export type FrontLineService = ReturnType<typeof createFrontLineService>;
