import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { type DecisionCommand, parseDecisionCommand } from '../../decisions/commandText.js';
import type { Services } from '../../services.js';
import { COMMAND_INCOMPLETE } from '../../views/replies.js';
import { type CommandContext, commandContext, commandFailed, type CommandReply, ephemeral } from './commandContext.js';
import { feedbackCommand, feedbackEmojiCommand } from './feedbackCommands.js';
import { proposeCommand } from './proposeCommand.js';
import {
  digestPreviewCommand,
  exportCommand,
  helpCommand,
  listCommand,
  showCommand,
  supersedeCommand,
} from './reviewCommands.js';
import {
  approversCommand,
  customerCommand,
  digestHereCommand,
  digestScheduleCommand,
  requiredCommand,
  touchpointsCommand,
  triggersCommand,
  watchCommand,
} from './settingsCommands.js';

const commandSchema = z.object({
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  text: z.string().max(4000),
  trigger_id: z.string().min(1),
});

/**
 * How long a sub-command may take for its reply to go in the acknowledgement. Slack waits 3 s for it
 * (Bolt gives up at 3001 ms); a reply that needs longer (Slack slow to say who is an admin, a busy
 * database) is sent through the response_url once ready, after an empty ack.
 */
export const ACK_BUDGET_MS = 2000;

const LATE = Symbol('late');

/**
 * `/decision` and its sub-commands: the reply goes in the acknowledgement whenever it is ready in time
 * (see Subcommand); slow work follows through `later`.
 */
export function decisionCommand(services: Services) {
  return async ({ command, ack, client, respond, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      await ack(ephemeral(COMMAND_INCOMPLETE));
      return;
    }
    const { team_id: teamId, channel_id: channelId, user_id: userId, trigger_id: triggerId, text } = parsed.data;
    const context = commandContext(services, { teamId, channelId, userId, triggerId }, { client, logger, respond });
    const replying = (async () => runSubcommand(context, parseDecisionCommand(text)))().catch((error: unknown) =>
      commandFailed(logger, error),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(resolve, ACK_BUDGET_MS, LATE)));
    const reply = await Promise.race([replying, late]);
    clearTimeout(timer);
    if (reply === LATE) {
      await ack();
      context.later(() => replying);
      return;
    }
    await ack(reply ? ephemeral(reply) : undefined);
  };
}

function runSubcommand(context: CommandContext, request: DecisionCommand): Promise<CommandReply | void> {
  switch (request.kind) {
    case 'propose':
      return proposeCommand(context, request);
    case 'help':
      return helpCommand(context, request);
    case 'list':
      return listCommand(context, request);
    case 'show':
      return showCommand(context, request);
    case 'supersede':
      return supersedeCommand(context, request);
    case 'export':
      return exportCommand(context, request);
    case 'digest':
      return request.here ? digestHereCommand(context) : digestPreviewCommand(context);
    case 'digestSchedule':
      return digestScheduleCommand(context, request);
    case 'watch':
    case 'unwatch':
      return watchCommand(context, request);
    case 'triggers':
      return triggersCommand(context, request);
    case 'touchpoints':
      return touchpointsCommand(context, request);
    case 'approvers':
      return approversCommand(context, request);
    case 'required':
      return requiredCommand(context, request);
    case 'customer':
      return customerCommand(context, request);
    case 'feedback':
      return feedbackCommand(context, request);
    case 'feedbackEmoji':
      return feedbackEmojiCommand(context, request);
  }
}
