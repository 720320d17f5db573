// Submissions per second of the application's last step, end to end: POST
// /apply/check over HTTP with the session cookie and CSRF token, the Origin check,
// the form's validation, the account-name re-check, the submitting transaction
// (reference, state change with history, two outbox mails rendered in JA/EN) and
// the redirect. Measured on PGlite and on PostgreSQL against a bare Fastify that
// parses the same form and inserts the same row with `pg`, in the same run.
// Goal: at least 50% of the bare figure on PostgreSQL.
//
// Each submission needs its own ready draft: the runner writes them (with their
// applicant sessions) into the database before the server starts, so only the
// submission itself is timed.

import { Agent, request as httpRequest } from 'node:http';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createSessionService } from '../src/web/sessions.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { appEntry, bareEntry, childEnv, fmt, freePort, HOST, startNode, stop, tempDataDir, waitForOk } from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_RATIO = 0.5;

export interface ApplyBenchOptions {
  /** Measured submissions per target. */
  submissions?: number;
  /** Unmeasured submissions before them. */
  warmup?: number;
  connections?: number;
  progress?: (line: string) => void;
}

interface Target {
  label: string;
  rps: number;
  p50: number;
  p99: number;
}

const STEPS = ['applicant', 'eligibility', 'affiliation', 'account', 'responsible'];
const SESSION_SECRET = 'bench-apply-session-secret-0123456789abcdef';

/** Writes `count` drafts ready to submit and a session for each; returns the session tokens. */
async function seedDrafts(target: { dataDir: string; databaseUrl?: string }, count: number): Promise<string[]> {
  const handle = await openDatabase(target);
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const expires = new Date(Date.now() + 24 * 3600_000);
    const ids: number[] = [];
    for (let start = 0; start < count; start += 500) {
      const n = Math.min(500, count - start);
      const rows = await db
        .insertInto('application')
        .values(
          Array.from({ length: n }, (_, k) => ({
            email: `bench${start + k}@univ.example.ac.jp`,
            lang: 'en',
            account_name: `bench${start + k}`,
            fefta_resident: true,
            meti_specific_category: false,
            steps_done: STEPS,
            expires_at: expires,
          })),
        )
        .returning('id')
        .execute();
      const batch = rows.map((r) => r.id);
      const person = {
        family_name: 'YAMADA',
        given_name: 'Taro',
        job_title: 'professor',
        institution: 'National Institute of Genetics',
        country: 'JP',
        postal_code: '411-8540',
        address: '1111 Yata, Mishima, Shizuoka',
        phone: '+81559816800',
      };
      await db
        .insertInto('applicant')
        .values(batch.map((id) => ({ application_id: id, ...person, nationality: 'JP', field: 'Genomics' })))
        .execute();
      await db
        .insertInto('responsible_person')
        .values(
          batch.map((id) => ({
            application_id: id,
            ...person,
            family_name: 'SUZUKI',
            email: 'suzuki@nig.example.ac.jp',
            account_unknown: true,
          })),
        )
        .execute();
      ids.push(...batch);
    }
    const sessions = createSessionService(db, { idleMs: 3600_000, absoluteMs: 24 * 3600_000 });
    const tokens: string[] = [];
    for (const id of ids) tokens.push((await sessions.create('applicant', String(id))).token);
    return tokens;
  } finally {
    await handle.close();
  }
}

/**
 * The CSRF cookie and token of one check page (the token is not bound to the
 * session), and the versions of the terms it asks to accept.
 */
async function csrfFor(
  base: string,
  sessionToken: string,
): Promise<{ cookie: string; token: string; termsVersion: string; criteriaVersion: string }> {
  const res = await fetch(`${base}/apply/check`, {
    headers: { cookie: `session=${sessionToken}` },
    redirect: 'manual',
  });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET /apply/check answered ${res.status}: ${html.slice(0, 300)}`);
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('csrf='));
  const termsVersion = html.match(/name="termsVersion" value="([^"]+)"/)?.[1];
  const criteriaVersion = html.match(/name="criteriaVersion" value="([^"]+)"/)?.[1];
  if (!token || !cookie) throw new Error('the check page carries no CSRF token or cookie');
  if (!termsVersion || !criteriaVersion) throw new Error('the check page names no versions of the terms');
  return { cookie, token, termsVersion, criteriaVersion };
}

interface LoadResult {
  seconds: number;
  p50: number;
  p99: number;
}

/**
 * Posts one submission per token, `connections` at a time over keep-alive
 * connections; every answer must be 303 → /apply/submitted. (Not autocannon: with a
 * fixed number of requests it ends on its one-second ticks, which distorts short runs.)
 */
async function submitAll(
  url: string,
  tokens: string[],
  csrf: Awaited<ReturnType<typeof csrfFor>>,
  connections: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const body = new URLSearchParams({
    _csrf: csrf.token,
    terms: 'yes',
    termsVersion: csrf.termsVersion,
    criteriaVersion: csrf.criteriaVersion,
  }).toString();
  const latencies: number[] = [];
  const bad: string[] = [];
  let next = 0;
  const one = (token: string) =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const req = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            origin: target.origin,
            cookie: `session=${token}; ${csrf.cookie}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => {
            latencies.push(performance.now() - started);
            if (res.statusCode !== 303 || res.headers.location !== '/apply/submitted') {
              bad.push(`${res.statusCode} ${res.headers.location} ${text.slice(0, 200)}`);
            }
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < tokens.length) await one(tokens[next++] ?? '');
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  if (bad.length > 0) throw new Error(`${url}: ${bad.length} unexpected answers (first: ${bad[0]})`);
  latencies.sort((x, y) => x - y);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { seconds, p50: at(0.5), p99: at(0.99) };
}

async function measureApp(
  label: string,
  databaseUrl: string | undefined,
  o: Required<ApplyBenchOptions>,
): Promise<Target> {
  const data = tempDataDir();
  try {
    const tokens = await seedDrafts(
      { dataDir: data.dir, ...(databaseUrl ? { databaseUrl } : {}) },
      o.warmup + o.submissions,
    );
    const port = await freePort();
    const child = startNode(
      appEntry,
      childEnv({
        DATA_DIR: data.dir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SESSION_SECRET,
        RATE_LIMIT_PER_MINUTE: '1000000000',
        RATE_LIMIT_MAIL_PER_10_MINUTES: '1000000000',
      }),
    );
    try {
      const base = `http://${HOST}:${port}`;
      await waitForOk(child, `${base}/healthz`, { timeoutMs: 60_000 });
      const csrf = await csrfFor(base, tokens[0] ?? '');
      const url = `${base}/apply/check`;
      await submitAll(url, tokens.slice(0, o.warmup), csrf, o.connections);
      const r = await submitAll(url, tokens.slice(o.warmup), csrf, o.connections);
      const rps = o.submissions / r.seconds;
      o.progress(`apply: ${label}: ${fmt(rps)} submissions/s (${fmt(o.submissions)} in ${fmt(r.seconds, 2)} s)`);
      await stop(child);
      await checkSubmitted({ dataDir: data.dir, ...(databaseUrl ? { databaseUrl } : {}) }, tokens.length);
      return { label, rps, p50: r.p50, p99: r.p99 };
    } finally {
      await stop(child);
    }
  } finally {
    data.remove();
  }
}

/** Every draft was submitted once, with its own reference: the figure counts real submissions. */
async function checkSubmitted(target: { dataDir: string; databaseUrl?: string }, expected: number): Promise<void> {
  const handle = await openDatabase(target);
  try {
    const row = await handle.db
      .selectFrom('application')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('reference').distinct().as('refs')])
      .where('state', '=', 'submitted')
      .executeTakeFirstOrThrow();
    if (Number(row.n) !== expected || Number(row.refs) !== expected) {
      throw new Error(
        `expected ${expected} submitted applications with distinct references, found ${row.n} (${row.refs})`,
      );
    }
  } finally {
    await handle.close();
  }
}

async function measureBare(databaseUrl: string, o: Required<ApplyBenchOptions>): Promise<Target> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `create table if not exists bare_submission (id integer generated always as identity primary key,
       reference text, email text not null, account_name text, state text not null,
       terms_version text, criteria_version text, submitted_at timestamptz not null)`,
  );
  await client.end();
  const port = await freePort();
  const child = startNode(bareEntry, childEnv({ PORT: String(port), BARE_SUBMIT_DATABASE_URL: databaseUrl }));
  try {
    const base = `http://${HOST}:${port}`;
    await waitForOk(child, `${base}/healthz`, { timeoutMs: 60_000 });
    const tokens = Array.from({ length: o.warmup + o.submissions }, (_, i) => `bench${i}`);
    const csrf = { cookie: 'csrf=unused', token: 'unused', termsVersion: '2024-04-01', criteriaVersion: '2024-04-01' };
    const url = `${base}/apply/check`;
    await submitAll(url, tokens.slice(0, o.warmup), csrf, o.connections);
    const r = await submitAll(url, tokens.slice(o.warmup), csrf, o.connections);
    const rps = o.submissions / r.seconds;
    o.progress(`apply: bare Fastify + pg insert: ${fmt(rps)} submissions/s`);
    return { label: 'bare Fastify + pg insert', rps, p50: r.p50, p99: r.p99 };
  } finally {
    await stop(child);
  }
}

export async function applyBench(options: ApplyBenchOptions = {}): Promise<BenchReport> {
  const o: Required<ApplyBenchOptions> = {
    submissions: options.submissions ?? 3000,
    warmup: options.warmup ?? 300,
    connections: options.connections ?? 10,
    progress: options.progress ?? (() => {}),
  };
  // One PostgreSQL server (Debian's, started like the tests' one); a database per target.
  const bare = await measureBare(await createTestDatabase(), o);
  const onPostgres = await measureApp('sc-account on PostgreSQL', await createTestDatabase(), o);
  const onPglite = await measureApp('sc-account on PGlite', undefined, o);
  const line = (t: Target) =>
    `${t.label.padEnd(26)}: ${fmt(t.rps)} submissions/s (latency p50 ${t.p50} ms, p99 ${t.p99} ms)`;
  const ratio = onPostgres.rps / bare.rps;
  return {
    name: 'apply',
    title: `POST /apply/check, ${fmt(o.submissions)} submissions after ${fmt(o.warmup)} unmeasured, ${o.connections} connections`,
    lines: [
      line(onPostgres),
      line(onPglite),
      line(bare),
      `ratio sc-account/bare on PostgreSQL: ${fmt(ratio * 100, 1)}%`,
      `ratio sc-account on PGlite/bare: ${fmt((onPglite.rps / bare.rps) * 100, 1)}%`,
    ],
    goal: `ratio on PostgreSQL >= ${fmt(GOAL_RATIO * 100)}%`,
    goalMet: ratio >= GOAL_RATIO,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await applyBench({ progress: console.log }));
  process.exit(0);
}
