/**
 * The web pages a person sees while installing the app (distributed mode): the "Add to Slack" page and the
 * page Slack's redirect ends on. Each says in one sentence what happened and what to do next.
 */

const INSTALL_PATH = '/slack/install';

/** Names come from Slack (a workspace's name is typed by its owner): they are shown as text, never as HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>body { font-family: system-ui, sans-serif; max-width: 36em; margin: 3em auto; padding: 0 1em; line-height: 1.5; }</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** GET /slack/install: the button leads to Slack's own page where a person picks the workspace. */
export function addToSlackPage(authorizeUrl: string): string {
  return page(
    'Add Empty Chair to Slack',
    `<p>Empty Chair asks your team three customer-first questions before a business decision is confirmed; add it to your workspace to start.</p>
<p><a href="${escapeHtml(authorizeUrl)}"><img alt="Add to Slack" height="40" width="139" src="https://platform.slack-edge.com/img/add_to_slack.png" srcset="https://platform.slack-edge.com/img/add_to_slack.png 1x, https://platform.slack-edge.com/img/add_to_slack@2x.png 2x"></a></p>`,
  );
}

/** Where the app was installed: a workspace, or every workspace of an Enterprise Grid org. */
export interface InstalledWhere {
  teamName: string | undefined;
  enterpriseName: string | undefined;
  isEnterpriseInstall: boolean;
}

export function installedSentence({ teamName, enterpriseName, isEnterpriseInstall }: InstalledWhere): string {
  if (isEnterpriseInstall) {
    return `Empty Chair is installed in the ${enterpriseName ?? 'Enterprise Grid'} organization: add it to your workspaces from the organization's app settings, then invite it to a channel with /invite @Empty Chair.`;
  }
  return `Empty Chair is installed in ${teamName ?? 'your workspace'}. Invite it to a channel with /invite @Empty Chair.`;
}

export function installedPage(where: InstalledWhere): string {
  return page('Empty Chair is installed', `<p>${escapeHtml(installedSentence(where))}</p>`);
}

/** Why an install did not finish, by what went wrong: each sentence ends with what to do. */
export type InstallFailure = 'cancelled' | 'expired' | 'slack-refused' | 'broken';

export function installFailedSentence(failure: InstallFailure, slackError?: string): string {
  switch (failure) {
    case 'cancelled':
      return `Empty Chair was not installed because the install was cancelled in Slack; start again at ${INSTALL_PATH} when you are ready.`;
    case 'expired':
      return `Empty Chair was not installed because this install link has expired or was opened in another browser; start again at ${INSTALL_PATH}.`;
    case 'slack-refused':
      return `Empty Chair was not installed because Slack refused to complete the install (${slackError ?? 'no reason given'}); start again at ${INSTALL_PATH}.`;
    case 'broken':
      return `Empty Chair was not installed because of an error on our side; try again at ${INSTALL_PATH} in a few minutes.`;
  }
}

export function installFailedPage(failure: InstallFailure, slackError?: string): string {
  return page(
    'Empty Chair was not installed',
    `<p>${escapeHtml(installFailedSentence(failure, slackError))}</p>
<p><a href="${INSTALL_PATH}">Start the install again</a></p>`,
  );
}
