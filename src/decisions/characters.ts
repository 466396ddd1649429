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
