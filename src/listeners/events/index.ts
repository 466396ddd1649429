import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { ackThenDefer } from '../ackThenDefer.js';
import { ignoreRetriedEvents } from '../middleware/ignoreRetriedEvents.js';
import { appHomeOpened } from './appHomeOpened.js';
import { botJoinedChannel } from './botJoinedChannel.js';
import { messagePosted } from './messagePosted.js';
import { reactionAdded } from './reactionAdded.js';

export function registerEvents(app: App, services: Services): void {
  const once = ignoreRetriedEvents(services);
  // A retried message event needs no event-id row: a message becomes at most one decision or one
  // discussion entry through their unique (team, channel, ts) keys, so ordinary chatter writes nothing.
  app.event('message', messagePosted(services));
  app.event('reaction_added', once, ackThenDefer(services, reactionAdded(services)));
  app.event('member_joined_channel', once, ackThenDefer(services, botJoinedChannel(services)));
  app.event('app_home_opened', ackThenDefer(services, appHomeOpened(services)));
}
