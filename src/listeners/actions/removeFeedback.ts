import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { FEEDBACK_GONE, FEEDBACK_REMOVE_REFUSED, NOT_SAVED } from '../../views/replies.js';
import { mayRemove } from '../feedbackAccess.js';
import { publishHome } from '../publishHome.js';
import { tryStore } from '../tryStore.js';
import { homeStateOf } from './homeControls.js';

const clickSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  actions: z.array(z.object({ value: z.string().regex(/^\d{1,12}$/) })).length(1),
});

/** "Delete" beside an item in the Home's "Customer voice": who may is checked again, then the words go. */
export function removeFeedback(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const parsed = clickSchema.safeParse(body);
    if (!parsed.success) {
      logger.warn('Ignoring a feedback removal click that could not be read.');
      return;
    }
    const { team, user, actions } = parsed.data;
    const tell = (text: string) => tellPerson(client, logger, { userId: user.id }, text);
    const item = await services.feedback.findById(team.id, Number(actions[0]?.value));
    if (!item) {
      await tell(FEEDBACK_GONE);
      return;
    }
    if (!(await mayRemove(services, client, item, user.id))) {
      await tell(FEEDBACK_REMOVE_REFUSED);
      return;
    }
    const removed = await tryStore(logger, `the removal of feedback ${item.id}`, () =>
      services.feedback.remove(team.id, item.id),
    );
    if (!removed.ok) {
      await tell(NOT_SAVED);
      return;
    }
    await publishHome(services, client, logger, team.id, user.id, homeStateOf(body));
  };
}
