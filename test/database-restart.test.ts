// A PostgreSQL restart or failover never ends the process. Two instances of the real
// server (the bundle, as `npm start` runs it) share a PostgreSQL of their own (the
// suite's packages, a cluster of this file's: it is crashed on purpose) and an SMTP
// server; clients send the application's e-mail step without pause (a draft, a link
// and a mail each, in one transaction) while the connections are dropped twice:
// first by pg_terminate_backend, then by `pg_ctl stop -m immediate` and a start
// after a few seconds. Meanwhile requests get the bilingual service-unavailable page
// (503, Retry-After) and /readyz 503; afterwards both instances are up, every request
// that was answered "sent" has its draft and exactly one mail, and no mail went twice.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { testArgon2Env } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { startBundledServer } from './helpers/bundle.js';
import { freePort, type PostgresServer, startPostgres } from './helpers/postgres.js';
import { startSmtp } from './helpers/smtp.js';

const CLIENTS_PER_INSTANCE = 4;

interface Instance {
  base: string;
  child: ChildProcess;
  stderr: () => string;
  dataDir: string;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  for (const end = Date.now() + timeoutMs; !(await check()); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

const status = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.status,
    () => 0,
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a PostgreSQL restart under load (two instances)', () => {
  let postgres: PostgresServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const instances: Instance[] = [];

  before(async () => {
    postgres = await startPostgres({ durable: true });
    const database = await openDatabase({ databaseUrl: postgres.url, dataDir: tmpdir() });
    await migrateToLatest(database.db);
    await database.close();
    smtp = await startSmtp();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'sc-restart-'));
      const server = startBundledServer({
        ...testArgon2Env,
        DATA_DIR: dataDir,
        DATABASE_URL: postgres.url,
        SMTP_URL: smtp.url,
        PORT: String(port),
        BASE_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
        JOB_POLL_MS: '100',
        // A job whose claim was lost with its connection is taken up again soon.
        JOB_LEASE_SECONDS: '10',
        RATE_LIMIT_PER_MINUTE: '100000',
        RATE_LIMIT_MAIL_PER_10_MINUTES: '100000',
      });
      instances.push({ base: `http://127.0.0.1:${port}`, child: server.child, stderr: server.stderr, dataDir });
    }
    for (const instance of instances) {
      await waitFor('the instance to start', async () => (await status(`${instance.base}/readyz`)) === 200);
    }
  });

  after(async () => {
    for (const instance of instances) {
      instance.child.kill('SIGKILL');
      rmSync(instance.dataDir, { recursive: true, force: true });
    }
    await smtp?.close();
    postgres?.stop();
  });

  it('answers 503 with Retry-After meanwhile, recovers by itself, and loses or repeats nothing', async (t) => {
    const answers = new Map<string, number>();
    let stopping = false;
    let attempt = 0;
    const client = async (instance: Instance, c: number) => {
      const person = new Browserless(instance.base, c % 2 ? 'en' : 'ja');
      while (!stopping) {
        const email = `restart-${c}-${attempt++}@university.example.ac.jp`;
        let answer: number;
        try {
          const form = await person.get('/apply/email');
          answer =
            form.status === 200 ? (await person.submit(form.html, '/apply/email', { email })).status : form.status;
        } catch (err) {
          throw new Error(`${instance.base} did not answer: ${(err as Error).message}\n${instance.stderr()}`);
        }
        answers.set(email, answer);
        if (answer === 503) await sleep(100);
      }
    };
    const burst = instances.flatMap((instance, i) =>
      Array.from({ length: CLIENTS_PER_INSTANCE }, (_, c) => client(instance, i * 100 + c)),
    );
    const admin = async (query: string) => {
      const connection = new pg.Client({ connectionString: postgres.url });
      await connection.connect();
      try {
        return (await connection.query(query)).rows;
      } finally {
        await connection.end();
      }
    };
    const sent = () => [...answers.values()].filter((s) => s === 303).length;

    try {
      await waitFor('the burst to get going', async () => sent() >= 20);
      // 1. Every connection of the instances dropped, five times in a row.
      for (let i = 0; i < 5; i++) {
        await admin(
          "select pg_terminate_backend(pid) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
        );
        await sleep(150);
      }
      const afterTerminate = sent();
      await waitFor('submissions after the terminations', async () => sent() >= afterTerminate + 20);

      // 2. The server crashes and stays down for a while.
      // A person has the form open when it happens.
      const unavailable = new Browserless(instances[0]?.base ?? '', 'en');
      const form = await unavailable.get('/apply/email');
      postgres.crash();
      const refused = await unavailable.submit(form.html, '/apply/email', {
        email: 'while-down@university.example.ac.jp',
      });
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      const page = refused.html;
      // In the person's language, and in the other.
      assert.match(page, /<h1[^>]*>Sorry, the service is unavailable<\/h1>/);
      assert.match(page, /<div lang="ja"><h2[^>]*>申し訳ありません。ただいまサービスを利用できません<\/h2>/);
      assert.doesNotMatch(page, /while-down/, 'nothing of the form is echoed on the error page');
      for (const instance of instances) assert.equal(await status(`${instance.base}/readyz`), 503);
      await sleep(2000);
      postgres.restart();
      const afterRestart = sent();
      await waitFor('submissions after the restart', async () => sent() >= afterRestart + 20);
    } finally {
      stopping = true;
      await Promise.all(burst);
    }

    // Both instances stayed up, and are ready again.
    for (const instance of instances) {
      assert.equal(instance.child.exitCode, null, `an instance exited: ${instance.stderr()}`);
      assert.equal(instance.child.signalCode, null);
      assert.equal(await status(`${instance.base}/readyz`), 200);
      assert.doesNotMatch(instance.stderr(), /Unhandled|uncaught/i);
    }
    const statuses = new Map<number, number>();
    for (const s of answers.values()) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    assert.deepEqual(
      [...statuses.keys()].filter((s) => s !== 303 && s !== 503),
      [],
      `only "sent" and "unavailable": ${JSON.stringify([...statuses])}`,
    );
    assert.ok((statuses.get(503) ?? 0) > 0, 'the faults were felt');

    // Every "sent" has its draft and its link; nothing else has more than one.
    const drafts = await admin(
      "select a.email, count(distinct a.id)::int as drafts, count(l.*)::int as links from application a left join email_link l on l.application_id = a.id where a.email like 'restart-%' group by a.email",
    );
    const byEmail = new Map(drafts.map((d) => [d.email as string, d as { drafts: number; links: number }]));
    for (const [email, s] of answers) {
      const row = byEmail.get(email);
      if (s === 303) assert.deepEqual([row?.drafts, row?.links], [1, 1], `${email} was answered "sent"`);
      else assert.ok(!row || (row.drafts === 1 && row.links === 1), `${email}: ${JSON.stringify(row)}`);
    }

    // Every mail job ends done, and the SMTP server got each message once.
    await waitFor(
      'the mails to be sent',
      async () =>
        (await admin("select count(*)::int as n from job where kind = 'mail.send' and state <> 'done'"))[0]?.n === 0,
    );
    const jobs = (await admin("select count(*)::int as n from job where kind = 'mail.send'"))[0]?.n as number;
    const messageIds = smtp.received.map((m) => m.raw.match(/^Message-ID: *(\S+)/im)?.[1]);
    assert.equal(new Set(messageIds).size, messageIds.length, 'no message delivered twice');
    assert.equal(smtp.received.length, jobs, 'one delivery per mail job');
    const mailed = new Set(smtp.received.flatMap((m) => m.to));
    for (const [email, s] of answers) if (s === 303) assert.ok(mailed.has(email), `${email} got its link`);
    assert.equal(mailed.size, smtp.received.length, 'one mail per address');
    t.diagnostic(
      `${answers.size} e-mail steps sent: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; ` +
        `${drafts.length} drafts, ${jobs} mail jobs, ${smtp.received.length} mails delivered, 0 twice`,
    );
  });
});
