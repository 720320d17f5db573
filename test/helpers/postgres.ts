// A real PostgreSQL server for tests, from Debian's `postgresql` package: initdb into
// a temp dir as the `postgres` user (when running as root), a random port on
// loopback, a private socket dir, stopped and removed at the end. `npm test` starts
// one for the whole run and passes its URL in SC_TEST_POSTGRES_URL; a test file run
// on its own starts its own.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian's postgresql package (npm test does this as root).",
    );
  }
  return join(root, versions[0], 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  url: string;
  /** Stops the server and removes its files. */
  stop(): void;
  /** Stops the server as a crash would (`pg_ctl stop -m immediate`), keeping its files. */
  crash(): void;
  /** Starts it again after crash(), on the same port (recovery runs first). */
  restart(): void;
}

/**
 * `durable`: commits are written out before they are acknowledged
 * (synchronous_commit on), so that a crash loses nothing acknowledged; the default
 * trades that for speed.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'sc-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' })
      : execFileSync(full, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-w',
      '-t',
      '60',
      '-o',
      `${settings} -c synchronous_commit=${options.durable ? 'on' : 'off'}`,
      '-l',
      join(dir, 'log'),
      'start',
    ]);
  start();
  let stopped = false;
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    restart() {
      start();
      running = true;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let shared: Promise<PostgresServer> | undefined;

/** The run's server (from SC_TEST_POSTGRES_URL) or one started for this process. */
export async function testPostgres(): Promise<string> {
  const fromEnv = process.env.SC_TEST_POSTGRES_URL;
  if (fromEnv) return fromEnv;
  if (!shared) {
    shared = startPostgres();
    const server = await shared;
    process.on('exit', () => server.stop());
  }
  return (await shared).url;
}

/** A new, empty database on the test server; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = await testPostgres();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
