// Kysely on the embedded PostgreSQL (PGlite): one backend, so one connection that
// queries and transactions queue for, in order. The connection also keeps PGlite 0.4
// working: after about 12,000 failed statements its PostgreSQL spins at 100 % CPU for
// good (reproduced with a loop of failing inserts; in the app, a full disk makes every
// write fail), answering nothing, not even SIGTERM. So the failed statements are
// counted, and once there have been RECYCLE_AFTER_FAILURES of them the instance is closed
// and opened again on the same folder (about half a second) the next time the connection
// is free, before anyone is given it. Nothing is lost: no transaction is open then, and
// what was committed is on disk.
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** Well below the ~12,000 at which PGlite 0.4.6 stops answering. */
export const RECYCLE_AFTER_FAILURES = 4_000;

export interface EmbeddedInstance {
  /** The PGlite instance in use now (another one after a recycle). */
  current(): PGlite;
  /** Failed statements since the instance was opened. */
  failures(): number;
  /** How many times the instance was opened again. */
  recycles(): number;
}

class Connection implements DatabaseConnection {
  constructor(private readonly driver: EmbeddedDriver) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.driver.run<R>(compiled.sql, compiled.parameters);
    return result.affectedRows !== undefined && result.affectedRows > 0
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows };
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.driver.run<R>(compiled.sql, compiled.parameters);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class EmbeddedDriver implements Driver, EmbeddedInstance {
  private readonly connection = new Connection(this);
  private held = false;
  private readonly queue: (() => void)[] = [];
  private failed = 0;
  private reopened = 0;
  private closed = false;

  constructor(
    private instance: PGlite,
    private readonly reopen: (old: PGlite) => Promise<PGlite>,
  ) {}

  current = () => this.instance;
  failures = () => this.failed;
  recycles = () => this.reopened;

  async run<R>(text: string, parameters: readonly unknown[]) {
    try {
      return await this.instance.query<R>(text, [...parameters]);
    } catch (error) {
      this.failed++;
      throw error;
    }
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.held) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.held = true;
    if (this.failed >= RECYCLE_AFTER_FAILURES && !this.closed) {
      this.instance = await this.reopen(this.instance);
      this.failed = 0;
      this.reopened++;
    }
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = settings.isolationLevel ? `start transaction isolation level ${settings.isolationLevel}` : 'begin';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.closed = true;
    await this.instance.close();
  }
}

/** The dialect, and the instance it runs on now (for the local socket and dumps). */
export function embeddedDialect(
  instance: PGlite,
  /** Closes `old` and opens the same database again. */
  reopen: (old: PGlite) => Promise<PGlite>,
): { dialect: Dialect; embedded: EmbeddedInstance } {
  const driver = new EmbeddedDriver(instance, reopen);
  return {
    embedded: driver,
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new PostgresQueryCompiler(),
      createIntrospector: (db: Kysely<any>): DatabaseIntrospector => new PostgresIntrospector(db),
    },
  };
}
