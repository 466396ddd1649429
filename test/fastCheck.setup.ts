import fc from 'fast-check';

/**
 * Replays a failed property. fast-check's error prints `{ seed, path, endOnFailure }`; run the one failing test
 * with those values, e.g. `FC_SEED=-1617725780 FC_PATH=2:2:3 npx vitest run test/unit/x.test.ts -t 'name'`, and
 * it draws the same inputs and goes straight to the shrunk counterexample. The path only fits the property that
 * printed it, hence `-t`. Without FC_SEED every run draws a new seed, so the suite keeps exploring.
 */
const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be the integer fast-check printed, not ${seed}`);
  const path = process.env.FC_PATH;
  fc.configureGlobal({
    ...fc.readConfigureGlobal(),
    seed: Number(seed),
    ...(path ? { path, endOnFailure: true } : {}),
  });
}
