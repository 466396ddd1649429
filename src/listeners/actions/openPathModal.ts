import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { openModal } from '../../slack/modal.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { slackErrorCode } from '../../slack/api.js';
import { buildPathModal, formStages } from '../../views/pathModal.js';
import { formNotOpenedText, PATH_NOT_OPEN } from '../../views/replies.js';
import { decisionIdFrom, parseButtonClick } from './buttonClick.js';
import { findClickedDecision } from './findClickedDecision.js';

/** "Map the customer's path" on an open decision's card: the form, filled in with what is mapped so far. */
export function openPathModal(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const click = parseButtonClick(body);
    if (!click) return;
    const found = await findClickedDecision(services, client, click, decisionIdFrom(click.value));
    if (!found.ok) {
      if (found.message) await tellPerson(client, logger, click, found.message);
      return;
    }
    const { decision } = found;
    if (decision.status !== 'open') {
      await tellPerson(client, logger, click, PATH_NOT_OPEN);
      return;
    }
    const mapped = await services.frontLine.pathOf(decision.teamId, decision.id);
    const groupHandles = new Map<string, string>();
    if (mapped.some((t) => t.usergroups.length > 0)) {
      try {
        for (const [handle, id] of await services.directory.usergroupsByHandle(client)) groupHandles.set(id, handle);
      } catch (error) {
        // The form still opens; the groups show by id until Slack lists them again.
        logger.warn(`Could not list user groups: ${slackErrorCode(error)}`);
      }
    }
    const view = buildPathModal({
      decision,
      stages: formStages(await services.frontLine.stagesFor(decision.teamId), mapped),
      mapped,
      groupHandles,
    });
    await openModal(client, logger, { triggerId: click.triggerId, view, what: "the customer's path form" }, () =>
      tellPerson(client, logger, click, formNotOpenedText('click')),
    );
  };
}
