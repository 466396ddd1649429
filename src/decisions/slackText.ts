/** The only entities Slack uses: it escapes `&`, `<` and `>` and nothing else. */
const ENTITIES = { amp: '&', lt: '<', gt: '>' } as const;
type Entity = keyof typeof ENTITIES;

const decodeEntities = (text: string) => text.replace(/&(amp|lt|gt);/g, (_match, name: Entity) => ENTITIES[name]);

/** `<!here>`, `<!subteam^S1|@team>`, `<!date^…|Feb 18>`: broadcasts and group mentions become inert words. */
function plainCommand(command: string, label: string): string {
  const [name = '', id = ''] = command.split('^');
  if (name === 'here' || name === 'channel' || name === 'everyone') return `@${name}`;
  if (name === 'subteam') return `@${(label || id).replace(/^@/, '')}`;
  // Dates and commands Slack may add later carry their own fallback text.
  return label || `@${name}`;
}

/** A link reads as its label and address, or as the address alone when that is what was typed. */
function plainLink(url: string, label: string): string {
  const bare = (text: string) => text.replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '').replace(/\/$/, '');
  if (label === '' || label === url) return url;
  if (bare(label) === bare(url)) return label;
  return `${label} (${url})`;
}

function plainMarkup(markup: string): string {
  const bar = markup.indexOf('|');
  const target = decodeEntities(bar === -1 ? markup : markup.slice(0, bar));
  const label = bar === -1 ? '' : decodeEntities(markup.slice(bar + 1));
  // A bare `<@U123>` carries no name; the id as text at least says who, and cannot ping.
  if (target.startsWith('@')) return `@${label.replace(/^@/, '') || target.slice(1)}`;
  if (target.startsWith('#')) return `#${label || target.slice(1)}`;
  if (target.startsWith('!')) return plainCommand(target.slice(1), label);
  return plainLink(target, label);
}

/**
 * What a person typed, from the text Slack sends in message events, shortcuts and slash commands:
 * `&amp;`, `&lt;` and `&gt;` decoded, and mentions, channels and links (`<@U1|bob>`, `<#C1|general>`,
 * `<https://x|label>`, `<!here>`) turned into the words they stand for (`@bob`, `#general`,
 * `label (https://x)`, `@here`). One pass, so an entity a person typed (`&amp;lt;`) stays as typed.
 * The result is stored as is and escaped once wherever it is shown as mrkdwn, where `@here` is
 * only text: showing a decision never pings anyone.
 */
export function plainSlackText(text: string): string {
  return storable(text).replace(/<([^<>]*)>|&(amp|lt|gt);/g, (_match, markup: string | undefined, entity: Entity) =>
    markup === undefined ? ENTITIES[entity] : plainMarkup(markup),
  );
}

/**
 * Text as both engines can store it: PostgreSQL refuses the NUL character in text (SQLite would keep
 * it), and no person types one, so it is dropped wherever text arrives.
 */
export function storable(text: string): string {
  return text.replaceAll('\u0000', '');
}

/** Bidi embeddings, overrides and isolates: they can make a title read backwards or hide what follows. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * True when nothing in the text would be seen: white space, control and format characters, and
 * default-ignorable ones such as zero-width spaces, joiners, variation selectors and Hangul fillers.
 */
export function isInvisible(text: string): boolean {
  return /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u.test(text);
}
