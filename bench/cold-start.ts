// Cold start: restart sc-account on existing data (PGlite under DATA_DIR/pg) and
// time it from spawn to the first 200 from GET /healthz. Goal: median < 1 s.
// Baseline: the same measurement of bench/bare-server.mjs, a Fastify hello-world.
// Needs a fresh dist/ (bench/run.ts builds it first).
import { pathToFileURL } from 'node:url';
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

export const GOAL_MS = 1000;

export interface ColdStartOptions {
  /** Measured restarts of each target. */
  runs?: number;
  progress?: (line: string) => void;
}

/** Spawns `entry`, polls /healthz every 10 ms until 200, stops it; returns spawn→200 in ms. */
async function timeToHealthy(entry: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const child = startNode(entry, childEnv({ ...env, PORT: String(port) }));
  try {
    return await waitForOk(child, `http://${HOST}:${port}/healthz`, { everyMs: 10, timeoutMs: 60_000 });
  } finally {
    await stop(child);
  }
}

export async function coldStart(options: ColdStartOptions = {}): Promise<BenchReport> {
  const runs = options.runs ?? 5;
  const progress = options.progress ?? (() => {});
  const data = tempDataDir();
  try {
    const appEnv = { DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
    // The first start creates the PGlite cluster and runs the migrations: not the measured case.
    const firstMs = await timeToHealthy(appEntry, appEnv);
    progress(`cold-start: first start (creates the database) ${fmt(firstMs)} ms`);
    // One unmeasured start of the baseline, so that both have their files in the page cache.
    await timeToHealthy(bareEntry, {});

    const app: number[] = [];
    const bare: number[] = [];
    // Alternate the two, so that a burst of load from elsewhere hits both alike.
    for (let i = 0; i < runs; i++) {
      bare.push(await timeToHealthy(bareEntry, {}));
      app.push(await timeToHealthy(appEntry, appEnv));
      progress(`cold-start: run ${i + 1}/${runs}: sc-account ${fmt(app.at(-1)!)} ms, bare ${fmt(bare.at(-1)!)} ms`);
    }

    const appMedian = median(app);
    const bareMedian = median(bare);
    const range = (v: number[]) => `min ${fmt(Math.min(...v))}, max ${fmt(Math.max(...v))}`;
    return {
      name: 'cold-start',
      title: `restart on existing data to first 200 from /healthz (${runs} runs each)`,
      lines: [
        `sc-account (PGlite): median ${fmt(appMedian)} ms (${range(app)}) [first start: ${fmt(firstMs)} ms]`,
        `bare Fastify       : median ${fmt(bareMedian)} ms (${range(bare)})`,
        `ratio sc-account/bare: ${fmt(appMedian / bareMedian, 2)}x`,
      ],
      goal: `median < ${fmt(GOAL_MS)} ms`,
      goalMet: appMedian < GOAL_MS,
    };
  } finally {
    data.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await coldStart({ progress: console.log }));
}
