import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { decisionCommand } from './decisionCommand.js';

export function registerCommands(app: App, services: Services): void {
  app.command('/decision', decisionCommand(services));
}
