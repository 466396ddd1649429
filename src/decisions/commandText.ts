/** What a person asked for with `/decision <text>`. */
export type DecisionCommand =
  | { kind: 'propose'; title: string }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'watch' }
  | { kind: 'unwatch' }
  | { kind: 'triggers'; value: string }
  | { kind: 'touchpoints'; value: string }
  | { kind: 'customer' }
  | { kind: 'approvers'; value: string }
  | { kind: 'required'; value: string }
  | { kind: 'show'; id: number | undefined }
  /** `supersede 31 12`: decision 31 revisits (supersedes) decision 12. */
  | { kind: 'supersede'; ids: [number, number] | undefined }
  | { kind: 'export' }
  | { kind: 'digest'; here: boolean }
  | { kind: 'digestSchedule'; value: string }
  | { kind: 'feedback'; value: string }
  | { kind: 'feedbackEmoji'; value: string };

/**
 * Reads the text after `/decision`. A known word runs that subcommand; any other single word is
 * more likely a typo than a decision title, so it shows help; anything longer is a title.
 */
export function parseDecisionCommand(raw: string): DecisionCommand {
  const text = raw.trim();
  if (text === '') return { kind: 'propose', title: '' };
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  const remainder = text.slice(first.length).trim();
  switch (word) {
    case 'help':
    case 'list':
    case 'watch':
    case 'unwatch':
    case 'customer':
    case 'export':
      return rest.length === 0 ? { kind: word } : { kind: 'propose', title: text };
    case 'digest':
      if (rest.length === 0) return { kind: 'digest', here: false };
      if (remainder.toLowerCase() === 'here') return { kind: 'digest', here: true };
      if (rest[0]?.toLowerCase() === 'schedule')
        return { kind: 'digestSchedule', value: remainder.slice('schedule'.length).trim() };
      return { kind: 'propose', title: text };
    case 'show': {
      const id = /^#?(\d{1,12})$/.exec(remainder)?.[1];
      return { kind: 'show', id: id === undefined ? undefined : Number(id) };
    }
    case 'supersede': {
      const ids = /^#?(\d{1,12})\s+#?(\d{1,12})$/.exec(remainder);
      return { kind: 'supersede', ids: ids ? [Number(ids[1]), Number(ids[2])] : undefined };
    }
    case 'triggers':
    case 'touchpoints':
    case 'approvers':
    case 'required':
    case 'feedback':
      return { kind: word, value: remainder };
    case 'feedback-emoji':
      return { kind: 'feedbackEmoji', value: remainder };
  }
  if (rest.length === 0) return { kind: 'help' };
  return { kind: 'propose', title: text };
}

/** The user ids mentioned in escaped command text: `<@U123|alice> <@U456>` gives U123, U456. */
export function mentionedUsers(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] ?? ''))].filter(Boolean);
}
