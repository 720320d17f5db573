// `npm test`: the one test command. Installs the system packages the tests need
// when missing (as root), starts one real PostgreSQL server for the run, then runs
// type-check, lint, unit + integration tests and browser tests, and ends with one
// line of totals over all suites. Exits non-zero on any failure.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startPostgres } from '../test/helpers/postgres.js';

const root = new URL('..', import.meta.url).pathname;

process.chdir(root);

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const skipChecks = args.includes('--no-checks') || only.length > 0;

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
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'poppler-utils', present: () => existsSync('/usr/bin/pdftotext') },
];

function ensureSystemPackages() {
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
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  // Debian starts the packaged services on install; the tests run their own.
  spawnSync('sh', ['-c', 'service slapd stop; service postgresql stop'], { stdio: 'ignore' });
}

// ---- test files -------------------------------------------------------------
function findTests(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findTests(path);
    return /\.test\.tsx?$/.test(name) ? [relative(root, path)] : [];
  });
}

// ---- steps -------------------------------------------------------------------
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function check(name: string, cmd: string, cmdArgs: string[]) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (r.status === 0) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
}

function runNodeTests(name: string, files: string[], env: Record<string, string>): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  console.log(`\n▶ ${name} (${files.length} files)`);
  const dir = mkdtempSync(join(tmpdir(), 'sc-test-'));
  const tap = join(dir, 'result.tap');
  return new Promise<void>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        '--test-timeout=300000',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      { stdio: 'inherit', env: { ...process.env, ...env } },
    );
    child.on('exit', (code) => {
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      const count = (word: string) => Number(text.match(new RegExp(`^# ${word} (\\d+)$`, 'm'))?.[1] ?? 0);
      const passed = count('pass');
      const failed = count('fail') + count('cancelled');
      const skipped = count('skipped') + count('todo');
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
      if (failed > 0 || code !== 0) {
        failures.push(name);
        if (failed === 0) totals.failed++; // the runner itself failed
      }
      rmSync(dir, { recursive: true, force: true });
      resolve();
    });
  });
}

async function main() {
  ensureSystemPackages();
  const pgServer = await startPostgres();
  const cleanup = () => pgServer.stop();
  process.on('exit', cleanup);
  process.on('SIGINT', () => process.exit(130));
  const env = { SC_TEST_POSTGRES_URL: pgServer.url, NODE_ENV: 'test' };
  try {
    if (!skipChecks) {
      check('type-check', 'npx', ['tsc', '-p', 'tsconfig.json']);
      check('type-check (browser scripts)', 'npx', ['tsc', '-p', 'tsconfig.client.json']);
      check('lint', 'npx', ['biome', 'check', '.']);
      check('xss-scan', 'npx', ['xss-scan']);
      check('build', 'npm', ['run', 'build']);
    }
    const match = (f: string) => only.length === 0 || only.some((o) => f.includes(o));
    const unit = [...findTests('src'), ...findTests('test')].filter(match);
    const browser = findTests('e2e').filter(match);
    await runNodeTests('unit and integration tests', unit, env);
    await runNodeTests('browser tests', browser, env);
  } finally {
    cleanup();
  }
  if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
});
