import { loadConfig, loadDotenv } from './config.js';
import { startEmptyChair } from './main.js';
import { OperatorError } from './operatorError.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const dotenvProblems = loadDotenv();

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env, dotenvProblems);
} catch (error) {
  if (error instanceof OperatorError) fail(error.message);
  throw error;
}

try {
  const running = await startEmptyChair(config);
  const where = running.port === undefined ? 'in Socket Mode' : `on port ${running.port}`;
  process.stdout.write(`Empty Chair is running ${where}.\n`);

  // Both signals can arrive twice: Ctrl-C reaches the whole process group, and `npm start` forwards it
  // again. Only the first stops the bot; a second must not kill it halfway through finishing its work.
  let stopping = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received: finishing in-flight work, then stopping.\n`);
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutDown);
  process.on('SIGTERM', shutDown);
} catch (error) {
  fail(`Empty Chair could not start: ${describeStartError(error)}`);
}

function describeStartError(error: unknown): string {
  if (error instanceof OperatorError) return error.message;
  if ((error as { code?: string }).code === 'EADDRINUSE')
    return `port ${config.port} is already in use; set PORT to a free port.`;
  return error instanceof Error ? error.message : String(error);
}
