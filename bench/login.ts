// Logins per second, end to end: GET /login for the CSRF token and cookie, then
// POST /login with the account name and password (Origin header, token, throttle
// read, the embedded directory's argon2id check, throttle cleared, session rotated,
// audit row) → 303 to /account, by several clients at once against the built server
// (`npm start`'s bundle) on embedded defaults. The limit, measured in the same run
// with the same number in flight: argon2id verifications of the very hash the
// logins check (node-argon2's defaults, m=64 MiB, t=3, p=4), nothing else.
// Goal: ≥ 80 % of the limit. Both figures are also given per core, with the CPU
// time each login and each verification took (server, client).
//
// Each login comes from its own loopback address (127.10.x.y), as different people
// would: the login form allows 60 posts per 10 minutes from one address.
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { argon2Defaults } from '../src/argon2.js';
import { openDatabase } from '../src/db/database.js';
import { verifyDirectoryPassword } from '../src/directory/password-hash.js';
import { provisionedAccounts } from '../test/helpers/account.js';
import { startTestApp } from '../test/helpers/app.js';
import {
  appEntry,
  childEnv,
  fmt,
  freePort,
  HOST,
  median,
  processCpuMs,
  startNode,
  stop,
  tempDataDir,
  waitForOk,
} from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_RATIO = 0.8;
/** Keycloak's published sizing: password logins per second per vCPU (another machine: for scale only). */
export const KEYCLOAK_LOGINS_PER_VCPU = 15;

export interface LoginBenchOptions {
  /** Logins (and verifications) in flight at once. */
  concurrency?: number;
  /** Seconds of measured logins in all. */
  durationS?: number;
  /** Seconds of unmeasured logins before them. */
  warmupS?: number;
  /** Seconds of the limit in all. */
  limitS?: number;
  /** Turns of limit and logins the seconds are split into. */
  rounds?: number;
  /** Provisioned accounts the clients log in to, in turn. */
  accounts?: number;
  progress?: (line: string) => void;
}

interface Credentials {
  uid: string;
  password: string;
}

interface Slice {
  /** Operations done in the slice: the ones that ran over its end count by the part inside it. */
  done: number;
  seconds: number;
  /** Milliseconds of each operation. */
  durations: number[];
  /** CPU milliseconds of this process and of the server during the slice. */
  cpuMs: { runner: number; server: number };
}

const runnerCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * `concurrency` loops each run `op` one after the other, starting new ones for
 * `seconds`. The rate counts an operation that ran past the end by the part of it
 * inside the slice, so the slow ones still in flight at the end neither count whole
 * nor get lost.
 */
async function closedLoop(
  concurrency: number,
  seconds: number,
  serverPid: number | undefined,
  op: (loop: number, k: number) => Promise<void>,
): Promise<Slice> {
  const durations: number[] = [];
  const cpu0 = { runner: runnerCpuMs(), server: processCpuMs(serverPid) };
  const started = performance.now();
  const end = started + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      for (let k = 0; performance.now() < end; k++) {
        const t0 = performance.now();
        await op(loop, k);
        const t1 = performance.now();
        durations.push(t1 - t0);
        done += t1 <= end ? 1 : (end - t0) / (t1 - t0);
      }
    }),
  );
  const cpuMs = { runner: runnerCpuMs() - cpu0.runner, server: processCpuMs(serverPid) - cpu0.server };
  return { done, seconds: (end - started) / 1000, durations, cpuMs };
}

interface Answer {
  status: number;
  location: string | undefined;
  cookies: string[];
  body: string;
}

function send(
  agent: Agent,
  url: URL,
  localAddress: string,
  method: 'GET' | 'POST',
  headers: Record<string, string | number>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method, headers, localAddress },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? ''),
            body: text,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The n-th client address: 127.10.0.1, 127.10.0.2, … (Linux routes all of 127/8 to lo). */
const address = (n: number) => `127.10.${(n >> 8) & 255}.${n & 255 || 1}`;

/**
 * One login as a browser does it, on one keep-alive connection from its own address:
 * the login page, then the form. Throws unless it ends in 303 → /account with a new
 * session cookie; returns that cookie.
 */
async function logIn(base: URL, who: Credentials, n: number): Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const from = address(n);
  try {
    const page = await send(agent, new URL('/login', base), from, 'GET', { 'accept-language': 'en' });
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (page.status !== 200 || !token) throw new Error(`GET /login answered ${page.status} without a CSRF token`);
    const body = new URLSearchParams({ _csrf: token, accountName: who.uid, password: who.password }).toString();
    const res = await send(
      agent,
      new URL('/login', base),
      from,
      'POST',
      {
        'accept-language': 'en',
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        origin: base.origin,
        cookie: page.cookies.join('; '),
      },
      body,
    );
    const session = res.cookies.find((c) => c.startsWith('session=') && c.length > 'session='.length);
    if (res.status !== 303 || res.location !== '/account' || !session) {
      throw new Error(
        `login of ${who.uid} from ${from}: ${res.status} → ${res.location ?? '-'}` +
          `${session ? '' : ', no session cookie'}: ${res.body.slice(0, 200)}`,
      );
    }
    return session;
  } finally {
    agent.destroy();
  }
}

const quantile = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

function total(slices: Slice[]): Slice {
  return {
    done: slices.reduce((s, x) => s + x.done, 0),
    seconds: slices.reduce((s, x) => s + x.seconds, 0),
    durations: slices.flatMap((x) => x.durations),
    cpuMs: {
      runner: slices.reduce((s, x) => s + x.cpuMs.runner, 0),
      server: slices.reduce((s, x) => s + x.cpuMs.server, 0),
    },
  };
}

/** Provisioned accounts (approval, the job worker, the embedded directory's hash), made in this process. */
async function provision(dataDir: string, count: number): Promise<{ accounts: Credentials[]; hash: string }> {
  // The production hash cost (startTestApp's default is the tests' cheapest one): the
  // stored hash is what every login and the baseline verify.
  const setup = await startTestApp({
    dataDir,
    env: {
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: String(argon2Defaults.memoryCost),
      ARGON2_TIME_COST: String(argon2Defaults.timeCost),
      ARGON2_PARALLELISM: String(argon2Defaults.parallelism),
    },
  });
  try {
    const accounts = await provisionedAccounts(setup, count);
    const row = await setup.server.database.db
      .selectFrom('directory_user')
      .select('password_hash')
      .where('uid', '=', accounts[0]?.uid ?? '')
      .executeTakeFirstOrThrow();
    const hash = row.password_hash ?? '';
    if (!hash.startsWith('{ARGON2}$argon2id$')) throw new Error(`not an argon2id hash: ${hash}`);
    return { accounts: accounts.map((a) => ({ uid: a.uid, password: a.password })), hash };
  } finally {
    await setup.close();
  }
}

/** Every login the runner counted left its audit row: the figure counts real logins. */
async function checkAudited(dataDir: string, expected: number): Promise<void> {
  const handle = await openDatabase({ dataDir });
  try {
    const row = await handle.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'account.login')
      .executeTakeFirstOrThrow();
    if (Number(row.n) !== expected) throw new Error(`expected ${expected} audited logins, found ${row.n}`);
  } finally {
    await handle.close();
  }
}

export async function loginBench(options: LoginBenchOptions = {}): Promise<BenchReport> {
  const concurrency = options.concurrency ?? 4;
  const o: Required<LoginBenchOptions> = {
    concurrency,
    durationS: options.durationS ?? 15,
    warmupS: options.warmupS ?? 2,
    limitS: options.limitS ?? 12,
    rounds: options.rounds ?? 3,
    accounts: options.accounts ?? 2 * concurrency,
    progress: options.progress ?? (() => {}),
  };
  const cores = availableParallelism();
  const threadpool = process.env.UV_THREADPOOL_SIZE ?? '4 (default)';
  const data = tempDataDir();
  try {
    const setupStarted = performance.now();
    const { accounts, hash } = await provision(data.dir, o.accounts);
    const password = accounts[0]?.password ?? '';
    o.progress(
      `login: ${o.accounts} accounts provisioned in ${fmt((performance.now() - setupStarted) / 1000, 1)} s ` +
        `(hash ${hash.replace(/\$[^$]+\$[^$]+$/, '$…')})`,
    );

    const port = await freePort();
    const child = startNode(appEntry, childEnv({ DATA_DIR: data.dir, PORT: String(port), LOG_LEVEL: 'warn' }));
    const pid = child.proc.pid;
    const base = new URL(`http://${HOST}:${port}`);
    const limits: Slice[] = [];
    const runs: Slice[] = [];
    let n = 1;
    // Loop `c` logs in to accounts c, c + concurrency, … in turn, each time from a new address.
    const login = (c: number, k: number) =>
      logIn(base, accounts[(c + k * o.concurrency) % accounts.length] as Credentials, n++).then(() => {});
    const verify = async () => {
      if (!(await verifyDirectoryPassword(hash, password))) throw new Error('the verification of the hash failed');
    };
    try {
      await waitForOk(child, `${base.origin}/healthz`, { timeoutMs: 60_000 });
      // One checked login first: the session it gives opens the account page.
      const first = accounts[0] as Credentials;
      const session = await logIn(base, first, n++);
      const page = await fetch(new URL('/account', base), { headers: { cookie: session }, redirect: 'manual' });
      const html = await page.text();
      if (page.status !== 200 || !html.includes(first.uid)) {
        throw new Error(`GET /account after the login answered ${page.status}: ${html.slice(0, 200)}`);
      }
      await closedLoop(o.concurrency, o.warmupS, pid, login);
      // The limit and the logins in turns (a machine whose load changes moves both alike).
      for (let round = 1; round <= o.rounds; round++) {
        const limit = await closedLoop(o.concurrency, o.limitS / o.rounds, pid, verify);
        const run = await closedLoop(o.concurrency, o.durationS / o.rounds, pid, login);
        limits.push(limit);
        runs.push(run);
        o.progress(
          `login: turn ${round}/${o.rounds}: limit ${fmt(limit.done / limit.seconds, 1)} verifications/s, ` +
            `sc-account ${fmt(run.done / run.seconds, 1)} logins/s`,
        );
      }
    } finally {
      await stop(child);
    }
    await checkAudited(data.dir, n - 1);

    const limit = total(limits);
    const run = total(runs);
    const limitRate = limit.done / limit.seconds;
    const rate = run.done / run.seconds;
    const ratio = rate / limitRate;
    // The same ratio from CPU time, which a busy machine moves less than the rates:
    // a verification alone against a login (server and client).
    const cpuRatio = limit.cpuMs.runner / limit.done / ((run.cpuMs.server + run.cpuMs.runner) / run.done);
    const perCore = (r: number) => `${fmt(r / cores, 2)}/s per core`;
    const turns = (slices: Slice[]) => slices.map((x) => fmt(x.done / x.seconds, 1)).join(', ');
    const cpuPer = (ms: number, count: number) => fmt(ms / count);
    return {
      name: 'login',
      title:
        `GET /login + POST /login → 303 /account, ${o.concurrency} clients, ${o.durationS} s after ${o.warmupS} s, ` +
        `in ${o.rounds} turns with the limit; ${o.accounts} accounts on the embedded directory ` +
        `(${cores} cores, UV_THREADPOOL_SIZE ${threadpool})`,
      lines: [
        `sc-account: ${fmt(rate, 1)} logins/s, ${perCore(rate)} (${run.durations.length} logins; turns ${turns(runs)}; ` +
          `latency p50 ${fmt(median(run.durations))} ms, p99 ${fmt(quantile(run.durations, 0.99))} ms)`,
        `limit, argon2id verify alone (${o.concurrency} in flight): ${fmt(limitRate, 1)} verifications/s, ` +
          `${perCore(limitRate)} (${limit.durations.length} verifications; turns ${turns(limits)}; ` +
          `latency p50 ${fmt(median(limit.durations))} ms)`,
        `CPU per login: server ${cpuPer(run.cpuMs.server, run.done)} ms, client ${cpuPer(run.cpuMs.runner, run.done)} ms; ` +
          `per verification alone ${cpuPer(limit.cpuMs.runner, limit.done)} ms (server idle meanwhile: ` +
          `${fmt(limit.cpuMs.server)} ms in ${fmt(limit.seconds, 1)} s)`,
        `ratio sc-account/limit: ${fmt(ratio * 100, 1)} % (by CPU time per operation: ${fmt(cpuRatio * 100, 1)} %)`,
        `for scale: Keycloak's published sizing guide, ${KEYCLOAK_LOGINS_PER_VCPU} password logins/s per vCPU ` +
          `(another machine and hash cost): sc-account ${fmt(rate / cores, 2)} per core here`,
      ],
      goal: `≥ ${GOAL_RATIO * 100} % of the limit`,
      goalMet: ratio >= GOAL_RATIO,
    };
  } finally {
    data.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await loginBench({ progress: console.log }));
  process.exit(0);
}
