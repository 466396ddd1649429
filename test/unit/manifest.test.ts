import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP_TEXT } from '../../src/views/helpText.js';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; usage_hint: string }[] };
};

describe('manifest.json', () => {
  it('hints at every /decision sub-command that /decision help lists', () => {
    const hint = manifest.features.slash_commands.find((c) => c.command === '/decision')?.usage_hint ?? '';
    const listed = new Set([...HELP_TEXT.matchAll(/`\/decision (\w+)/g)].map((m) => m[1]));
    expect(listed.size).toBeGreaterThan(5);
    expect([...listed].filter((sub) => !hint.split(/[\s|[\]]+/).includes(sub ?? ''))).toEqual([]);
  });
});
