import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { ackThenDefer } from '../ackThenDefer.js';
import { ignoreRetriedEvents } from '../middleware/ignoreRetriedEvents.js';
import { appHomeOpened } from './appHomeOpened.js';
import { botJoinedChannel } from './botJoinedChannel.js';
import { channelMadePrivate } from './channelMadePrivate.js';
import { memberLeftChannel } from './memberLeftChannel.js';
import { messageDeleted } from './messageDeleted.js';
import { messageEdited } from './messageEdited.js';
import { messagePosted } from './messagePosted.js';
import { reactionAdded } from './reactionAdded.js';
import { feedbackReaction } from './feedbackReaction.js';
import { CHAIR_REACTION } from '../../decisions/triggers.js';

export function registerEvents(app: App, services: Services): void {
  const once = ignoreRetriedEvents(services);
  // A retried message event needs no event-id row: a message becomes at most one decision or one
  // discussion entry through their unique (team, channel, ts) keys, so ordinary chatter writes nothing.
  const bySubtype = new Map([
    ['message_changed', messageEdited(services)],
    ['message_deleted', messageDeleted(services)],
    ['channel_convert_to_private', channelMadePrivate(services)],
  ]);
  const posted = messagePosted(services);
  // One listener routes every message event, as the action router does for clicks.
  app.event('message', async (args) => {
    const subtype = 'subtype' in args.event ? args.event.subtype : undefined;
    await (subtype ? (bySubtype.get(subtype) ?? posted) : posted)(args);
  });
  const chair = reactionAdded(services);
  const heard = feedbackReaction(services);
  // :chair: proposes a decision; the workspace's feedback reaction saves customer feedback.
  app.event(
    'reaction_added',
    once,
    ackThenDefer(services, (args: SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs) =>
      (args.event.reaction === CHAIR_REACTION ? chair : heard)(args),
    ),
  );
  app.event('member_joined_channel', once, ackThenDefer(services, botJoinedChannel(services)));
  app.event('member_left_channel', memberLeftChannel(services));
  app.event('app_home_opened', ackThenDefer(services, appHomeOpened(services)));
}
