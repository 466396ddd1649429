import type { types } from '@slack/bolt';
import { slackErrorCode } from '../../slack/api.js';
import { buildDecisionDetail } from '../../views/decisionDetail.js';
import {
  EXPORT_NOT_SENT,
  exportCommentText,
  exportSentText,
  NO_SUCH_DECISION,
  NOTHING_TO_EXPORT,
  openDecisionsText,
} from '../../views/replies.js';
import { canSee } from '../visibility.js';
import type { Subcommand } from './commandContext.js';
import { HELP_TEXT } from '../../views/helpText.js';

/** How many open decisions `/decision list` names; the rest are counted. */
const LIST_LIMIT = 20;

export const helpCommand: Subcommand<'help'> = async ({ reply }) => {
  await reply(HELP_TEXT);
};

export const listCommand: Subcommand<'list'> = async ({ services, teamId, channelId, reply }) => {
  const { decisions, total } = await services.decisions.listOpen(teamId, channelId, LIST_LIMIT);
  const listed = decisions.map((d) => ({ title: d.title, proposerId: d.proposerId, link: services.linkTo(d) }));
  await reply(openDecisionsText(listed, total));
};

export const showCommand: Subcommand<'show'> = async (context, request) => {
  const { services, client, teamId, userId } = context;
  const found = request.id === undefined ? undefined : await services.review.detail(teamId, request.id);
  // A private channel's decision is not admitted to exist outside it.
  if (!found || !(await canSee(services, client, found.decision, userId))) {
    await context.reply(NO_SUCH_DECISION);
    return;
  }
  const path = await services.frontLine.pathDetail(found.decision, userId);
  await context.openForm(buildDecisionDetail(found, path), `/decision show ${request.id}`);
};

/** `/decision digest`: this week's digest, as it would read in this channel, for the person alone. */
export const digestPreviewCommand = async ({
  services,
  teamId,
  channelId,
  respond,
}: Parameters<Subcommand>[0]): Promise<void> => {
  const digest = await services.digest.preview(teamId, channelId);
  await respond({ response_type: 'ephemeral', text: digest.text, blocks: digest.blocks as types.KnownBlock[] });
};

/** `/decision export`: the channel's decisions as a CSV file, sent to the person by direct message. */
export const exportCommand: Subcommand<'export'> = async (context) => {
  const { services, client, teamId, channelId, userId, logger } = context;
  const { data, rows } = await services.exports.channelCsv(teamId, channelId);
  if (rows === 0) {
    await context.reply(NOTHING_TO_EXPORT);
    return;
  }
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
    await context.reply(exportSentText(rows));
  } catch (error) {
    logger.warn(`Could not upload an export: ${slackErrorCode(error)}`);
    await context.reply(EXPORT_NOT_SENT);
  }
};
