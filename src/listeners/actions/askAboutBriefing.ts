import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { openModal } from '../../slack/modal.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { parseBriefingValue } from '../../views/briefing.js';
import { buildQuestionModal } from '../../views/pathModal.js';
import { formNotOpenedText, NOT_BRIEFED_TO_ASK } from '../../views/replies.js';
import { parseButtonClick } from './buttonClick.js';

/** "I have a question" on a briefing: a form whose question goes to the decision's thread. */
export function askAboutBriefing(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const click = parseButtonClick(body);
    const target = click && parseBriefingValue(click.value);
    if (!click || !target) return;
    const decision = await services.frontLine.askable(click.teamId, target.decisionId, click.userId);
    if (!decision) {
      await tellPerson(client, logger, click, NOT_BRIEFED_TO_ASK);
      return;
    }
    const view = buildQuestionModal(decision.id, target.round, decision.title);
    await openModal(client, logger, { triggerId: click.triggerId, view, what: 'the question form' }, () =>
      tellPerson(client, logger, click, formNotOpenedText('click')),
    );
  };
}
