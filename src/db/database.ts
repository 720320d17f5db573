// Opens the database: PostgreSQL through `pg` when DATABASE_URL is set, else the
// embedded PGlite under DATA_DIR/pg. Both speak the same SQL and run the same migrations.
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { Kysely, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import type { EmbeddedInstance } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** The embedded database itself (PGlite only): for its local socket and dumps. */
  readonly embedded?: EmbeddedInstance;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** True when the database can also write and commit (a full disk or a read-only standby cannot). */
  canWrite(): Promise<boolean>;
  close(): Promise<void>;
}

/** Below this much free space in DATA_DIR the embedded database counts as unable to write. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** A folder with a PostgreSQL Unix socket (`.s.PGSQL.5432`): a running server's embedded database. */
  socketDir?: string | undefined;
  dataDir: string;
  /** PGlite only: keep the data in memory (tests). */
  inMemory?: boolean;
  /** PGlite only: the dump a new cluster starts from (tests: a migrated one); default the built cluster. */
  template?: Blob | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  // Each driver is loaded only when used: a start on PGlite never loads pg, and back.
  if (options.databaseUrl || options.socketDir) {
    const { default: pg } = await import('pg');
    const { PostgresDialect } = await import('kysely');
    const max = options.poolSize ?? 10;
    // A request waits at most this long for a connection (a server that is down refuses
    // at once; one that does not answer is given up on).
    const connectionTimeoutMillis = 5000;
    const pool = options.socketDir
      ? new pg.Pool({
          host: options.socketDir,
          port: 5432,
          user: 'postgres',
          database: 'postgres',
          max,
          connectionTimeoutMillis,
        })
      : new pg.Pool({ connectionString: options.databaseUrl, max, connectionTimeoutMillis });
    // A connection that breaks (a PostgreSQL restart, pg_terminate_backend, a failover)
    // must never end the process. `pg` reports it as an 'error' event on the connection,
    // which the pool listens to only while the connection is idle: a connection lent out
    // (in a transaction, between two statements) had no listener, and the event threw.
    // The statement in flight fails with the error; the broken connection is dropped
    // when it is given back, and the next request gets a new one.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: closingReadOnly(pool) }) });
    return handle(db, 'postgres', async () => {});
  }
  let lock: DataDirLock | undefined;
  if (!options.inMemory) lock = lockDataDir(options.dataDir);
  try {
    const [{ openEmbedded }, { embeddedDialect }] = await Promise.all([
      import('./pglite.js'),
      import('./pglite-dialect.js'),
    ]);
    const dir = options.inMemory ? undefined : join(options.dataDir, 'pg');
    const pglite = await openEmbedded({ dir, template: options.template });
    const { dialect, embedded } = embeddedDialect(pglite, async (old) => {
      // In memory, the database goes across as a dump; on disk it is there already.
      const dump = dir ? undefined : await old.dumpDataDir('none');
      await old.close().catch(() => {});
      return openEmbedded({ dir, template: dump });
    });
    const db = new Kysely<Database>({ dialect });
    return handle(db, 'pglite', async () => lock?.release(), embedded, dir);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** SQLSTATE read_only_sql_transaction: a write on a standby, or on a primary made read-only. */
const READ_ONLY = '25006';

/**
 * The pool as Kysely uses it, except that a connection whose server answered
 * "read-only" is closed when it is given back instead of kept. Behind one endpoint
 * (HAProxy, a managed service's writer address) a connection made while the endpoint
 * still led to a standby stays there after the endpoint has moved to the primary: the
 * pool keeps its busy connections, so each would fail every write (503) until it sat
 * idle for 10 s, which under load it never does. A new connection goes where the
 * endpoint leads now.
 */
function closingReadOnly(pool: Pool): PostgresPool {
  const clients = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => {
    let readOnly = false;
    const query = (text: string, values: readonly unknown[]) =>
      client.query(text, [...values]).catch((err: unknown) => {
        if ((err as { code?: unknown })?.code === READ_ONLY) readOnly = true;
        throw err;
      });
    return {
      // Only the text form: the cursor form is for streaming, which needs a cursor
      // class in the dialect's settings, and this dialect has none.
      query: query as unknown as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(Boolean(destroy) || readOnly),
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = wrap(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

function handle(
  db: Kysely<Database>,
  kind: DatabaseKind,
  afterClose: () => Promise<void>,
  embedded?: EmbeddedInstance,
  /** The embedded database's folder, whose free space is part of "can write". */
  folder?: string,
): DatabaseHandle {
  let closed = false;
  return {
    db,
    kind,
    ...(embedded ? { embedded } : {}),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async canWrite() {
      try {
        // A row fits in pages PostgreSQL has already, so a full disk shows only when a
        // file must grow: the embedded database's own disk is looked at too.
        if (folder) {
          const space = await statfs(folder);
          if (space.bavail * space.bsize < MIN_FREE_BYTES) return false;
        }
        await sql`insert into readiness_check (id, checked_at) values (1, now())
          on conflict (id) do update set checked_at = excluded.checked_at`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await afterClose();
    },
  };
}
