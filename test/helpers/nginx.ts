// Debian's nginx on loopback in front of sc-account instances, configured with the
// reverse-proxy recipe of docs/operations.md: its `upstream` and `location /` blocks
// are read from that file, so the test runs what operators are told to run (with the
// test's ports, on plain HTTP). `setDown` takes an instance out of the upstream and
// reloads nginx gracefully, as the rolling-restart recipe does. The access log names
// the instance that answered each request.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres.js';
import { projectRoot } from './root.js';

export interface Nginx {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The master process and its workers. */
  pids(): number[];
  /** Marks an instance (by port) down or up again, and reloads nginx; resolves once the old workers are gone. */
  setDown(instancePort: number, down: boolean): Promise<void>;
  /** The access log: one entry per request, with the instance(s) nginx tried. */
  requests(): { method: string; path: string; status: number; upstream: string; client: string }[];
  stop(): Promise<void>;
}

/** The text of the block that starts with `head` (e.g. 'location / {') in `text`, braces balanced. */
function block(text: string, head: string): string {
  const start = text.indexOf(head);
  if (start < 0) throw new Error(`docs/operations.md: no "${head}" in the nginx example`);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`docs/operations.md: "${head}" is not closed`);
}

/** The documented nginx example's upstream and `location /` blocks. */
export function documentedProxy(): { upstream: string; location: string } {
  const docs = readFileSync(join(projectRoot, 'docs/operations.md'), 'utf8');
  const example = docs.match(/### Reverse proxy with TLS \(nginx\)\s+```nginx\n([\s\S]*?)```/)?.[1];
  if (!example) throw new Error('docs/operations.md: no nginx example under "Reverse proxy with TLS (nginx)"');
  return { upstream: block(example, 'upstream sc_account {'), location: block(example, 'location / {') };
}

/** The documented upstream with one `server` line per port (the documented options kept), `down` where asked. */
function upstreamFor(documented: string, ports: number[], down: Set<number>): string {
  const lines = documented.split('\n');
  const server = lines.find((l) => /^\s*server 127\.0\.0\.1:\d+/.test(l));
  if (!server) throw new Error('docs/operations.md: the upstream has no server line');
  const servers = ports.map((port) => {
    const line = server.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
    return down.has(port) ? line.replace(/;\s*$/, ' down;') : line;
  });
  const rest = lines.filter((l) => !/^\s*server /.test(l));
  return [rest[0], ...servers, ...rest.slice(1)].join('\n');
}

const workerPids = (master: number): number[] => {
  try {
    return readFileSync(`/proc/${master}/task/${master}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
};

export async function startNginx(
  instancePorts: number[],
  options: { workerProcesses?: number | 'auto' } = {},
): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-nginx-'));
  // Run as root, nginx's workers run as nobody: they must reach the temporary files.
  chmodSync(dir, 0o777);
  for (const sub of ['body', 'proxy']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  const port = await freePort();
  const documented = documentedProxy();
  const down = new Set<number>();
  const conf = join(dir, 'nginx.conf');
  const log = join(dir, 'access.log');
  const write = () =>
    writeFileSync(
      conf,
      `worker_processes ${options.workerProcesses ?? 1};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
    client_body_temp_path ${join(dir, 'body')};
    proxy_temp_path ${join(dir, 'proxy')};
    log_format upstreams '$remote_addr\\t$request_method\\t$uri\\t$status\\t$upstream_addr';
    access_log ${log} upstreams;
${upstreamFor(documented.upstream, instancePorts, down)}
    server {
        listen 127.0.0.1:${port};
        ${documented.location.replace(/\n/g, '\n        ')}
    }
}
`,
    );
  write();
  const args = ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')];
  execFileSync('/usr/sbin/nginx', [...args, '-t'], { stdio: 'pipe' });
  const child: ChildProcess = spawn('/usr/sbin/nginx', [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
  const pid = child.pid as number;
  for (const end = Date.now() + 10_000; workerPids(pid).length === 0; await new Promise((r) => setTimeout(r, 20))) {
    if (child.exitCode !== null || Date.now() > end) {
      throw new Error(`nginx did not start:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pids: () => [pid, ...workerPids(pid)],
    async setDown(instancePort, isDown) {
      if (isDown) down.add(instancePort);
      else down.delete(instancePort);
      write();
      const old = workerPids(pid);
      // A graceful reload: new workers take the new configuration, the old ones finish
      // the requests they have and exit.
      process.kill(pid, 'SIGHUP');
      for (const end = Date.now() + 20_000; old.some(alive); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > end) throw new Error('nginx: the old workers did not exit after the reload');
      }
    },
    requests() {
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [client = '', method = '', path = '', status = '', upstream = ''] = line.split('\t');
          return { client, method, path, status: Number(status), upstream };
        });
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
