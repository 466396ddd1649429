import { charCount, truncate } from '../decisions/characters.js';

// Counting and cutting are rules of the domain (limits on titles and answers); views cut with the same.
export { charCount, truncate };

/** Section text limit in Block Kit. */
export const SECTION_MAX = 3000;

/**
 * Escapes user text for mrkdwn: Slack reads `<…>` as links and mentions (`<!channel>`, `<@U…>`), so
 * `&`, `<` and `>` must be entities for a person's words to be shown, not acted on.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escapes and then fits user text into `max` characters of mrkdwn. */
export function userText(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

export function permalink(teamUrl: string, channelId: string, ts: string, threadTs?: string): string {
  const base = `${teamUrl.replace(/\/$/, '')}/archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}

/**
 * A link to where a decision lives in Slack (its card, else its message), once it is there and the
 * workspace's address is known.
 */
export function decisionLink(
  teamUrl: string | undefined,
  decision: { channelId: string; cardTs: string | null; messageTs: string | null; threadTs: string | null },
): string | undefined {
  const ts = decision.cardTs ?? decision.messageTs;
  return ts && teamUrl ? permalink(teamUrl, decision.channelId, ts, decision.threadTs ?? undefined) : undefined;
}
