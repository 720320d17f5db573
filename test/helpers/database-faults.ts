// What the tests of a PostgreSQL going away under load share (database-restart,
// database-switchover): two instances of the real server (the bundle, as `npm start`
// runs it) with their job workers on, clients sending the application's e-mail step
// without pause (a draft, a link and a mail each, in one transaction), and the checks
// afterwards: both instances up and ready, only "sent" and "unavailable" answered,
// every "sent" with its draft and exactly one mail, no mail twice.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testArgon2Env } from './app.js';
import { Browserless } from './browserless.js';
import { startBundledServer } from './bundle.js';
import { freePort } from './postgres.js';
import type { startSmtp } from './smtp.js';
import { waitFor } from './wait.js';

export interface Instance {
  base: string;
  child: ChildProcess;
  stderr: () => string;
  dataDir: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The status of a GET, 0 when nothing answers. */
export const status = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.status,
    () => 0,
  );

/** /readyz's `checks.database` (`ok`, `cannot write`, `down`), or `no answer`. */
export const databaseCheck = (instance: Instance) =>
  fetch(`${instance.base}/readyz`, { signal: AbortSignal.timeout(5000) })
    .then((r) => r.json() as Promise<{ checks: { database: string } }>)
    .then(
      (body) => body.checks.database,
      () => 'no answer',
    );

/** Runs one statement on its own connection (the tests' view of the database). */
export async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const connection = new pg.Client({ connectionString: url });
  await connection.connect();
  try {
    return (await connection.query(text)).rows;
  } finally {
    await connection.end();
  }
}

/** `count` instances of the bundle on `databaseUrl` (migrated already), each with a job worker; resolves once all are ready. */
export async function startInstances(
  count: number,
  env: { databaseUrl: string; smtpUrl: string },
): Promise<Instance[]> {
  const instances: Instance[] = [];
  // One secret for all, as every instance on one database must have.
  const sessionSecret = randomBytes(32).toString('base64url');
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'sc-instance-'));
    const server = startBundledServer({
      ...testArgon2Env,
      DATA_DIR: dataDir,
      DATABASE_URL: env.databaseUrl,
      SESSION_SECRET: sessionSecret,
      SMTP_URL: env.smtpUrl,
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
    await waitFor('the instance to start', async () => {
      if (instance.child.exitCode !== null) throw new Error(`an instance exited at start:\n${instance.stderr()}`);
      return (await status(`${instance.base}/readyz`)) === 200;
    });
  }
  return instances;
}

export function stopInstances(instances: Instance[]): void {
  for (const instance of instances) {
    instance.child.kill('SIGKILL');
    rmSync(instance.dataDir, { recursive: true, force: true });
  }
}

export interface Burst {
  /** Each address sent, and the status its submission was answered with (303: sent). */
  answers: Map<string, number>;
  /** How many were answered "sent" so far. */
  sent(): number;
  /** 503 answers without a Retry-After. */
  withoutRetryAfter: number;
  /** Stops the clients once their submission in flight is answered. */
  stop(): Promise<void>;
}

/**
 * `perInstance` clients on each instance sending the e-mail step without pause, each
 * with a new address `<prefix>-<client>-<n>@…`, half in English and half in Japanese.
 * A client that gets no answer at all fails the test.
 */
export function submissionBurst(instances: Instance[], prefix: string, perInstance = 4): Burst {
  let stopping = false;
  let attempt = 0;
  const burst: Burst = {
    answers: new Map(),
    sent: () => [...burst.answers.values()].filter((s) => s === 303).length,
    withoutRetryAfter: 0,
    stop: async () => {
      stopping = true;
      await running;
    },
  };
  const client = async (instance: Instance, c: number) => {
    const person = new Browserless(instance.base, c % 2 ? 'en' : 'ja');
    while (!stopping) {
      const email = `${prefix}-${c}-${attempt++}@university.example.ac.jp`;
      let answer: { status: number; headers: Headers };
      try {
        const form = await person.get('/apply/email');
        answer = form.status === 200 ? await person.submit(form.html, '/apply/email', { email }) : form;
      } catch (err) {
        throw new Error(`${instance.base} did not answer: ${(err as Error).message}\n${instance.stderr()}`);
      }
      burst.answers.set(email, answer.status);
      if (answer.status === 503) {
        if (!/^\d+$/.test(answer.headers.get('retry-after') ?? '')) burst.withoutRetryAfter++;
        await sleep(100);
      }
    }
  };
  const running = Promise.all(
    instances.flatMap((instance, i) => Array.from({ length: perInstance }, (_, c) => client(instance, i * 100 + c))),
  );
  return burst;
}

/** Both instances ran on and are ready again, with nothing unhandled in their logs. */
export async function assertInstancesCarriedOn(instances: Instance[]): Promise<void> {
  for (const instance of instances) {
    assert.equal(instance.child.exitCode, null, `an instance exited: ${instance.stderr()}`);
    assert.equal(instance.child.signalCode, null);
    assert.equal(await status(`${instance.base}/readyz`), 200);
    assert.doesNotMatch(instance.stderr(), /Unhandled|uncaught/i);
  }
}

/**
 * The burst's outcome, read from the database at `databaseUrl` and the SMTP server:
 * only "sent" (303) and "unavailable" (503, with Retry-After) were answered, and some
 * 503s (the fault was felt); every "sent" has its draft and link, nothing has two;
 * every mail job ends done and the SMTP server got one message per job, none twice,
 * one per address, every "sent" address among them. Returns a line of figures.
 */
export async function assertNothingLostOrRepeated(
  burst: Burst,
  prefix: string,
  databaseUrl: string,
  smtp: Awaited<ReturnType<typeof startSmtp>>,
): Promise<string> {
  const statuses = new Map<number, number>();
  for (const s of burst.answers.values()) statuses.set(s, (statuses.get(s) ?? 0) + 1);
  assert.deepEqual(
    [...statuses.keys()].filter((s) => s !== 303 && s !== 503),
    [],
    `only "sent" and "unavailable": ${JSON.stringify([...statuses])}`,
  );
  assert.ok((statuses.get(503) ?? 0) > 0, 'the faults were felt');
  assert.equal(burst.withoutRetryAfter, 0, 'every 503 says when to try again');

  // Every "sent" has its draft and its link; nothing else has more than one.
  const drafts = await query(
    databaseUrl,
    `select a.email, count(distinct a.id)::int as drafts, count(l.*)::int as links from application a left join email_link l on l.application_id = a.id where a.email like '${prefix}-%' group by a.email`,
  );
  const byEmail = new Map(drafts.map((d) => [d.email as string, d as { drafts: number; links: number }]));
  for (const [email, s] of burst.answers) {
    const row = byEmail.get(email);
    if (s === 303) assert.deepEqual([row?.drafts, row?.links], [1, 1], `${email} was answered "sent"`);
    else assert.ok(!row || (row.drafts === 1 && row.links === 1), `${email}: ${JSON.stringify(row)}`);
  }

  // Every mail job ends done, and the SMTP server got each message once.
  await waitFor(
    'the mails to be sent',
    async () =>
      (await query(databaseUrl, "select count(*)::int as n from job where kind = 'mail.send' and state <> 'done'"))[0]
        ?.n === 0,
  );
  const jobs = (await query(databaseUrl, "select count(*)::int as n from job where kind = 'mail.send'"))[0]
    ?.n as number;
  const messageIds = smtp.received.map((m) => m.raw.match(/^Message-ID: *(\S+)/im)?.[1]);
  assert.equal(new Set(messageIds).size, messageIds.length, 'no message delivered twice');
  assert.equal(smtp.received.length, jobs, 'one delivery per mail job');
  const mailed = new Set(smtp.received.flatMap((m) => m.to));
  for (const [email, s] of burst.answers) if (s === 303) assert.ok(mailed.has(email), `${email} got its link`);
  assert.equal(mailed.size, smtp.received.length, 'one mail per address');
  return (
    `${burst.answers.size} e-mail steps sent: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; ` +
    `${drafts.length} drafts, ${jobs} mail jobs, ${smtp.received.length} mails delivered, 0 twice`
  );
}
