import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { removeFeedbackMetadataSchema } from '../../views/feedback.js';
import { buildNoticeModal } from '../../views/notice.js';
import { FEEDBACK_DELETED, FEEDBACK_GONE, FEEDBACK_REMOVE_REFUSED, NOT_SAVED } from '../../views/replies.js';
import { mayRemove } from '../feedbackAccess.js';
import { publishHome } from '../publishHome.js';
import { tryStore } from '../tryStore.js';
import { readMetadata } from './readForm.js';

const submissionSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({ private_metadata: z.string().max(3000) }),
});

/**
 * "Delete it" on a saved message's feedback (from the shortcut). Who may is checked again here, since a
 * form can be submitted by someone it was never opened for; a refusal replaces the form with why.
 */
export function removeFeedbackSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = submissionSchema.safeParse(body);
    const metadata = parsed.success
      ? readMetadata(removeFeedbackMetadataSchema, parsed.data.view.private_metadata)
      : undefined;
    if (!parsed.success || !metadata?.success) {
      logger.warn('Refusing a feedback removal whose payload or metadata could not be read.');
      await ack({ response_action: 'update', view: buildNoticeModal(FEEDBACK_GONE) });
      return;
    }
    const { team, user } = parsed.data;
    const item = await services.feedback.findById(team.id, metadata.data.feedbackId);
    if (!item) {
      await ack({ response_action: 'update', view: buildNoticeModal(FEEDBACK_GONE) });
      return;
    }
    if (!(await mayRemove(services, client, item, user.id))) {
      await ack({ response_action: 'update', view: buildNoticeModal(FEEDBACK_REMOVE_REFUSED) });
      return;
    }
    const removed = await tryStore(logger, `the removal of feedback ${item.id}`, () =>
      services.feedback.remove(team.id, item.id),
    );
    await ack({ response_action: 'update', view: buildNoticeModal(removed.ok ? FEEDBACK_DELETED : NOT_SAVED) });
    if (removed.ok) services.defer(() => publishHome(services, client, logger, team.id, user.id));
  };
}
