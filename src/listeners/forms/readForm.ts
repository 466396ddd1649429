import { z } from 'zod';
import { decisionMetadataSchema } from '../../views/predictionViews.js';

const stateValueSchema = z
  .object({
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
  })
  .partial();

/** A submitted form naming one decision in its private_metadata, with its inputs keyed by block id. */
const decisionFormSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string().max(3000),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValueSchema)) }),
  }),
});

export type FormValue = z.infer<typeof stateValueSchema>;

/** Reads a decision form's submission; undefined when the payload or its metadata is not one of ours. */
export function readDecisionForm(body: unknown):
  | {
      teamId: string;
      userId: string;
      decisionId: number;
      value: (block: string) => FormValue | undefined;
    }
  | undefined {
  const parsed = decisionFormSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const metadata = readMetadata(decisionMetadataSchema, parsed.data.view.private_metadata);
  if (!metadata?.success) return undefined;
  const values = parsed.data.view.state.values;
  return {
    teamId: parsed.data.team.id,
    userId: parsed.data.user.id,
    decisionId: metadata.data.decisionId,
    value: (block) => values[block]?.value,
  };
}

/** A form's private_metadata read with `schema`; undefined when it is not JSON at all. */
export function readMetadata<T extends z.ZodType>(
  schema: T,
  raw: string,
): z.ZodSafeParseResult<z.output<T>> | undefined {
  try {
    return schema.safeParse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
