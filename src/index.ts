import { ConfigError, loadConfig, loadDotenv } from './config.js';
import { startEmptyChair } from './main.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

loadDotenv();

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError)
    fail(`${error.message}\nFix these in your .env file (see .env.example) and start again.`);
  throw error;
}

try {
  const running = await startEmptyChair(config);
  const where = running.port === undefined ? 'in Socket Mode' : `on port ${running.port}`;
  process.stdout.write(`Empty Chair is running ${where}.\n`);

  const shutDown = async (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal} received: finishing in-flight work, then stopping.\n`);
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
} catch (error) {
  fail(`Empty Chair could not start: ${describeStartError(error)}`);
}

function describeStartError(error: unknown): string {
  const code = (error as { code?: string; data?: { error?: string } }).data?.error ?? (error as { code?: string }).code;
  if (code === 'invalid_auth' || code === 'not_authed')
    return 'Slack rejected SLACK_BOT_TOKEN; copy the Bot User OAuth Token from your Slack app again.';
  if (code === 'EADDRINUSE') return `port ${config.port} is already in use; set PORT to a free port.`;
  return error instanceof Error ? error.message : String(error);
}
