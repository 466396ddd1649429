import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, types } from '@slack/bolt';
import type { DecisionCommand } from '../../decisions/commandText.js';
import type { Services } from '../../services.js';
import { openModal } from '../../slack/modal.js';
import { COMMAND_FAILED, formNotOpenedText } from '../../views/replies.js';

/** What a sub-command says to the person who ran it (and to them alone): a sentence, or a message with blocks. */
export type CommandReply = string | { text: string; blocks: types.KnownBlock[] };

/** What a `/decision` sub-command has to work with: who asked, where, and how to answer later. */
export interface CommandContext {
  services: Services;
  teamId: string;
  channelId: string;
  userId: string;
  client: AllMiddlewareArgs['client'];
  logger: AllMiddlewareArgs['logger'];
  /**
   * Runs `work` without holding up the acknowledgement, for what waits on Slack or takes long (opening a form, sending
   * a file, composing the digest); the reply it returns reaches the person through the response_url. If it
   * throws, the person is told the command was not done.
   */
  later(work: () => Promise<CommandReply | void>): void;
  /** Opens a form with the command's trigger (inside `later`); if Slack refuses, tells the person to run `command` again. */
  openForm(view: Parameters<typeof openModal>[2]['view'], command: string): Promise<boolean>;
}

/**
 * A `/decision` sub-command. It returns its reply, and the dispatcher (decisionCommand.ts) sends that in
 * the acknowledgement: one HTTP response, no second request to Slack. It returns nothing when what it does
 * is in `context.later(…)`. A reply that is not ready within the ack's time goes to the response_url instead.
 */
export type Subcommand<K extends DecisionCommand['kind'] = DecisionCommand['kind']> = (
  context: CommandContext,
  request: Extract<DecisionCommand, { kind: K }>,
) => Promise<CommandReply | void>;

/** A reply as Slack takes it, in an ack or through the response_url: seen by the person alone. */
export function ephemeral(reply: CommandReply) {
  return { response_type: 'ephemeral' as const, ...(typeof reply === 'string' ? { text: reply } : reply) };
}

/** Acknowledged but not done (the database refused a write, …): logged, and the person must not think it was. */
export function commandFailed(logger: AllMiddlewareArgs['logger'], error: unknown): CommandReply {
  logger.error(`/decision failed: ${error instanceof Error ? error.message : String(error)}`);
  return COMMAND_FAILED;
}

export function commandContext(
  services: Services,
  who: { teamId: string; channelId: string; userId: string; triggerId: string },
  args: Pick<AllMiddlewareArgs, 'client' | 'logger'> & Pick<SlackCommandMiddlewareArgs, 'respond'>,
): CommandContext {
  const { client, logger, respond } = args;
  const answer = (reply: CommandReply) => respond(ephemeral(reply));
  return {
    services,
    teamId: who.teamId,
    channelId: who.channelId,
    userId: who.userId,
    client,
    logger,
    later: (work) =>
      services.defer(async () => {
        const reply = await work().catch((error: unknown) => commandFailed(logger, error));
        if (reply) await answer(reply);
      }),
    openForm: (view, command) =>
      openModal(client, logger, { triggerId: who.triggerId, view, what: 'a form' }, () =>
        answer(formNotOpenedText(`run \`${command}\``)),
      ),
  };
}
