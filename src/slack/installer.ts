import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiverOptions, Installation, InstallationStore, webApi } from '@slack/bolt';
import type { OAuthConfig } from '../config.js';
import { addToSlackPage, type InstallFailure, installedPage, installFailedPage } from '../views/installPages.js';
import { slackErrorCode } from './api.js';

/** The bot scopes the app asks for when installed; manifest.json lists the same (a unit test checks). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'channels:history',
  'channels:join',
  'channels:read',
  'groups:history',
  'groups:read',
  'reactions:read',
  'users:read',
  'im:write',
  'im:history',
  'usergroups:read',
  'files:write',
];

/** What @slack/oauth's errors carry (its error codes are not re-exported by Bolt). */
type CodedError = Error & { code?: string };

/** What went wrong with an install, as the person who tried it can act on it. */
function failureOf(error: CodedError): { failure: InstallFailure; status: number; slackError?: string } {
  switch (error.code) {
    case 'slack_oauth_installer_authorization_error':
      return { failure: 'cancelled', status: 400 };
    case 'slack_oauth_missing_state':
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_code':
      return { failure: 'expired', status: 400 };
    case 'slack_webapi_platform_error':
      return { failure: 'slack-refused', status: 400, slackError: slackErrorCode(error) };
    default:
      return { failure: 'broken', status: 500 };
  }
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

/**
 * Slack's authorize page, on the same host as the Web API: slack.com, or slack-gov.com for GovSlack (and
 * the fake Slack in tests).
 */
function authorizationUrl(apiUrl: string | undefined): string | undefined {
  return apiUrl ? new URL('../oauth/v2/authorize', apiUrl).toString() : undefined;
}

/**
 * The receiver's options for Bolt's own installer (distributed mode): GET /slack/install shows the "Add to
 * Slack" page and sets the state cookie; GET /slack/oauth_redirect checks the state, exchanges the code with
 * oauth.v2.access, stores the installation and ends on a page saying what happened.
 */
export function installerReceiverOptions(input: {
  oauth: OAuthConfig;
  installationStore: InstallationStore;
  apiUrl: string | undefined;
  clientOptions: webApi.WebClientOptions;
}): Pick<
  HTTPReceiverOptions,
  'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions'
> {
  const authorizeAt = authorizationUrl(input.apiUrl);
  return {
    clientId: input.oauth.clientId,
    clientSecret: input.oauth.clientSecret,
    stateSecret: input.oauth.stateSecret,
    scopes: BOT_SCOPES,
    installationStore: input.installationStore,
    installerOptions: {
      clientOptions: input.clientOptions,
      renderHtmlForInstallPath: addToSlackPage,
      ...(authorizeAt ? { authorizationUrl: authorizeAt } : {}),
      callbackOptions: {
        success(installation: Installation, _options: unknown, _req: IncomingMessage, res: ServerResponse) {
          html(
            res,
            200,
            installedPage({
              teamName: installation.team?.name,
              enterpriseName: installation.enterprise?.name,
              isEnterpriseInstall: installation.isEnterpriseInstall === true,
            }),
          );
        },
        failure(error: CodedError, _options: unknown, _req: IncomingMessage, res: ServerResponse) {
          const { failure, status, slackError } = failureOf(error);
          html(res, status, installFailedPage(failure, slackError));
        },
      },
    },
  };
}
