import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/installer.js';
import { HELP_TEXT } from '../../src/views/helpText.js';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; usage_hint: string }[] };
  oauth_config: { scopes: { bot: string[] }; redirect_urls: string[] };
};

describe('manifest.json', () => {
  it('hints at every /decision sub-command that /decision help lists', () => {
    const hint = manifest.features.slash_commands.find((c) => c.command === '/decision')?.usage_hint ?? '';
    const listed = new Set([...HELP_TEXT.matchAll(/`\/decision (\w+)/g)].map((m) => m[1]));
    expect(listed.size).toBeGreaterThan(5);
    expect([...listed].filter((sub) => !hint.split(/[\s|[\]]+/).includes(sub ?? ''))).toEqual([]);
  });

  it('asks for the same bot scopes when installed through OAuth as the manifest lists', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it("sends Slack's redirect after an install to the app's own redirect path", () => {
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://YOUR-HOST/slack/oauth_redirect']);
  });
});
