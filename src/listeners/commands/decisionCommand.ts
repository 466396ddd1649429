import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { type DecisionCommand, parseDecisionCommand } from '../../decisions/commandText.js';
import type { Services } from '../../services.js';
import { COMMAND_FAILED, COMMAND_INCOMPLETE } from '../../views/replies.js';
import { type CommandContext, commandContext } from './commandContext.js';
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

/** `/decision` and its subcommands. Acks at once; the work and the answers follow. */
export function decisionCommand(services: Services) {
  return async ({ command, ack, client, respond, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      await ack({ response_type: 'ephemeral', text: COMMAND_INCOMPLETE });
      return;
    }
    await ack();
    const { team_id: teamId, channel_id: channelId, user_id: userId, trigger_id: triggerId, text } = parsed.data;
    const context = commandContext(services, { teamId, channelId, userId, triggerId }, { client, logger, respond });
    services.defer(async () => {
      try {
        await runSubcommand(context, parseDecisionCommand(text));
      } catch (error) {
        // Acknowledged but not done (the database refused a write, …): the person must not think it was.
        logger.error(`/decision failed: ${error instanceof Error ? error.message : String(error)}`);
        await context.reply(COMMAND_FAILED);
      }
    });
  };
}

function runSubcommand(context: CommandContext, request: DecisionCommand): Promise<void> {
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
