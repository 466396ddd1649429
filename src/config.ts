import { readFileSync } from 'node:fs';
import { Cron } from 'croner';
import dotenv from 'dotenv';
import { z } from 'zod';
import { isTimeZone } from './digest/schedule.js';
import { OperatorError } from './operatorError.js';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function isCronPattern(value: string): boolean {
  try {
    new Cron(value, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** An unset variable and one set to the empty string (as `.env.example` leaves them) mean the same. */
const isBlank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (isBlank(v) ? undefined : v), schema.optional());

const databaseUrl = optional(z.string()).transform((v) => v ?? './data/empty-chair.db');

/**
 * A token or secret copied from Slack has no spaces. This is checked first and on its own, because a stray
 * space (often inside the quotes in .env) would otherwise be reported as a token of the wrong kind.
 */
const credential = (source: z.ZodString) =>
  source.refine((v) => !/\s/.test(v), {
    error: 'contains a space or line break (look inside the quotes in .env): copy the value again without it',
    abort: true,
  });

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(
    credential(z.string()).regex(/^xoxb-./, { error: 'must be a bot token that starts with xoxb-' }),
  ),
  SLACK_CLIENT_ID: optional(credential(z.string())),
  SLACK_CLIENT_SECRET: optional(credential(z.string())),
  SLACK_STATE_SECRET: optional(
    credential(z.string()).min(16, {
      error: 'must be a random string of at least 16 characters (for example from `openssl rand -hex 32`)',
    }),
  ),
  SLACK_SIGNING_SECRET: optional(credential(z.string())),
  SLACK_APP_TOKEN: optional(
    credential(z.string()).regex(/^xapp-./, {
      error: 'must be an app-level token that starts with xapp- (or be left empty)',
    }),
  ),
  PORT: optional(
    z.coerce
      .number({ error: 'must be a port number from 0 to 65535' })
      .int({ error: 'must be a port number from 0 to 65535' })
      .min(0, { error: 'must be a port number from 0 to 65535' })
      .max(65535, { error: 'must be a port number from 0 to 65535' }),
  ).transform((v) => v ?? 3000),
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: optional(
    z.coerce
      .number({ error: 'must be a whole number of connections from 1 to 100' })
      .int({ error: 'must be a whole number of connections from 1 to 100' })
      .min(1, { error: 'must be a whole number of connections from 1 to 100' })
      .max(100, { error: 'must be a whole number of connections from 1 to 100' }),
  ).transform((v) => v ?? 10),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }),
  ).transform((v) => (v === undefined ? undefined : v.endsWith('/') ? v : `${v}/`)),
  DIGEST_CHANNEL: optional(
    z.string().regex(/^[CG][A-Z0-9]+$/, { error: 'must be a channel ID such as C0123456789 (not a #name)' }),
  ),
  DIGEST_CRON: optional(
    z.string().refine(isCronPattern, { error: 'must be a cron pattern such as "0 9 * * 1" (Mondays 09:00)' }),
  ).transform((v) => v ?? '0 9 * * 1'),
  DIGEST_TIMEZONE: optional(
    z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Paris or UTC' }),
  ).transform((v) => v ?? 'UTC'),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })).transform(
    (v) => v ?? 'info',
  ),
});

/** Distributed mode: the app is installed through Slack's OAuth flow, in any number of workspaces. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the state of an install in progress, so the redirect back from Slack is known to be ours. */
  stateSecret: string;
}

/** What distributed mode needs, all three or none. */
const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
const OAUTH_SET = 'SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET';

/**
 * The one sentence about how the app is to run, when the Slack variables do not choose one way: a bot token
 * for one workspace, or the OAuth set for many, never both, never half of the set, and Socket Mode only
 * with the bot token (distribution needs Slack to reach the app over HTTP).
 */
function modeProblem(source: Record<string, string | undefined>): string | undefined {
  const oauthSet = OAUTH_VARIABLES.filter((name) => !isBlank(source[name]));
  const hasToken = !isBlank(source.SLACK_BOT_TOKEN);
  if (hasToken && oauthSet.length > 0) {
    return `Set either SLACK_BOT_TOKEN (one workspace) or ${OAUTH_SET} (installable in many workspaces), not both: empty the ones of the way you do not use`;
  }
  if (!hasToken && oauthSet.length === 0) {
    return `SLACK_BOT_TOKEN is required: the bot token from your Slack app (starts with xoxb-), or set ${OAUTH_SET} to install the app in many workspaces`;
  }
  if (oauthSet.length > 0 && oauthSet.length < 3) {
    const missing = OAUTH_VARIABLES.filter((name) => !oauthSet.includes(name));
    return `${OAUTH_SET} go together: also set ${missing.join(' and ')} (see .env.example)`;
  }
  if (oauthSet.length === 3 && !isBlank(source.SLACK_APP_TOKEN)) {
    return 'SLACK_APP_TOKEN (Socket Mode) works only with SLACK_BOT_TOKEN: an app installed in many workspaces needs HTTP at a public URL, so leave SLACK_APP_TOKEN empty';
  }
  return undefined;
}

export interface Config {
  slack: {
    /** Single-workspace mode; undefined in distributed mode. */
    botToken: string | undefined;
    /** Distributed mode; undefined in single-workspace mode. */
    oauth: OAuthConfig | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
  };
  port: number;
  databaseUrl: string;
  /** PostgreSQL only: connections each instance keeps open. */
  databasePoolSize: number;
  digest: { channel: string | undefined; cron: string; timezone: string };
  logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends OperatorError {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these in your .env file (see .env.example) and try again.`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from an environment. Each problem names the variable and what it expects;
 * no message ever echoes a value, because several of them are secrets. `dotenvProblems` (from loadDotenv)
 * are listed with the others, so that one run shows everything to fix.
 */
export function loadConfig(source: Record<string, string | undefined>, dotenvProblems: string[] = []): Config {
  const parsed = envSchema.safeParse(source);
  const problems = [
    ...dotenvProblems,
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`)),
  ];
  const mode = modeProblem(source);
  if (mode) problems.push(mode);
  // HTTP mode verifies every request with the signing secret; Socket Mode does not receive HTTP requests.
  if (isBlank(source.SLACK_SIGNING_SECRET) && isBlank(source.SLACK_APP_TOKEN)) {
    problems.push(
      "SLACK_SIGNING_SECRET is required unless SLACK_APP_TOKEN is set (Socket Mode): copy it from your Slack app's Basic Information page",
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const env = parsed.data;
  return {
    slack: {
      botToken: env.SLACK_BOT_TOKEN,
      oauth:
        env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
          ? {
              clientId: env.SLACK_CLIENT_ID,
              clientSecret: env.SLACK_CLIENT_SECRET,
              stateSecret: env.SLACK_STATE_SECRET,
            }
          : undefined,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
    },
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    digest: { channel: env.DIGEST_CHANNEL, cron: env.DIGEST_CRON, timezone: env.DIGEST_TIMEZONE },
    logLevel: env.LOG_LEVEL,
  };
}

/** For operator commands (migrate, export, backup) that need the database but no Slack credentials. */
export function loadDatabaseUrl(source: Record<string, string | undefined>): string {
  return databaseUrl.parse(source.DATABASE_URL);
}

/**
 * Loads `.env` (or the file DOTENV_CONFIG_PATH names, as tests do so a developer's own `.env` never
 * leaks into them) without overriding variables that are already set.
 *
 * Returns a problem for each value that a `#` cuts short. A .env file reads an unquoted `#` as the start of
 * a comment, so `DIGEST_CHANNEL=#general` would otherwise be silently empty. A `#` after a space is taken
 * as the comment it looks like.
 */
export function loadDotenv(): string[] {
  const path = process.env.DOTENV_CONFIG_PATH || '.env';
  const alreadySet = new Set(Object.keys(process.env));
  dotenv.config({ quiet: true, path });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const loaded = dotenv.parse(text);
  return text.split(/\r?\n/).flatMap((line, index) => {
    const assignment = /^\s*(?:export\s+)?([\w.-]+)\s*=(.*)$/.exec(line);
    const [, name = '', value = ''] = assignment ?? [];
    const hash = value.indexOf('#');
    if (alreadySet.has(name) || hash < 0 || /^\s*["'`]/.test(value) || /\s/.test(value.charAt(hash - 1))) return [];
    // Only what dotenv really read this way: a line inside a quoted multi-line value is not an assignment.
    if (loaded[name] !== value.slice(0, hash).trim()) return [];
    const where = `${name} on line ${index + 1} of ${path}`;
    const effect = loaded[name] === '' ? 'is read as empty' : 'is cut short at its #';
    return [`${where} ${effect}, because .env reads "#" as the start of a comment: put the value in quotes`];
  });
}
