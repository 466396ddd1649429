import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { charCount } from '../../decisions/characters.js';
import { isInvisible, storable } from '../../decisions/slackText.js';
import type { Services } from '../../services.js';
import { briefingQuestionText } from '../../views/briefing.js';
import { QUESTION_BLOCK, QUESTION_MAX } from '../../views/pathModal.js';
import { NOT_BRIEFED_TO_ASK, NOT_SAVED, QUESTION_EMPTY } from '../../views/replies.js';
import { tryStore } from '../tryStore.js';
import { readMetadata } from './readForm.js';

const submissionSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string().max(3000),
    state: z.object({
      values: z.object({
        [QUESTION_BLOCK]: z
          .object({ value: z.object({ value: z.string().nullish() }).partial() })
          .partial()
          .optional(),
      }),
    }),
  }),
});

const metadataSchema = z.object({ decisionId: z.number().int().positive(), round: z.number().int().positive() });

/**
 * A briefed person's question: queued in the outbox (stored before Slack is called) as a line in the
 * decision's thread naming them, then posted.
 */
export function briefingQuestionSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const refuse = (text: string) => ack({ response_action: 'errors', errors: { [QUESTION_BLOCK]: text } });
    const parsed = submissionSchema.safeParse(body);
    const metadata = parsed.success ? readMetadata(metadataSchema, parsed.data.view.private_metadata) : undefined;
    if (!parsed.success || !metadata?.success) return refuse(NOT_BRIEFED_TO_ASK);
    const { team, user, view } = parsed.data;
    const question = storable(view.state.values[QUESTION_BLOCK]?.value?.value ?? '').trim();
    if (isInvisible(question)) return refuse(QUESTION_EMPTY);
    if (charCount(question) > QUESTION_MAX) return refuse(`Keep your question to ${QUESTION_MAX} characters or fewer.`);
    const decision = await services.frontLine.askable(team.id, metadata.data.decisionId, user.id);
    if (!decision) return refuse(NOT_BRIEFED_TO_ASK);
    const key = `briefing-question:${decision.id}:${user.id}:${services.now().getTime()}`;
    const stored = await tryStore(logger, `a question about decision ${decision.id}`, () =>
      services.posts.queueAnnounce(decision, key, briefingQuestionText(user.id, question)),
    );
    if (!stored.ok) return refuse(NOT_SAVED);
    await ack();
    services.defer(() => services.posts.drainOutbox(client, team.id));
  };
}
