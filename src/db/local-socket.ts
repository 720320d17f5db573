// The embedded database offered to local commands while the server runs. PGlite is one
// PostgreSQL backend inside the server's process, and DATA_DIR is locked to it; so the
// server listens on a Unix socket in DATA_DIR, named as PostgreSQL names its own
// (`.s.PGSQL.5432`), and speaks the PostgreSQL protocol there. `sc-account` (or
// `psql -h DATA_DIR -U postgres`) connects with an ordinary PostgreSQL client.
//
// Access: the socket is the owner's alone (mode 0600, in DATA_DIR), as the data files
// are; there is no password, as with PostgreSQL's `peer`/`trust` on a local socket.
//
// One backend, several users: a client's messages run only while it holds the same
// single connection the server's own queries queue for (Kysely's PGlite driver), from
// its first message until PostgreSQL is ready for a query outside a transaction again.
// So a client's transaction never interleaves with the server's, and the other way
// round. A client that stays silent inside a transaction for IDLE_IN_TRANSACTION_MS is
// cut off (its transaction rolled back), so it cannot stop the server.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { openDatabase } from './database.js';
import type { EmbeddedInstance } from './pglite-dialect.js';
import type { Database } from './schema.js';

export const LOCAL_SOCKET_PORT = 5432;
export const IDLE_IN_TRANSACTION_MS = 5_000;

export const localSocketPath = (dataDir: string): string => join(dataDir, `.s.PGSQL.${LOCAL_SOCKET_PORT}`);

/** Unix socket paths are limited to 107 bytes (Linux sun_path). */
const MAX_SOCKET_PATH = 107;

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export interface LocalSocket {
  readonly path: string;
  close(): Promise<void>;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (s: string) => Buffer.from(`${s}\0`, 'utf8');

function errorResponse(code: string, text: string): Buffer {
  return message(
    'E',
    Buffer.concat([cstring('SFATAL'), cstring('VFATAL'), cstring(`C${code}`), cstring(`M${text}`), Buffer.from([0])]),
  );
}

/** The transaction status of the last ReadyForQuery in a run of backend messages, if any. */
function lastReadyStatus(out: Uint8Array): string | undefined {
  let status: string | undefined;
  let at = 0;
  while (at + 5 <= out.length) {
    const type = out[at] as number;
    const length =
      ((out[at + 1] as number) << 24) |
      ((out[at + 2] as number) << 16) |
      ((out[at + 3] as number) << 8) |
      (out[at + 4] as number);
    if (type === 0x5a /* Z */ && at + 5 < out.length) status = String.fromCharCode(out[at + 5] as number);
    at += 1 + length;
  }
  return status;
}

/** Waits for the database's one connection; resolves with its release. */
function holdConnection(db: Kysely<Database>): Promise<() => void> {
  return new Promise((resolve, reject) => {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    db.connection()
      .execute(async () => {
        resolve(release);
        await released;
      })
      .catch(reject);
  });
}

/**
 * Starts the local socket for an embedded database in DATA_DIR. Returns undefined
 * when the path would be too long for a Unix socket (the command then says the folder
 * is in use, as before).
 */
export async function serveLocalSocket(
  database: DatabaseHandle,
  dataDir: string,
  onError: (err: unknown) => void = () => {},
): Promise<LocalSocket | undefined> {
  const embedded = database.embedded;
  if (!embedded) throw new Error('the local socket serves the embedded database only');
  const path = localSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) return undefined;
  const parameters = await serverParameters(database.db);
  const clients = new Set<Socket>();
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    serveClient(socket, database.db, embedded, parameters, onError);
  });
  // A socket left by a server that died: DATA_DIR is locked to this process now.
  rmSync(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  server.on('error', onError);
  return {
    path,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of clients) socket.destroy();
      await closed;
      rmSync(path, { force: true });
    },
  };
}

async function serverParameters(db: Kysely<Database>): Promise<Buffer> {
  const show = async (name: string) =>
    (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db)).rows[0]?.value ?? '';
  const values: [string, string][] = [
    ['server_version', await show('server_version')],
    ['server_encoding', await show('server_encoding')],
    ['client_encoding', 'UTF8'],
    ['DateStyle', await show('DateStyle')],
    ['TimeZone', await show('TimeZone')],
    ['integer_datetimes', 'on'],
    ['standard_conforming_strings', 'on'],
  ];
  return Buffer.concat(values.map(([name, value]) => message('S', Buffer.concat([cstring(name), cstring(value)]))));
}

function serveClient(
  socket: Socket,
  db: Kysely<Database>,
  embedded: EmbeddedInstance,
  parameters: Buffer,
  onError: (err: unknown) => void,
): void {
  let buffer = Buffer.alloc(0);
  let started = false;
  let release: (() => void) | undefined;
  let inTransaction = false;
  let idle: NodeJS.Timeout | undefined;
  let chain = Promise.resolve();
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    socket.destroy();
    chain = chain.then(async () => {
      if (!release) return;
      // Whatever the client left half done: an unfinished extended query, a transaction.
      try {
        // (the instance now: it may have been opened again since this client's last message)
        const pglite = embedded.current();
        await pglite.runExclusive(() => pglite.execProtocolRaw(new Uint8Array(message('S', Buffer.alloc(0)))));
        // (exec takes PGlite's query lock itself: not inside runExclusive.)
        if (inTransaction) await pglite.exec('rollback');
      } catch (err) {
        onError(err);
      }
      letGo();
    });
  };

  const letGo = () => {
    if (idle) clearTimeout(idle);
    idle = undefined;
    release?.();
    release = undefined;
    inTransaction = false;
  };

  const run = async (msg: Buffer) => {
    if (ended) return;
    if (!release) {
      release = await holdConnection(db);
      if (ended) return; // end() lets go of it after this
    }
    if (idle) clearTimeout(idle);
    const pglite = embedded.current();
    const out = await pglite.runExclusive(() => pglite.execProtocolRaw(new Uint8Array(msg)));
    if (out.length) socket.write(out);
    const status = lastReadyStatus(out);
    if (status === 'I') letGo();
    else {
      if (status) inTransaction = true;
      idle = setTimeout(() => {
        socket.write(errorResponse('25P03', 'idle in transaction too long: the server needs its database'));
        end();
      }, IDLE_IN_TRANSACTION_MS);
    }
  };

  const startup = (body: Buffer): boolean => {
    const code = body.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      socket.write('N');
      return true;
    }
    if (code !== PROTOCOL_3) {
      if (code !== CANCEL_REQUEST) socket.write(errorResponse('0A000', 'unsupported frontend protocol'));
      end();
      return false;
    }
    started = true;
    const ok = message('R', Buffer.from([0, 0, 0, 0]));
    const key = Buffer.alloc(8);
    key.writeInt32BE(process.pid, 0);
    socket.write(Buffer.concat([ok, parameters, message('K', key), message('Z', Buffer.from('I'))]));
    return true;
  };

  socket.on('data', (data: Buffer) => {
    buffer = Buffer.concat([buffer, data]);
    while (!ended) {
      if (!started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (length < 8 || length > 10_000) return end();
        if (buffer.length < length) return;
        const body = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (!startup(body)) return;
        continue;
      }
      if (buffer.length < 5) return;
      const length = buffer.readInt32BE(1);
      if (length < 4) return end();
      if (buffer.length < 1 + length) return;
      const msg = buffer.subarray(0, 1 + length);
      buffer = buffer.subarray(1 + length);
      if (msg[0] === 0x58 /* X: Terminate */) return end();
      chain = chain.then(() =>
        run(msg).catch((err) => {
          onError(err);
          end();
        }),
      );
    }
  });
  socket.on('error', () => end());
  socket.on('close', () => end());
}

/**
 * The embedded database through a running server's local socket, or undefined when
 * no server answers there. Spoken to as PostgreSQL (it is: the same backend).
 */
export async function connectLocalSocket(dataDir: string): Promise<DatabaseHandle | undefined> {
  if (!existsSync(localSocketPath(dataDir))) return undefined;
  const handle = await openDatabase({ socketDir: dataDir, dataDir, poolSize: 1 });
  if (await handle.ping()) return handle;
  await handle.close();
  return undefined;
}
