// One instance against three behind nginx, with the same mixed load in one run: people
// who view pages, sign in and send the application's e-mail step. The built server
// (`npm start`'s bundle) on PostgreSQL with the embedded directory (argon2id at the
// production cost), as the topology test runs it: one instance alone, addressed
// directly; then three (two with the job worker, one without) behind Debian's nginx
// with the documented proxy block. The same virtual users, the same mix and the same
// seconds for both.
//
// Reported for each: requests/s, p50 and p95 of all requests and p95 of each kind, and
// the CPU each request took (the instances, nginx and PostgreSQL's processes, from
// /proc; the load generator's own CPU apart, as it shares the machine), counted until
// the jobs the measured seconds queued (the submissions' mails) are done. Then a model
// of how the figures grow with cores, from the CPU per request measured here.
// Goal: three instances behind nginx serve at least 90 % of the requests/s of one alone
// (counted with their jobs done: an instance whose worker falls behind serves pages
// faster meanwhile), with p95 no worse than 1.5×. On two cores one instance already keeps both busy (the
// sign-ins' argon2id runs in libuv's threads), so more instances cannot add throughput
// here: what the run shows is what the proxy and the extra processes cost, and the
// model says what more cores give.
//
// Each sign-in (and the account pages after it) comes from a loopback address of its
// own, on a connection of its own; the rest of the mix shares kept-alive connections.
//
//   npx tsx bench/scale.ts     needs postgresql and nginx; about 1 minute
//   SCALE_BENCH_SECONDS=20 SCALE_BENCH_USERS=16
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { argon2Defaults } from '../src/argon2.js';
import { openDatabase } from '../src/db/database.js';
import { provisionedAccounts } from '../test/helpers/account.js';
import { startTestApp } from '../test/helpers/app.js';
import { Browserless } from '../test/helpers/browserless.js';
import { startNginx } from '../test/helpers/nginx.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import {
  appEntry,
  type Child,
  childEnv,
  fmt,
  freePort,
  processCpuMs,
  startNode,
  stop,
  tempDataDir,
  waitForOk,
} from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_RPS_RATIO = 0.9;
export const GOAL_P95_RATIO = 1.5;

export interface ScaleBenchOptions {
  /** Measured seconds per topology. */
  durationS?: number;
  warmupS?: number;
  /** Virtual users, each running the mix in a loop. */
  users?: number;
  /** A sign-in every this many turns (0: only each user's first). */
  signInEvery?: number;
  progress?: (line: string) => void;
}

type Kind = 'view' | 'login' | 'submission';

interface Measured {
  requests: number;
  seconds: number;
  /** Milliseconds of each request, by kind. */
  durations: Record<Kind, number[]>;
  /** CPU from the start of the measured seconds until the jobs they queued were done. */
  cpuMs: { instances: number; proxy: number; postgres: number; generator: number };
  /** Jobs queued or running when the load stopped, and the seconds until none was. */
  backlog: { jobs: number; drainSeconds: number };
}

/** The processes whose command is `name` (e.g. every PostgreSQL backend and helper). */
function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
const generatorCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number) : 0;
};

/**
 * One virtual user's loop: the home page, the e-mail step's form and its sending (a
 * submission: a draft, a link and a mail job), the sign-in form, a sign-in every
 * `signInEvery` turns (and at the first), and the account page and the keys page.
 */
async function user(
  base: string,
  account: { uid: string; password: string },
  id: number,
  until: () => boolean,
  record: (kind: Kind, ms: number) => void,
  signInEvery: number,
): Promise<void> {
  let turn = 0;
  let signedIn: Browserless | undefined;
  const timed = async <T>(kind: Kind, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await fn();
    record(kind, performance.now() - started);
    return result;
  };
  const expect = (status: number, wanted: number, what: string) => {
    if (status !== wanted) throw new Error(`${what} answered ${status}, not ${wanted}`);
  };
  while (!until()) {
    turn++;
    const person = new Browserless(base, turn % 2 ? 'en' : 'ja');
    expect((await timed('view', () => person.get('/'))).status, 200, 'GET /');
    const form = await timed('view', () => person.get('/apply/email'));
    expect(form.status, 200, 'GET /apply/email');
    const email = `scale-${id}-${turn}-${Math.random().toString(36).slice(2, 8)}@univ.example.ac.jp`;
    const sent = await timed('submission', () => person.submit(form.html, '/apply/email', { email }));
    expect(sent.status, 303, 'POST /apply/email');
    if (!signedIn || (signInEvery > 0 && turn % signInEvery === 1 % signInEvery)) {
      // Each sign-in from an address of its own, as different people's would be: the
      // sign-in form takes 60 posts per 10 minutes from one address.
      signedIn = new Browserless(base, 'en', { localAddress: `127.20.${id}.${turn % 250}` });
      const login = await timed('view', () => (signedIn as Browserless).get('/login'));
      const res = await timed('login', () =>
        (signedIn as Browserless).submit(login.html, '/login', {
          accountName: account.uid,
          password: account.password,
        }),
      );
      expect(res.status, 303, 'POST /login');
    }
    expect((await timed('view', () => (signedIn as Browserless).get('/account'))).status, 200, 'GET /account');
    expect(
      (await timed('view', () => (signedIn as Browserless).get('/account/ssh-keys'))).status,
      200,
      'GET /account/ssh-keys',
    );
  }
}

async function measure(
  base: string,
  accounts: { uid: string; password: string }[],
  o: Required<ScaleBenchOptions>,
  pids: { instances: () => number[]; proxy: () => number[] },
  jobsLeft: () => Promise<number>,
): Promise<Measured> {
  const durations: Record<Kind, number[]> = { view: [], login: [], submission: [] };
  let measuring = false;
  const record = (kind: Kind, ms: number) => {
    if (measuring) durations[kind].push(ms);
  };
  let end = performance.now() + (o.warmupS + o.durationS) * 1000;
  // The first failure stops every user, and is reported once they have all stopped.
  let failure: unknown;
  const until = () => failure !== undefined || performance.now() > end;
  const users = Array.from({ length: o.users }, (_, i) =>
    user(
      base,
      accounts[i % accounts.length] as { uid: string; password: string },
      i,
      until,
      record,
      o.signInEvery,
    ).catch((err) => {
      failure ??= err;
    }),
  );
  const finished = Promise.all(users);
  await Promise.race([new Promise((r) => setTimeout(r, o.warmupS * 1000)), finished]);
  const before = {
    instances: cpuOf(pids.instances()),
    proxy: cpuOf(pids.proxy()),
    postgres: cpuOf(pidsNamed('postgres')),
    generator: generatorCpuMs(),
    at: performance.now(),
  };
  measuring = true;
  end = before.at + o.durationS * 1000;
  await finished;
  measuring = false;
  if (failure !== undefined) throw failure;
  const loadEnd = performance.now();
  const seconds = (loadEnd - before.at) / 1000;
  const requests = durations.view.length + durations.login.length + durations.submission.length;
  // The mails of the submissions are part of their cost: the CPU is counted until the
  // workers have done every job (fewer workers would otherwise look cheaper).
  const jobs = await jobsLeft();
  for (let left = jobs; left > 0; left = await jobsLeft()) {
    if (performance.now() - loadEnd > 180_000) throw new Error(`${left} jobs still not done 3 minutes after the load`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    requests,
    seconds,
    durations,
    backlog: { jobs, drainSeconds: (performance.now() - loadEnd) / 1000 },
    cpuMs: {
      instances: cpuOf(pids.instances()) - before.instances,
      proxy: cpuOf(pids.proxy()) - before.proxy,
      postgres: cpuOf(pidsNamed('postgres')) - before.postgres,
      generator: generatorCpuMs() - before.generator,
    },
  };
}

export async function scaleBench(options: ScaleBenchOptions = {}): Promise<BenchReport> {
  const o: Required<ScaleBenchOptions> = {
    durationS: options.durationS ?? Number(process.env.SCALE_BENCH_SECONDS ?? 15),
    warmupS: options.warmupS ?? 3,
    users: options.users ?? Number(process.env.SCALE_BENCH_USERS ?? 12),
    signInEvery: options.signInEvery ?? Number(process.env.SCALE_BENCH_SIGN_IN_EVERY ?? 4),
    progress: options.progress ?? (() => {}),
  };
  const production = {
    ARGON2_MEMORY_KIB: String(argon2Defaults.memoryCost),
    ARGON2_TIME_COST: String(argon2Defaults.timeCost),
    ARGON2_PARALLELISM: String(argon2Defaults.parallelism),
  };
  const sessionSecret = 'scale-bench-session-secret-of-more-than-32-characters';
  const figures: Record<'one' | 'three', Measured> = {} as Record<'one' | 'three', Measured>;
  for (const topology of ['one', 'three'] as const) {
    const databaseUrl = await createTestDatabase();
    const setupDir = tempDataDir();
    // The holders the users sign in as, provisioned in this process (production hash cost).
    const setup = await startTestApp({
      dataDir: setupDir.dir,
      env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...production },
    });
    const accounts = await provisionedAccounts(setup, Math.min(o.users, 8));
    await setup.close();
    setupDir.remove();
    const handle = await openDatabase({ databaseUrl, dataDir: tmpdir() });
    const ports = topology === 'one' ? [await freePort()] : [await freePort(), await freePort(), await freePort()];
    const nginx = topology === 'three' ? await startNginx(ports, { workerProcesses: 'auto' }) : undefined;
    const base = nginx?.url ?? `http://127.0.0.1:${ports[0]}`;
    const dirs = ports.map(() => tempDataDir());
    const children: Child[] = ports.map((port, i) =>
      startNode(
        appEntry,
        childEnv({
          ...production,
          DATABASE_URL: databaseUrl,
          DATA_DIR: (dirs[i] as { dir: string }).dir,
          PORT: String(port),
          BASE_URL: base,
          SESSION_SECRET: sessionSecret,
          LOG_LEVEL: 'warn',
          JOB_WORKER: String(i < 2),
          RATE_LIMIT_PER_MINUTE: '1000000',
          RATE_LIMIT_MAIL_PER_10_MINUTES: '1000000',
          ...(nginx ? { TRUST_PROXY: '127.0.0.1' } : {}),
        }),
      ),
    );
    try {
      for (const [i, child] of children.entries()) {
        await waitForOk(child, `http://127.0.0.1:${ports[i]}/readyz`, { timeoutMs: 60_000 });
      }
      const pids = {
        instances: () => children.map((c) => c.proc.pid as number),
        proxy: () => nginx?.pids() ?? [],
      };
      o.progress(`scale: ${topology === 'one' ? 'one instance' : 'three instances behind nginx'}, ${o.users} users`);
      const jobsLeft = async () => {
        const row = await handle.db
          .selectFrom('job')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('state', 'in', ['queued', 'running'])
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      figures[topology] = await measure(base, accounts, o, pids, jobsLeft).catch((err: Error) => {
        // What the servers said, with the failure.
        err.message += children.map((c, i) => `\n--- instance ${i + 1}:\n${c.output()}`).join('');
        throw err;
      });
    } finally {
      await handle.close();
      for (const child of children) await stop(child);
      await nginx?.stop();
      for (const dir of dirs) dir.remove();
    }
  }

  const cores = availableParallelism();
  const lines: string[] = [];
  const rps = (m: Measured) => m.requests / m.seconds;
  // Requests whose whole work (their mails too) was done, per second of load and drain.
  const sustained = (m: Measured) => m.requests / (m.seconds + m.backlog.drainSeconds);
  const all = (m: Measured) => [...m.durations.view, ...m.durations.login, ...m.durations.submission];
  for (const [name, m] of [
    ['one instance         ', figures.one],
    ['three behind nginx   ', figures.three],
  ] as const) {
    const instancesMs = m.cpuMs.instances / m.requests;
    const proxyMs = m.cpuMs.proxy / m.requests;
    const pg = m.cpuMs.postgres / m.requests;
    lines.push(
      `${name} ${fmt(rps(m), 1)} requests/s (${m.requests} in ${fmt(m.seconds, 1)} s; ` +
        `${fmt(sustained(m), 1)}/s with their jobs done), ` +
        `p50 ${fmt(percentile(all(m), 50), 1)} ms, p95 ${fmt(percentile(all(m), 95), 1)} ms ` +
        `(views ${fmt(percentile(m.durations.view, 95), 1)}, logins ${fmt(percentile(m.durations.login, 95), 1)}, ` +
        `submissions ${fmt(percentile(m.durations.submission, 95), 1)}); ` +
        `CPU per request ${fmt(instancesMs + proxyMs + pg, 2)} ms (instances ${fmt(instancesMs, 2)}, ` +
        `${proxyMs > 0 ? `nginx ${fmt(proxyMs, 2)}, ` : ''}PostgreSQL ${fmt(pg, 2)}; ` +
        `load generator ${fmt(m.cpuMs.generator / m.requests, 2)} apart); ` +
        `${m.backlog.jobs} jobs left at the end, done ${fmt(m.backlog.drainSeconds, 1)} s later`,
    );
  }
  const rpsRatio = sustained(figures.three) / sustained(figures.one);
  const p95Ratio = percentile(all(figures.three), 95) / percentile(all(figures.one), 95);
  lines.push(
    `ratio three/one: ${fmt(rpsRatio, 2)}× requests/s with their jobs done ` +
      `(${fmt(rps(figures.three) / rps(figures.one), 2)}× answered), ${fmt(p95Ratio, 2)}× p95`,
  );
  // The model: a request costs c ms of CPU in the instances (and nginx) and p ms in
  // PostgreSQL. k cores for the instances serve at most 1000·k/c requests/s; one
  // PostgreSQL with q cores at most 1000·q/p. On this machine every part (and the load
  // generator) shares the same cores, so the figure here is below both.
  const three = figures.three;
  const c = (three.cpuMs.instances + three.cpuMs.proxy) / three.requests;
  const p = three.cpuMs.postgres / three.requests;
  const model = [2, 4, 8, 16].map((k) => `${k} cores: ${fmt((1000 * k) / c, 0)}`).join(', ');
  lines.push(`model, instances' and nginx's ceiling (1000·cores / ${fmt(c, 2)} ms): ${model} requests/s`);
  lines.push(
    `model, PostgreSQL's ceiling (1000·cores / ${fmt(p, 2)} ms): ${[2, 4, 8]
      .map((q) => `${q} cores: ${fmt((1000 * q) / p, 0)}`)
      .join(', ')} requests/s`,
  );
  lines.push(
    `this machine: ${cores} cores shared by the instances, nginx, PostgreSQL and the load generator ` +
      `(${fmt(three.cpuMs.generator / three.requests, 2)} ms per request)`,
  );
  return {
    name: 'scale',
    title: 'one instance against three behind nginx, the same mixed load (views, sign-ins, submissions)',
    lines,
    goal: `three behind nginx ≥ ${GOAL_RPS_RATIO}× the requests/s of one (with their jobs done), p95 ≤ ${GOAL_P95_RATIO}×`,
    goalMet: rpsRatio >= GOAL_RPS_RATIO && p95Ratio <= GOAL_P95_RATIO,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  const report = await scaleBench({ progress: (line) => console.log(line) });
  printReport(report);
  process.exit(0);
}
