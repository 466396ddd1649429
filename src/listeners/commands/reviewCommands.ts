import type { types } from '@slack/bolt';
import { slackErrorCode } from '../../slack/api.js';
import { buildDecisionDetail } from '../../views/decisionDetail.js';
import {
  EXPORT_NOT_SENT,
  exportCommentText,
  exportSentText,
  NO_SUCH_DECISION,
  NOTHING_TO_EXPORT,
  ONLY_PROPOSER_LINKS,
  SUPERSEDE_USAGE,
  supersededText,
  openDecisionsText,
} from '../../views/replies.js';
import { canSee } from '../visibility.js';
import type { CommandContext, Subcommand } from './commandContext.js';
import { HELP_TEXT } from '../../views/helpText.js';

/** How many open decisions `/decision list` names; the rest are counted. */
const LIST_LIMIT = 20;

export const helpCommand: Subcommand<'help'> = async () => HELP_TEXT;

export const listCommand: Subcommand<'list'> = async ({ services, teamId, channelId }) => {
  const { decisions, total } = await services.decisions.listOpen(teamId, channelId, LIST_LIMIT);
  const listed = decisions.map((d) => ({ title: d.title, proposerId: d.proposerId, link: services.linkTo(d) }));
  return openDecisionsText(listed, total);
};

export const showCommand: Subcommand<'show'> = async (context, request) => {
  const { services, client, teamId, userId } = context;
  const found = request.id === undefined ? undefined : await services.review.detail(teamId, request.id);
  // A private channel's decision is not admitted to exist outside it.
  if (!found || !(await canSee(services, client, found.decision, userId))) return NO_SUCH_DECISION;
  context.later(async () => {
    const path = await services.frontLine.pathDetail(found.decision, userId);
    await context.openForm(buildDecisionDetail(found, path), `/decision show ${request.id}`);
  });
};

/**
 * `/decision supersede 31 12`: decision 31 revisits decision 12. Both must be decisions the person can see;
 * the link is the newer decision's proposer's or an approver's to make.
 */
export const supersedeCommand: Subcommand<'supersede'> = async (context, request) => {
  const { services, client, teamId, userId } = context;
  if (!request.ids) return SUPERSEDE_USAGE;
  const [decisionId, revisitsId] = request.ids;
  const [newer, older] = await Promise.all([
    services.decisions.find(teamId, decisionId),
    services.decisions.find(teamId, revisitsId),
  ]);
  const visible = async (d: typeof newer) => d !== undefined && (await canSee(services, client, d, userId));
  if (decisionId === revisitsId || !newer || !(await visible(newer)) || !(await visible(older))) {
    return decisionId === revisitsId ? SUPERSEDE_USAGE : NO_SUCH_DECISION;
  }
  if (newer.proposerId !== userId && !(await services.settings.approversFor(teamId)).includes(userId)) {
    return ONLY_PROPOSER_LINKS;
  }
  await services.predictions.link(teamId, decisionId, revisitsId, userId);
  return supersededText(decisionId, revisitsId);
};

/**
 * `/decision digest`: this week's digest, as it would read in this channel, for the person alone. Composing
 * it reads the whole week, so it follows the ack.
 */
export const digestPreviewCommand = async ({ services, teamId, channelId, later }: CommandContext): Promise<void> =>
  later(async () => {
    const digest = await services.digest.preview(teamId, channelId);
    return { text: digest.text, blocks: digest.blocks as types.KnownBlock[] };
  });

/** `/decision export`: the channel's decisions as a CSV file, sent to the person by direct message. */
export const exportCommand: Subcommand<'export'> = async (context) =>
  context.later(async () => {
    const { services, client, teamId, channelId, userId, logger } = context;
    const { data, rows } = await services.exports.channelCsv(teamId, channelId);
    if (rows === 0) return NOTHING_TO_EXPORT;
    try {
      const dm = await client.conversations.open({ users: userId });
      if (!dm.channel?.id) throw new Error('conversations.open returned no channel');
      await client.files.uploadV2({
        channel_id: dm.channel.id,
        file: data,
        filename: `decisions-${channelId}.csv`,
        title: `Decisions in this channel`,
        initial_comment: exportCommentText(rows, channelId),
      });
      return exportSentText(rows);
    } catch (error) {
      logger.warn(`Could not upload an export: ${slackErrorCode(error)}`);
      return EXPORT_NOT_SENT;
    }
  });
