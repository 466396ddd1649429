import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { CUSTOMER_PROFILE_BLOCK, checkCustomerProfileForm } from '../../views/customerProfileModal.js';
import type { Services } from '../../services.js';
import { CUSTOMER_PROFILE_EMPTY, CUSTOMER_PROFILE_REFUSED, NOT_SAVED } from '../../views/replies.js';
import { tryStore } from '../tryStore.js';

const submissionSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    state: z.object({
      values: z.object({
        [CUSTOMER_PROFILE_BLOCK]: z.object({ value: z.object({ value: z.string().nullish() }) }),
      }),
    }),
  }),
});

/**
 * `/decision customer` saved: the workspace's description of its typical customer. Who may save it is
 * checked again here, because a form can be submitted by someone it was never opened for.
 */
export function customerProfileSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = submissionSchema.safeParse(body);
    const checked = parsed.success
      ? checkCustomerProfileForm(parsed.data.view.state.values.customer_profile.value.value)
      : undefined;
    if (!parsed.success || !checked?.ok || !checked.profile) {
      const error = checked && !checked.ok ? checked.error : CUSTOMER_PROFILE_EMPTY;
      await ack({ response_action: 'errors', errors: { [CUSTOMER_PROFILE_BLOCK]: error } });
      return;
    }
    const { team, user } = parsed.data;
    const profile = checked.profile;
    const allowed = await services.settings.check(
      team.id,
      user.id,
      () => services.directory.isWorkspaceAdmin(client, team.id, user.id),
      { firstCustomerProfile: (await services.settings.customerProfile(team.id)) === null },
    );
    if (!allowed.ok) {
      await ack({ response_action: 'errors', errors: { [CUSTOMER_PROFILE_BLOCK]: CUSTOMER_PROFILE_REFUSED } });
      return;
    }
    const stored = await tryStore(logger, 'the customer description', () =>
      services.settings.setCustomerProfile(team.id, profile, user.id),
    );
    await ack(stored.ok ? undefined : { response_action: 'errors', errors: { [CUSTOMER_PROFILE_BLOCK]: NOT_SAVED } });
  };
}
