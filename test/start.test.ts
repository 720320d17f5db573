// The real `npm start` process and the `sc-account` command, as an operator runs them.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundled, minimalEnv, startBundledServer } from './helpers/bundle.js';
import { runCli, spawnCli } from './helpers/cli.js';
import { freePort } from './helpers/postgres.js';
import { projectRoot } from './helpers/root.js';

const root = projectRoot;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function _run(script: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []): Run {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    cwd: root,
    env: { ...minimalEnv(), ...env },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** What `npm start` runs: the bundle (test/helpers/bundle.ts), with npm start's options for Node. */
function startServer(env: Record<string, string>): Run {
  const server = startBundledServer(env);
  return { child: server.child, stdout: server.stdout, stderr: server.stderr, exit: server.exited };
}

const cli = spawnCli;

async function waitForLine(r: Run, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  while (!r.stdout().includes('\n')) {
    if (Date.now() > end) throw new Error(`no line on stdout; stderr: ${r.stderr()}`);
    if (r.child.exitCode !== null) throw new Error(`exited ${r.child.exitCode}: ${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
  return r.stdout();
}

async function stop(r: Run): Promise<number | null> {
  r.child.kill('SIGTERM');
  return r.exit;
}

describe('the bundles', () => {
  it('are ASCII only, so that V8 holds their source one byte a character', () => {
    for (const entry of ['main', 'cli'] as const) {
      const text = readFileSync(bundled(entry), 'utf8');
      const beyond = text.match(/[\u0080-\uffff]/);
      assert.equal(beyond, null, `${entry}.js has ${JSON.stringify(beyond?.[0])} at ${beyond?.index}`);
    }
  });
});

describe('npm start', () => {
  let dataDir: string;
  let port: number;
  let env: Record<string, string>;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sc-start-'));
    port = await freePort();
    env = { DATA_DIR: dataDir, PORT: String(port), JOB_POLL_MS: '100' };
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("starts on embedded defaults, prints the URL and the first administrator's command, and refuses a second process", async () => {
    const first = startServer(env);
    try {
      await waitForLine(first);
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      assert.equal(
        first.stdout(),
        `sc-account is running at http://localhost:${port}/\n` +
          'No staff account yet. Make the first administrator, while this runs:\n' +
          `  DATA_DIR=${dataDir} npx sc-account staff create --email YOUR-ADDRESS --role admin\n`,
      );
      assert.ok(existsSync(join(dataDir, 'pg', 'PG_VERSION')), 'PGlite data is not under DATA_DIR/pg');
      assert.ok(!existsSync(join(dataDir, 'pg.new')), 'the new cluster was moved into place');
      assert.ok(existsSync(join(dataDir, 'session-secret')));
      assert.ok(!first.stderr().includes(readFileSync(join(dataDir, 'session-secret'), 'utf8').trim()));
      assert.equal(statSync(dataDir).mode & 0o777, 0o700, "DATA_DIR is the owner's alone");
      assert.equal(statSync(join(dataDir, '.s.PGSQL.5432')).mode & 0o777, 0o600, 'so is the local socket');

      const second = startServer({ ...env, PORT: String(await freePort()) });
      const code = await second.exit;
      assert.equal(code, 75);
      assert.match(second.stderr(), /DATA_DIR .* is in use by another sc-account process \(pid \d+\)/);
      assert.equal(second.stdout(), '');
      // The first one is unharmed.
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);

      // The command it printed works beside it, through its socket, and it sees the result at once.
      const created = await cli(['staff', 'create', '--email', 'admin@centre.example.jp', '--role', 'admin'], {
        ...env,
        BASE_URL: `http://127.0.0.1:${port}`,
      });
      assert.equal(created.code, 0, created.stderr);
      const link = created.stdout.match(/http:\S+\/staff\/enrol\?token=\S+/)?.[0] ?? '';
      const enrol = await fetch(link);
      assert.equal(enrol.status, 200, 'the running server knows the new staff member');
      assert.match(await enrol.text(), /admin@centre\.example\.jp/);
      const listed = await cli(['staff', 'list'], env);
      assert.match(listed.stdout, /admin +enrolment pending +admin@centre\.example\.jp/);
    } finally {
      assert.equal(await stop(first), 0);
    }
    assert.ok(!existsSync(join(dataDir, '.lock')), 'the lock is released on exit');
    assert.ok(!existsSync(join(dataDir, '.s.PGSQL.5432')), 'the socket is removed on exit');
  });

  it('finds the same data on the next start, and the outbox survives the stop', async () => {
    const secret = readFileSync(join(dataDir, 'session-secret'), 'utf8');
    // While the server is down, an operator queues a mail.
    const refused = await cli(['mail', 'test', '--to', 'ops at centre', '--lang', 'en'], env);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /--to must be one e-mail address/);
    const queued = await cli(['mail', 'test', '--to', 'ops@centre.example', '--lang', 'en'], env);
    assert.equal(queued.code, 0, queued.stderr);
    assert.match(queued.stdout, /Queued test mail as job \d+/);

    const again = startServer(env);
    try {
      await waitForLine(again);
      assert.doesNotMatch(again.stderr(), /database migrated/, 'migrations ran again on existing data');
      assert.equal(readFileSync(join(dataDir, 'session-secret'), 'utf8'), secret);
      const end = Date.now() + 15_000;
      let files: string[] = [];
      while (Date.now() < end) {
        files = existsSync(join(dataDir, 'mail'))
          ? readdirSync(join(dataDir, 'mail')).filter((f) => f.endsWith('.eml'))
          : [];
        if (files.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(files.length, 1, 'the queued mail was not written');
      assert.match(readFileSync(join(dataDir, 'mail', files[0] as string), 'utf8'), /To: ops@centre\.example/);
    } finally {
      assert.equal(await stop(again), 0);
    }
  });

  it('takes over a lock left by a process that died', async () => {
    // A pid above the kernel's maximum cannot be alive.
    writeFileSync(join(dataDir, '.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    const r = startServer(env);
    try {
      await waitForLine(r);
    } finally {
      await stop(r);
    }
  });

  it('stops on a bad value with the variable, the problem and an example', async () => {
    const r = startServer({ ...env, PORT: 'abc', LOG_LEVEL: 'loud' });
    assert.equal(await r.exit, 78);
    assert.match(r.stderr(), /PORT="abc": .*Example: PORT=3000/);
    assert.match(r.stderr(), /LOG_LEVEL="loud": .*Example: LOG_LEVEL=info/);
    assert.equal(r.stdout(), '');
  });
});

describe('sc-account command', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sc-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints help', async () => {
    const r = await cli(['--help'], {});
    assert.equal(r.code, 0);
    for (const word of ['migrate', 'config check', 'mail test']) assert.ok(r.stdout.includes(word), word);
  });

  it('migrates, then reports the database up to date', async () => {
    const first = await cli(['migrate'], { DATA_DIR: dataDir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied: 0001-foundation/);
    const second = await cli(['migrate'], { DATA_DIR: dataDir });
    assert.equal(second.stdout, 'The database is up to date.\n');
  });

  it('checks the configuration and masks secrets', async () => {
    const r = await runCli(['config', 'check'], {
      DATA_DIR: dataDir,
      SMTP_URL: 'smtp://mailer:smtp-secret-pw@mail.example:587',
      SESSION_SECRET: 'z'.repeat(48),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /SMTP_URL=smtp:\/\/mailer:\*\*\*\*@mail\.example:587/);
    assert.match(r.stdout, /SESSION_SECRET=\*\*\*\*/);
    assert.ok(!r.stdout.includes('smtp-secret-pw') && !r.stdout.includes('z'.repeat(48)));
    const bad = await runCli(['config', 'check'], { PORT: '0' });
    assert.equal(bad.code, 78);
    assert.match(bad.stderr, /PORT="0"/);
  });

  it('refuses an unknown command with a usage error', async () => {
    const r = await cli(['frobnicate'], {});
    assert.equal(r.code, 64);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });
});
