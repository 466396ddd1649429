import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { CUSTOMER_PROFILE_BLOCK, validateCustomerProfile } from '../../decisions/answerForm.js';
import type { Services } from '../../services.js';

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

/** `/decision customer` saved: the workspace's description of its typical customer. */
export function customerProfileSubmission(services: Services) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = submissionSchema.safeParse(body);
    const checked = parsed.success
      ? validateCustomerProfile(parsed.data.view.state.values.customer_profile.value.value)
      : undefined;
    if (!parsed.success || !checked?.ok || !checked.profile) {
      const error = checked && !checked.ok ? checked.error : 'Describe our typical customer in a few words.';
      await ack({ response_action: 'errors', errors: { [CUSTOMER_PROFILE_BLOCK]: error } });
      return;
    }
    services.answers.setCustomerProfile(parsed.data.team.id, checked.profile, parsed.data.user.id);
    await ack();
  };
}
