// `npm test`: the one test command. Installs the system packages the tests need
// when missing (as root) while it runs the checks (type-check, lint, xss-scan,
// build; the type-check goes on beside the first test files), then starts one real PostgreSQL server for the run, runs every test file, and ends with
// the time of each phase, the ten slowest files and one line of totals.
//
//   npm test                       everything
//   npm test -- FILE|PART …        only the test files whose path contains a PART (no checks)
//   npm test -- --no-checks        every test file, no checks
//
// Test files run as separate processes, TEST_CONCURRENCY at a time (default: the
// number of CPUs, at least 2), longest first: each file's time in the last run is
// kept in node_modules/.cache/sc-account/test-times.json; without it, browser
// journeys and larger files go first. A file's output is printed as one block when
// it ends. Exits non-zero on any failure.
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { build } from 'esbuild';
import { migratedTemplate } from '../test/helpers/pglite-template.js';
import { startPostgres } from '../test/helpers/postgres.js';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const skipChecks = args.includes('--no-checks') || only.length > 0;
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY) || Math.max(2, availableParallelism()));
/** A test file that runs longer than this is stopped and counted as failed. */
const FILE_TIMEOUT_MS = 10 * 60_000;
const timesFile = join(root, 'node_modules/.cache/sc-account/test-times.json');
/** Where the test files and the sources they import are compiled to (see compileTests). */
const buildDir = join(root, 'node_modules/.cache/sc-account/tests');

const phases: [string, number][] = [];
async function phase<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    phases.push([name, (performance.now() - started) / 1000]);
  }
}

// ---- system packages -------------------------------------------------------
const needs = [
  {
    pkg: 'postgresql',
    present: () =>
      existsSync('/usr/lib/postgresql') &&
      readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)),
  },
  { pkg: 'slapd', present: () => existsSync('/usr/sbin/slapd') },
  { pkg: 'ldap-utils', present: () => existsSync('/usr/bin/ldapadd') },
  { pkg: 'chromium-headless-shell', present: () => existsSync('/usr/bin/chromium-headless-shell') },
  { pkg: 'poppler-utils', present: () => existsSync('/usr/bin/pdftotext') },
  // The reverse proxy of the several-instances recipe (test/topology.test.ts).
  { pkg: 'nginx', present: () => existsSync('/usr/sbin/nginx') },
  // A Japanese font: Chromium lays out Japanese pages (line breaks, widths) as people see them.
  { pkg: 'fonts-noto-cjk', present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') },
];

/** Runs a command with its output on ours; resolves when it exits 0. */
function runInherited(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Installs what is missing; runs beside the checks, which need none of it. */
async function ensureSystemPackages() {
  const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `npm test needs these Debian packages, which are missing: ${missing.join(' ')}\n` +
        `Install them as root and run npm test again:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`Installing test dependencies: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runInherited('apt-get', ['update', '-qq'], env);
  await runInherited('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], env);
  // Debian starts the packaged services on install; the tests run their own.
  spawnSync('sh', ['-c', 'service slapd stop; service postgresql stop; service nginx stop'], { stdio: 'ignore' });
}

// ---- test files -------------------------------------------------------------
function findFiles(dir: string, wanted: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findFiles(path, wanted);
    const rel = relative(root, path);
    return wanted(rel) ? [rel] : [];
  });
}

const findTests = (dir: string) => findFiles(dir, (path) => /\.test\.tsx?$/.test(path));

/**
 * Compiles src (but the browser scripts), test and e2e into buildDir with esbuild,
 * file by file (no bundling, no type check: that is the checks' tsc), with inline
 * source maps so that a failure points at the .ts line. A test process then loads
 * plain JavaScript: importing the app through tsx's loader cost each of some eighty
 * processes about 4.6 s of CPU, the compiled copy about 2. public/ and dist/ are
 * linked in beside, where the modules look for them; test helpers find the sources'
 * folder in SC_PROJECT_ROOT (test/helpers/root.ts).
 */
async function compileTests(): Promise<void> {
  const sources = ['src', 'test', 'e2e'].flatMap((dir) =>
    findFiles(dir, (path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts') && !path.startsWith('src/web/client/')),
  );
  rmSync(buildDir, { recursive: true, force: true });
  await build({
    entryPoints: sources,
    outdir: buildDir,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    supported: { 'import-attributes': true },
    tsconfig: join(root, 'tsconfig.json'),
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  for (const name of ['public', 'dist']) symlinkSync(join(root, name), join(buildDir, name));
}

const compiled = (file: string) => join(buildDir, file.replace(/\.tsx?$/, '.js'));

function lastTimes(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(timesFile, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Longest first: last run's seconds, else browser journeys before the rest, larger files first. */
function longestFirst(files: string[]): string[] {
  const known = lastTimes();
  const guess = (f: string) => known[f] ?? (f.startsWith('e2e/') ? 1000 : 500) + statSync(f).size / 1000;
  return [...files].sort((a, b) => guess(b) - guess(a));
}

/** The machine's busy and idle time so far (/proc/stat, Linux), to tell how well the run used it. */
function cpuTimes(): { busy: number; idle: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: fields.reduce((a, b) => a + b, 0) - idle, idle };
  } catch {
    return undefined;
  }
}
let cpuLine = '';

// ---- steps -------------------------------------------------------------------
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
const fileTimes: Record<string, number> = {};

/** Collects a child's stdout and stderr as one text, in the order they came. */
function captureOutput(child: ChildProcessByStdio<null, Readable, Readable>): { text: string } {
  const output = { text: '' };
  const add = (d: Buffer) => {
    output.text += d;
  };
  child.stdout.on('data', add);
  child.stderr.on('data', add);
  return output;
}

/** Runs one check; its output is printed as one block when it ends (checks run side by side). */
function check(name: string, cmd: string, cmdArgs: string[]): Promise<void> {
  const started = performance.now();
  return new Promise<void>((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = captureOutput(child);
    child.on('close', (code) => {
      phases.push([`  ${name}`, (performance.now() - started) / 1000]);
      console.log(`\n▶ ${name}${code === 0 ? '' : ' FAILED'}`);
      process.stdout.write(output.text);
      if (code === 0) totals.passed++;
      else {
        totals.failed++;
        failures.push(name);
      }
      resolve();
    });
  });
}

function runFile(file: string, env: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-test-'));
  const tap = join(dir, 'result.tap');
  const started = performance.now();
  return new Promise<void>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        // PGlite's WebAssembly compiled once, without the optimising tier: a test
        // process is over before that tier pays for itself (a third less CPU for a
        // file on PGlite).
        '--liftoff-only',
        '--enable-source-maps',
        // e.g. TEST_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the files
        ...(process.env.TEST_NODE_ARGS ?? '').split(' ').filter(Boolean),
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        compiled(file),
      ],
      { env: { ...process.env, ...env, SC_PROJECT_ROOT: root }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = captureOutput(child);
    const timer = setTimeout(() => {
      output.text += `\n✖ ${file} ran longer than ${FILE_TIMEOUT_MS / 60_000} minutes and was stopped\n`;
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      fileTimes[file] = seconds;
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      const count = (word: string) => Number(text.match(new RegExp(`^# ${word} (\\d+)$`, 'm'))?.[1] ?? 0);
      const passed = count('pass');
      const failed = count('fail') + count('cancelled');
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += count('skipped') + count('todo');
      const ok = failed === 0 && code === 0;
      if (!ok) {
        failures.push(file);
        if (failed === 0) totals.failed++; // the file itself failed (crashed, timed out)
      }
      console.log(
        `\n${ok ? '✔' : '✖'} ${file} (${seconds.toFixed(1)} s, ${passed} passed${failed ? `, ${failed} failed` : ''})`,
      );
      process.stdout.write(output.text.replace(/^/gm, '  '));
      rmSync(dir, { recursive: true, force: true });
      resolve();
    });
  });
}

async function runFiles(files: string[], env: Record<string, string>): Promise<void> {
  const queue = longestFirst(files);
  console.log(`\n▶ ${files.length} test files, ${concurrency} at a time`);
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) await runFile(file, env);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
}

function saveTimes() {
  try {
    mkdirSync(join(timesFile, '..'), { recursive: true });
    writeFileSync(timesFile, JSON.stringify({ ...lastTimes(), ...fileTimes }, null, 1));
  } catch {
    // Only an ordering hint for the next run.
  }
}

function report() {
  console.log('\nPhases:');
  for (const [name, seconds] of phases) console.log(`  ${name.padEnd(34)} ${seconds.toFixed(1).padStart(7)} s`);
  const slowest = Object.entries(fileTimes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  if (slowest.length) {
    console.log('\nSlowest test files:');
    for (const [file, seconds] of slowest) console.log(`  ${file.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s`);
  }
  if (cpuLine) console.log(`\n${cpuLine}`);
  if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
}

async function main() {
  const started = performance.now();
  // The Debian packages are installed (when missing: a new machine) while the checks
  // run, which need none of them; the PostgreSQL server and the test files wait for them.
  const packages = phase('system packages', ensureSystemPackages);
  packages.catch(() => {});
  let cleanup = () => {};
  process.on('exit', () => cleanup());
  process.on('SIGINT', () => process.exit(130));
  // The server's type-check (the longest check, one core) runs beside the other checks
  // and then beside the first test files, which do not need it; the run waits for it
  // at the end.
  let typeCheck: Promise<void> = Promise.resolve();
  try {
    if (!skipChecks) {
      typeCheck = check('type-check', 'npx', ['tsc', '-p', 'tsconfig.json']);
      await phase('checks', async () => {
        await check('type-check (browser scripts)', 'npx', ['tsc', '-p', 'tsconfig.client.json']);
        await check('lint', 'npx', ['biome', 'check', '.']);
        await check('xss-scan', 'npx', ['xss-scan']);
        await check('build', 'npm', ['run', 'build']);
      });
    }
    // The bundles that tests start as `npm start` and `sc-account` (test/helpers/bundle.ts).
    if (skipChecks) await phase('bundle', () => check('bundle', process.execPath, ['scripts/bundle.mjs']));
    await phase('compiled tests', compileTests);
    await phase('migrated test database', migratedTemplate);
    await packages;
    const pgServer = await phase('PostgreSQL server', startPostgres);
    cleanup = () => pgServer.stop();
    const env = { SC_TEST_POSTGRES_URL: pgServer.url, NODE_ENV: 'test', SC_TEST_BUNDLED: '1' };
    const match = (f: string) => only.length === 0 || only.some((o) => f.includes(o));
    const files = [...findTests('src'), ...findTests('test'), ...findTests('e2e')].filter(match);
    const cpuBefore = cpuTimes();
    await phase('test files', () => runFiles(files, env));
    await typeCheck;
    const cpuAfter = cpuTimes();
    if (cpuBefore && cpuAfter) {
      const busy = cpuAfter.busy - cpuBefore.busy;
      const all = busy + cpuAfter.idle - cpuBefore.idle;
      cpuLine = `CPUs busy during the test files: ${Math.round((100 * busy) / all)} %`;
    }
  } finally {
    cleanup();
  }
  saveTimes();
  phases.push(['total', (performance.now() - started) / 1000]);
  report();
  process.exit(totals.failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
});
