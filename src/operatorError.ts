/**
 * A failure the operator can fix, such as a wrong setting or an unusable database path. Its message says
 * what is wrong and what to do, so it is printed as it is, without a stack trace, which would only bury it.
 */
export class OperatorError extends Error {
  constructor(
    message: string,
    /** The exit code of a command that stops on it: 2 for a mistake in how it was called, 1 otherwise. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}
