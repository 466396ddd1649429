import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { buildAnswerModal } from '../../views/answerModal.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { decisionIdFrom, parseButtonClick } from './buttonClick.js';
import { findClickedDecision } from './findClickedDecision.js';
import { openModal } from '../../slack/modal.js';
import { membership } from '../visibility.js';
import { formNotOpenedText, notAnswerableText } from '../../views/replies.js';

/** "Answer" on a prompt (one question, value `id:question`) or on the card (all three, value `id`). */
export function openAnswerModal(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const click = parseButtonClick(body);
    if (!click) return;
    const [idPart = '', questionPart] = click.value.split(':');
    const question = questionPart === undefined ? undefined : Number(questionPart);
    if (question !== undefined && question !== 1 && question !== 2 && question !== 3) return;
    const found = await findClickedDecision(services, client, click, decisionIdFrom(idPart));
    if (!found.ok) {
      if (found.message) await tellPerson(client, logger, click, found.message);
      return;
    }
    const answerable = await services.answers.answerable(click.teamId, found.decision.id);
    if (!answerable.ok) {
      await tellPerson(
        client,
        logger,
        { userId: click.userId, channelId: click.channelId },
        notAnswerableText(answerable.status),
      );
      return;
    }
    const questions: readonly (1 | 2 | 3)[] = question === undefined ? [1, 2, 3] : [question];
    const feedback = questions.some((q) => q !== 3)
      ? await services.feedback.relatedFor(answerable.decision, click.userId, membership(services, client))
      : [];
    const previous = await services.answers.previousAnswers(click.teamId, found.decision.id, click.userId);
    const previousCustomerView = previous.find((a) => a.question === 2);
    const view = buildAnswerModal({
      decision: answerable.decision,
      questions,
      feedback,
      cited: previousCustomerView ? await services.feedback.citedByAnswer(click.teamId, previousCustomerView.id) : [],
      teamUrl: services.teamUrl(click.teamId),
      previous,
      customerProfile: await services.settings.customerProfile(click.teamId),
    });
    await openModal(client, logger, { triggerId: click.triggerId, view, what: 'the answer form' }, () =>
      tellPerson(client, logger, click, formNotOpenedText('click')),
    );
  };
}
