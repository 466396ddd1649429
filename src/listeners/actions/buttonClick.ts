import { z } from 'zod';

const buttonClickSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ value: z.string().max(100) })).length(1),
});

export interface ButtonClick {
  teamId: string;
  userId: string;
  /** Where the button was clicked; absent for buttons in views (App Home, modals). */
  channelId: string | undefined;
  triggerId: string;
  value: string;
}

/** Reads a block_actions button click; undefined when the payload is not one. */
export function parseButtonClick(body: unknown): ButtonClick | undefined {
  const parsed = buttonClickSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { team, user, channel, trigger_id: triggerId, actions } = parsed.data;
  return { teamId: team.id, userId: user.id, channelId: channel?.id, triggerId, value: actions[0]?.value ?? '' };
}

/** A decision id as the buttons carry it; anything else is not ours. */
export function decisionIdFrom(value: string): number | undefined {
  return /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}
