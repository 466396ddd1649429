import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { checkFeedbackForm, FEEDBACK_BLOCKS, feedbackMetadataSchema } from '../../views/feedback.js';
import { FEEDBACK_FORM_STALE, FEEDBACK_SAVED, FEEDBACK_SAVED_MEANWHILE, NOT_SAVED } from '../../views/replies.js';
import { learnFeedbackPrivacy } from '../feedbackAccess.js';
import { tryStore } from '../tryStore.js';
import { readMetadata } from './readForm.js';

const stateValueSchema = z
  .object({ value: z.string().nullish(), selected_option: z.object({ value: z.string() }).nullish() })
  .partial();

const submissionSchema = z.object({
  team: z.object({ id: z.string().min(1), enterprise_id: z.string().nullish() }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string().max(3000),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValueSchema)) }),
  }),
});

/** "Save as customer feedback" submitted: checked, stored once per message, confirmed only to the saver. */
export function feedbackSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = submissionSchema.safeParse(body);
    const metadata = parsed.success
      ? readMetadata(feedbackMetadataSchema, parsed.data.view.private_metadata)
      : undefined;
    if (!parsed.success || !metadata?.success) {
      logger.warn('Refusing a feedback form whose payload or metadata could not be read.');
      await ack({ response_action: 'errors', errors: { [FEEDBACK_BLOCKS.text]: FEEDBACK_FORM_STALE } });
      return;
    }
    const { team, user, view } = parsed.data;
    const values = view.state.values;
    const field = (block: string) => values[block]?.value;
    const checked = checkFeedbackForm({
      text: field(FEEDBACK_BLOCKS.text)?.value,
      source: field(FEEDBACK_BLOCKS.source)?.selected_option?.value,
      sentiment: field(FEEDBACK_BLOCKS.sentiment)?.selected_option?.value,
      category: field(FEEDBACK_BLOCKS.category)?.selected_option?.value,
      tags: field(FEEDBACK_BLOCKS.tags)?.value,
    });
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: checked.errors });
      return;
    }
    const origin = { teamId: team.id, enterpriseId: team.enterprise_id ?? undefined, ...metadata.data };
    const stored = await tryStore(logger, 'customer feedback', () =>
      services.feedback.saveFromMessage(origin, checked.feedback, user.id),
    );
    if (!stored.ok || !stored.value.created) {
      await ack({
        response_action: 'errors',
        errors: { [FEEDBACK_BLOCKS.text]: stored.ok ? FEEDBACK_SAVED_MEANWHILE : NOT_SAVED },
      });
      return;
    }
    await ack();
    services.defer(async () => {
      await learnFeedbackPrivacy(services, client, team.id, origin.channelId);
      await tellPerson(client, logger, { userId: user.id, channelId: origin.channelId }, FEEDBACK_SAVED);
    });
  };
}
