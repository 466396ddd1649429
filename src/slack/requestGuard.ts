import { type HTTPReceiver, HTTPModuleFunctions } from '@slack/bolt';

/** Slack's payloads nest a dozen levels at most (views, blocks, rich text); far deeper is not from Slack. */
export const MAX_PAYLOAD_DEPTH = 64;

/** How deeply `[` and `{` nest in JSON text, read without parsing (and so without recursion). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}

const JSON_BODY = 'application/json';
const FORM_BODY = 'application/x-www-form-urlencoded';

/** The JSON a request carries: the body itself, or the `payload` field of an interactivity form. */
function jsonOf(contentType: string | undefined, body: string): string | undefined {
  if (contentType === JSON_BODY) return body;
  return new URLSearchParams(body).get('payload') ?? undefined;
}

/**
 * Refuses with 400, before Bolt sees them, bodies Bolt cannot take: JSON that is not an object (Bolt reads
 * `body.type` and would throw, leaving the request hanging) and payloads nested past any Slack shape.
 * Bolt reuses the buffered body for everything else; an oversized body gets 413.
 */
export function guardRequests(receiver: HTTPReceiver, bodyLimitBytes: number): void {
  const boltListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const type = req.headers['content-type'];
    if (req.method !== 'POST' || (type !== JSON_BODY && type !== FORM_BODY)) return boltListener(req, res);
    void HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimitBytes).then(
      (buffered) => {
        const json = jsonOf(type, buffered.rawBody.toString());
        if (json !== undefined && !isPlainObjectJson(json)) {
          HTTPModuleFunctions.buildNoBodyResponse(res, 400);
          return;
        }
        boltListener(buffered, res);
      },
      () => HTTPModuleFunctions.buildNoBodyResponse(res, 413),
    );
  };
}

/**
 * Whether Bolt can take the JSON: an object (its first character past any whitespace is `{`), nested no
 * deeper than any Slack shape. It is not parsed here, so the body is parsed once, by Bolt: text that starts
 * like an object but is not JSON at all Bolt answers with 400 itself.
 */
function isPlainObjectJson(json: string): boolean {
  return json.trimStart().startsWith('{') && jsonDepth(json) <= MAX_PAYLOAD_DEPTH;
}
