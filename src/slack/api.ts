/**
 * The slice of Slack's Web API the domain uses. Bolt's WebClient satisfies it as is; the domain
 * names only what it needs so it never depends on Bolt.
 */
export interface SlackApi {
  chat: {
    postMessage(args: {
      channel: string;
      text: string;
      blocks?: unknown[];
      thread_ts?: string;
      unfurl_links?: boolean;
      metadata?: { event_type: string; event_payload: Record<string, string | number> };
    }): Promise<{ ts?: string; channel?: string }>;
    postEphemeral(args: {
      channel: string;
      user: string;
      text: string;
      blocks?: unknown[];
      thread_ts?: string;
    }): Promise<unknown>;
    update(args: { channel: string; ts: string; text: string; blocks?: unknown[] }): Promise<unknown>;
  };
  conversations: {
    join(args: { channel: string }): Promise<unknown>;
    info(args: { channel: string }): Promise<{
      channel?: { is_private?: boolean; is_im?: boolean; is_mpim?: boolean };
    }>;
    history(args: {
      channel: string;
      latest?: string;
      oldest?: string;
      inclusive: boolean;
      limit: number;
      include_all_metadata?: boolean;
    }): Promise<{ messages?: SlackMessage[] }>;
    replies(args: {
      channel: string;
      ts: string;
      inclusive: boolean;
      limit: number;
      include_all_metadata?: boolean;
    }): Promise<{ messages?: SlackMessage[] }>;
  };
}

export interface SlackMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  subtype?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `ratelimited`, …), if it has one. */
export function slackErrorCode(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string } };
  if (e?.data?.error) return e.data.error;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e?.code === 'slack_webapi_http_error') return 'http_error';
  if (e?.code === 'slack_webapi_request_error') return 'request_error';
  return 'unknown_error';
}
