import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { HOME_FILTERS, type HomeFilter } from '../../decisions/reviewService.js';
import { buildProposeModal } from '../../views/proposeModal.js';
import { type HomeState, publishHome } from '../publishHome.js';
import { isCategory } from '../../decisions/feedbackForm.js';
import { ALL_TOPICS } from '../../views/home.js';
import { openModal } from '../../slack/modal.js';
import { formNotOpenedText } from '../../views/replies.js';
import { tellPerson } from '../../slack/tellPerson.js';

const viewActionSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ selected_option: z.object({ value: z.string() }).nullish() })).length(1),
  view: z.object({ private_metadata: z.string().max(3000).optional() }).optional(),
});

const homeStateSchema = z.object({
  filter: z.enum(HOME_FILTERS as [HomeFilter, ...HomeFilter[]]).optional(),
  topic: z.string().refine(isCategory).optional(),
});

/** What the Home showed when the person clicked (its private_metadata); nothing chosen when unreadable. */
export function homeStateOf(body: unknown): HomeState {
  const raw = (body as { view?: { private_metadata?: unknown } }).view?.private_metadata;
  try {
    const parsed = homeStateSchema.safeParse(JSON.parse(String(raw)));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

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
    await publishHome(services, client, logger, parsed.data.team.id, parsed.data.user.id, {
      ...homeStateOf(body),
      filter: chosen as HomeFilter,
    });
  };
}

/** The topic filter of the Home's "Customer voice": the Home is drawn again with that topic's feedback. */
export function homeFeedbackTopic(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const parsed = viewActionSchema.safeParse(body);
    const chosen = parsed.success ? parsed.data.actions[0]?.selected_option?.value : undefined;
    if (!parsed.success || chosen === undefined || (chosen !== ALL_TOPICS && !isCategory(chosen))) return;
    await publishHome(services, client, logger, parsed.data.team.id, parsed.data.user.id, {
      ...homeStateOf(body),
      topic: chosen === ALL_TOPICS ? undefined : chosen,
    });
  };
}
