import { createHmac } from 'node:crypto';
import { TEAM_ID } from './fakeSlack.js';

export interface SendOptions {
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (or drops it when null). */
  signature?: string | null;
  headers?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  body: string;
  json(): unknown;
}

/** Slack's form content type, exactly: Bolt rejects it with a `; charset` suffix. */
export const FORM = 'application/x-www-form-urlencoded';

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

let eventCounter = 0;
let triggerCounter = 0;

export function nextTriggerId(): string {
  triggerCounter += 1;
  return `${triggerCounter}.1234567890.abcdef${triggerCounter}`;
}

/** Sends requests to the app the way Slack does: v0-signed, with Slack's content types and shapes. */
export class SignedClient {
  constructor(
    private readonly baseUrl: string,
    private readonly signingSecret: string,
    /** Where `respond()` posts: the fake Slack, never hooks.slack.com. */
    private readonly responseUrl: string,
  ) {}

  async post(body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
    headers['x-slack-request-timestamp'] = String(timestamp);
    const signature = options.signature === undefined ? sign(this.signingSecret, timestamp, body) : options.signature;
    if (signature !== null) headers['x-slack-signature'] = signature;
    const res = await fetch(`${this.baseUrl}/slack/events`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: text, json: () => JSON.parse(text) };
  }

  /** A slash command, form-encoded with the fields Slack sends (commands/slash_command.docs.fields.json). */
  command(fields: Partial<SlashCommandFields> & { text?: string }, options?: SendOptions): Promise<SlackResponse> {
    const body = new URLSearchParams({ ...slashCommandDefaults(this.responseUrl), ...fields } as Record<
      string,
      string
    >).toString();
    return this.post(body, FORM, options);
  }

  /** An Events API `event_callback` envelope around `event`. */
  event(
    event: Record<string, unknown>,
    options: SendOptions & { eventId?: string; teamId?: string; retryNum?: number } = {},
  ): Promise<SlackResponse> {
    eventCounter += 1;
    const teamId = options.teamId ?? TEAM_ID;
    const envelope = {
      token: 'verification-token',
      team_id: teamId,
      api_app_id: 'A0FAKE',
      event,
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${String(eventCounter).padStart(8, '0')}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: teamId, user_id: 'UBOTEMPTY', is_bot: true, is_enterprise_install: false }],
    };
    const headers = { ...options.headers };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return this.post(JSON.stringify(envelope), 'application/json', { ...options, headers });
  }

  /** An interactivity payload (block_actions, view_submission, shortcut, message_action), form-encoded as `payload=`. */
  interactive(payload: Record<string, unknown>, options?: SendOptions): Promise<SlackResponse> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, options);
  }
}

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  /** Only in a workspace of an Enterprise Grid org. */
  enterprise_id?: string;
  response_url: string;
  trigger_id: string;
}

function slashCommandDefaults(responseUrl: string): SlashCommandFields {
  return {
    token: 'verification-token',
    team_id: TEAM_ID,
    team_domain: 'example',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/decision',
    text: '',
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: nextTriggerId(),
  };
}
