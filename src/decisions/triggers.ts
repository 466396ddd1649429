import { truncate } from './characters.js';
import { TITLE_MAX } from './questions.js';
import { isInvisible, withoutBidiControls } from './slackText.js';

/** Openings that mark a message as a proposed business change unless a workspace sets its own. */
export const DEFAULT_TRIGGERS = ['Proposal:', 'Proposed change:', 'Decision:', 'We propose', 'We plan to', 'Should we'];

/** The empty chair itself: anywhere in a message, it asks for the three questions. */
export const CHAIR_EMOJI = ':chair:';
export const CHAIR_REACTION = 'chair';

/** Prefixes match at the start of the message, ignoring case and leading white space. */
export function matchingTrigger(text: string, triggers: readonly string[]): string | undefined {
  const start = text.trimStart().toLowerCase();
  return triggers.find((t) => t.trim() !== '' && start.startsWith(t.trim().toLowerCase()));
}

export function isProposal(text: string, triggers: readonly string[]): boolean {
  return text.includes(CHAIR_EMOJI) || matchingTrigger(text, triggers) !== undefined;
}

/**
 * A short title for a decision taken from a message (as typed, see plainSlackText): its first line
 * with something visible, without bidi controls, a leading "Proposal:"-style label or the chair
 * emoji, cut to the title limit between characters.
 */
export function titleFromMessage(text: string, triggers: readonly string[]): string {
  const firstLine = text.split('\n').find((line) => !isInvisible(line)) ?? '';
  let title = withoutBidiControls(firstLine).replaceAll(CHAIR_EMOJI, ' ').trim();
  const label = matchingTrigger(
    title,
    triggers.filter((t) => t.trim().endsWith(':')),
  );
  if (label) title = title.trimStart().slice(label.trim().length).trim();
  title = title.replace(/\s+/g, ' ');
  return isInvisible(title) ? 'Untitled proposal' : truncate(title, TITLE_MAX);
}

/** Parses "/decision triggers A, B, C": comma- or newline-separated, blanks dropped, duplicates removed. */
export function parseTriggerList(text: string): string[] {
  const seen = new Set<string>();
  const triggers: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const t = part.trim();
    if (t !== '' && !seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      triggers.push(t);
    }
  }
  return triggers;
}
