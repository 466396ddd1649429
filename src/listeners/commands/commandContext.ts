import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { DecisionCommand } from '../../decisions/commandText.js';
import type { Services } from '../../services.js';
import { openModal } from '../../slack/modal.js';
import { formNotOpenedText } from '../../views/replies.js';

/** What a `/decision` subcommand has to work with: who asked, where, and how to answer them. */
export interface CommandContext {
  services: Services;
  teamId: string;
  channelId: string;
  userId: string;
  client: AllMiddlewareArgs['client'];
  logger: AllMiddlewareArgs['logger'];
  respond: SlackCommandMiddlewareArgs['respond'];
  /** An ephemeral reply to the person who ran the command. */
  reply(text: string): Promise<unknown>;
  /** Opens a form with the command's trigger; if Slack refuses, tells the person to run `command` again. */
  openForm(view: Parameters<typeof openModal>[2]['view'], command: string): Promise<boolean>;
}

export type Subcommand<K extends DecisionCommand['kind'] = DecisionCommand['kind']> = (
  context: CommandContext,
  request: Extract<DecisionCommand, { kind: K }>,
) => Promise<void>;

export function commandContext(
  services: Services,
  who: { teamId: string; channelId: string; userId: string; triggerId: string },
  args: Pick<AllMiddlewareArgs, 'client' | 'logger'> & Pick<SlackCommandMiddlewareArgs, 'respond'>,
): CommandContext {
  const { client, logger, respond } = args;
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  return {
    services,
    teamId: who.teamId,
    channelId: who.channelId,
    userId: who.userId,
    client,
    logger,
    respond,
    reply,
    openForm: (view, command) =>
      openModal(client, logger, { triggerId: who.triggerId, view, what: 'a form' }, () =>
        reply(formNotOpenedText(`run \`${command}\``)),
      ),
  };
}
