// `npm run bench`: builds dist/, then runs every benchmark against 127.0.0.1 and
// prints its figures, the ratio against a baseline measured in the same run, and
// whether the goal is met. About five minutes on 2 cores.
//
//   --skip-build   use dist/ as it is
//   --strict       exit 1 when a goal is missed (errors always exit 1)
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { apiBench } from './api.js';
import { applyBench } from './apply.js';
import { billingBench } from './billing.js';
import { coldStart } from './cold-start.js';
import { homeRps } from './home-rps.js';
import { fmt, projectDir } from './lib.js';
import { loginBench } from './login.js';
import { memoryBench } from './memory.js';
import { provisionBench } from './provision.js';
import { queueBench } from './queue.js';
import { renewalBench } from './renewal.js';
import { type BenchReport, printReport } from './report.js';
import { scaleBench } from './scale.js';
import { workshopBench } from './workshop.js';

const args = new Set(process.argv.slice(2));
const started = performance.now();
const elapsed = () => `${fmt((performance.now() - started) / 1000, 1)} s`;
const progress = (line: string) => console.log(`[${elapsed()}] ${line}`);

const cpuList = cpus();
console.log(
  `machine: ${cpuList.length} cores (${cpuList[0]?.model.trim() ?? 'unknown'}), ` +
    `${fmt(totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);

if (!args.has('--skip-build')) {
  progress('building (npm run build: dist/ and the bundle that npm start runs)');
  const build = spawnSync('npm', ['run', 'build'], { cwd: projectDir, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('bench: the build failed; fix it (or pass --skip-build to measure the build as it is)');
    process.exit(1);
  }
}

const benchmarks: [string, () => Promise<BenchReport>][] = [
  ['cold-start', () => coldStart({ runs: 5, progress })],
  ['memory', () => memoryBench({ views: 10_000, progress })],
  ['home-rps', () => homeRps({ durationS: 10, warmupS: 2, connections: 10, progress })],
  ['apply', () => applyBench({ submissions: 3000, warmup: 300, connections: 10, progress })],
  ['queue', () => queueBench({ applications: 100_000, requests: 200, warmup: 20, progress })],
  ['api', () => apiBench({ applications: 100_000, progress })],
  ['provision', () => provisionBench({ accounts: 200, progress })],
  ['login', () => loginBench({ concurrency: 4, durationS: 15, limitS: 12, progress })],
  ['renewal', () => renewalBench({ accounts: 100_000, concurrency: 8, sweep: [], progress })],
  ['billing', () => billingBench({ groups: 2000, progress })],
  ['workshop', () => workshopBench({ participants: 500, progress })],
  ['scale', () => scaleBench({ durationS: 15, users: 12, progress })],
];

const reports: BenchReport[] = [];
let failed = false;
for (const [name, run] of benchmarks) {
  progress(`${name}: starting`);
  try {
    reports.push(await run());
  } catch (err) {
    failed = true;
    console.error(`\nbench: ${name} FAILED: ${err instanceof Error ? err.message : String(err)}`);
  }
}

for (const report of reports) printReport(report);
console.log(`\nload average at the end: ${loadavg()[0]?.toFixed(2)}; total time ${elapsed()}`);
const missed = reports.filter((r) => !r.goalMet).map((r) => r.name);
if (failed) process.exit(1);
if (missed.length > 0) {
  console.log(`goals missed: ${missed.join(', ')}`);
  if (args.has('--strict')) process.exit(1);
}
