// Requests/s of the home page (GET /: the full HTML page, security headers with
// CSP, i18n, rate limiter, metrics, session lookup) against a bare Fastify
// hello-world. Both run as child processes started alike (`node <file>`, no
// flags), one after the other, loaded by autocannon from this process.
// Goal: sc-account reaches at least 50% of the bare server's requests/s.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import {
  appEntry,
  bareEntry,
  type Child,
  childEnv,
  fmt,
  freePort,
  HOST,
  startNode,
  stop,
  tempDataDir,
  waitForOk,
} from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_RATIO = 0.5;

export interface HomeRpsOptions {
  /** Seconds of measured load per target. */
  durationS?: number;
  /** Seconds of unmeasured load per target before that. */
  warmupS?: number;
  connections?: number;
  progress?: (line: string) => void;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

async function load(url: string, seconds: number, connections: number): Promise<autocannon.Result> {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  // Every answer must be a 2xx: a benchmark of 429s or 500s measures nothing.
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const codes = JSON.stringify(result.statusCodeStats ?? {});
    throw new Error(
      `${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `out of ${result.requests.total} (status codes ${codes})`,
    );
  }
  return result;
}

interface Page {
  headers: Record<string, string>;
  body: string;
}

/** One GET before the load, to see that the page is what we mean to measure; returns it. */
async function checkPage(url: string, expect: { type: string; csp: boolean }): Promise<Page> {
  const res = await fetch(url);
  const body = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const problems = [
    res.status !== 200 && `status ${res.status}`,
    !type.startsWith(expect.type) && `content-type ${type}`,
    expect.csp && !res.headers.get('content-security-policy') && 'no Content-Security-Policy header',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${url}: ${problems.join(', ')}`);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
      headers[name] = value;
  });
  return { headers, body };
}

async function measure(
  label: string,
  entry: string,
  env: Record<string, string>,
  expect: { type: string; csp: boolean },
  options: Required<HomeRpsOptions>,
): Promise<Measured & { page: Page }> {
  const port = await freePort();
  const child: Child = startNode(entry, childEnv({ ...env, PORT: String(port) }));
  try {
    await waitForOk(child, `http://${HOST}:${port}/healthz`, { timeoutMs: 60_000 });
    const url = `http://${HOST}:${port}/`;
    const page = await checkPage(url, expect);
    if (options.warmupS > 0) await load(url, options.warmupS, options.connections);
    const r = await load(url, options.durationS, options.connections);
    const measured = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total };
    options.progress(`home-rps: ${label}: ${fmt(measured.rps)} req/s over ${options.durationS} s`);
    return { ...measured, page };
  } finally {
    await stop(child);
  }
}

export async function homeRps(options: HomeRpsOptions = {}): Promise<BenchReport> {
  const o: Required<HomeRpsOptions> = {
    durationS: options.durationS ?? 10,
    warmupS: options.warmupS ?? 2,
    connections: options.connections ?? 10,
    progress: options.progress ?? (() => {}),
  };
  const data = tempDataDir();
  try {
    const appEnv = {
      DATA_DIR: data.dir,
      LOG_LEVEL: 'warn',
      // High enough that the limiter never answers 429 here; it still runs on every request.
      RATE_LIMIT_PER_MINUTE: '1000000000',
    };
    const bare = await measure('bare Fastify', bareEntry, {}, { type: 'application/json', csp: false }, o);
    const app = await measure('sc-account', appEntry, appEnv, { type: 'text/html', csp: true }, o);
    // The same bytes from the bare server: sc-account's home page and headers, as captured.
    const pageFile = join(data.dir, 'page.json');
    writeFileSync(pageFile, JSON.stringify(app.page));
    const same = await measure(
      'bare Fastify, same bytes',
      bareEntry,
      { BARE_PAGE: pageFile },
      { type: 'text/html', csp: true },
      o,
    );
    const line = (name: string, m: Measured) =>
      `${name}: ${fmt(m.rps)} req/s (latency p50 ${m.p50} ms, p99 ${m.p99} ms; ${fmt(m.requests)} requests)`;
    const ratio = app.rps / bare.rps;
    return {
      name: 'home-rps',
      title: `GET / for ${o.durationS} s, ${o.connections} connections, after ${o.warmupS} s warm-up`,
      lines: [
        line('sc-account GET / (HTML)', app),
        line('bare Fastify GET /     ', bare),
        line('bare Fastify, same page', same),
        `ratio sc-account/bare: ${fmt(ratio * 100, 1)}%`,
        `ratio sc-account/bare with the same bytes: ${fmt((app.rps / same.rps) * 100, 1)}% ` +
          `(the page's ${fmt(Buffer.byteLength(app.page.body))} bytes alone bring bare Fastify to ${fmt((same.rps / bare.rps) * 100, 1)}% of hello-world)`,
      ],
      goal: `ratio >= ${fmt(GOAL_RATIO * 100)}%`,
      goalMet: ratio >= GOAL_RATIO,
    };
  } finally {
    data.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await homeRps({ progress: console.log }));
}
