// A real PostgreSQL server for tests, from Debian's `postgresql` package: initdb into
// a temp dir as the `postgres` user (when running as root), a random port on
// loopback, a private socket dir, stopped and removed at the end. `npm test` starts
// one for the whole run and passes its URL in SC_TEST_POSTGRES_URL; a test file run
// on its own starts its own. A server can also have a streaming standby, be switched
// over to it, and rejoin as its standby (test/database-switchover.test.ts).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
  port: number;
  /** Stops the server and removes its files. */
  stop(): void;
  /** Stops the server as a crash would (`pg_ctl stop -m immediate`), keeping its files. */
  crash(): void;
  /**
   * Stops the server cleanly (`pg_ctl stop -m fast`), keeping its files: sessions are
   * ended, and a streaming standby receives all WAL, the shutdown checkpoint included,
   * before the server exits.
   */
  shutdown(): void;
  /** Starts it again after crash() or shutdown(), on the same port (recovery runs first). */
  restart(): void;
  /** A streaming standby of this server (`pg_basebackup -R`), started on a port of its own. */
  standby(): Promise<PostgresServer>;
  /** Promotes a standby (`pg_ctl promote -w`): it returns once the server takes writes. */
  promote(): void;
  /** Starts a stopped server again as a standby of `primary` (a switched-over primary rejoining). */
  follow(primary: PostgresServer): void;
}

/**
 * `durable`: commits are written out before they are acknowledged
 * (synchronous_commit on), so that a crash loses nothing acknowledged; the default
 * trades that for speed.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const dir = ownedTempDir();
  const data = join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  return cluster(dir, await freePort(), options);
}

/** A folder under /tmp that the server's user owns (the `postgres` user when running as root). */
function ownedTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-pg-'));
  const owner = postgresUser();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return dir;
}

/** The `postgres` user's ids when running as root (the server refuses to run as root), else none. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Runs one of the server's programs, as the `postgres` user when running as root. */
function asPostgres(cmd: string, args: string[]): Buffer {
  const full = join(postgresBinDir(), cmd);
  return process.getuid?.() === 0
    ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' })
    : execFileSync(full, args, { stdio: 'pipe' });
}

/** Starts the cluster in `dir`/data on `port` and answers for it. */
function cluster(dir: string, port: number, options: { durable?: boolean }): PostgresServer {
  const data = join(dir, 'data');
  // The defaults (wal_level replica, max_wal_senders 10, hot_standby on, and initdb's
  // `host replication all 127.0.0.1/32 trust`) already let a standby stream from it.
  const settings = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`,
    `-c synchronous_commit=${options.durable ? 'on' : 'off'}`,
  ].join(' ');
  const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', data, '-w', '-t', '60', ...args]);
  const start = () => pgCtl('-o', settings, '-l', join(dir, 'log'), 'start');
  start();
  let stopped = false;
  let running = true;
  const server: PostgresServer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    crash() {
      pgCtl('-m', 'immediate', 'stop');
      running = false;
    },
    shutdown() {
      pgCtl('-m', 'fast', 'stop');
      running = false;
    },
    restart() {
      start();
      running = true;
    },
    async standby() {
      const standbyDir = ownedTempDir();
      asPostgres('pg_basebackup', [
        ...['-D', join(standbyDir, 'data'), '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'],
        ...['-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
      ]);
      return cluster(standbyDir, await freePort(), options);
    },
    promote() {
      pgCtl('promote');
    },
    follow(primary) {
      const signal = join(data, 'standby.signal');
      writeFileSync(signal, '');
      appendFileSync(
        join(data, 'postgresql.auto.conf'),
        `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres'\n`,
      );
      const owner = postgresUser();
      if (owner) chownSync(signal, owner.uid, owner.gid);
      server.restart();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (running) pgCtl('-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return server;
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
