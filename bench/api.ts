// The REST API's list at 100,000 applications on PostgreSQL: GET /api/v1/applications
// (the first page of 50, newest first) with a token, through everything a call goes
// through (token check, scope, schema check of the query and of the answer, call
// log), against a bare Fastify route running the same Kysely query with none of
// that. Latency one request at a time (p50, p95), then requests/s under autocannon
// (10 connections) for both, in one run.
// Goals: p95 < 20 ms; at least 50 % of the bare route's requests/s.
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedApplications } from '../src/db/seed.js';
import { createApiToken } from '../src/services/api-tokens.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import {
  appEntry,
  bareEntry,
  childEnv,
  fmt,
  freePort,
  HOST,
  median,
  startNode,
  stop,
  tempDataDir,
  waitForOk,
} from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_P95_MS = 20;
export const GOAL_RATIO = 0.5;

export interface ApiBenchOptions {
  applications?: number;
  requests?: number;
  warmup?: number;
  durationS?: number;
  connections?: number;
  progress?: (line: string) => void;
}

const PATH = '/api/v1/applications?limit=50';

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function latency(url: string, headers: Record<string, string>, requests: number, warmup: number) {
  const times: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    const body = (await res.json()) as { items?: unknown[] };
    if (res.status !== 200 || body.items?.length !== 50) throw new Error(`${url} answered ${res.status}`);
    if (i >= warmup) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function rps(url: string, headers: Record<string, string>, o: Required<ApiBenchOptions>) {
  await autocannon({ url, headers, connections: o.connections, duration: 1 });
  const r = await autocannon({ url, headers, connections: o.connections, duration: o.durationS });
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return r.requests.average;
}

export async function apiBench(options: ApiBenchOptions = {}): Promise<BenchReport> {
  const o: Required<ApiBenchOptions> = {
    applications: options.applications ?? 100_000,
    requests: options.requests ?? 300,
    warmup: options.warmup ?? 30,
    durationS: options.durationS ?? 5,
    connections: options.connections ?? 10,
    progress: options.progress ?? (() => {}),
  };
  const databaseUrl = await createTestDatabase();
  const data = tempDataDir();
  try {
    const handle = await openDatabase({ dataDir: data.dir, databaseUrl });
    let token: string;
    try {
      await migrateToLatest(handle.db);
      const started = performance.now();
      await seedApplications(handle, o.applications, { seed: 42 });
      o.progress(
        `api: seeded ${fmt(o.applications)} applications in ${fmt((performance.now() - started) / 1000, 1)} s`,
      );
      const made = await createApiToken(handle.db, 'bench', {
        owner: { service: 'bench' },
        name: 'bench',
        scopes: ['applications.read'],
        days: 1,
      });
      if (!made.ok) throw new Error(`no token: ${made.problem}`);
      token = made.token;
    } finally {
      await handle.close();
    }
    const auth = { authorization: `Bearer ${token}` };

    // Both servers run side by side (idle while the other is loaded); their
    // requests/s are measured in turns, three times each, and the medians compared,
    // so that neither gets the warmer database caches.
    const appPort = await freePort();
    const barePort = await freePort();
    const app = startNode(
      appEntry,
      childEnv({
        DATA_DIR: data.dir,
        DATABASE_URL: databaseUrl,
        PORT: String(appPort),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '1000000000',
      }),
    );
    const bare = startNode(bareEntry, childEnv({ PORT: String(barePort), BARE_API_DATABASE_URL: databaseUrl }));
    let appLatency: { p50: number; p95: number };
    let bareLatency: { p50: number; p95: number };
    const appRuns: number[] = [];
    const bareRuns: number[] = [];
    try {
      await waitForOk(app, `http://${HOST}:${appPort}/healthz`, { timeoutMs: 60_000 });
      await waitForOk(bare, `http://${HOST}:${barePort}/healthz`, { timeoutMs: 60_000 });
      const appUrl = `http://${HOST}:${appPort}${PATH}`;
      const bareUrl = `http://${HOST}:${barePort}${PATH}`;
      bareLatency = await latency(bareUrl, {}, o.requests, o.warmup);
      appLatency = await latency(appUrl, auth, o.requests, o.warmup);
      o.progress(`api: sc-account: p50 ${fmt(appLatency.p50, 1)} ms, p95 ${fmt(appLatency.p95, 1)} ms`);
      for (let turn = 0; turn < 3; turn++) {
        appRuns.push(await rps(appUrl, auth, o));
        bareRuns.push(await rps(bareUrl, {}, o));
        o.progress(
          `api: turn ${turn + 1}: sc-account ${fmt(appRuns[turn] ?? 0)} req/s, bare ${fmt(bareRuns[turn] ?? 0)} req/s`,
        );
      }
    } finally {
      await stop(app);
      await stop(bare);
    }
    const appRps = median(appRuns);
    const bareRps = median(bareRuns);
    const ratio = appRps / bareRps;
    return {
      name: 'api',
      title: `GET ${PATH} at ${fmt(o.applications)} applications on PostgreSQL: ${o.requests} requests one at a time, then 3 turns of ${o.durationS} s each at ${o.connections} connections`,
      lines: [
        `sc-account: p50 ${fmt(appLatency.p50, 1)} ms, p95 ${fmt(appLatency.p95, 1)} ms, ${fmt(appRps)} req/s (median of ${appRuns.map((r) => fmt(r)).join(', ')})`,
        `bare Fastify route, same Kysely query: p50 ${fmt(bareLatency.p50, 1)} ms, p95 ${fmt(bareLatency.p95, 1)} ms, ${fmt(bareRps)} req/s (median of ${bareRuns.map((r) => fmt(r)).join(', ')})`,
        `requests/s ratio: ${fmt(ratio * 100, 1)} %`,
      ],
      goal: `p95 < ${GOAL_P95_MS} ms and ≥ ${GOAL_RATIO * 100} % of the bare route's requests/s`,
      goalMet: appLatency.p95 < GOAL_P95_MS && ratio >= GOAL_RATIO,
    };
  } finally {
    data.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await apiBench({ progress: console.log }));
  process.exit(0);
}
