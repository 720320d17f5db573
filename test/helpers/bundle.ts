// What `npm start` and the installed `sc-account` run: the bundles in dist/bundle.
// `npm test` builds them before the test files start (the build check, or the bundle
// step when the checks are skipped) and says so in SC_TEST_BUNDLED; a test file run on
// its own builds them once here, so that a test never runs a stale bundle. (Test
// processes never build them for themselves under npm test: one would remove the
// files another is starting.)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './root.js';

let built = Boolean(process.env.SC_TEST_BUNDLED);

/** PATH and HOME alone: what a process a test starts sees besides what the test gives it. */
export const minimalEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' });

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

/** A server started from the bundle as `npm start` starts it, its output kept. */
export interface BundledServer {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr as they came. */
  output(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Starts `npm start`'s process (its Node options, the main bundle) with only PATH and
 * HOME of this environment and `env`; `wrapper` runs it under another command (e.g.
 * `unshare --pid --fork`).
 */
export function startBundledServer(env: Record<string, string>, options: { wrapper?: string[] } = {}): BundledServer {
  const command = [...(options.wrapper ?? []), process.execPath, ...startFlags, bundled('main')];
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: projectRoot,
    env: { ...minimalEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let all = '';
  child.stdout.on('data', (d) => {
    out += d;
    all += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
    all += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, output: () => all, exited };
}
