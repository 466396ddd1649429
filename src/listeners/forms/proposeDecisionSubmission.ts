import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { checkProposalForm, NO_DECISION_TO_REVISIT, PROPOSAL_BLOCKS } from '../../views/proposeModal.js';
import { canSee } from '../visibility.js';
import { NOT_SAVED, PROPOSAL_FORM_UNREADABLE } from '../../views/replies.js';
import type { Services } from '../../services.js';
import { publishAndReport } from '../publishAndReport.js';
import { publishHome } from '../publishHome.js';
import { tryStore } from '../tryStore.js';

const input = <T extends z.ZodTypeAny>(value: T) => z.object({ value }).partial().optional();

const submissionSchema = z.object({
  team: z.object({ id: z.string().min(1), enterprise_id: z.string().optional() }).nullable(),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    state: z.object({
      values: z.object({
        [PROPOSAL_BLOCKS.title]: input(z.object({ value: z.string().nullish() })),
        [PROPOSAL_BLOCKS.description]: input(z.object({ value: z.string().nullish() })),
        [PROPOSAL_BLOCKS.category]: input(z.object({ selected_option: z.object({ value: z.string() }).nullish() })),
        [PROPOSAL_BLOCKS.channel]: input(z.object({ selected_conversation: z.string().nullish() })),
        [PROPOSAL_BLOCKS.decideBy]: input(z.object({ selected_date: z.string().nullish() })),
        [PROPOSAL_BLOCKS.touched]: input(
          z.object({
            selected_options: z
              .array(z.object({ value: z.string().max(75) }))
              .max(20)
              .nullish(),
          }),
        ),
        [PROPOSAL_BLOCKS.goLive]: input(z.object({ selected_date: z.string().nullish() })),
        [PROPOSAL_BLOCKS.revisits]: input(z.object({ value: z.string().max(100).nullish() })),
      }),
    }),
  }),
});

/**
 * "Propose a decision" submitted: invalid input is sent back onto its field and nothing is stored;
 * valid input is stored before the modal closes, then posted.
 */
export function proposeDecisionSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = submissionSchema.safeParse(body);
    if (!parsed.success || !parsed.data.team) {
      await ack({
        response_action: 'errors',
        errors: { [PROPOSAL_BLOCKS.title]: PROPOSAL_FORM_UNREADABLE },
      });
      return;
    }
    const { team, user, view } = parsed.data;
    const values = view.state.values;
    const checked = checkProposalForm(
      {
        title: values.title?.value?.value,
        description: values.description?.value?.value,
        category: values.category?.value?.selected_option?.value,
        channelId: values.channel?.value?.selected_conversation,
        decideBy: values.decide_by?.value?.selected_date,
        touched: values.touchpoints?.value?.selected_options?.map((o) => o.value),
        goLive: values.go_live?.value?.selected_date,
        revisits: values.revisits?.value?.value,
      },
      services.now(),
      (await services.frontLine.stagesFor(team.id)).map((s) => s.name),
    );
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: checked.errors });
      return;
    }
    const { revisits } = checked.proposal;
    const original = revisits === undefined ? undefined : await services.decisions.find(team.id, revisits);
    if (revisits !== undefined && !(original && (await canSee(services, client, original, user.id)))) {
      await ack({ response_action: 'errors', errors: { [PROPOSAL_BLOCKS.revisits]: NO_DECISION_TO_REVISIT } });
      return;
    }
    const stored = await tryStore(logger, 'a proposal', () =>
      services.decisions.propose({
        teamId: team.id,
        enterpriseId: team.enterprise_id,
        proposerId: user.id,
        ...checked.proposal,
      }),
    );
    if (!stored.ok) {
      // The form stays open with everything typed in it, so nothing is lost.
      await ack({ response_action: 'errors', errors: { [PROPOSAL_BLOCKS.title]: NOT_SAVED } });
      return;
    }
    const decision = stored.value;
    await ack();
    services.defer(async () => {
      await publishAndReport(services, client, logger, decision, { userId: user.id });
      await publishHome(services, client, logger, team.id, user.id);
    });
  };
}
