/** What a person asked for with `/decision <text>`. */
export type DecisionCommand =
  | { kind: 'propose'; title: string }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'watch' }
  | { kind: 'unwatch' }
  | { kind: 'triggers'; value: string };

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
      return rest.length === 0 ? { kind: word } : { kind: 'propose', title: text };
    case 'triggers':
      return { kind: 'triggers', value: remainder };
  }
  if (rest.length === 0) return { kind: 'help' };
  return { kind: 'propose', title: text };
}
