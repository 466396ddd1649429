import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { HOME_FILTERS, type HomeFilter } from '../../decisions/reviewService.js';
import { buildProposeModal } from '../../views/proposeModal.js';
import { publishHome } from '../publishHome.js';
import { openModal } from '../../slack/modal.js';
import { formNotOpenedText } from '../../views/replies.js';
import { tellPerson } from '../../slack/tellPerson.js';

const viewActionSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ selected_option: z.object({ value: z.string() }).nullish() })).length(1),
});

/** "Propose a decision" on the Home tab. */
export function homePropose(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const parsed = viewActionSchema.safeParse(body);
    if (!parsed.success) return;
    const { trigger_id: triggerId, user, team } = parsed.data;
    const view = buildProposeModal({}, await services.frontLine.stagesFor(team.id));
    await openModal(client, logger, { triggerId, view, what: 'the proposal form' }, () =>
      tellPerson(client, logger, { userId: user.id }, formNotOpenedText('click *Propose a decision*')),
    );
  };
}

/** The status filter on the Home tab: the Home is drawn again with the chosen status. */
export function homeFilter(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const parsed = viewActionSchema.safeParse(body);
    const chosen = parsed.success ? parsed.data.actions[0]?.selected_option?.value : undefined;
    if (!parsed.success || !HOME_FILTERS.includes(chosen as HomeFilter)) return;
    await publishHome(services, client, logger, parsed.data.team.id, parsed.data.user.id, chosen as HomeFilter);
  };
}
