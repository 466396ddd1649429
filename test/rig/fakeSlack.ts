import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export const BOT_USER_ID = 'UBOTEMPTY';
export const BOT_ID = 'BBOTEMPTY';
export const TEAM_ID = 'T0001';

/** The Slack app's credentials the fake's oauth.v2.access accepts (distributed mode's tests use them). */
export const CLIENT_ID = '1111111111.2222222222';
export const CLIENT_SECRET = 'fake-client-secret';

/** A workspace (or an Enterprise Grid org, for an org-wide install) the app can be installed in. */
export interface FakeInstall {
  /** The workspace; absent for an org-wide install. */
  team?: { id: string; name: string };
  enterprise?: { id: string; name: string };
  /** Installed for the whole org (the response's `team` is null). */
  orgWide?: boolean;
  botUserId: string;
  botId: string;
  /** Who clicked Install. */
  installer: string;
  /** The workspace's (or the org's) address, as auth.test tells it. */
  url: string;
  /** With token rotation on, tokens come with a refresh token and run out after 12 hours. */
  rotation?: boolean;
  /** An org-wide install: the org's workspaces it has been added to (auth.teams.list). */
  orgTeams?: { id: string; name: string }[];
}

interface IssuedToken {
  install: FakeInstall;
  /** When Slack would stop taking it (rotation only), in the fake's clock. */
  expiresAt?: number;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** The bearer token the call carried. */
  token: string | undefined;
  /** Whether the fake answered ok (false for injected failures and Slack errors). */
  ok: boolean;
}

export type Failure =
  | { kind: 'ratelimited'; retryAfter: number }
  | { kind: 'http'; status: number }
  | { kind: 'hang' }
  | { kind: 'error'; error: string };

interface StoredMessage {
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown;
  metadata?: unknown;
}

interface FakeChannel {
  id: string;
  isPrivate: boolean;
  isMember: boolean;
  isArchived: boolean;
  /** Who is in the channel besides the bot; unset means everyone on EVERYONE. */
  members?: string[];
}

/** The people of the fake workspace: every test user and the bot. */
export const EVERYONE = ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DANA', 'U0MALLORY', 'U0NEW', 'U0BUSY', 'U0ZED'];

export interface FakeUser {
  is_admin?: boolean;
  is_owner?: boolean;
  deleted?: boolean;
  is_bot?: boolean;
}

/** A user group: its handle (typed as @handle) and who is in it. */
export interface FakeUsergroup {
  handle: string;
  users: string[];
}

/**
 * A local stand-in for Slack's Web API: a real HTTP server on 127.0.0.1 that answers the methods the
 * app calls with the shapes Slack uses (see ../shared/slack-fixtures/web_api), records every call,
 * and fails a method on demand. It also speaks Socket Mode on /socket.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, (Failure | undefined)[]>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly channels = new Map<string, FakeChannel>();
  private readonly users = new Map<string, FakeUser>();
  private readonly usergroups = new Map<string, FakeUsergroup>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly holds = new Map<string, { reached: () => void; released: Promise<void> }>();
  private readonly sockets = new Set<WebSocket>();
  private readonly pendingAcks = new Map<string, (payload: unknown) => void>();
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private outage: Failure | undefined;
  private readonly codes = new Map<string, FakeInstall>();
  private readonly usedCodes = new Set<string>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, FakeInstall>();
  private readonly revoked = new Set<string>();
  private tokenCounter = 0;
  private tsCounter = 0;
  private viewCounter = 0;
  private envelopeCounter = 0;
  port = 0;

  /** `now` dates the messages it posts; tests pass the app's clock so message times and the app's agree. */
  constructor(private readonly now: () => Date = () => new Date()) {}

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url for payloads: calls to it are recorded under the method name `response/hook`. */
  get responseUrl(): string {
    return `http://127.0.0.1:${this.port}/response/hook`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.acceptSocket(ws));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    // A client that stopped is still closing its socket: let it finish (briefly), so that it does not
    // log a WebSocket error for a connection cut under it.
    await Promise.all(
      [...this.sockets].map((ws) =>
        Promise.race([once(ws, 'close'), new Promise((r) => setTimeout(r, 500))]).then(() => ws.close()),
      ),
    );
    for (const ws of this.sockets) ws.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** After `after` more calls of `method` succeed, the next `times` calls fail this way. */
  fail(method: string, failure: Failure, times = 1, after = 0): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < after; i++) queue.push(undefined);
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /**
   * Holds the next call of `method` unanswered until `release()`: `reached` resolves when it arrives. A test
   * uses it to keep one caller inside a Slack call while another runs, so the two are known to overlap.
   */
  hold(method: string): { reached: Promise<void>; release: () => void } {
    let reached = () => {};
    let release = () => {};
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(method, { reached, released });
    return { reached: arrived, release };
  }

  /**
   * The code Slack hands the app's redirect after a person approves the install: valid once, as Slack's
   * are. oauth.v2.access exchanges it for a bot token of `install`.
   */
  issueCode(install: FakeInstall): string {
    this.tokenCounter += 1;
    const code = `${this.tokenCounter}.code.${install.team?.id ?? install.enterprise?.id ?? 'x'}`;
    this.codes.set(code, install);
    return code;
  }

  /** Whether Slack would accept this token now (issued, not revoked, not run out). */
  tokenIsValid(token: string): boolean {
    const issued = this.tokens.get(token);
    return (
      issued !== undefined &&
      !this.revoked.has(token) &&
      (issued.expiresAt === undefined || issued.expiresAt > this.now().getTime())
    );
  }

  /** The refresh tokens Slack would still take (each is replaced when used). */
  liveRefreshTokens(): string[] {
    return [...this.refreshTokens.keys()];
  }

  /** Revokes a token, as uninstalling does: every call with it then fails with token_revoked. */
  revoke(token: string): void {
    this.revoked.add(token);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Until up(), every method but auth.test answers with this failure, as in a Slack outage. */
  down(failure: Failure = { kind: 'http', status: 503 }): void {
    this.outage = failure;
  }

  up(): void {
    this.outage = undefined;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `count` calls of `method` (matching `where`) have been recorded. */
  async waitForCalls(
    method: string,
    count = 1,
    where: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.callsTo(method).filter(where);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new Error(
          `Expected ${count} call(s) to ${method}, saw ${matching.length}. Calls: ${this.calls.map((c) => c.method).join(', ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Declares a channel's kind and the bot's membership (unknown channels are public, bot a member). */
  setChannel(id: string, options: Partial<Omit<FakeChannel, 'id'>>): void {
    this.channels.set(id, { ...this.channel(id), ...options });
  }

  /** Declares a person's role in the workspace (everyone else is an ordinary member). */
  setUser(id: string, user: FakeUser): void {
    this.users.set(id, user);
  }

  /** Declares a user group (`S…`) with its handle and members. */
  setUsergroup(id: string, group: FakeUsergroup): void {
    this.usergroups.set(id, group);
  }

  /** The messages the bot (or a person) posted in a channel or a direct message, oldest first. */
  messagesIn(channel: string): readonly StoredMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** Puts a message in a channel, as if a person had posted it. */
  addMessage(channel: string, message: StoredMessage): void {
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    this.messages.set(channel, list);
  }

  /** Sends a Socket Mode envelope to the connected app and resolves with its ack payload. */
  async sendEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown): Promise<unknown> {
    const ws = [...this.sockets][0];
    if (!ws) throw new Error('No Socket Mode client is connected');
    const envelopeId = `env-${++this.envelopeCounter}`;
    const acked = new Promise<unknown>((resolve) => this.pendingAcks.set(envelopeId, resolve));
    ws.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return acked;
  }

  async waitForSocket(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.size === 0) {
      if (Date.now() > deadline) throw new Error('The app never opened a Socket Mode connection');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private acceptSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) this.pendingAcks.get(message.envelope_id)?.(message.payload ?? {});
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake', build_number: 10, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0FAKE' },
      }),
    );
  }

  private channel(id: string): FakeChannel {
    return this.channels.get(id) ?? { id, isPrivate: id.startsWith('G'), isMember: true, isArchived: false };
  }

  private nextTs(): string {
    // Seconds of the clock, so lookups by time (conversations.history `oldest`) behave as in Slack.
    this.tsCounter += 1;
    return `${Math.floor(this.now().getTime() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = (req.url ?? '').replace(/^\/(api\/)?/, '').split('?')[0] ?? '';
    const args = parseArgs(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
    const call: RecordedCall = { method, args, token, ok: false };
    this.calls.push(call);

    const held = this.holds.get(method);
    if (held) {
      this.holds.delete(method);
      held.reached();
      await held.released;
    }
    const failure = (method !== 'auth.test' ? this.outage : undefined) ?? this.failures.get(method)?.shift();
    if (failure) return this.respondWithFailure(res, failure);

    const issued = token === undefined ? undefined : this.tokens.get(token);
    const answer =
      token !== undefined && this.revoked.has(token)
        ? { ok: false, error: 'token_revoked' }
        : issued?.expiresAt !== undefined && issued.expiresAt <= this.now().getTime()
          ? { ok: false, error: 'token_expired' }
          : method === 'oauth.v2.access'
            ? this.oauthAccess(args)
            : this.answer(method, args, token);
    call.ok = answer.ok === true;
    this.json(res, answer);
  }

  private respondWithFailure(res: ServerResponse, failure: Failure): void {
    switch (failure.kind) {
      case 'ratelimited':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(failure.retryAfter) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      case 'http':
        res.writeHead(failure.status, { 'content-type': 'text/plain' });
        res.end('upstream failure');
        return;
      case 'hang':
        this.hanging.add(res);
        return;
      case 'error':
        this.json(res, { ok: false, error: failure.error });
    }
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private newToken(kind: 'xoxb' | 'xoxe', install: FakeInstall): string {
    this.tokenCounter += 1;
    const where = install.orgWide ? install.enterprise?.id : install.team?.id;
    return `${kind === 'xoxe' ? 'xoxe-1' : install.rotation ? 'xoxe.xoxb' : 'xoxb'}-${where}-${this.tokenCounter}`;
  }

  /** A bot token (and with rotation a refresh token) for `install`, in the shape of oauth.v2.access. */
  private grant(install: FakeInstall): Record<string, unknown> {
    const token = this.newToken('xoxb', install);
    const rotation: Record<string, unknown> = {};
    if (install.rotation) {
      const refresh = this.newToken('xoxe', install);
      this.refreshTokens.set(refresh, install);
      rotation.refresh_token = refresh;
      rotation.expires_in = 43200;
    }
    this.tokens.set(
      token,
      install.rotation ? { install, expiresAt: this.now().getTime() + 43200 * 1000 } : { install },
    );
    return {
      access_token: token,
      token_type: 'bot',
      scope: 'commands,chat:write',
      bot_user_id: install.botUserId,
      app_id: 'A0FAKE',
      team: install.orgWide ? null : (install.team ?? null),
      enterprise: install.enterprise ?? null,
      is_enterprise_install: install.orgWide === true,
      ...rotation,
    };
  }

  /**
   * oauth.v2.access as Slack answers it (web_api/oauth.v2.access.ok.*): a code is exchanged once for a bot
   * token (a workspace install, or an org-wide one with `team: null`); with rotation on, a refresh token is
   * exchanged once for a new token and a new refresh token, and the old refresh token is dead.
   */
  private oauthAccess(args: Record<string, unknown>): Record<string, unknown> {
    if (args.client_id !== CLIENT_ID) return { ok: false, error: 'invalid_client_id' };
    if (args.client_secret !== CLIENT_SECRET) return { ok: false, error: 'bad_client_secret' };
    if (args.grant_type === 'refresh_token') {
      const refresh = String(args.refresh_token ?? '');
      const install = this.refreshTokens.get(refresh);
      if (!install) return { ok: false, error: 'invalid_refresh_token' };
      this.refreshTokens.delete(refresh);
      return { ok: true, ...this.grant(install) };
    }
    const code = String(args.code ?? '');
    const install = this.codes.get(code);
    if (!install || this.usedCodes.has(code)) return { ok: false, error: 'invalid_code' };
    this.usedCodes.add(code);
    return { ok: true, ...this.grant(install), authed_user: { id: install.installer } };
  }

  private answer(method: string, args: Record<string, unknown>, token?: string): Record<string, unknown> {
    const channelId = String(args.channel ?? args.channel_id ?? '');
    const installed = token === undefined ? undefined : this.tokens.get(token)?.install;
    switch (method) {
      case 'auth.test':
        if (installed) {
          return {
            ok: true,
            url: installed.url,
            team: installed.orgWide ? installed.enterprise?.name : installed.team?.name,
            user: 'empty-chair',
            team_id: installed.orgWide ? null : installed.team?.id,
            user_id: installed.botUserId,
            bot_id: installed.botId,
            ...(installed.enterprise ? { enterprise_id: installed.enterprise.id } : {}),
            is_enterprise_install: installed.orgWide === true,
          };
        }
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          user: 'empty-chair',
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
          is_enterprise_install: false,
        };
      case 'auth.teams.list': {
        if (!installed?.orgWide) return { ok: false, error: 'not_allowed_token_type' };
        return { ok: true, ...paged('teams', installed.orgTeams ?? [], args) };
      }
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case 'chat.postMessage': {
        const channel = this.channel(channelId);
        if (channel.isArchived) return { ok: false, error: 'is_archived' };
        if (!channel.isMember) return { ok: false, error: channel.isPrivate ? 'channel_not_found' : 'not_in_channel' };
        const ts = this.nextTs();
        const message: StoredMessage = {
          ts,
          text: String(args.text ?? ''),
          user: BOT_USER_ID,
          bot_id: BOT_ID,
          blocks: args.blocks,
        };
        if (typeof args.thread_ts === 'string') message.thread_ts = args.thread_ts;
        if (args.metadata) message.metadata = args.metadata;
        this.addMessage(channelId, message);
        return { ok: true, channel: channelId, ts, message: { ...message, type: 'message' } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: channelId, ts: args.ts, text: args.text ?? '' };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: channelId,
          permalink: `https://example.slack.com/archives/${channelId}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'conversations.join': {
        const channel = this.channel(channelId);
        if (channel.isPrivate) return { ok: false, error: 'method_not_supported_for_channel_type' };
        this.setChannel(channelId, { isMember: true });
        return { ok: true, channel: { id: channelId, is_member: true } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).replace(/^U/, '')}` } };
      case 'conversations.info': {
        const channel = this.channel(channelId);
        return {
          ok: true,
          channel: {
            id: channelId,
            name: channelId.toLowerCase(),
            is_private: channel.isPrivate,
            is_member: channel.isMember,
            is_archived: channel.isArchived,
          },
        };
      }
      case 'conversations.history': {
        const all = this.messages.get(channelId) ?? [];
        const topLevel = all.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
        const found =
          args.oldest !== undefined
            ? topLevel.filter((m) => Number(m.ts) >= Number(args.oldest))
            : topLevel.filter((m) => m.ts === args.latest);
        return { ok: true, messages: found.map((m) => ({ type: 'message', ...m })), has_more: false };
      }
      case 'conversations.replies': {
        const all = this.messages.get(channelId) ?? [];
        const found = all.filter((m) => m.ts === args.ts || m.thread_ts === args.ts);
        return { ok: true, messages: found.map((m) => ({ type: 'message', ...m })), has_more: false };
      }
      case 'users.info':
        return {
          ok: true,
          user: {
            id: args.user,
            name: String(args.user).toLowerCase(),
            tz: 'UTC',
            is_bot: false,
            is_admin: false,
            is_owner: false,
            is_primary_owner: false,
            deleted: false,
            ...this.users.get(String(args.user)),
          },
        };
      case 'usergroups.list':
        // Shaped as web_api/usergroups.list.ok.docs_openapi.json (user_count is a string there).
        return {
          ok: true,
          usergroups: [...this.usergroups].map(([id, g]) => ({
            id,
            team_id: TEAM_ID,
            is_usergroup: true,
            name: g.handle,
            description: '',
            handle: g.handle,
            is_external: false,
            date_delete: 0,
            auto_type: null,
            prefs: { channels: [], groups: [] },
            user_count: String(g.users.length),
          })),
        };
      case 'usergroups.users.list': {
        // Shaped as web_api/usergroups.users.list.ok.docs_openapi.json: every member at once, no paging.
        // The fake knows only the groups a test declares; any other lists nobody.
        return { ok: true, users: this.usergroups.get(String(args.usergroup))?.users ?? [] };
      }
      case 'conversations.members': {
        const channel = this.channel(channelId);
        if (channel.isPrivate && !channel.isMember) return { ok: false, error: 'channel_not_found' };
        const all = [...(channel.members ?? EVERYONE), ...(channel.isMember ? [BOT_USER_ID] : [])];
        return { ok: true, ...paged('members', all, args) };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        this.viewCounter += 1;
        const view = (args.view ?? {}) as Record<string, unknown>;
        return {
          ok: true,
          view: { id: args.view_id ?? `V${String(this.viewCounter).padStart(8, '0')}`, team_id: TEAM_ID, ...view },
        };
      }
      case 'reactions.add':
      case 'chat.delete':
        return { ok: true };
      case 'files.getUploadURLExternal':
        return {
          ok: true,
          upload_url: `http://127.0.0.1:${this.port}/upload/F${this.nextTs().replace('.', '')}`,
          file_id: `F${this.tsCounter}`,
        };
      case 'files.completeUploadExternal':
        return { ok: true, files: (args.files as { id: string }[] | undefined)?.map((f) => ({ id: f.id })) ?? [] };
      default:
        if (method.startsWith('upload/') || method.startsWith('response/')) return { ok: true };
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** One page of a list, as Slack pages them: `limit` items, and the offset of the next page as the cursor. */
function paged(key: string, all: unknown[], args: Record<string, unknown>): Record<string, unknown> {
  const start = Number(args.cursor ?? 0);
  const end = start + Number(args.limit ?? 100);
  return { [key]: all.slice(start, end), response_metadata: { next_cursor: end < all.length ? String(end) : '' } };
}

/** The Web API client sends form bodies whose object values (blocks, view) are JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return { raw };
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
