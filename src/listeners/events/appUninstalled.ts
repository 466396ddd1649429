import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Installations } from '../../slack/installations.js';

/** The envelope of both events: a workspace's names its team, an org-wide install's only its org. */
const Envelope = z.object({ team_id: z.string().min(1).optional(), enterprise_id: z.string().min(1).optional() });

/** tokens_revoked lists the users whose tokens went; the bot's user among them means the install is gone. */
const TokensRevoked = z.object({ tokens: z.object({ bot: z.array(z.string()).optional() }) });

/**
 * Distributed mode: `app_uninstalled`, and `tokens_revoked` for the bot, delete the installation, so the
 * workspace gets no more requests served, digests, reminders or posts. They arrive in either order and may
 * come more than once; each deletes what is still there. Bolt delivers both without an installation.
 */
export function registerUninstallListeners(app: App, installations: Installations): void {
  const uninstall = async (body: unknown) => {
    const envelope = Envelope.safeParse(body);
    if (!envelope.success) return;
    await installations.uninstalled(envelope.data.team_id, envelope.data.enterprise_id);
  };
  app.event('app_uninstalled', async ({ body }) => uninstall(body));
  app.event('tokens_revoked', async ({ event, body }) => {
    const revoked = TokensRevoked.safeParse(event);
    if (revoked.success && (revoked.data.tokens.bot?.length ?? 0) > 0) await uninstall(body);
  });
}
