import type { App } from '@slack/bolt';
import type { Services } from '../services.js';
import { ANSWER_CALLBACK } from '../views/answerModal.js';
import { CUSTOMER_PROFILE_CALLBACK } from '../views/customerProfileModal.js';
import { CARD_ACTIONS } from '../views/decisionCard.js';
import { HOME_ACTIONS } from '../views/home.js';
import { PROPOSE_CALLBACK } from '../views/proposeModal.js';
import { ANSWER_QUESTION_ACTION } from '../views/questionPrompt.js';
import { REVIEW_SHORTCUT } from './shortcuts/reviewMessage.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches every id except the given ones, so a fallback never runs beside the real listener. */
function anythingBut(ids: readonly string[]): RegExp {
  return new RegExp(`^(?!(?:${ids.map(escapeRegExp).join('|')})$)`);
}

/**
 * Buttons from old messages, forms of an older version, or forged payloads: each is acknowledged
 * (so Slack shows no error and does not retry), logged, and changes nothing.
 */
export function registerUnknownRequests(app: App, services: Services): void {
  const knownActions = [...Object.values(CARD_ACTIONS), ...Object.values(HOME_ACTIONS), ANSWER_QUESTION_ACTION];
  app.command(anythingBut(['/decision']), async ({ ack, command }) => {
    await ack({
      response_type: 'ephemeral',
      text: `Empty Chair only answers /decision; ${command.command} is not one of its commands.`,
    });
  });
  app.action({ action_id: anythingBut(knownActions) }, async ({ ack, action }) => {
    await ack();
    services.logger.warn(`Ignoring an unknown action: ${'action_id' in action ? action.action_id : action.type}`);
  });
  app.view(
    { callback_id: anythingBut([PROPOSE_CALLBACK, ANSWER_CALLBACK, CUSTOMER_PROFILE_CALLBACK]) },
    async ({ ack, view }) => {
      await ack();
      services.logger.warn(`Ignoring a submission of an unknown form: ${view.callback_id}`);
    },
  );
  app.shortcut({ callback_id: anythingBut([REVIEW_SHORTCUT]) }, async ({ ack, shortcut }) => {
    await ack();
    services.logger.warn(`Ignoring an unknown shortcut: ${shortcut.callback_id}`);
  });
}
