import type { Installation, InstallationQuery, InstallationStore, Logger } from '@slack/bolt';
import { webApi } from '@slack/bolt';
import type { OAuthConfig } from '../config.js';
import type { Database } from '../db/database.js';
import {
  createInstallationsRepo,
  type InstallationLookup,
  type InstallationRow,
  type InstallationsRepo,
  type RefreshedToken,
} from '../db/installationsRepo.js';
import { slackErrorCode } from './api.js';
import type { Workspace, Workspaces } from './workspaces.js';

/**
 * A token that runs out within this is renewed before it is used, as Bolt's own installer would (two
 * hours), so that a long background pass never holds a token that expires halfway.
 */
const RENEW_WITHIN_MS = 2 * 3600 * 1000;

/** The row an installation is stored under: the org's for an org-wide install, the workspace's otherwise. */
export function installKeyOf(installation: Installation): string | undefined {
  return installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
}

export interface InstallationDeps {
  repo: InstallationsRepo;
  oauth: OAuthConfig;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
  /** The app's Web API client options (Slack's base URL, timeouts), for every client made here. */
  clientOptions: webApi.WebClientOptions;
}

/**
 * The installations of distributed mode, in our database: Bolt's InstallationStore (the OAuth flow stores,
 * `authorize` fetches) and each installation's renewed token.
 *
 * Token rotation is done here rather than by Bolt: Bolt renews an expiring token in `authorize` on each
 * request, so two requests (or two instances) could renew the same token at once, and the one that lost
 * would store a refresh token Slack has already replaced. Here the renewal is serialised per installation in
 * the database (see InstallationsRepo.refreshLocked), and Bolt is handed the token alone, never the refresh
 * token, so it has nothing to renew.
 */
export function createInstallations({ repo, oauth, now, logger, clientOptions }: InstallationDeps) {
  const slack = new webApi.WebClient(undefined, clientOptions);

  const expiring = (row: InstallationRow) =>
    row.botRefreshToken !== null &&
    row.botTokenExpiresAt !== null &&
    row.botTokenExpiresAt.getTime() - now().getTime() <= RENEW_WITHIN_MS;

  /** Asks Slack for a new token; undefined (and a log line) when it refuses, so the current one is kept. */
  const renew = async (row: InstallationRow): Promise<RefreshedToken | undefined> => {
    if (!expiring(row) || row.botRefreshToken === null) return undefined;
    try {
      const result = (await slack.oauth.v2.access({
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: row.botRefreshToken,
      })) as { access_token?: string; refresh_token?: string; expires_in?: number };
      if (!result.access_token || !result.refresh_token || result.expires_in === undefined) return undefined;
      return {
        botToken: result.access_token,
        botRefreshToken: result.refresh_token,
        botTokenExpiresAt: new Date(now().getTime() + result.expires_in * 1000),
      };
    } catch (error) {
      logger.error(
        `Could not renew the bot token of installation ${row.installKey} (${slackErrorCode(error)}); the current one is used until it runs out.`,
      );
      return undefined;
    }
  };

  /** Each workspace's address as its installation last told it, for links drawn synchronously. */
  const addresses = new Map<string, string>();

  /** The installation with a token that is not about to run out (renewed first if it is). */
  const fresh = async (row: InstallationRow): Promise<InstallationRow | undefined> =>
    expiring(row) ? await repo.refreshLocked(row.installKey, renew) : row;

  /** The installation serving a request or a workspace. */
  const find = async (lookup: InstallationLookup): Promise<InstallationRow | undefined> => {
    const row = await repo.find(lookup);
    if (row?.url && lookup.teamId) addresses.set(lookup.teamId, row.url);
    return row && fresh(row);
  };

  /** Asks Slack where the bot is (a workspace's address); Bolt keeps it only for org-wide installs. */
  const addressOf = async (installation: Installation): Promise<string | null> => {
    if (installation.enterpriseUrl) return installation.enterpriseUrl;
    if (!installation.bot) return null;
    const result = await new webApi.WebClient(installation.bot.token, clientOptions).auth.test();
    return result.url ?? null;
  };

  const store: InstallationStore = {
    async storeInstallation(installation) {
      const installKey = installKeyOf(installation);
      const { bot } = installation;
      if (!installKey || !bot) throw new Error('Slack returned an installation without a workspace or a bot token');
      const at = now();
      await repo.save({
        installKey,
        teamId: installation.isEnterpriseInstall ? null : (installation.team?.id ?? null),
        teamName: installation.team?.name ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        enterpriseName: installation.enterprise?.name ?? null,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        url: await addressOf(installation),
        appId: installation.appId ?? null,
        botToken: bot.token,
        botId: bot.id,
        botUserId: bot.userId,
        botScopes: bot.scopes.join(','),
        botRefreshToken: bot.refreshToken ?? null,
        // Bolt dates the expiry by the machine's clock (seconds); only the time left is taken from it.
        botTokenExpiresAt:
          bot.expiresAt === undefined ? null : new Date(at.getTime() + (bot.expiresAt * 1000 - Date.now())),
        installerUserId: installation.user.id || null,
        installedAt: at,
      });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const row = await find(query);
      if (!row) {
        throw new Error(
          `No installation for ${query.isEnterpriseInstall ? `org ${query.enterpriseId}` : `team ${query.teamId}`}`,
        );
      }
      return toInstallation(row);
    },
  };

  return {
    store,
    find,
    fresh,
    list: () => repo.list(),
    /** A workspace's address, once a request or a background pass has looked its installation up. */
    addressOf: (teamId: string) => addresses.get(teamId),
    /**
     * What `app_uninstalled` and `tokens_revoked` mean: the installation the event came from is gone. An
     * org-level event names only the org; a workspace's names the workspace, and never removes its org's
     * installation. Either can come first, and each may come more than once: removing what is gone is no-op.
     */
    async uninstalled(teamId: string | undefined, enterpriseId: string | undefined): Promise<void> {
      const installKey = teamId ?? enterpriseId;
      if (!installKey) return;
      const removed = await repo.remove(installKey);
      if (removed > 0) logger.info(`Empty Chair was uninstalled from ${installKey}; its installation is deleted.`);
    },
  };
}

export type Installations = ReturnType<typeof createInstallations>;

/** What Bolt needs of a row: the bot's token and identity. The refresh token stays here (see above). */
function toInstallation(row: InstallationRow): Installation<'v2', boolean> {
  const enterprise = row.enterpriseId ? { id: row.enterpriseId, name: row.enterpriseName ?? undefined } : undefined;
  return {
    team: row.teamId ? { id: row.teamId, name: row.teamName ?? undefined } : undefined,
    enterprise,
    isEnterpriseInstall: row.isEnterpriseInstall,
    user: { id: row.installerUserId ?? '', token: undefined, scopes: undefined },
    bot: { token: row.botToken, id: row.botId, userId: row.botUserId, scopes: row.botScopes.split(',') },
    authVersion: 'v2',
    ...(row.appId ? { appId: row.appId } : {}),
  } as Installation<'v2', boolean>;
}

/**
 * Distributed mode's workspaces: every workspace with an installation of its own and every workspace an
 * org-wide install was added to, each with a client that speaks with its installation's (renewed) token.
 */
export function installationWorkspaces(
  installations: Installations,
  clientOptions: webApi.WebClientOptions,
  logger: Pick<Logger, 'error'>,
): Workspaces {
  /** One client per workspace, made again when its token is renewed. */
  const clients = new Map<string, { token: string; client: webApi.WebClient }>();
  const clientFor = (teamId: string, token: string) => {
    const known = clients.get(teamId);
    if (known?.token === token) return known.client;
    // An org-wide token names the workspace on each call, as Bolt's own clients do.
    const client = new webApi.WebClient(token, { ...clientOptions, teamId });
    clients.set(teamId, { token, client });
    return client;
  };
  /**
   * The workspaces an org-wide install has been added to (auth.teams.list, paged). When Slack cannot say,
   * the org's workspaces sit out this pass and the next one asks again.
   */
  const orgWorkspaces = async (row: InstallationRow): Promise<string[]> => {
    const client = new webApi.WebClient(row.botToken, clientOptions);
    const teamIds: string[] = [];
    try {
      let cursor: string | undefined;
      do {
        const page = await client.auth.teams.list({ limit: 200, ...(cursor ? { cursor } : {}) });
        teamIds.push(...(page.teams ?? []).flatMap((team) => (team.id ? [team.id] : [])));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      logger.error(`Could not list the workspaces of org ${row.installKey} (${slackErrorCode(error)}).`);
      return [];
    }
    return teamIds;
  };
  /** Addresses of the workspaces listed, besides those of the requests served (installations.addressOf). */
  const listed = new Map<string, string>();
  const workspaceOf = (row: InstallationRow, teamId: string): Workspace => {
    if (row.url) listed.set(teamId, row.url);
    return {
      teamId,
      enterpriseId: row.enterpriseId ?? undefined,
      teamUrl: row.url ?? '',
      botUserId: row.botUserId,
      botId: row.botId,
      client: clientFor(teamId, row.botToken),
    };
  };
  return {
    async list() {
      const served = await Promise.all(
        (await installations.list()).map(async (row): Promise<Workspace[]> => {
          const teamIds = row.teamId ? [row.teamId] : await orgWorkspaces(row);
          const current = await installations.fresh(row);
          return current ? teamIds.map((teamId) => workspaceOf(current, teamId)) : [];
        }),
      );
      return served.flat();
    },
    async get(teamId, enterpriseId) {
      const row = await installations.find({ teamId, enterpriseId: enterpriseId ?? undefined });
      return row ? workspaceOf(row, teamId) : undefined;
    },
    teamUrl: (teamId) => listed.get(teamId) ?? installations.addressOf(teamId),
  };
}

/** Distributed mode's workspaces straight from the database, for operator commands (`npm run digest`). */
export function installedWorkspaces(db: Database, deps: Omit<InstallationDeps, 'repo'>): Workspaces {
  return installationWorkspaces(
    createInstallations({ ...deps, repo: createInstallationsRepo(db) }),
    deps.clientOptions,
    deps.logger,
  );
}
