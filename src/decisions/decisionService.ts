import type { AnswersRepo } from '../db/answersRepo.js';
import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { FrontLineRepo } from '../db/frontLineRepo.js';
import { unbriefedStages } from './customerPath.js';
import type { QueryDb } from '../db/database.js';
import type { PredictionsRepo } from '../db/predictionsRepo.js';
import type { SettingsRepo } from '../db/settingsRepo.js';

import { checkGate, type GateAction, type GateResult, type Refusal } from './gate.js';
import type { PredictionChoice } from './prediction.js';
import { answerCounts, type Category } from './questions.js';
import { plainSlackText } from './slackText.js';
import { DEFAULT_TRIGGERS, isProposal, titleFromMessage } from './triggers.js';

interface Deps {
  decisions: DecisionsRepo;
  answers: AnswersRepo;
  settings: SettingsRepo;
  frontLine: FrontLineRepo;
  predictions: PredictionsRepo;
  now: () => Date;
}

export interface MessageRef {
  teamId: string;
  enterpriseId?: string | undefined;
  channelId: string;
  messageTs: string;
  /** The parent's ts when the message is itself a reply in a thread. */
  threadTs?: string | undefined;
  /** Known from message events (channel_type); learned from Slack otherwise. */
  channelIsPrivate?: boolean | undefined;
  /** As Slack sends it: escaped, with mentions and links as markup (see plainSlackText). */
  text: string;
  /** Who wrote the message; undefined when a bot did. */
  authorId: string | undefined;
}

export interface ProposalForm {
  teamId: string;
  enterpriseId?: string | undefined;
  channelId: string;
  proposerId: string;
  title: string;
  description?: string | undefined;
  category: Category;
  decideBy?: string | undefined;
  /** When the customer will notice (YYYY-MM-DD). */
  goLive?: string | undefined;
  /** Stages of the customer's path ticked in the form; who to brief there is named on the card. */
  touched?: readonly string[] | undefined;
  /** The decision this one revisits (a follow-up proposed from a review). */
  revisits?: number | undefined;
}

/** The status history's note when a decision's message was deleted in Slack. */
export const SOURCE_DELETED_NOTE = 'The message it came from was deleted.';

export function createDecisionService({ decisions, answers, settings, frontLine, predictions, now }: Deps) {
  const triggersFor = async (teamId: string) => (await settings.triggers(teamId)) ?? DEFAULT_TRIGGERS;
  const approversFor = async (teamId: string) => (await settings.team(teamId))?.approvers ?? [];

  /** A decision's title and description from a message as Slack sends it, stored as the person typed it. */
  const proposalText = async (teamId: string, slackText: string) => {
    // Decoded once here; every view escapes it once for where it is shown.
    const text = plainSlackText(slackText);
    return { title: titleFromMessage(text, await triggersFor(teamId)), description: text };
  };

  const service = {
    /**
     * The message an open decision came from was edited: its title and description follow the message.
     * Returns the decision when its title changed (so the thread can say so), undefined otherwise.
     */
    async sourceEdited(ref: {
      teamId: string;
      channelId: string;
      messageTs: string;
      text: string;
    }): Promise<Decision | undefined> {
      const decision = await decisions.findByMessage(ref.teamId, ref.channelId, ref.messageTs);
      if (!decision || decision.status !== 'open' || decision.source === 'command') return undefined;
      const { title, description } = await proposalText(ref.teamId, ref.text);
      if (title === decision.title && description === decision.description) return undefined;
      const updated = await decisions.retitle(ref.teamId, decision.id, title, description);
      return updated && updated.title !== decision.title ? updated : undefined;
    },

    /**
     * The message an open decision lives on was deleted: the decision is withdrawn, noted as such in its
     * history, so it leaves the Home tab, the reminders and the waiting list. Decided ones stay as decided.
     */
    async sourceDeleted(ref: {
      teamId: string;
      channelId: string;
      messageTs: string;
      userId?: string | undefined;
    }): Promise<Decision | undefined> {
      const decision = await decisions.findByMessage(ref.teamId, ref.channelId, ref.messageTs);
      if (!decision || decision.status !== 'open') return undefined;
      return decisions.transition({
        teamId: ref.teamId,
        id: decision.id,
        from: 'open',
        to: 'withdrawn',
        userId: ref.userId ?? decision.proposerId,
        note: SOURCE_DELETED_NOTE,
        at: now(),
      });
    },

    /** The channel was made private: its decisions are private from now on, old ones included. */
    channelMadePrivate(teamId: string, channelId: string): Promise<number> {
      return decisions.markChannelPrivate(teamId, channelId);
    },

    /** Stores a proposal written in a channel when it reads like one and the channel is watched. */
    async interceptMessage(
      message: MessageRef & { authorId: string },
    ): Promise<{ decision: Decision; created: boolean } | undefined> {
      if (!(await settings.isWatching(message.teamId, message.channelId))) return undefined;
      if (!isProposal(plainSlackText(message.text), await triggersFor(message.teamId))) return undefined;
      return service.captureMessage(message, 'message', message.authorId);
    },

    /** Turns any message into a decision (the :chair: reaction, the message shortcut). */
    async captureMessage(
      message: MessageRef,
      source: 'message' | 'reaction' | 'shortcut',
      actorId: string,
    ): Promise<{ decision: Decision; created: boolean }> {
      const { title, description } = await proposalText(message.teamId, message.text);
      return decisions.create({
        teamId: message.teamId,
        enterpriseId: message.enterpriseId,
        channelId: message.channelId,
        channelIsPrivate: message.channelIsPrivate ?? null,
        messageTs: message.messageTs,
        threadTs: message.threadTs ?? message.messageTs,
        source,
        title,
        description,
        // A person's message is their proposal; a bot's becomes the proposal of whoever picked it.
        proposerId: message.authorId ?? actorId,
        createdBy: actorId,
      });
    },

    /** Stores a proposal, and the decision it revisits in the same transaction, then the stages it ticked. */
    async propose({ revisits, touched = [], ...form }: ProposalForm): Promise<Decision> {
      const link =
        revisits === undefined
          ? undefined
          : (tx: QueryDb, decision: Decision) =>
              predictions.linkIn(tx, {
                teamId: form.teamId,
                decisionId: decision.id,
                revisitsId: revisits,
                userId: form.proposerId,
              });
      const { decision } = await decisions.create({ ...form, source: 'command', createdBy: form.proposerId }, link);
      if (touched.length > 0) {
        await frontLine.mapPath({
          teamId: form.teamId,
          decisionId: decision.id,
          userId: form.proposerId,
          goLive: form.goLive ?? null,
          stages: touched.map((stage, position) => ({
            stage,
            position,
            note: null,
            users: [],
            usergroups: [],
            channels: [],
            nobodyReason: null,
          })),
        });
      }
      return decision;
    },

    /** Decisions that could not be posted in a channel, e.g. until the bot was invited there. */
    unpostedInChannel(teamId: string, channelId: string): Promise<Decision[]> {
      return decisions.findUnposted(100, { teamId, channelId });
    },

    listOpen(teamId: string, channelId: string, limit: number) {
      return decisions.findOpenByChannel(teamId, channelId, limit);
    },

    find(teamId: string, id: number): Promise<Decision | undefined> {
      return decisions.findById(teamId, id);
    },

    findByMessage(teamId: string, channelId: string, messageTs: string): Promise<Decision | undefined> {
      return decisions.findByMessage(teamId, channelId, messageTs);
    },

    /**
     * "Not a decision": the author or an approver keeps it out of the digests. Returns the refusal
     * to show, or the updated decision.
     */
    async dismiss(
      teamId: string,
      id: number,
      userId: string,
    ): Promise<{ ok: true; decision: Decision } | { ok: false; refusal: Refusal }> {
      const decision = await decisions.findById(teamId, id);
      if (!decision) return { ok: false, refusal: { kind: 'gone' } };
      const approvers = await approversFor(teamId);
      if (decision.proposerId !== userId && !approvers.includes(userId)) {
        const hasApprovers = approvers.length > 0;
        return {
          ok: false,
          refusal: { kind: 'proposer-or-approver', action: 'dismiss', proposerId: decision.proposerId, hasApprovers },
        };
      }
      const updated = await decisions.transition({ teamId, id, from: 'open', to: 'dismissed', userId, at: now() });
      if (!updated) return { ok: false, refusal: { kind: 'already', status: decision.status } };
      return { ok: true, decision: updated };
    },

    /** Whether the gate would let the person do it now, without doing it (Confirm asks for a prediction first). */
    async check(teamId: string, id: number, userId: string, action: GateAction): Promise<GateResult> {
      const decision = await decisions.findById(teamId, id);
      if (!decision) return { ok: false, refusal: { kind: 'gone' } };
      const team = await settings.team(teamId);
      return checkGate({
        action,
        status: decision.status,
        proposerId: decision.proposerId,
        userId,
        approvers: team?.approvers ?? [],
        answerCounts: answerCounts(await answers.currentFor(teamId, id)),
        requiredAnswers: team?.requiredAnswers ?? 1,
        unbriefedStages: unbriefedStages(await frontLine.touchpointsFor(teamId, id)),
      });
    },

    /**
     * Confirm, reject, withdraw or reopen, if the gate and the person's role allow it. The status
     * changes at most once however many clicks arrive, on however many instances: the transition only
     * applies from the status read. A confirmation stores its prediction (or the choice to skip the
     * review) in the same transaction.
     */
    async decide(
      teamId: string,
      id: number,
      userId: string,
      ...[action, prediction]:
        [action: Exclude<GateAction, 'confirm'>] | [action: 'confirm', prediction: PredictionChoice]
    ): Promise<{ ok: true; decision: Decision } | { ok: false; refusal: Refusal }> {
      const verdict = await service.check(teamId, id, userId, action);
      if (!verdict.ok) return verdict;
      const at = now();
      const updated = await decisions.transition({
        teamId,
        id,
        from: verdict.from,
        to: verdict.to,
        userId,
        at,
        alsoStore: prediction
          ? (tx) => predictions.saveIn(tx, { teamId, decisionId: id, prediction, userId, at })
          : undefined,
      });
      if (!updated) return { ok: false, refusal: { kind: 'raced' } };
      return { ok: true, decision: updated };
    },
  };
  return service;
}

export type DecisionService = ReturnType<typeof createDecisionService>;
