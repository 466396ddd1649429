/** Section text limit in Block Kit. */
export const SECTION_MAX = 3000;

/**
 * Escapes user text for mrkdwn: Slack reads `<…>` as links and mentions (`<!channel>`, `<@U…>`), so
 * `&`, `<` and `>` must be entities for a person's words to be shown, not acted on.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Splits text into the characters people see (grapheme clusters), so a cut never lands inside an
 * emoji, a flag, a letter with its accents or a surrogate pair.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Length as every limit here counts it: code points. A person sees an emoji as one character, not the
 * two UTF-16 units `length` counts. Not grapheme clusters: Slack documents its limits in "characters"
 * without saying which kind, and one cluster such as 👨‍👩‍👧‍👦 is seven code points, so counting
 * clusters could pass text far beyond a limit that Slack counts in code points.
 */
export function charCount(text: string): number {
  return [...text].length;
}

/**
 * Cuts text to at most `max` characters (code points), marking the cut with "…". It cuts between
 * grapheme clusters only, and in mrkdwn never inside an entity such as `&amp;`.
 */
export function truncate(text: string, max: number): string {
  if (charCount(text) <= max) return text;
  let end = 0;
  let used = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    used += charCount(segment);
    if (used > max - 1) break;
    end = index + segment.length;
  }
  return `${text
    .slice(0, end)
    .replace(/&[a-z]{0,4}$/, '')
    .trimEnd()}…`;
}

/** Escapes and then fits user text into `max` characters of mrkdwn. */
export function userText(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

export function permalink(teamUrl: string, channelId: string, ts: string, threadTs?: string): string {
  const base = `${teamUrl.replace(/\/$/, '')}/archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}

/** A link to where a decision lives in Slack (its card, else its message), once it is there. */
export function decisionLink(
  teamUrl: string,
  decision: { channelId: string; cardTs: string | null; messageTs: string | null; threadTs: string | null },
): string | undefined {
  const ts = decision.cardTs ?? decision.messageTs;
  return ts ? permalink(teamUrl, decision.channelId, ts, decision.threadTs ?? undefined) : undefined;
}
