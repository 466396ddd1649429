import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, types } from '@slack/bolt';
import { z } from 'zod';
import { type DecisionCommand, parseDecisionCommand } from '../../decisions/commandText.js';
import { DESCRIPTION_MAX, TITLE_MAX } from '../../decisions/questions.js';
import { slackErrorCode } from '../../slack/api.js';
import { plainSlackText } from '../../decisions/slackText.js';
import { DEFAULT_TRIGGERS, parseTriggerList } from '../../decisions/triggers.js';
import type { Services } from '../../services.js';
import { buildCustomerProfileModal } from '../../views/customerProfileModal.js';
import { buildDecisionDetail } from '../../views/decisionDetail.js';
import { plural } from '../../views/plural.js';
import { exportToBuffer } from '../../decisions/exporter.js';
import { composeDigest } from '../../digest/digestRunner.js';
import { buildProposeModal } from '../../views/proposeModal.js';
import { charCount, escapeMrkdwn, truncate } from '../../views/text.js';
import { canSee } from '../visibility.js';
import { HELP_TEXT } from './helpText.js';
import { openModal } from '../../slack/modal.js';
import { formNotOpenedText } from '../../views/replies.js';

const commandSchema = z.object({
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  text: z.string().max(4000),
  trigger_id: z.string().min(1),
});

const LIST_LIMIT = 20;

/** `/decision` and its subcommands. Acks at once; the work and the answers follow. */
export function decisionCommand(services: Services) {
  return async ({ command, ack, client, respond, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      await ack({ response_type: 'ephemeral', text: 'That command was incomplete; please try `/decision` again.' });
      return;
    }
    await ack();
    services.defer(async () => {
      try {
        await runCommand(services, parsed.data, client, respond, logger);
      } catch (error) {
        // Acknowledged but not done (the database refused a write, …): the person must not think it was.
        logger.error(`/decision failed: ${error instanceof Error ? error.message : String(error)}`);
        await respond({ response_type: 'ephemeral', text: COMMAND_FAILED });
      }
    });
  };
}

export const COMMAND_FAILED =
  "Sorry, I couldn't do that just now and nothing was changed; please run the command again in a minute.";

/** Subcommands that change how the workspace or a channel works, and so need an admin or an approver. */
const SETTINGS_CHANGES = new Set(['watch', 'unwatch', 'triggers', 'approvers', 'required', 'digest']);

function changesSettings(request: DecisionCommand): boolean {
  if (!SETTINGS_CHANGES.has(request.kind)) return false;
  if (request.kind === 'digest') return request.here;
  if ('value' in request) return request.value.trim() !== '';
  return true;
}

async function runCommand(
  services: Services,
  {
    team_id: teamId,
    channel_id: channelId,
    user_id: userId,
    text,
    trigger_id: triggerId,
  }: z.infer<typeof commandSchema>,
  client: AllMiddlewareArgs['client'],
  respond: SlackCommandMiddlewareArgs['respond'],
  logger: AllMiddlewareArgs['logger'],
): Promise<void> {
  const reply = (message: string) => respond({ response_type: 'ephemeral', text: message });
  const request = parseDecisionCommand(text);
  // The trigger id is only good for 3 seconds; if Slack refuses it, the person just runs the command again.
  const openForm = (view: Parameters<typeof openModal>[2]['view'], command: string) =>
    openModal(client, logger, { triggerId, view, what: 'a form' }, () =>
      reply(formNotOpenedText(`run \`${command}\``)),
    );

  if (changesSettings(request)) {
    const refusal = await services.decisions.settingsRefusal(teamId, userId, () =>
      services.directory.isWorkspaceAdmin(client, teamId, userId),
    );
    if (refusal) {
      await reply(refusal);
      return;
    }
  }

  switch (request.kind) {
    case 'propose': {
      // A title longer than its field is cut there and goes into the description too: whole when it fits
      // that field, otherwise (command text holds up to 4,000 characters) cut at its limit as well.
      const typed = plainSlackText(request.title);
      const tooLong = charCount(typed) > TITLE_MAX;
      const view = buildProposeModal({
        channelId,
        ...(typed ? { title: truncate(typed, TITLE_MAX) } : {}),
        ...(tooLong ? { description: truncate(typed, DESCRIPTION_MAX) } : {}),
      });
      await openForm(view, '/decision');
      return;
    }
    case 'help':
      await reply(HELP_TEXT);
      return;
    case 'list': {
      const { decisions, total } = services.decisions.listOpen(teamId, channelId, LIST_LIMIT);
      if (total === 0) {
        await reply('No open decisions in this channel. Propose one with `/decision <title>`.');
        return;
      }
      const lines = decisions.map((d) => {
        const link = services.linkTo(d);
        const title = escapeMrkdwn(d.title);
        return `• ${link ? `<${link}|${title}>` : title} (proposed by <@${d.proposerId}>)`;
      });
      if (total > decisions.length) lines.push(`…and ${total - decisions.length} more.`);
      await reply(`*Open decisions in this channel (${total})*\n${lines.join('\n')}`);
      return;
    }
    case 'watch':
    case 'unwatch': {
      const watching = request.kind === 'watch';
      services.settings.setWatching(teamId, channelId, watching, userId);
      await reply(
        watching
          ? 'I will watch this channel: messages that propose a change get the three questions in their thread.'
          : 'I will no longer catch proposals in this channel. `/decision`, the :chair: reaction and the message shortcut still work here.',
      );
      return;
    }
    case 'triggers': {
      if (request.value === '') {
        const current = services.decisions.triggersFor(teamId);
        await reply(
          `Messages that start with ${current.map((t) => `\`${escapeMrkdwn(t)}\``).join(', ')} or contain :chair: are treated as proposals.`,
        );
        return;
      }
      const triggers =
        request.value.toLowerCase() === 'default' ? null : parseTriggerList(plainSlackText(request.value));
      services.settings.setTriggers(teamId, triggers);
      const now = triggers ?? DEFAULT_TRIGGERS;
      await reply(
        `Done. Messages that start with ${now.map((t) => `\`${escapeMrkdwn(t)}\``).join(', ')} or contain :chair: are now treated as proposals.`,
      );
      return;
    }
    case 'customer': {
      const profile = services.answers.customerProfile(teamId);
      const refusal = await services.decisions.settingsRefusal(
        teamId,
        userId,
        () => services.directory.isWorkspaceAdmin(client, teamId, userId),
        { firstCustomerProfile: profile === null },
      );
      if (refusal) {
        await reply(
          `${profile ? `Our typical customer, as the team described them:\n>${escapeMrkdwn(profile).replaceAll('\n', '\n>')}\n` : ''}${refusal}`,
        );
        return;
      }
      await openForm(buildCustomerProfileModal(profile), '/decision customer');
      return;
    }
    case 'show': {
      const found = request.id === undefined ? undefined : services.review.detail(teamId, request.id);
      // A private channel's decision is not admitted to exist outside it.
      const detail = found && (await canSee(services, client, found.decision, userId)) ? found : undefined;
      if (!detail) {
        await reply(
          "No decision has that number here. `/decision list` shows the open ones; the number is in the card's Details.",
        );
        return;
      }
      await openForm(buildDecisionDetail(detail), `/decision show ${request.id}`);
      return;
    }
    case 'digest': {
      const { config, repo } = services.digest;
      if (request.here) {
        services.settings.setDigestChannel(teamId, channelId);
        await reply(
          `The weekly digest will be posted in this channel (schedule \`${config.cron}\`, ${config.timezone}). \`/decision digest\` shows you this week's now.`,
        );
        return;
      }
      // A preview as it would read in this channel: decisions from other private channels are only counted.
      const now = services.now();
      const digest = composeDigest({
        repo,
        teamId,
        channelId,
        slot: now,
        late: false,
        now,
        teamUrl: services.bot.teamUrl,
        cron: config.cron,
        timezone: config.timezone,
      });
      await respond({ response_type: 'ephemeral', text: digest.text, blocks: digest.blocks as types.KnownBlock[] });
      return;
    }
    case 'export': {
      const { data, rows } = await exportToBuffer(services.exports, {
        format: 'csv',
        answers: false,
        filters: { teamId, channelId },
      });
      if (rows === 0) {
        await reply('There are no decisions in this channel to export yet.');
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
          initial_comment: `Here ${rows === 1 ? 'is' : 'are'} the ${plural(rows, 'decision')} of <#${channelId}>, with answers summarised.`,
        });
        await reply(`I sent you the ${plural(rows, 'decision')} of this channel as a CSV file in a direct message.`);
      } catch (error) {
        logger.warn(`Could not upload an export: ${slackErrorCode(error)}`);
        await reply('Slack did not accept the file just now; please run `/decision export` again in a minute.');
      }
      return;
    }
    case 'approvers':
    case 'required':
      await reply(services.decisions.changeTeamSettings(teamId, request));
      return;
  }
}
