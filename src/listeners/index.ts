import type { App } from '@slack/bolt';
import type { Services } from '../services.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { registerShortcuts } from './shortcuts/index.js';
import { registerForms } from './forms/index.js';

export function registerListeners(app: App, services: Services): void {
  registerCommands(app, services);
  registerEvents(app, services);
  registerActions(app, services);
  registerForms(app, services);
  registerShortcuts(app, services);
}
