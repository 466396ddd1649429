import { webApi } from '@slack/bolt';
import { verifyBotToken, webClientOptions } from '../app.js';
import { type Config, ConfigError, loadConfig, loadDotenv } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { createDigestRepo } from '../db/digestRepo.js';
import { createSettingsRepo } from '../db/settingsRepo.js';
import { composeDigest, runDigest } from '../digest/digestRunner.js';
import { blocksToPlainText } from '../views/digest.js';

/**
 * `npm run digest` prints the digest of the seven days up to now as text; `npm run digest -- --post` posts
 * it to the digest channel now. Both ask Slack who the bot is (auth.test), because the digest belongs to
 * the bot's workspace and links to its threads.
 */

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const toStderr = (...msg: unknown[]) => process.stderr.write(`${msg.map(String).join(' ')}\n`);
const logger = { info: toStderr, warn: toStderr, error: toStderr };

loadDotenv();
const post = process.argv.slice(2).includes('--post');

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(`${error.message}\nFix these in your .env file (see .env.example).`);
  throw error;
}

const db = openDatabase(config.databaseUrl);
try {
  migrateDatabase(db);
  const bot = await verifyBotToken(config);
  const repo = createDigestRepo(db);
  // A slot to the second, like the cron's, so a manual post is recorded as a slot of its own.
  const now = () => new Date(Math.floor(new Date().getTime() / 1000) * 1000);
  const channelId = createSettingsRepo(db, now).team(bot.teamId)?.digestChannel ?? config.digest.channel;
  const slot = now();
  const common = {
    repo,
    teamId: bot.teamId,
    slot,
    late: false,
    teamUrl: bot.teamUrl,
    cron: config.digest.cron,
    timezone: config.digest.timezone,
  };

  if (!post) {
    const digest = composeDigest({ ...common, channelId, now: slot });
    const where = channelId
      ? `It would go to channel ${channelId}`
      : 'No digest channel is set (DIGEST_CHANNEL or `/decision digest here`), so decisions not known to be public are only counted';
    process.stdout.write(`${where}. To post it now: npm run digest -- --post\n\n${blocksToPlainText(digest.blocks)}`);
  } else {
    if (!channelId) fail('No digest channel: set DIGEST_CHANNEL or run `/decision digest here` in a channel first.');
    const slack = new webApi.WebClient(config.slack.botToken, webClientOptions(config));
    const result = await runDigest({ ...common, slack, channelId, now, logger });
    if (result.status !== 'posted') process.exitCode = 1;
  }
} finally {
  db.$client.close();
}
