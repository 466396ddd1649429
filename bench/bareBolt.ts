/**
 * The floor for the ack-latency comparison: a Bolt app with the same receiver settings as Empty
 * Chair and listeners that only acknowledge.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
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
});
app.command(/.*/, async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
app.event('message', async () => {});

const server = (await app.start(0)) as Server;
process.stdout.write(`Bare Bolt is running on port ${(server.address() as AddressInfo).port}.\n`);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
