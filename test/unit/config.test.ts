import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDotenv } from '../../src/config.js';

const valid = { SLACK_BOT_TOKEN: 'xoxb-123-abc', SLACK_SIGNING_SECRET: 'shh-secret-value' };

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('./data/empty-chair.db');
    expect(config.digest).toEqual({ channel: undefined, cron: '0 9 * * 1', timezone: 'UTC' });
    expect(config.logLevel).toBe('info');
    expect(config.slack.apiUrl).toBeUndefined();
    expect(config.slack.appToken).toBeUndefined();
  });

  it('treats empty values, as .env.example leaves them, as unset', () => {
    const config = loadConfig({ ...valid, SLACK_APP_TOKEN: '', PORT: '', DIGEST_CHANNEL: ' ' });
    expect(config.slack.appToken).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.digest.channel).toBeUndefined();
  });

  it('reads every variable when set', () => {
    const config = loadConfig({
      ...valid,
      SLACK_APP_TOKEN: 'xapp-1-A1-1-abc',
      PORT: '8080',
      DATABASE_URL: ':memory:',
      SLACK_API_URL: 'https://slack-gov.com/api',
      DIGEST_CHANNEL: 'C0123ABC',
      DIGEST_CRON: '30 8 * * 5',
      DIGEST_TIMEZONE: 'Europe/Paris',
      LOG_LEVEL: 'debug',
    });
    expect(config.slack.appToken).toBe('xapp-1-A1-1-abc');
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe(':memory:');
    expect(config.slack.apiUrl).toBe('https://slack-gov.com/api/');
    expect(config.digest).toEqual({ channel: 'C0123ABC', cron: '30 8 * * 5', timezone: 'Europe/Paris' });
    expect(config.logLevel).toBe('debug');
  });

  it('lets Socket Mode run without a signing secret', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it.each([
    [{ SLACK_BOT_TOKEN: undefined }, 'SLACK_BOT_TOKEN is required'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN must be a bot token that starts with xoxb-'],
    [{ SLACK_SIGNING_SECRET: undefined }, 'SLACK_SIGNING_SECRET is required unless SLACK_APP_TOKEN is set'],
    [{ SLACK_SIGNING_SECRET: 'has a space' }, 'SLACK_SIGNING_SECRET contains a space or line break'],
    // A stray space inside the quotes in .env: say so, not that the token is of the wrong kind.
    [{ SLACK_BOT_TOKEN: 'xoxb-123-abc ' }, 'SLACK_BOT_TOKEN contains a space or line break (look inside the quotes'],
    [{ SLACK_BOT_TOKEN: ' xoxb-123-abc' }, 'SLACK_BOT_TOKEN contains a space or line break'],
    [{ SLACK_APP_TOKEN: 'xapp-1-A1-1-abc\n' }, 'SLACK_APP_TOKEN contains a space or line break'],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong-kind' }, 'SLACK_APP_TOKEN must be an app-level token that starts with xapp-'],
    [{ PORT: 'eighty' }, 'PORT must be a port number from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT must be a port number from 0 to 65535'],
    [{ PORT: '3.5' }, 'PORT must be a port number from 0 to 65535'],
    [{ SLACK_API_URL: 'slack.com/api' }, 'SLACK_API_URL must be an http(s) URL'],
    [{ SLACK_API_URL: 'ftp://slack.com/api/' }, 'SLACK_API_URL must be an http(s) URL'],
    [{ DIGEST_CHANNEL: '#general' }, 'DIGEST_CHANNEL must be a channel ID'],
    [{ DIGEST_CRON: 'every monday' }, 'DIGEST_CRON must be a cron pattern'],
    [{ DIGEST_TIMEZONE: 'Mars/Olympus' }, 'DIGEST_TIMEZONE must be an IANA time zone'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error'],
  ])('reports %o as one readable line', (override, expected) => {
    const found = problems({ ...valid, ...override });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });

  it('lists every problem at once, one line each, without echoing secret values', () => {
    const found = problems({
      SLACK_BOT_TOKEN: 'xoxp-secret-user-token',
      SLACK_APP_TOKEN: 'not-an-app-token-secret',
      PORT: 'x',
    });
    expect(found.map((p) => p.split(' ')[0])).toEqual(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'PORT']);
    const text = found.join('\n');
    expect(text).not.toContain('xoxp-secret-user-token');
    expect(text).not.toContain('not-an-app-token-secret');
  });
});

describe('the two ways to run', () => {
  const oauth = {
    SLACK_CLIENT_ID: '1111.2222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'a-random-state-secret',
    SLACK_SIGNING_SECRET: 'shh-secret-value',
  };

  it('runs for one workspace with SLACK_BOT_TOKEN, and for many with the OAuth set', () => {
    expect(loadConfig(valid).slack).toMatchObject({ botToken: 'xoxb-123-abc', oauth: undefined });
    expect(loadConfig(oauth).slack).toMatchObject({
      botToken: undefined,
      oauth: { clientId: '1111.2222', clientSecret: 'client-secret', stateSecret: 'a-random-state-secret' },
    });
  });

  it.each([
    [
      { ...valid, ...oauth },
      'Set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installable in many workspaces), not both',
    ],
    [{ ...valid, SLACK_CLIENT_ID: '1111.2222' }, 'Set either SLACK_BOT_TOKEN'],
    [
      { ...oauth, SLACK_STATE_SECRET: '' },
      'SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together: also set SLACK_STATE_SECRET',
    ],
    [
      { ...oauth, SLACK_CLIENT_ID: undefined, SLACK_CLIENT_SECRET: ' ' },
      'go together: also set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET',
    ],
    [
      { SLACK_SIGNING_SECRET: 'x' },
      'SLACK_BOT_TOKEN is required: the bot token from your Slack app (starts with xoxb-), or set SLACK_CLIENT_ID',
    ],
    [
      { ...oauth, SLACK_APP_TOKEN: 'xapp-1' },
      'SLACK_APP_TOKEN (Socket Mode) works only with SLACK_BOT_TOKEN: an app installed in many workspaces needs HTTP at a public URL',
    ],
    [{ ...oauth, SLACK_STATE_SECRET: 'short' }, 'SLACK_STATE_SECRET must be a random string of at least 16 characters'],
  ])('stops %o with one sentence', (env, expected) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
    expect(found[0]).not.toContain('client-secret');
  });
});

describe('loadDotenv', () => {
  const names = [
    'EC_TEST_CHANNEL',
    'EC_TEST_SECRET',
    'EC_TEST_COMMENTED',
    'EC_TEST_QUOTED',
    'EC_TEST_PRESET',
    'EC_TEST_TOKEN',
  ];
  const pathBefore = process.env.DOTENV_CONFIG_PATH;
  afterEach(() => {
    for (const name of names) delete process.env[name];
    if (pathBefore === undefined) delete process.env.DOTENV_CONFIG_PATH;
    else process.env.DOTENV_CONFIG_PATH = pathBefore;
  });

  /** Loads a .env file with these lines and returns what it reported. */
  function load(lines: string[]): { problems: string[]; file: string } {
    const file = join(mkdtempSync(join(tmpdir(), 'empty-chair-env-')), '.env');
    writeFileSync(file, `${lines.join('\n')}\n`);
    process.env.DOTENV_CONFIG_PATH = file;
    return { problems: loadDotenv(), file };
  }

  it('says which values a # cut short, by name and line, without echoing them', () => {
    const { problems, file } = load([
      '# The digest channel',
      'EC_TEST_CHANNEL=#general',
      'EC_TEST_SECRET=abc#def',
      'EC_TEST_COMMENTED=kept # a comment',
      'EC_TEST_QUOTED="#quoted"',
    ]);
    expect(problems).toEqual([
      `EC_TEST_CHANNEL on line 2 of ${file} is read as empty, because .env reads "#" as the start of a comment: put the value in quotes`,
      `EC_TEST_SECRET on line 3 of ${file} is cut short at its #, because .env reads "#" as the start of a comment: put the value in quotes`,
    ]);
    expect(problems.join('\n')).not.toContain('general');
    expect(process.env.EC_TEST_CHANNEL).toBe('');
    expect(process.env.EC_TEST_COMMENTED).toBe('kept');
    expect(process.env.EC_TEST_QUOTED).toBe('#quoted');
  });

  it('says nothing of a variable the environment already sets, since the file does not change it', () => {
    process.env.EC_TEST_PRESET = 'C0123ABC';
    expect(load(['EC_TEST_PRESET=#general']).problems).toEqual([]);
    expect(process.env.EC_TEST_PRESET).toBe('C0123ABC');
  });

  it('keeps a space inside quotes, which loadConfig then reports as such', () => {
    expect(load(['EC_TEST_TOKEN="xoxb-123-abc "']).problems).toEqual([]);
    expect(problems({ ...valid, SLACK_BOT_TOKEN: process.env.EC_TEST_TOKEN })).toEqual([
      'SLACK_BOT_TOKEN contains a space or line break (look inside the quotes in .env): copy the value again without it',
    ]);
  });

  it('puts the problems it found first among those loadConfig reports', () => {
    const { problems } = load(['EC_TEST_CHANNEL=#general']);
    let error: unknown;
    try {
      loadConfig({ ...valid, PORT: 'x' }, problems);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['EC_TEST_CHANNEL', 'PORT']);
    expect((error as ConfigError).message).toMatch(
      /Fix these in your \.env file \(see \.env\.example\) and try again\.$/,
    );
  });
});
