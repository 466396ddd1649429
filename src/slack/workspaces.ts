import type { webApi } from '@slack/bolt';
import type { BotIdentity } from './client.js';

/** One Slack workspace the app serves, with what talking to it needs. */
export interface Workspace {
  teamId: string;
  /** The Enterprise Grid org the workspace belongs to, if any. */
  enterpriseId: string | undefined;
  /** The workspace's address (https://acme.slack.com/), for links to threads. */
  teamUrl: string;
  botUserId: string;
  botId: string;
  /** A Web API client that speaks with this workspace's own bot token. */
  client: webApi.WebClient;
}

/**
 * The workspaces the app serves. In single-workspace mode (SLACK_BOT_TOKEN) that is the one of the token;
 * in distributed mode (OAuth) every workspace with an installation, org-wide installs included. Background
 * work (digests, reminders, the outbox, unposted decisions) runs for each, with each one's own token.
 */
export interface Workspaces {
  /** Every workspace served now (an uninstalled one is gone from the list). */
  list(): Promise<Workspace[]>;
  /** The workspace a row or a request belongs to; undefined when it is not installed (any more). */
  get(teamId: string, enterpriseId?: string | null): Promise<Workspace | undefined>;
  /** The workspace's address, once known (links are drawn synchronously by the views). */
  teamUrl(teamId: string): string | undefined;
}

/** Single-workspace mode: the one workspace of SLACK_BOT_TOKEN, as auth.test described it at start. */
export function singleWorkspace(bot: BotIdentity, client: webApi.WebClient): Workspaces {
  const workspace: Workspace = { ...bot, client };
  const isOurs = (teamId: string) => teamId === bot.teamId;
  return {
    list: () => Promise.resolve([workspace]),
    get: (teamId) => Promise.resolve(isOurs(teamId) ? workspace : undefined),
    teamUrl: (teamId) => (isOurs(teamId) ? bot.teamUrl : undefined),
  };
}
