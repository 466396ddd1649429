/**
 * What the app logs through, and the only logger type it names: Bolt's logger satisfies it, so does a
 * test's capturing logger, and code outside the listeners need not import Bolt to log.
 */
export interface Logger {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}
