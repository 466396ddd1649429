/** Section text limit in Block Kit. */
export const SECTION_MAX = 3000;

/**
 * Escapes user text for mrkdwn: Slack reads `<…>` as links and mentions (`<!channel>`, `<@U…>`), so
 * `&`, `<` and `>` must be entities for a person's words to be shown, not acted on.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts text to `max` characters, marking the cut, without splitting a surrogate pair or an entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}

/** Escapes and then fits user text into `max` characters of mrkdwn. */
export function userText(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

export function permalink(teamUrl: string, channelId: string, ts: string, threadTs?: string): string {
  const base = `${teamUrl.replace(/\/$/, '')}/archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}
