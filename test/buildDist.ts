import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_INFO = join(ROOT, 'dist', '.tsbuildinfo');

/** The newest change under src/ (and to the build's own config), in ms. */
function newestSource(): number {
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => join(ROOT, 'src', f));
  return Math.max(...[...files, join(ROOT, 'tsconfig.build.json')].map((f) => statSync(f).mtimeMs));
}

/**
 * Vitest's global setup. Spawned apps and operator commands run the compiled app in dist/, as `npm start`
 * and the npm scripts do, so dist/ is built from the current src/ before any test runs (skipped when it
 * is newer than every source file).
 */
export default function buildDist(): void {
  if (existsSync(BUILD_INFO) && statSync(BUILD_INFO).mtimeMs >= newestSource()) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}
