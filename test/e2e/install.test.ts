import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningEmptyChair, startEmptyChair } from '../../src/main.js';
import { CLIENT_ID, CLIENT_SECRET, type FakeInstall, type RecordedCall } from '../rig/fakeSlack.js';
import { buttonClick, messageEvent, newTs } from '../rig/payloads.js';
import { nextTriggerId, SignedClient } from '../rig/signedClient.js';
import {
  expectOneSentence,
  runCommand,
  SIGNING_SECRET,
  spawnApp,
  startTestApp,
  TEST_CLIENT_OPTIONS,
  type TestApp,
  testEnv,
} from '../rig/testApp.js';
import { testEngine } from '../rig/testDatabase.js';

/**
 * Distributed mode, end to end over HTTP: the "Add to Slack" page, Slack's redirect back with a code and
 * the state, the installation stored in our database; requests from several workspaces and an org, each
 * served with its own token; uninstalling; purging a workspace's data; renewing a rotating token once.
 */

export const OAUTH_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: CLIENT_ID,
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_STATE_SECRET: 'a-state-secret-of-some-length',
};

const ACME: FakeInstall = {
  team: { id: 'T0ACME', name: 'Acme & Sons' },
  botUserId: 'U0ACMEBOT',
  botId: 'B0ACME',
  installer: 'U0ACMEADMIN',
  url: 'https://acme.slack.com/',
};
const BETA: FakeInstall = {
  team: { id: 'T0BETA', name: 'Beta' },
  botUserId: 'U0BETABOT',
  botId: 'B0BETA',
  installer: 'U0BETAADMIN',
  url: 'https://beta.slack.com/',
};
/** An org-wide install: one token for every workspace of the org (T0ORGA is one of them). */
const ORG: FakeInstall = {
  enterprise: { id: 'E0ORG', name: 'Starship' },
  orgWide: true,
  botUserId: 'W0ORGBOT',
  botId: 'B0ORG',
  installer: 'W0ORGADMIN',
  url: 'https://starship.enterprise.slack.com/',
  orgTeams: [
    { id: 'T0ORGA', name: 'Starship Bridge' },
    { id: 'T0ORGB', name: 'Starship Engine Room' },
  ],
};
const ORG_TEAM = 'T0ORGA';

let app: TestApp | undefined;
let second: RunningEmptyChair | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  app = await startTestApp({ env: { ...OAUTH_ENV, ...env } });
  return app;
}

interface Begun {
  /** The state cookie the install page set, as a browser sends it back. */
  cookie: string;
  state: string;
  page: string;
  authorizeUrl: URL;
}

/** A browser opening /slack/install: the page, its "Add to Slack" link and the state cookie. */
async function beginInstall(testApp: TestApp): Promise<Begun> {
  const res = await fetch(`${testApp.url}/slack/install`);
  expect(res.status).toBe(200);
  const page = await res.text();
  const href = /<a href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
  if (!href) throw new Error(`No link on the install page: ${page}`);
  const authorizeUrl = new URL(href);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, state: authorizeUrl.searchParams.get('state') ?? '', page, authorizeUrl };
}

/** Slack sending the browser back to the app after a person approved the install. */
async function redirect(testApp: TestApp, query: Record<string, string>, cookie?: string) {
  const res = await fetch(`${testApp.url}/slack/oauth_redirect?${new URLSearchParams(query).toString()}`, {
    headers: cookie ? { cookie } : {},
  });
  return { status: res.status, page: await res.text() };
}

async function install(testApp: TestApp, where: FakeInstall) {
  const { cookie, state } = await beginInstall(testApp);
  return redirect(testApp, { code: testApp.fake.issueCode(where), state }, cookie);
}

const installations = (testApp: TestApp) => testApp.db.rows('select * from installations order by install_key');

/** The bot token an installation's row holds. */
async function tokenOf(testApp: TestApp, installKey: string): Promise<string> {
  const row = await testApp.db.row('select bot_token from installations where install_key = ?', installKey);
  return String(row?.bot_token);
}

describe('npm start in distributed mode', () => {
  it('starts without a bot token and serves the install page; with both ways set it stops with one sentence', async () => {
    const testApp = await start();
    const env = testEnv(testApp.fake, testApp.dbPath, OAUTH_ENV);
    const child = spawnApp(env);
    try {
      const port = await child.ready;
      const page = await fetch(`http://127.0.0.1:${port}/slack/install`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Add to Slack');
      // No workspace of its own: it asked Slack about no token.
      expect(testApp.fake.callsTo('auth.test')).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await child.exited;
    }
    const both = await spawnApp({ ...env, SLACK_BOT_TOKEN: 'xoxb-also-set' }).exited;
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(
      'Set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installable in many workspaces), not both',
    );
    expect(both.stderr).not.toContain(CLIENT_SECRET);
  });
});

describe('installing through Slack (distributed mode)', () => {
  it('shows the Add to Slack page, completes the install with the state and stores the installation', async () => {
    const testApp = await start();
    const begun = await beginInstall(testApp);
    expect(begun.page).toContain('Add Empty Chair to Slack');
    expect(begun.authorizeUrl.pathname).toBe('/oauth/v2/authorize');
    expect(begun.authorizeUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(begun.authorizeUrl.searchParams.get('scope')).toContain('chat:write');
    expect(begun.cookie).toBe(`slack-app-oauth-state=${begun.state}`);

    const done = await redirect(testApp, { code: testApp.fake.issueCode(ACME), state: begun.state }, begun.cookie);
    expect(done.status).toBe(200);
    expect(done.page).toContain(
      'Empty Chair is installed in Acme &amp; Sons. Invite it to a channel with /invite @Empty Chair.',
    );
    const [row, ...others] = await installations(testApp);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      install_key: 'T0ACME',
      team_id: 'T0ACME',
      team_name: 'Acme & Sons',
      enterprise_id: null,
      is_enterprise_install: 0,
      url: 'https://acme.slack.com/',
      bot_id: 'B0ACME',
      bot_user_id: 'U0ACMEBOT',
      bot_scopes: 'commands,chat:write',
      bot_refresh_token: null,
      bot_token_expires_at: null,
      installer_user_id: 'U0ACMEADMIN',
    });
    expect(testApp.fake.tokenIsValid(String(row?.bot_token))).toBe(true);
    // The code went to Slack with the app's credentials, once.
    const [exchange] = testApp.fake.callsTo('oauth.v2.access');
    expect(exchange?.args).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('replaces the row when a workspace installs again', async () => {
    const testApp = await start();
    await install(testApp, ACME);
    const first = await tokenOf(testApp, 'T0ACME');
    testApp.clock.advance(60_000);
    expect((await install(testApp, { ...ACME, installer: 'U0OTHERADMIN' })).status).toBe(200);
    const rows = await installations(testApp);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.bot_token).not.toBe(first);
    expect(rows[0]?.installer_user_id).toBe('U0OTHERADMIN');
  });

  it('stores an org-wide install under the org, and says where to add it next', async () => {
    const testApp = await start();
    const done = await install(testApp, ORG);
    expect(done.status).toBe(200);
    expect(done.page).toContain(
      'Empty Chair is installed in the Starship organization: add it to your workspaces from the organization&#39;s app settings, then invite it to a channel with /invite @Empty Chair.',
    );
    expect(await installations(testApp)).toMatchObject([
      {
        install_key: 'E0ORG',
        team_id: null,
        enterprise_id: 'E0ORG',
        enterprise_name: 'Starship',
        is_enterprise_install: 1,
        url: 'https://starship.enterprise.slack.com/',
        bot_user_id: 'W0ORGBOT',
      },
    ]);
  });

  it.each([
    [
      'a state of another browser',
      (b: Begun, code: string) => ({ query: { code, state: b.state }, cookie: 'slack-app-oauth-state=someone-else' }),
    ],
    ['no state', (b: Begun, code: string) => ({ query: { code }, cookie: b.cookie })],
    ['no state cookie', (b: Begun, code: string) => ({ query: { code, state: b.state }, cookie: undefined })],
    [
      'a forged state',
      (_b: Begun, code: string) => ({ query: { code, state: 'forged' }, cookie: 'slack-app-oauth-state=forged' }),
    ],
  ])('refuses a redirect with %s and stores nothing', async (_name, arrange) => {
    const testApp = await start();
    const begun = await beginInstall(testApp);
    const { query, cookie } = arrange(begun, testApp.fake.issueCode(ACME));
    const done = await redirect(testApp, query, cookie);
    expect(done.status).toBe(400);
    expect(done.page).toContain(
      'Empty Chair was not installed because this install link has expired or was opened in another browser; start again at /slack/install.',
    );
    expect(await installations(testApp)).toEqual([]);
    expect(testApp.fake.callsTo('oauth.v2.access')).toEqual([]);
  });

  it('refuses a code used before and keeps the installation it made', async () => {
    const testApp = await start();
    const begun = await beginInstall(testApp);
    const code = testApp.fake.issueCode(ACME);
    expect((await redirect(testApp, { code, state: begun.state }, begun.cookie)).status).toBe(200);
    const stored = await installations(testApp);
    const again = await beginInstall(testApp);
    const replayed = await redirect(testApp, { code, state: again.state }, again.cookie);
    expect(replayed.status).toBe(400);
    expect(replayed.page).toContain(
      'Empty Chair was not installed because Slack refused to complete the install (invalid_code); start again at /slack/install.',
    );
    expect(await installations(testApp)).toEqual(stored);
  });

  it('ends on a failure page and stores nothing when oauth.v2.access fails', async () => {
    const testApp = await start();
    testApp.fake.fail('oauth.v2.access', { kind: 'error', error: 'invalid_client_id' });
    const done = await install(testApp, ACME);
    expect(done.status).toBe(400);
    expect(done.page).toContain('Slack refused to complete the install (invalid_client_id)');
    expect(await installations(testApp)).toEqual([]);
  });

  it('says the install was cancelled when the person declined in Slack', async () => {
    const testApp = await start();
    const begun = await beginInstall(testApp);
    const done = await redirect(testApp, { error: 'access_denied', state: begun.state }, begun.cookie);
    expect(done.page).toContain('Empty Chair was not installed because the install was cancelled in Slack');
    expect(await installations(testApp)).toEqual([]);
  });
});

interface Served {
  teamId: string;
  enterpriseId?: string;
  orgWide: boolean;
  channel: string;
  installKey: string;
}
const SERVED: Served[] = [
  { teamId: 'T0ACME', orgWide: false, channel: 'C0ACME', installKey: 'T0ACME' },
  { teamId: 'T0BETA', orgWide: false, channel: 'C0BETA', installKey: 'T0BETA' },
  { teamId: ORG_TEAM, enterpriseId: 'E0ORG', orgWide: true, channel: 'C0ORGA', installKey: 'E0ORG' },
];

/** An Events API envelope as Slack sends it to a workspace install or an org-wide one. */
function eventEnvelope(w: Served, event: Record<string, unknown>) {
  return {
    token: 'verification-token',
    team_id: w.teamId,
    ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
    api_app_id: 'A0FAKE',
    event,
    type: 'event_callback',
    event_id: `Ev${newTs().replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: w.enterpriseId ?? null,
        team_id: w.orgWide ? null : w.teamId,
        user_id: 'UBOT',
        is_bot: true,
        is_enterprise_install: w.orgWide,
      },
    ],
  };
}

/** Sends an event of workspace `w` to the app, signed as Slack does. */
const sendEvent = (testApp: TestApp, w: Served, event: Record<string, unknown>) =>
  testApp.slack.post(JSON.stringify(eventEnvelope(w, event)), 'application/json');

const madeAfter = (calls: RecordedCall[], from: number) =>
  calls.slice(from).filter((c) => !c.method.startsWith('response/') && !c.method.startsWith('upload/'));

describe('several workspaces and an org, each with its own token', () => {
  it('serves a command, an event and a click of each with its own token, on its own rows', async () => {
    const testApp = await start();
    for (const where of [ACME, BETA, ORG]) expect((await install(testApp, where)).status).toBe(200);

    for (const w of SERVED) {
      const token = await tokenOf(testApp, w.installKey);
      const from = testApp.fake.calls.length;
      const rowsBefore = await testApp.db.rows('select id, team_id, status from decisions order by id');

      // A slash command: /decision opens the form.
      const command = await testApp.slack.command({
        team_id: w.teamId,
        channel_id: w.channel,
        ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
        is_enterprise_install: String(w.orgWide),
      });
      expect(command.status).toBe(200);
      // An event: a proposal written in a channel becomes a decision, posted in its thread.
      const posted = messageEvent({ channel: w.channel, text: `Proposal: close ${w.teamId} on Sundays` });
      expect((await sendEvent(testApp, w, posted)).status).toBe(200);
      await testApp.running.idle();
      const decision = await testApp.db.row(
        'select id, team_id, card_ts from decisions where message_ts = ?',
        String(posted.ts),
      );
      expect(decision?.team_id).toBe(w.teamId);
      // A click: Answer on the card opens the answer form.
      const click = buttonClick(
        { action_id: 'answer_all', value: String(decision?.id) },
        { channel: w.channel, messageTs: String(decision?.card_ts) },
      );
      const clicked = await testApp.slack.interactive({
        ...click,
        team: { id: w.teamId, domain: 'x', ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}) },
        ...(w.enterpriseId ? { enterprise: { id: w.enterpriseId, name: 'Starship' } } : {}),
        is_enterprise_install: w.orgWide,
        user: { id: 'U0ALICE', team_id: w.teamId },
        trigger_id: nextTriggerId(),
      });
      expect(clicked.status).toBe(200);
      await testApp.running.idle();

      const made = madeAfter(testApp.fake.calls, from);
      expect(made.map((c) => c.method)).toEqual(expect.arrayContaining(['views.open', 'chat.postMessage']));
      expect(made.filter((c) => c.method === 'views.open')).toHaveLength(2);
      expect(made.filter((c) => c.token !== token)).toEqual([]);
      // Only this workspace's rows changed: the ones before are as they were, the new one is its own.
      const rowsAfter = await testApp.db.rows('select id, team_id, status from decisions order by id');
      expect(rowsAfter.slice(0, rowsBefore.length)).toEqual(rowsBefore);
      expect(rowsAfter.slice(rowsBefore.length).map((r) => r.team_id)).toEqual([w.teamId]);
    }
  });

  it("lets no workspace open or confirm another's decision, whatever id and channel its click names", async () => {
    const testApp = await start();
    for (const where of [ACME, BETA]) await install(testApp, where);
    const [acme, beta] = SERVED as [Served, Served];
    const proposal = messageEvent({ channel: beta.channel, text: 'Proposal: close Beta on Sundays' });
    await sendEvent(testApp, beta, proposal);
    await testApp.running.idle();
    const decision = await testApp.db.row('select id, card_ts, status from decisions');
    const before = await testApp.db.rows('select * from decisions');
    const from = testApp.fake.calls.length;
    for (const action_id of ['answer_all', 'confirm_decision']) {
      const click = buttonClick(
        { action_id, value: String(decision?.id) },
        { channel: beta.channel, messageTs: String(decision?.card_ts) },
      );
      const res = await testApp.slack.interactive({
        ...click,
        team: { id: acme.teamId, domain: 'acme' },
        user: { id: 'U0ALICE', team_id: acme.teamId },
      });
      expect(res.status).toBe(200);
    }
    await testApp.running.idle();
    expect(await testApp.db.rows('select * from decisions')).toEqual(before);
    // Nothing was opened, posted or changed in Slack; Beta's token was never used for Acme's clicks.
    const betaToken = await tokenOf(testApp, 'T0BETA');
    const made = madeAfter(testApp.fake.calls, from);
    expect(made.filter((c) => ['views.open', 'chat.postMessage', 'chat.update'].includes(c.method))).toEqual([]);
    expect(made.filter((c) => c.token === betaToken)).toEqual([]);
  });

  it('finds the org-wide install for a workspace of the org when Slack says it is not an org install', async () => {
    const testApp = await start();
    await install(testApp, ORG);
    const token = await tokenOf(testApp, 'E0ORG');
    const from = testApp.fake.calls.length;
    const res = await testApp.slack.command({
      team_id: ORG_TEAM,
      enterprise_id: 'E0ORG',
      channel_id: 'C0ORGA',
      is_enterprise_install: 'false',
    });
    expect(res.status).toBe(200);
    await testApp.running.idle();
    const opened = madeAfter(testApp.fake.calls, from).filter((c) => c.method === 'views.open');
    expect(opened.map((c) => c.token)).toEqual([token]);
  });

  it('serves no workspace that has not installed the app', async () => {
    const testApp = await start();
    await install(testApp, ACME);
    const from = testApp.fake.calls.length;
    const res = await testApp.slack.command({ team_id: 'T0STRANGER', channel_id: 'C0X' });
    await testApp.running.idle();
    expect(res.status).not.toBe(200);
    expect(madeAfter(testApp.fake.calls, from)).toEqual([]);
    expect(await testApp.db.rows('select * from decisions')).toEqual([]);
  });
});

describe('uninstalling', () => {
  const uninstallEvent = (w: Served, type: 'app_uninstalled' | 'tokens_revoked') => {
    const event = type === 'app_uninstalled' ? { type } : { type, tokens: { oauth: [], bot: ['UBOT'] } };
    // Slack sends these without authorizations; an org's names the org alone.
    const { authorizations: _, ...envelope } = eventEnvelope(w, event);
    return w.orgWide ? { ...envelope, team_id: undefined } : envelope;
  };

  it('deletes the installation on app_uninstalled and tokens_revoked, in either order and repeated; decisions stay', async () => {
    const testApp = await start();
    for (const where of [ACME, BETA, ORG]) await install(testApp, where);
    const [acme, beta, org] = SERVED as [Served, Served, Served];
    const proposal = messageEvent({ channel: acme.channel, text: 'Proposal: close on Sundays' });
    await sendEvent(testApp, acme, proposal);
    await testApp.running.idle();

    const send = async (w: Served, type: 'app_uninstalled' | 'tokens_revoked') =>
      (await testApp.slack.post(JSON.stringify(uninstallEvent(w, type)), 'application/json')).status;
    // Acme: uninstalled first, then its tokens revoked, then both again.
    expect(await send(acme, 'app_uninstalled')).toBe(200);
    expect(await send(acme, 'tokens_revoked')).toBe(200);
    expect(await send(acme, 'app_uninstalled')).toBe(200);
    // The org: tokens revoked first, then uninstalled.
    expect(await send(org, 'tokens_revoked')).toBe(200);
    expect(await send(org, 'app_uninstalled')).toBe(200);
    expect(await send(org, 'tokens_revoked')).toBe(200);

    expect((await installations(testApp)).map((r) => r.install_key)).toEqual([beta.installKey]);
    expect(await testApp.db.rows('select team_id, title from decisions')).toEqual([
      { team_id: 'T0ACME', title: 'close on Sundays' },
    ]);
    // Acme's requests are served no more; Beta's still are.
    const from = testApp.fake.calls.length;
    expect((await testApp.slack.command({ team_id: 'T0ACME', channel_id: 'C0ACME' })).status).not.toBe(200);
    expect((await testApp.slack.command({ team_id: 'T0BETA', channel_id: 'C0BETA' })).status).toBe(200);
    await testApp.running.idle();
    const betaToken = await tokenOf(testApp, 'T0BETA');
    expect(madeAfter(testApp.fake.calls, from).map((c) => [c.method, c.token])).toEqual([['views.open', betaToken]]);
  });

  it("runs background work with each installed workspace's token, and none for one that uninstalled", async () => {
    const testApp = await start();
    for (const where of [ACME, BETA, ORG]) await install(testApp, where);
    const [acme, beta, org] = SERVED as [Served, Served, Served];
    // Slack is down while all propose: the decisions wait to be posted by the background pass.
    testApp.fake.down();
    for (const w of [acme, beta, org]) {
      const proposal = messageEvent({ channel: w.channel, text: `Proposal: close ${w.teamId} on Sundays` });
      await sendEvent(testApp, w, proposal);
    }
    await testApp.running.idle();
    testApp.fake.up();
    expect(await testApp.db.rows('select team_id from decisions where posted_at is null order by team_id')).toEqual([
      { team_id: 'T0ACME' },
      { team_id: 'T0BETA' },
      { team_id: ORG_TEAM },
    ]);
    const { authorizations: _, ...uninstalled } = eventEnvelope(acme, { type: 'app_uninstalled' });
    expect((await testApp.slack.post(JSON.stringify(uninstalled), 'application/json')).status).toBe(200);

    const from = testApp.fake.calls.length;
    await testApp.running.runBackgroundPass();
    const betaToken = await tokenOf(testApp, beta.installKey);
    const orgToken = await tokenOf(testApp, org.installKey);
    const made = madeAfter(testApp.fake.calls, from);
    const tokenOfChannel = (channel: string) =>
      made.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel).map((c) => c.token);
    // Each decision is posted by its own workspace's token: Beta's, and the org's for the org's workspace.
    expect(new Set(tokenOfChannel(beta.channel))).toEqual(new Set([betaToken]));
    expect(new Set(tokenOfChannel(org.channel))).toEqual(new Set([orgToken]));
    expect(made.filter((c) => c.token !== betaToken && c.token !== orgToken)).toEqual([]);
    // The org's workspaces are asked of Slack with the org's token.
    expect(made.filter((c) => c.method === 'auth.teams.list').map((c) => c.token)).toContain(orgToken);
    expect(await testApp.db.rows('select team_id from decisions where posted_at is null')).toEqual([
      { team_id: 'T0ACME' },
    ]);
  });

  it('keeps the installation when only user tokens are revoked', async () => {
    const testApp = await start();
    await install(testApp, ACME);
    const [acme] = SERVED as [Served];
    const { authorizations: _, ...envelope } = eventEnvelope(acme, {
      type: 'tokens_revoked',
      tokens: { oauth: ['U0ACMEADMIN'], bot: [] },
    });
    expect((await testApp.slack.post(JSON.stringify(envelope), 'application/json')).status).toBe(200);
    expect(await installations(testApp)).toHaveLength(1);
  });
});

/** Every table that holds a workspace's rows, as the schema has them. */
const TEAM_TABLES = [
  'decisions',
  'prompts',
  'answers',
  'status_changes',
  'discussion',
  'processed_events',
  'digest_runs',
  'team_settings',
  'channel_settings',
  'outbox',
  'installations',
];

describe('npm run db:purge-team', () => {
  it("refuses without --yes, then deletes one workspace's rows in every table and nothing of another's", async () => {
    const testApp = await start();
    for (const where of [ACME, BETA]) await install(testApp, where);
    for (const w of SERVED.slice(0, 2)) {
      const proposal = messageEvent({ channel: w.channel, text: `Proposal: close ${w.teamId} on Sundays` });
      await sendEvent(testApp, w as Served, proposal);
    }
    await testApp.running.idle();
    const env = { DATABASE_URL: testApp.dbPath };
    const acmeRows = async () =>
      Object.fromEntries(
        await Promise.all(
          TEAM_TABLES.map(async (table) => [
            table,
            (await testApp.db.rows(`select * from ${table} where team_id = 'T0ACME'`)).length,
          ]),
        ),
      );
    // The proposal left rows in several tables: the decision, its prompts, the installation.
    expect(await acmeRows()).toMatchObject({ decisions: 1, prompts: 3, installations: 1 });

    const refused = await runCommand('purgeTeam', ['T0ACME'], env);
    expect(refused.status).toBe(2);
    expectOneSentence(refused.stderr);
    expect(refused.stderr).toContain('add --yes');
    expect(await acmeRows()).toMatchObject({ decisions: 1, prompts: 3, installations: 1 });

    const purged = await runCommand('purgeTeam', ['T0ACME', '--yes'], env);
    expect(purged.stderr).toBe('');
    expect(purged.status).toBe(0);
    expect(purged.stdout).toMatch(/^Deleted \d+ rows of workspace T0ACME \(.*\)\.\n$/);
    expect(purged.stdout).toContain('decisions 1');
    expect(purged.stdout).toContain('installations 1');
    for (const table of TEAM_TABLES) {
      expect(await testApp.db.rows(`select * from ${table} where team_id = 'T0ACME'`), table).toEqual([]);
    }
    expect(await testApp.db.rows('select team_id from decisions')).toEqual([{ team_id: 'T0BETA' }]);
    expect((await installations(testApp)).map((r) => r.install_key)).toEqual(['T0BETA']);
  });
});

describe('npm run digest in distributed mode', () => {
  it("posts each installed workspace's digest with its own token, without a bot token of its own", async () => {
    const testApp = await start();
    for (const where of [ACME, BETA]) await install(testApp, where);
    const from = testApp.fake.calls.length;
    const env = { ...testEnv(testApp.fake, testApp.dbPath, OAUTH_ENV), DIGEST_CHANNEL: 'C0DIGEST' };
    const result = await runCommand('digest', ['--post'], env);
    expect(result.status).toBe(0);
    const posts = madeAfter(testApp.fake.calls, from).filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.token).sort()).toEqual(
      [await tokenOf(testApp, 'T0ACME'), await tokenOf(testApp, 'T0BETA')].sort(),
    );
    expect(posts.map((c) => c.args.channel)).toEqual(['C0DIGEST', 'C0DIGEST']);
    // The command dates its digests by the machine's clock, not the app's: not a leak of the app's.
    app = undefined;
    await testApp.discard();
  });
});

describe('token rotation', () => {
  it('renews an expiring token once when two requests need it at the same time, and keeps the new one', async () => {
    const testApp = await start();
    const installedAt = testApp.clock.now().getTime();
    await install(testApp, { ...ACME, rotation: true });
    const [acme] = SERVED as [Served];
    const before = await testApp.db.row('select bot_token, bot_refresh_token, bot_token_expires_at from installations');
    expect(before?.bot_refresh_token).toMatch(/^xoxe-1-/);
    // Twelve hours from the install, on the app's clock.
    const lifetime = Number(before?.bot_token_expires_at) - installedAt;
    expect(lifetime).toBeGreaterThan(43200 * 1000 - 2000);
    expect(lifetime).toBeLessThan(43200 * 1000 + 5000);
    // An hour before it runs out: due for renewal.
    testApp.clock.advance(11 * 3600 * 1000);
    const events = [1, 2].map((n) => messageEvent({ channel: acme.channel, text: `Proposal: idea ${n}` }));
    const results = await Promise.all(events.map((e) => sendEvent(testApp, acme, e)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await testApp.running.idle();

    const refreshes = testApp.fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
    expect(refreshes.map((c) => c.ok)).toEqual([true]);
    const after = await testApp.db.row('select bot_token, bot_refresh_token, bot_token_expires_at from installations');
    expect(after?.bot_token).not.toBe(before?.bot_token);
    expect(testApp.fake.tokenIsValid(String(after?.bot_token))).toBe(true);
    expect(testApp.fake.liveRefreshTokens()).toEqual([after?.bot_refresh_token]);
    // Every post after the renewal used the new token.
    const posts = testApp.fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.filter((c) => c.token !== after?.bot_token)).toEqual([]);
  });

  it('renews an expiring token for background work too, and posts with the new one', async () => {
    const testApp = await start();
    await install(testApp, { ...ACME, rotation: true });
    const [acme] = SERVED as [Served];
    testApp.fake.down();
    const proposal = messageEvent({ channel: acme.channel, text: 'Proposal: close on Sundays' });
    await sendEvent(testApp, acme, proposal);
    await testApp.running.idle();
    testApp.fake.up();
    const old = await tokenOf(testApp, 'T0ACME');
    testApp.clock.advance(11 * 3600 * 1000);

    const from = testApp.fake.calls.length;
    await testApp.running.runBackgroundPass();
    const renewed = await tokenOf(testApp, 'T0ACME');
    expect(renewed).not.toBe(old);
    const made = madeAfter(testApp.fake.calls, from);
    expect(made.filter((c) => c.method === 'oauth.v2.access').map((c) => c.ok)).toEqual([true]);
    expect(made.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(0);
    expect(made.filter((c) => c.method !== 'oauth.v2.access' && c.token !== renewed)).toEqual([]);
    expect(await testApp.db.rows('select posted_at from decisions where posted_at is null')).toEqual([]);
  });

  // SQLite is one process's database by design; there the requests of the one process take turns.
  it.skipIf(testEngine() !== 'postgres')(
    'renews once when two instances need the same expiring token: the second waits and uses the new one',
    async () => {
      const testApp = await start();
      await install(testApp, { ...ACME, rotation: true });
      const [acme] = SERVED as [Served];
      const old = await testApp.db.row('select bot_token, bot_refresh_token from installations');
      second = await startEmptyChair(loadConfig(testEnv(testApp.fake, testApp.dbPath, OAUTH_ENV)), {
        clientOptions: TEST_CLIENT_OPTIONS,
        retryIntervalMs: 3_600_000,
        now: testApp.clock.now,
      });
      const toSecond = new SignedClient(`http://127.0.0.1:${second.port}`, SIGNING_SECRET, testApp.fake.responseUrl);
      testApp.clock.advance(11 * 3600 * 1000);
      const send = (client: SignedClient, n: number) =>
        client.post(
          JSON.stringify(eventEnvelope(acme, messageEvent({ channel: acme.channel, text: `Proposal: idea ${n}` }))),
          'application/json',
        );

      // The first instance is inside the renewal (Slack holds its answer) when the second needs the token.
      const held = testApp.fake.hold('oauth.v2.access');
      const first = send(testApp.slack, 1);
      await held.reached;
      const other = send(toSecond, 2);
      // The second instance now waits for the first one's lock on the installation's row.
      const deadline = Date.now() + 10_000;
      while (
        Number(
          (
            await testApp.db.row(
              'select count(*) as n from pg_locks where not granted and database = (select oid from pg_database where datname = current_database())',
            )
          )?.n,
        ) === 0
      ) {
        if (Date.now() > deadline) throw new Error('The second instance never waited for the lock');
        await new Promise((r) => setTimeout(r, 10));
      }
      held.release();
      expect((await Promise.all([first, other])).map((r) => r.status)).toEqual([200, 200]);
      await Promise.all([testApp.running.idle(), second.idle()]);

      const refreshes = testApp.fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
      expect(refreshes.map((c) => c.args.refresh_token)).toEqual([old?.bot_refresh_token]);
      const stored = await testApp.db.row('select bot_token, bot_refresh_token from installations');
      expect(stored?.bot_token).not.toBe(old?.bot_token);
      expect(testApp.fake.tokenIsValid(String(stored?.bot_token))).toBe(true);
      expect(testApp.fake.liveRefreshTokens()).toEqual([stored?.bot_refresh_token]);
      // Both instances posted their decision with the renewed token.
      const posts = testApp.fake.callsTo('chat.postMessage');
      expect(posts.length).toBeGreaterThanOrEqual(2);
      expect(posts.filter((c) => c.token !== stored?.bot_token)).toEqual([]);
    },
  );
});
