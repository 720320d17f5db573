// Opens the database: PostgreSQL through `pg` when DATABASE_URL is set, else the
// embedded PGlite under DATA_DIR/pg. Both speak the same SQL and run the same migrations.
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PGlite only: keep the data in memory (tests). */
  inMemory?: boolean;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  // Each driver is loaded only when used: a start on PGlite never loads pg, and back.
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const { PostgresDialect } = await import('kysely');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A broken idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return handle(db, 'postgres', async () => {});
  }
  let lock: DataDirLock | undefined;
  if (!options.inMemory) lock = lockDataDir(options.dataDir);
  try {
    const [{ PGlite }, { PGliteDialect }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('kysely-pglite-dialect'),
    ]);
    const pglite = await PGlite.create(options.inMemory ? undefined : join(options.dataDir, 'pg'));
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return handle(db, 'pglite', async () => lock?.release());
  } catch (err) {
    lock?.release();
    throw err;
  }
}

function handle(db: Kysely<Database>, kind: DatabaseKind, afterClose: () => Promise<void>): DatabaseHandle {
  let closed = false;
  return {
    db,
    kind,
    async ping() {
      try {
        await sql`select 1`.execute(db);
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
