// Latency of the staff queue page at 100,000 applications: p50 and p95 of
// GET /staff/applications with a state filter and a text search (and, for
// comparison, the unfiltered first page), on PostgreSQL and PGlite, one request at a
// time after a warm-up. The applications come from `sc-account dev seed`
// (src/db/seed.ts). Goal: p95 < 50 ms on PostgreSQL.
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedApplications } from '../src/db/seed.js';
import { createStaff } from '../src/db/staff.js';
import { createSessionService } from '../src/web/sessions.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { appEntry, childEnv, fmt, freePort, HOST, startNode, stop, tempDataDir, waitForOk } from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_P95_MS = 50;

export interface QueueBenchOptions {
  applications?: number;
  requests?: number;
  warmup?: number;
  progress?: (line: string) => void;
}

const views = {
  'state + search': '/staff/applications?state=submitted&q=yamada',
  'search by reference prefix': '/staff/applications?q=A2026-0001',
  'first page, no filter': '/staff/applications',
} as const;

interface Latency {
  p50: number;
  p95: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function measure(url: string, cookie: string, requests: number, warmup: number): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    const body = await res.text();
    if (res.status !== 200 || !body.includes('<table')) {
      throw new Error(`${url} answered ${res.status} without a list: ${body.slice(0, 200)}`);
    }
    if (i >= warmup) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function target(
  label: string,
  databaseUrl: string | undefined,
  o: Required<QueueBenchOptions>,
): Promise<Record<keyof typeof views, Latency>> {
  const data = tempDataDir();
  try {
    const where = { dataDir: data.dir, ...(databaseUrl ? { databaseUrl } : {}) };
    const handle = await openDatabase(where);
    let token: string;
    try {
      await migrateToLatest(handle.db);
      const started = performance.now();
      await seedApplications(handle, o.applications, { seed: 42 });
      o.progress(
        `queue: ${label}: seeded ${fmt(o.applications)} applications in ${fmt((performance.now() - started) / 1000, 1)} s`,
      );
      const staff = await handle.db
        .transaction()
        .execute((trx) => createStaff(trx, { email: 'bench@centre.example.jp', name: 'Bench', role: 'admin' }));
      const sessions = createSessionService(handle.db, { idleMs: 3600_000, absoluteMs: 3600_000 });
      token = (await sessions.create('staff', String(staff.id))).token;
    } finally {
      await handle.close();
    }
    const port = await freePort();
    const child = startNode(
      appEntry,
      childEnv({
        DATA_DIR: data.dir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        PORT: String(port),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '1000000000',
      }),
    );
    try {
      const base = `http://${HOST}:${port}`;
      await waitForOk(child, `${base}/healthz`, { timeoutMs: 60_000 });
      const result = {} as Record<keyof typeof views, Latency>;
      for (const [name, path] of Object.entries(views) as [keyof typeof views, string][]) {
        result[name] = await measure(`${base}${path}`, `session=${token}`, o.requests, o.warmup);
        o.progress(`queue: ${label}: ${name}: p50 ${fmt(result[name].p50, 1)} ms, p95 ${fmt(result[name].p95, 1)} ms`);
      }
      return result;
    } finally {
      await stop(child);
    }
  } finally {
    data.remove();
  }
}

export async function queueBench(options: QueueBenchOptions = {}): Promise<BenchReport> {
  const o: Required<QueueBenchOptions> = {
    applications: options.applications ?? 100_000,
    requests: options.requests ?? 200,
    warmup: options.warmup ?? 20,
    progress: options.progress ?? (() => {}),
  };
  const pg = await target('PostgreSQL', await createTestDatabase(), o);
  const lite = await target('PGlite', undefined, o);
  const lines = (Object.keys(views) as (keyof typeof views)[]).flatMap((name) => [
    `${name} (${views[name]}):`,
    `  PostgreSQL p50 ${fmt(pg[name].p50, 1)} ms, p95 ${fmt(pg[name].p95, 1)} ms; PGlite p50 ${fmt(lite[name].p50, 1)} ms, p95 ${fmt(lite[name].p95, 1)} ms`,
  ]);
  const worst = Math.max(...Object.values(pg).map((l) => l.p95));
  return {
    name: 'queue',
    title: `staff queue at ${fmt(o.applications)} applications, ${o.requests} requests per view after ${o.warmup}, one at a time`,
    lines: [...lines, `worst p95 on PostgreSQL: ${fmt(worst, 1)} ms`],
    goal: `p95 < ${GOAL_P95_MS} ms on PostgreSQL for every view`,
    goalMet: worst < GOAL_P95_MS,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await queueBench({ progress: console.log }));
  process.exit(0);
}
