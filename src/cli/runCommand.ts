import { OperatorError } from '../operatorError.js';

/**
 * Runs an operator command to its exit code. An OperatorError (a bad setting, an unusable path, Slack
 * refusing the token) ends it with its one-sentence message; anything else is a bug and keeps its stack.
 */
export async function runCommand(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (!(error instanceof OperatorError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
