// The restore drill: the backup and restore commands of docs/operations.md, run as
// written. On the suite's PostgreSQL, with accounts provisioned into a real slapd:
// pg_dump, a new database made and the dump restored into it, `audit verify` and
// `reconcile` clean on it, every table's rows back, and the app started on it serves
// what was there (the staff queue lists the applications, the holder logs in). The
// embedded DATA_DIR's tar backup is made owner-only and restores to a database that
// `audit verify` finds whole.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ensureSessionSecret, loadConfig } from '../src/config.js';
import { provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { minimalEnv } from './helpers/bundle.js';
import { type CliResult, runCli } from './helpers/cli.js';
import { postgresBinDir, testPostgres } from './helpers/postgres.js';
import { approve, drainJobs, pledgeSigned, submitApplication } from './helpers/review.js';
import { projectRoot } from './helpers/root.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';
import { type EnrolledStaff, enrol, signIn } from './helpers/staff.js';

/** The shell blocks of the "Backup and restore" section, dedented (some are inside a list). */
function documentedBlocks(): string[] {
  const docs = readFileSync(join(projectRoot, 'docs/operations.md'), 'utf8');
  const section = docs.slice(
    docs.indexOf('## Backup and restore\n'),
    docs.indexOf('\n## ', docs.indexOf('## Backup and restore\n') + 1),
  );
  return [...section.matchAll(/^( *)```sh\n([\s\S]*?)^\1```$/gm)].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n'),
  );
}

/** The one documented block that contains `text`. */
function block(text: string): string {
  const found = documentedBlocks().filter((b) => b.includes(text));
  assert.equal(found.length, 1, `docs/operations.md, Backup and restore: one sh block with ${text}`);
  return found[0] as string;
}

/**
 * Runs a documented block with sh -e in `cwd`, as an operator whose umask is the
 * usual 022 would, with the PostgreSQL client programs of the test server first on PATH.
 */
function runBlock(script: string, cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync('sh', ['-ec', `umask 022\n${script}`], {
    cwd,
    env: { ...minimalEnv(), PATH: `${postgresBinDir()}:${process.env.PATH ?? ''}`, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** Rows of every table of the public schema, by table. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const r = await client.query<{ n: string }>(`select count(*) as n from "${name}"`);
      counts[name] = Number(r.rows[0]?.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

type Submitted = Awaited<ReturnType<typeof submitApplication>>;

const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3b1uJk8Kq2mKc4lH9nQ0hY8e2pA7sT1x4xYQ6d2m4 taro@laptop';

describe('restore drill on PostgreSQL, as docs/operations.md says', () => {
  let slapd: TestSlapd;
  let admin: pg.Client;
  let server: URL;
  let work: string;
  let env: Record<string, string>;
  const urlOf = (database: string) => {
    const url = new URL(server);
    url.username = 'sc_account';
    url.pathname = `/${database}`;
    return url.toString();
  };
  /** What the restore's commands need: the server, and the dump. */
  const pgEnv = (backup: string) => ({ PGHOST: server.hostname, PGPORT: server.port, BACKUP: backup });

  before(async () => {
    server = new URL(await testPostgres());
    admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    // sc-account's own role, not a superuser, and its database, as in production.
    await admin.query(
      "do $$ begin if not exists (select from pg_roles where rolname = 'sc_account') then create role sc_account login; end if; end $$",
    );
    await admin.query('create database sc_account owner sc_account');
    slapd = await startSlapd();
    work = mkdtempSync(join(tmpdir(), 'sc-drill-'));
    env = {
      DATABASE_URL: urlOf('sc_account'),
      SESSION_SECRET: randomBytes(36).toString('base64url'),
      ...slapd.env,
      UID_RANGE: '20000-20999',
      GID_RANGE: '40000-40999',
      RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
    };
  });
  after(async () => {
    await admin.end();
    await slapd.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('dumps, restores into a new database, checks it and serves it', async () => {
    const started = performance.now();
    // The data: an application sent, reviewed, approved and provisioned over HTTP,
    // one waiting in review, three more accounts provisioned, staff with their audit log.
    const app: TestApp = await startTestApp({ env });
    let approved: Submitted;
    let waiting: Submitted;
    let holders: TestAccount[];
    let approverStaff: EnrolledStaff;
    try {
      const reviewer = await signIn(app, await enrol(app, 'rev@centre.example.jp', 'reviewer'));
      approverStaff = await enrol(app, 'appr@centre.example.jp', 'approver');
      const approver = await signIn(app, approverStaff);
      approved = await submitApplication(app, { account: { sshKey: key } });
      await pledgeSigned(app, reviewer, approved);
      assert.equal((await approve(approver, approved, { group: 'yamada-lab' })).status, 303);
      await drainJobs(app);
      waiting = await submitApplication(app);
      holders = await provisionedAccounts(app, 3);
      assert.match(
        slapd.ldap('ldapsearch', ['-LLL', '-b', slapd.baseDn, `(uid=${approved.accountName})`, 'uid']),
        /^uid: /m,
        'provisioned into slapd',
      );
    } finally {
      // Step 1 of the restore: every instance stopped (before the dump here, so that the counts below hold).
      await app.close();
    }
    const before = await rowCounts(env.DATABASE_URL as string);
    assert.ok((before.account ?? 0) >= 4 && (before.audit_log ?? 0) > 0 && (before.application ?? 0) >= 5);

    // The backup, as documented.
    const dumped = runBlock(block('pg_dump'), work, { DATABASE_URL: env.DATABASE_URL as string });
    assert.equal(dumped.code, 0, dumped.output);
    const dumps = readdirSync(work).filter((f) => f.endsWith('.dump'));
    assert.equal(dumps.length, 1);
    const backup = join(work, dumps[0] as string);
    assert.equal(mode(backup), 0o600, 'the dump is readable by its owner only');

    // The restore into a new database, as documented.
    const restoreStarted = performance.now();
    const restored = runBlock(block('createdb'), work, pgEnv(backup));
    assert.equal(restored.code, 0, restored.output);
    const restoreSeconds = (performance.now() - restoreStarted) / 1000;
    const restoredEnv = { ...env, DATABASE_URL: urlOf('sc_account_restored') };
    const after = await rowCounts(restoredEnv.DATABASE_URL);
    assert.deepEqual(after, before, 'every table has its rows back');
    const restoredDb = new pg.Client({ connectionString: restoredEnv.DATABASE_URL });
    await restoredDb.connect();
    try {
      const owners = await restoredDb.query<{ owner: string }>(
        "select distinct tableowner as owner from pg_tables where schemaname = 'public'",
      );
      assert.deepEqual(
        owners.rows.map((r) => r.owner),
        ['sc_account'],
        "sc-account's role owns what was restored",
      );
    } finally {
      await restoredDb.end();
    }

    // Step 3: checked before anything starts on it.
    const cli = (args: string[]): Promise<CliResult> => runCli(args, { ...restoredEnv, DATA_DIR: work });
    const verified = await cli(['audit', 'verify']);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, new RegExp(`The audit log is whole: ${before.audit_log} entries`));
    const reconciled = await cli(['reconcile']);
    assert.equal(reconciled.code, 0, reconciled.stdout + reconciled.stderr);
    assert.match(reconciled.stdout, /Directory ga: No drift/);

    // Step 4: the app on the restored database serves what was there.
    const again = await startTestApp({ env: restoredEnv });
    try {
      const staff = await signIn(again, approverStaff);
      const queue = await staff.get('/staff/applications');
      assert.equal(queue.status, 200);
      assert.ok(queue.html.includes(approved.reference), `the queue lists ${approved.reference}`);
      assert.ok(queue.html.includes(waiting.reference), `the queue lists ${waiting.reference}`);
      const page = await staff.get(`/staff/applications/${approved.id}`);
      assert.ok(page.html.includes(approved.accountName));
      // A holder logs in with the password of their (restored, sealed) certificate.
      const holder = holders[0] as TestAccount;
      const person = new Browserless(again.url, 'en');
      const form = await person.get('/login');
      const login = await person.submit(form.html, '/login', { accountName: holder.uid, password: holder.password });
      assert.equal(login.location, '/account');
      const account = await person.get('/account');
      assert.equal(account.status, 200);
      assert.ok(account.html.includes(holder.uid));
      // The restored database goes on: a new application takes the next reference.
      const next = await submitApplication(again);
      assert.ok(next.reference > waiting.reference, `${next.reference} after ${waiting.reference}`);
    } finally {
      await again.close();
    }
    const total = Object.values(after).reduce((a, b) => a + b, 0);
    console.log(
      `restore drill: ${total} rows in ${Object.keys(after).length} tables restored in ${restoreSeconds.toFixed(1)} s ` +
        `(dump ${statSync(backup).size} bytes); whole drill ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  it('restores over the database it came from with --clean --if-exists, and plain --clean fails on an empty one', async () => {
    const backup = join(work, readdirSync(work).find((f) => f.endsWith('.dump')) ?? '');
    const before = await rowCounts(env.DATABASE_URL as string);
    const inPlace = runBlock(block('--clean --if-exists'), work, pgEnv(backup));
    assert.equal(inPlace.code, 0, inPlace.output);
    assert.deepEqual(await rowCounts(env.DATABASE_URL as string), before);
    const verified = await runCli(['audit', 'verify'], { ...env, DATA_DIR: work });
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);

    // Why the docs say so: --clean alone into a new, empty database exits 1.
    await admin.query('create database sc_account_empty owner sc_account');
    const plain = runBlock(
      'pg_restore -U sc_account --no-owner --clean -d sc_account_empty "$BACKUP"',
      work,
      pgEnv(backup),
    );
    assert.equal(plain.code, 1, plain.output);
    assert.match(plain.output, /does not exist/);
  });
});

describe('restore drill on the embedded database, as docs/operations.md says', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sc-drill-embedded-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('makes a backup only its owner can read, which restores to a whole database', async () => {
    const dataDir = join(work, 'data');
    const env = { DATA_DIR: dataDir, BASE_URL: 'https://account.example.jp' };
    // What the first start leaves: the session secret, and a database with a staff member.
    const secret = ensureSessionSecret(loadConfig(env)).sessionSecret;
    const created = await runCli(['staff', 'create', '--email', 'admin@centre.example.jp', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    const wholeBefore = (await runCli(['audit', 'verify'], env)).stdout;
    assert.match(wholeBefore, /The audit log is whole: \d+ entries/);

    const backedUp = runBlock(block('tar czf'), work);
    assert.equal(backedUp.code, 0, backedUp.output);
    const archives = readdirSync(work).filter((f) => f.endsWith('.tgz'));
    assert.equal(archives.length, 1);
    const archive = join(work, archives[0] as string);
    assert.equal(mode(archive), 0o600, 'the backup holds session-secret: readable by its owner only');
    const listing = execFileSync('tar', ['tzvf', archive], { encoding: 'utf8' });
    assert.match(listing, /^-rw------- .* data\/session-secret$/m);

    // Restored as documented: the old folder moved aside, the archive unpacked in its place.
    renameSync(dataDir, join(work, 'data.old'));
    execFileSync('tar', ['xzpf', archive], { cwd: work });
    assert.equal(mode(dataDir), 0o700);
    assert.equal(mode(join(dataDir, 'session-secret')), 0o600);
    assert.equal(readFileSync(join(dataDir, 'session-secret'), 'utf8').trim(), secret);
    const verified = await runCli(['audit', 'verify'], env);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.equal(verified.stdout, wholeBefore);
    const listed = await runCli(['staff', 'list'], env);
    assert.match(listed.stdout, /admin@centre\.example\.jp/);
  });
});
