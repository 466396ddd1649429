import type { Answer, AnswersRepo } from '../db/answersRepo.js';
import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { DiscussionEntry, DiscussionRepo } from '../db/discussionRepo.js';
import type { DecisionLinks, Prediction, PredictionsRepo } from '../db/predictionsRepo.js';
import type { Page, ReviewRepo, Viewer } from '../db/reviewRepo.js';
import { DECISION_STATUSES, type DecisionStatus } from '../db/schema/shared.js';
import { choiceLabel, majorityChoice } from './answerChoices.js';
import type { CalibrationReport } from './calibration.js';

export type HomeFilter = DecisionStatus | 'all';
export const HOME_FILTERS: readonly HomeFilter[] = ['all', ...DECISION_STATUSES];

/** Rows shown per list; with the fixed blocks this keeps the Home far inside Slack's 100 blocks. */
export const HOME_LIST_LIMIT = { waiting: 10, mine: 10, recent: 20, reviews: 5 } as const;

export interface HomeData {
  filter: HomeFilter;
  waiting: Page<Decision>;
  mine: Page<Decision>;
  recent: Page<Decision>;
  /** Majority motive label of each listed decision, where anyone has answered question 3. */
  motives: ReadonlyMap<number, string>;
  link: (decision: Decision) => string | undefined;
  /** Reviews due whose outcome this person may record (as proposer or approver), oldest due first. */
  reviews?: Page<Decision>;
  /** How well the workspace's predictions of customers' reactions did. */
  customerSense?: CalibrationReport;
}

/** A change of status, as the history shows it. */
export interface StatusChange {
  fromStatus: string | null;
  toStatus: string;
  userId: string;
  note: string | null;
  createdAt: Date;
}

/** One decision in full, as Details shows it. */
export interface DecisionDetail {
  decision: Decision;
  /** Every answer ever given, superseded ones included, oldest first. */
  answers: readonly Answer[];
  discussion: readonly DiscussionEntry[];
  statusChanges: readonly StatusChange[];
  link: string | undefined;
  /** The prediction made at confirmation and its outcome, if any. */
  prediction?: Prediction | undefined;
  /** The decision it revisits and those that revisit it. */
  links?: DecisionLinks | undefined;
}

interface Deps {
  review: ReviewRepo;
  decisions: DecisionsRepo;
  answers: AnswersRepo;
  discussion: DiscussionRepo;
  predictions: PredictionsRepo;
  /** How well the workspace's predictions did (predictionService.calibration). */
  calibration: (teamId: string) => Promise<CalibrationReport>;
  approversFor: (teamId: string) => Promise<readonly string[]>;
  now: () => Date;
  linkTo: (decision: Decision) => string | undefined;
}

/** What people look at to review decisions: their Home tab and one decision in full. */
/** Reviews looked at to fill the Home's list; those the viewer may record are kept. */
const REVIEWS_SCANNED = 200;

export function createReviewService({
  review,
  decisions,
  answers,
  discussion,
  predictions,
  calibration,
  approversFor,
  now,
  linkTo,
}: Deps) {
  /** Due reviews the viewer may record: their own proposals, or any (of channels they see) as an approver. */
  async function reviewsFor(teamId: string, viewer: Viewer): Promise<Page<Decision>> {
    const isApprover = (await approversFor(teamId)).includes(viewer.userId);
    const hidden = new Set(viewer.hiddenChannels);
    const rows = (await predictions.awaiting(teamId, now(), REVIEWS_SCANNED))
      .map((r) => r.decision)
      .filter((d) => d.proposerId === viewer.userId || (isApprover && !hidden.has(d.channelId)));
    return { rows: rows.slice(0, HOME_LIST_LIMIT.reviews), total: rows.length };
  }

  return {
    /** A person's Home: nothing from a private channel they are not in, unless they proposed it. */
    async home(teamId: string, viewer: Viewer, filter: HomeFilter): Promise<HomeData> {
      const waiting = await review.waitingForAnswer(teamId, viewer, HOME_LIST_LIMIT.waiting);
      const mine = await review.openProposedBy(teamId, viewer.userId, HOME_LIST_LIMIT.mine);
      const recent = await review.recent(teamId, viewer, filter === 'all' ? undefined : filter, HOME_LIST_LIMIT.recent);
      const ids = [...new Set([...waiting.rows, ...mine.rows, ...recent.rows].map((d) => d.id))];
      const motiveChoices = new Map<number, string[]>();
      for (const a of await review.choicesFor(teamId, ids)) {
        if (a.question === 3 && a.choice)
          motiveChoices.set(a.decisionId, [...(motiveChoices.get(a.decisionId) ?? []), a.choice]);
      }
      const motives = new Map<number, string>();
      for (const [id, choices] of motiveChoices) {
        const label = choiceLabel(3, majorityChoice(3, choices));
        if (label) motives.set(id, label);
      }
      return {
        filter,
        waiting,
        mine,
        recent,
        motives,
        link: linkTo,
        reviews: await reviewsFor(teamId, viewer),
        customerSense: await calibration(teamId),
      };
    },

    async detail(teamId: string, id: number): Promise<DecisionDetail | undefined> {
      const decision = await decisions.findById(teamId, id);
      if (!decision) return undefined;
      return {
        decision,
        answers: await answers.historyFor(teamId, id),
        discussion: await discussion.listFor(teamId, id),
        statusChanges: await decisions.statusHistory(teamId, id),
        link: linkTo(decision),
        prediction: await predictions.find(teamId, id),
        links: await predictions.linksFor(teamId, id),
      };
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
