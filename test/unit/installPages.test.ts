import { describe, expect, it } from 'vitest';
import {
  addToSlackPage,
  escapeHtml,
  installedPage,
  installedSentence,
  installFailedPage,
  installFailedSentence,
} from '../../src/views/installPages.js';

describe('install pages', () => {
  it('escapes every character HTML gives a meaning to', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  it('links the Add to Slack button to the authorize URL, its & escaped', () => {
    const page = addToSlackPage('https://slack.com/oauth/v2/authorize?client_id=1&state=s');
    expect(page).toContain('<a href="https://slack.com/oauth/v2/authorize?client_id=1&amp;state=s">');
    expect(page).toContain('alt="Add to Slack"');
  });

  it('says where the app was installed and what to do next', () => {
    expect(installedSentence({ teamName: 'Acme', enterpriseName: undefined, isEnterpriseInstall: false })).toBe(
      'Empty Chair is installed in Acme. Invite it to a channel with /invite @Empty Chair.',
    );
    expect(installedSentence({ teamName: undefined, enterpriseName: 'Starship', isEnterpriseInstall: true })).toBe(
      "Empty Chair is installed in the Starship organization: add it to your workspaces from the organization's app settings, then invite it to a channel with /invite @Empty Chair.",
    );
    // A workspace's name is typed by its owner: shown as text.
    const page = installedPage({ teamName: '<script>', enterpriseName: undefined, isEnterpriseInstall: false });
    expect(page).toContain('installed in &lt;script&gt;.');
    expect(page).not.toContain('<script>');
  });

  it('gives each failure one sentence that ends with where to start again', () => {
    const sentences = [
      installFailedSentence('cancelled'),
      installFailedSentence('expired'),
      installFailedSentence('slack-refused', 'invalid_code'),
      installFailedSentence('broken'),
    ];
    expect(new Set(sentences).size).toBe(4);
    for (const sentence of sentences) {
      expect(sentence).toMatch(/^Empty Chair was not installed because [^.]+\/slack\/install[^.]*\.$/);
    }
    expect(sentences[2]).toContain('(invalid_code)');
    expect(installFailedPage('expired')).toContain('<a href="/slack/install">');
  });
});
