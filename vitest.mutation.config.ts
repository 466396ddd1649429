import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests Stryker runs against each mutant: the unit tests only. They cover the pure modules it mutates,
 * and none of them starts a server or a child process, which per-mutant runs on two cores could not afford.
 * (Spread, not mergeConfig: that would append to the base's include rather than replace it; and never the
 * base's second, PostgreSQL run; nor its build of dist/, which no unit test runs.)
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/unit/**/*.test.ts'], projects: undefined, globalSetup: [] },
});
