/**
 * The floor for the ack-latency, chatter and interception comparisons: a Bolt app with the same receiver
 * settings as Empty Chair and listeners that only acknowledge. Plain JavaScript, so that it runs on bare
 * node as the compiled app does (no TypeScript loader in its memory or its start).
 */
import process from 'node:process';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  processBeforeResponse: true,
  logLevel: LogLevel.ERROR,
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  botId: 'BBARE',
  botUserId: 'UBARE',
  logLevel: LogLevel.ERROR,
  convoStore: false,
});
app.command(/.*/, async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
app.event('message', async () => {});

const server = await app.start(0);
process.stdout.write(`Bare Bolt is running on port ${server.address().port}.\n`);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
