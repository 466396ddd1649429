import { parseArgs } from 'node:util';
import { LogLevel, webApi } from '@slack/bolt';
import { verifyBotToken, webClientOptions } from '../slack/client.js';
import { loadConfig, loadDotenv } from '../config.js';
import { connectDatabase, databaseMissing } from '../db/database.js';
import { createDigestRepo } from '../db/digestRepo.js';
import { createSettingsRepo } from '../db/settingsRepo.js';
import { createSettingsService } from '../decisions/settingsService.js';
import { composeDigest, runDigest } from '../digest/digestRunner.js';
import { digestChannelFor, digestScheduleFor } from '../digest/scheduler.js';
import { OperatorError } from '../operatorError.js';
import { installedWorkspaces } from '../slack/installations.js';
import { singleWorkspace } from '../slack/workspaces.js';
import { blocksToPlainText } from '../views/digest.js';
import { runCommand } from './runCommand.js';

/**
 * `npm run digest` prints, for each workspace served, the digest of the seven days up to now as text;
 * `npm run digest -- --post` posts it to the workspace's digest channel now, with its own token. Both ask
 * Slack who the bot is (auth.test), because a digest belongs to a workspace and links to its threads.
 */

const USAGE = 'usage: npm run digest [-- --post]';

function readOptions(argv: string[]): { post: boolean } {
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { post: { type: 'boolean', default: false } } });
    return { post: values.post };
  } catch (error) {
    // parseArgs adds advice about positional arguments that does not apply to this command.
    const problem = (error as Error).message.split('\n')[0]?.split('. ')[0] ?? 'Unreadable options';
    throw new OperatorError(`${problem} (${USAGE}).`, 2);
  }
}

const toStderr = (...msg: unknown[]) => process.stderr.write(`${msg.map(String).join(' ')}\n`);
const logger = { debug: () => {}, info: toStderr, warn: toStderr, error: toStderr };

await runCommand(async () => {
  const { post } = readOptions(process.argv.slice(2));
  const config = loadConfig(process.env, loadDotenv());
  // A digest of a database that does not exist is a mistyped DATABASE_URL, not an empty week.
  if (databaseMissing(config.databaseUrl)) {
    throw new OperatorError(
      `There is no database at ${config.databaseUrl} to make a digest of; check DATABASE_URL.`,
      2,
    );
  }
  const db = await connectDatabase(config.databaseUrl);
  try {
    // A slot to the second, like the schedule's, so a manual post is recorded as a slot of its own.
    const now = () => new Date(Math.floor(new Date().getTime() / 1000) * 1000);
    // Distributed mode: every installed workspace, each with its own token. Otherwise the one of
    // SLACK_BOT_TOKEN; its retries would each log a warning, and the one sentence on failure says all.
    const workspaces = config.slack.oauth
      ? installedWorkspaces(db, { oauth: config.slack.oauth, now, logger, clientOptions: webClientOptions(config) })
      : singleWorkspace(
          await verifyBotToken(config, { logLevel: LogLevel.ERROR }),
          new webApi.WebClient(config.slack.botToken, webClientOptions(config)),
        );
    const repo = createDigestRepo(db);
    const settings = createSettingsService({ settings: createSettingsRepo(db, now) });
    let status = 0;
    for (const workspace of await workspaces.list()) {
      const { teamId, teamUrl } = workspace;
      const channelId = await digestChannelFor(settings, teamId, config.digest.channel);
      const { cron, timezone } = await digestScheduleFor(settings, teamId, config.digest);
      const slot = now();
      const common = { repo, teamId, slot, late: false, teamUrl, cron, timezone };

      if (!post) {
        const digest = await composeDigest({ ...common, channelId, now: slot });
        const where = channelId
          ? `It would go to channel ${channelId}`
          : 'No digest channel is set (DIGEST_CHANNEL or `/decision digest here`), so decisions not known to be public are only counted';
        process.stdout.write(
          `${where}. To post it now: npm run digest -- --post\n\n${blocksToPlainText(digest.blocks)}`,
        );
      } else if (!channelId) {
        process.stderr.write(
          'No digest channel: set DIGEST_CHANNEL or run `/decision digest here` in a channel first.\n',
        );
        status = 1;
      } else {
        const result = await runDigest({ ...common, slack: workspace.client, channelId, now, logger });
        if (result.status !== 'posted') status = 1;
      }
    }
    return status;
  } finally {
    await db.close();
  }
});
