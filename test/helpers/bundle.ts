// What `npm start` and the installed `sc-account` run: the bundles in dist/bundle.
// `npm test` builds them before the test files start (the build check, or the bundle
// step when the checks are skipped) and says so in SC_TEST_BUNDLED; a test file run on
// its own builds them once here, so that a test never runs a stale bundle. (Test
// processes never build them for themselves under npm test: one would remove the
// files another is starting.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './root.js';

let built = Boolean(process.env.SC_TEST_BUNDLED);

/** The bundle's path for `entry` (main, cli), fresh from the sources. */
export function bundled(entry: 'main' | 'cli'): string {
  if (!built) {
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: projectRoot, stdio: 'inherit' });
    built = true;
  }
  return join(projectRoot, 'dist/bundle', `${entry}.js`);
}

/** Node's options in `npm start` (package.json's start script), so the server runs in tests as it runs there. */
export const startFlags: string[] = (() => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = manifest.scripts.start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
})();
