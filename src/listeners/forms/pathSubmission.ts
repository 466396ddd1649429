import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { PATH_LIMITS } from '../../decisions/customerPath.js';
import { groupHandles, validatePathForm } from '../../decisions/pathForm.js';
import type { Services } from '../../services.js';
import { slackErrorCode } from '../../slack/api.js';
import { GROUPS_NOT_READ, PATH_BLOCKS, PATH_FORM_UNREADABLE, pathErrors, stageBlock } from '../../views/pathModal.js';
import { NOT_SAVED, NOT_YOURS_TO_SEE, PATH_NOT_OPEN } from '../../views/replies.js';
import { tryStore } from '../tryStore.js';
import { canSee } from '../visibility.js';
import { readMetadata } from './readForm.js';

const stateValueSchema = z
  .object({
    value: z.string().nullish(),
    selected_users: z.array(z.string().max(20)).max(100).nullish(),
    selected_conversations: z.array(z.string().max(20)).max(100).nullish(),
    selected_options: z
      .array(z.object({ value: z.string().max(75) }))
      .max(20)
      .nullish(),
    selected_date: z.string().nullish(),
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

const metadataSchema = z.object({
  decisionId: z.number().int().positive(),
  stages: z
    .array(z.string().min(1).max(PATH_LIMITS.stageName))
    .min(1)
    .max(PATH_LIMITS.stages * 2),
});

/** "Map the customer's path" saved: checked, stored for an open decision the person may see, then the card redrawn. */
export function pathSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const refuse = (text: string) => ack({ response_action: 'errors', errors: { [PATH_BLOCKS.touched]: text } });
    const parsed = submissionSchema.safeParse(body);
    const metadata = parsed.success ? readMetadata(metadataSchema, parsed.data.view.private_metadata) : undefined;
    if (!parsed.success || !metadata?.success) {
      logger.warn("Refusing a customer's path form whose payload or metadata could not be read.");
      await refuse(PATH_FORM_UNREADABLE);
      return;
    }
    const { team, user, view } = parsed.data;
    const { decisionId, stages } = metadata.data;
    const decision = await services.decisions.find(team.id, decisionId);
    if (!decision) return refuse(PATH_FORM_UNREADABLE);
    if (!(await canSee(services, client, decision, user.id))) return refuse(NOT_YOURS_TO_SEE);
    if (decision.status !== 'open') return refuse(PATH_NOT_OPEN);
    const values = view.state.values;
    const field = (index: number, name: Parameters<typeof stageBlock>[1]) => values[stageBlock(index, name)]?.value;
    const fields = stages.map((_, index) => ({
      note: field(index, 'note')?.value,
      users: field(index, 'users')?.selected_users,
      groups: field(index, 'groups')?.value,
      channels: field(index, 'channels')?.selected_conversations,
      reason: field(index, 'reason')?.value,
    }));
    let groups = new Map<string, string>();
    if (fields.some((f) => groupHandles(f.groups ?? '').length > 0)) {
      try {
        groups = await services.directory.usergroupsByHandle(client);
      } catch (error) {
        logger.warn(`Could not list user groups: ${slackErrorCode(error)}`);
        return refuse(GROUPS_NOT_READ);
      }
    }
    const checked = validatePathForm(
      {
        stages,
        touched: (values[PATH_BLOCKS.touched]?.value?.selected_options ?? []).map((o) => o.value),
        goLive: values[PATH_BLOCKS.goLive]?.value?.selected_date,
        fields,
      },
      groups,
      services.now(),
    );
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: pathErrors(checked.problems) });
      return;
    }
    const stored = await tryStore(logger, `the customer's path of decision ${decisionId}`, () =>
      services.frontLine.mapPath({
        teamId: team.id,
        decisionId,
        userId: user.id,
        goLive: checked.goLive,
        stages: checked.stages,
      }),
    );
    if (!stored.ok) return refuse(NOT_SAVED);
    if (!stored.value) return refuse(PATH_NOT_OPEN);
    await ack();
    services.defer(() => services.posts.refresh(client, decision));
  };
}
