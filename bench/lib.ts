// Shared helpers of the benchmarks: start a server as a child process on
// 127.0.0.1, wait for an HTTP answer, stop it, and a little arithmetic.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { variables } from '../src/config.js';
import { startFlags } from '../test/helpers/bundle.js';

/** Node's options in `npm start`: the app runs here as it runs there. */
export { startFlags };

export const HOST = '127.0.0.1';
export const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const appEntry = join(projectDir, 'dist', 'bundle', 'main.js');
export const bareEntry = join(projectDir, 'bench', 'bare-server.mjs');

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sc-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The environment of a benchmarked process: ours, without any sc-account
 * variable we might have inherited (a DATABASE_URL would measure PostgreSQL
 * instead of PGlite), plus the given ones.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(variables)) delete env[name];
  delete env.NODE_OPTIONS;
  return { ...env, HOST, ...extra };
}

const live = new Set<ChildProcess>();
// Whatever happens to the runner, it leaves no server behind.
process.on('exit', () => {
  for (const proc of live) proc.kill('SIGKILL');
});

export interface Child {
  proc: ChildProcess;
  /** performance.now() just before spawn(). */
  spawnedAt: number;
  /** The last few KB the process wrote, for error messages. */
  output(): string;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  exited: Promise<number | string>;
}

/** Starts `node <entry>` (the app with `npm start`'s options, anything else with none), stdio piped. */
export function startNode(entry: string, env: NodeJS.ProcessEnv): Child {
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-4000);
  };
  const spawnedAt = performance.now();
  // BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof': options for the app's node (e.g. a profile).
  const extra = entry === appEntry ? (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
  const proc = spawn(process.execPath, [...(entry === appEntry ? startFlags : []), ...extra, entry], {
    cwd: projectDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    proc.on('exit', (code, signal) => {
      live.delete(proc);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { proc, spawnedAt, output: () => out, exited };
}

/** One GET; resolves with the status code, or undefined when nothing answered. */
export function getStatus(url: string, timeoutMs = 1000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `url` every `everyMs` until it answers 200; returns the milliseconds from
 * the child's spawn to that answer. Throws when the child exits first or on timeout.
 */
export async function waitForOk(child: Child, url: string, { everyMs = 10, timeoutMs = 30_000 } = {}): Promise<number> {
  let exitedWith: number | string | undefined;
  void child.exited.then((code) => {
    exitedWith = code;
  });
  for (;;) {
    const status = await getStatus(url, 1000);
    if (status === 200) return performance.now() - child.spawnedAt;
    if (exitedWith !== undefined) {
      throw new Error(`${url}: the process exited (${exitedWith}) before answering 200:\n${child.output()}`);
    }
    if (performance.now() - child.spawnedAt > timeoutMs) {
      throw new Error(`${url}: no 200 within ${timeoutMs} ms (last status ${status ?? 'none'}):\n${child.output()}`);
    }
    await sleep(everyMs);
  }
}

/** SIGTERM, then wait for the exit (SIGKILL after `graceMs`). Throws unless it exited 0. */
export async function stop(child: Child, graceMs = 15_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`process ${child.proc.pid} ended with ${code} after SIGTERM:\n${child.output()}`);
}

/** CPU milliseconds a process has used so far (Linux: /proc/<pid>/stat; elsewhere 0). */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
