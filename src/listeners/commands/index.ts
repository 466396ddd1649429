import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { notOurCommandText } from '../../views/replies.js';
import { decisionCommand } from './decisionCommand.js';

export function registerCommands(app: App, services: Services): void {
  const decision = decisionCommand(services);
  app.command(/.*/, async (args) => {
    if (args.command.command === '/decision') return decision(args);
    await args.ack({
      response_type: 'ephemeral',
      text: notOurCommandText(args.command.command),
    });
  });
}
