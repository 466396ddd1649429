import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from '../../src/slack/requestGuard.js';

/** The depth JSON.parse itself would build, measured on the parsed value (an independent oracle). */
function parsedDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(parsedDepth));
}

describe('jsonDepth', () => {
  it('agrees with the depth of the parsed value, brackets inside strings and escapes included', () => {
    const text = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a'), maxLength: 12 });
    const json = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(text, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(json, (value) => {
        expect(jsonDepth(JSON.stringify(value))).toBe(parsedDepth(value));
      }),
    );
  });

  it('measures a hostile nesting without recursing', () => {
    expect(jsonDepth(`${'['.repeat(500_000)}${']'.repeat(500_000)}`)).toBe(500_000);
  });
});
