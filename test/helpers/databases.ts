// Runs a database test suite twice: on embedded PGlite and on a real PostgreSQL.
import { after, before, describe } from 'node:test';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migratedTemplate } from './pglite-template.js';
import { createTestDatabase } from './postgres.js';

export const databaseKinds: DatabaseKind[] = ['pglite', 'postgres'];

/**
 * Opens a fresh, migrated database of the given kind (or an empty one). PGlite's
 * starts from the migrated dump made once for the run, in memory.
 */
export async function freshDatabase(kind: DatabaseKind, migrate = true): Promise<DatabaseHandle> {
  if (kind === 'pglite') {
    return openDatabase({
      dataDir: '/nonexistent',
      inMemory: true,
      ...(migrate ? { template: await migratedTemplate() } : {}),
    });
  }
  const handle = await openDatabase({ databaseUrl: await createTestDatabase(), dataDir: '/nonexistent' });
  if (migrate) await migrateToLatest(handle.db);
  return handle;
}

/**
 * describe() once per database kind. `body` receives a getter for the suite's
 * database, which is fresh and migrated for each kind.
 */
export function forEachDatabase(name: string, body: (db: () => DatabaseHandle, kind: DatabaseKind) => void): void {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let handle: DatabaseHandle | undefined;
      before(async () => {
        handle = await freshDatabase(kind);
      });
      after(async () => {
        await handle?.close();
      });
      body(() => {
        if (!handle) throw new Error('database not open yet');
        return handle;
      }, kind);
    });
  }
}
