import type { App } from '@slack/bolt';
import type { Services } from '../services.js';

export function registerListeners(app: App, services: Services): void {
  void app;
  void services;
}
