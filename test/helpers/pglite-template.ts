// A migrated PGlite cluster as a dump, made once and kept under
// node_modules/.cache/sc-account, named after the PGlite version and the migrations'
// source: a test database loads it in a fraction of a second instead of running
// initdb and every migration (5–7 s). `npm test` makes it before the test files start.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { pgliteVersion } from '../../src/db/pglite.js';
import { projectRoot } from './root.js';

const root = projectRoot;
const migrationsDir = join(root, 'src/db/migrations');

function templateFile(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort()) {
    hash.update(name).update(readFileSync(join(migrationsDir, name)));
  }
  hash.update(readFileSync(join(root, 'src/db/pglite.ts')));
  const key = `${pgliteVersion()}-${hash.digest('hex').slice(0, 16)}`;
  return join(root, 'node_modules/.cache/sc-account', `pglite-migrated-${key}.tar`);
}

let loaded: Promise<Blob> | undefined;

/** The migrated cluster's dump (made now when missing). */
export function migratedTemplate(): Promise<Blob> {
  loaded ??= (async () => {
    const file = templateFile();
    if (!existsSync(file)) {
      const handle = await openDatabase({ dataDir: '/nonexistent', inMemory: true });
      try {
        await migrateToLatest(handle.db);
        const dump = await (handle.embedded as NonNullable<typeof handle.embedded>).current().dumpDataDir('none');
        mkdirSync(join(file, '..'), { recursive: true });
        // Written aside and renamed: test processes starting together each see a whole file.
        const part = `${file}.${process.pid}.part`;
        writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
        renameSync(part, file);
      } finally {
        await handle.close();
      }
    }
    return new Blob([readFileSync(file)]);
  })();
  return loaded;
}
