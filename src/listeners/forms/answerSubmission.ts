import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import {
  answerBlocks,
  answerMetadataSchema,
  CITATIONS_BLOCK,
  CITATIONS_INVALID,
  checkAnswerForm,
} from '../../views/answerModal.js';
import { CUSTOMER_PROFILE_BLOCK, checkCustomerProfileForm } from '../../views/customerProfileModal.js';
import type { Services } from '../../services.js';
import { ANSWER_FORM_STALE, NOT_SAVED, NOT_YOURS_TO_SEE, notAnswerableText } from '../../views/replies.js';
import { publishHome } from '../publishHome.js';
import { tryStore } from '../tryStore.js';
import { canSee, membership } from '../visibility.js';
import { readMetadata } from './readForm.js';

const stateValueSchema = z
  .object({
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z
      .array(z.object({ value: z.string() }))
      .max(10)
      .nullish(),
  })
  .partial();

const submissionSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string().max(3000),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValueSchema)) }),
  }),
});

/** Answers submitted: checked, stored with history, then the prompts and the card are redrawn. */
export function answerSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = submissionSchema.safeParse(body);
    const metadata = parsed.success ? readMetadata(answerMetadataSchema, parsed.data.view.private_metadata) : undefined;
    if (!parsed.success || !metadata?.success) {
      logger.warn('Refusing an answer form whose payload or metadata could not be read.');
      await ack({
        response_action: 'errors',
        errors: { [answerBlocks(1).choice]: ANSWER_FORM_STALE },
      });
      return;
    }
    const { team, user, view } = parsed.data;
    const { decisionId, questions } = metadata.data;
    const firstBlock = answerBlocks(questions[0] ?? 1).choice;
    const values = view.state.values;
    const answerable = await services.answers.answerable(team.id, decisionId);
    if (!answerable.ok) {
      await ack({ response_action: 'errors', errors: { [firstBlock]: notAnswerableText(answerable.status) } });
      return;
    }
    if (!(await canSee(services, client, answerable.decision, user.id))) {
      logger.warn(`Refusing an answer to decision ${decisionId} from ${user.id}, who is not in its private channel.`);
      await ack({ response_action: 'errors', errors: { [firstBlock]: NOT_YOURS_TO_SEE } });
      return;
    }
    const checked = checkAnswerForm(
      questions.map((question) => {
        const blocks = answerBlocks(question);
        return {
          question,
          choice: values[blocks.choice]?.value?.selected_option?.value,
          text: values[blocks.text]?.value?.value,
        };
      }),
    );
    const profile = checkCustomerProfileForm(values[CUSTOMER_PROFILE_BLOCK]?.value?.value);
    if (!checked.ok || !profile.ok) {
      await ack({
        response_action: 'errors',
        errors: {
          ...(checked.ok ? {} : checked.errors),
          ...(profile.ok ? {} : { [CUSTOMER_PROFILE_BLOCK]: profile.error }),
        },
      });
      return;
    }
    const cited = (values[CITATIONS_BLOCK]?.value?.selected_options ?? []).map((o) => o.value);
    const citations = cited.map(Number);
    const citationsValid =
      cited.length === 0 ||
      (questions.includes(2) &&
        cited.every((v) => /^\d{1,12}$/.test(v)) &&
        (await services.feedback.citable(team.id, citations, user.id, membership(services, client))));
    if (!citationsValid) {
      logger.warn(`Refusing an answer to decision ${decisionId} citing feedback that is not among those shown.`);
      await ack({ response_action: 'errors', errors: { [CITATIONS_BLOCK]: CITATIONS_INVALID } });
      return;
    }
    const stored = await tryStore(logger, `answers to decision ${decisionId}`, () =>
      services.answers.record(team.id, decisionId, user.id, checked.answers, profile.profile, citations),
    );
    if (!stored.ok) {
      // The form stays open with everything typed in it, so nothing is lost.
      await ack({ response_action: 'errors', errors: { [firstBlock]: NOT_SAVED } });
      return;
    }
    await ack();
    services.defer(async () => {
      await services.posts.refresh(client, answerable.decision);
      await publishHome(services, client, logger, team.id, user.id);
    });
  };
}
