// Faults of the embedded database (PGlite): a long run of failing statements, and a
// full disk. PGlite 0.4.6 spun at 100 % CPU for good after about 12,000 failed
// statements (in the app: a full disk makes every write fail), answering nothing;
// /readyz said 200 while nothing could be written.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { RECYCLE_AFTER_FAILURES } from '../src/db/pglite-dialect.js';
import { isDatabaseUnavailable } from '../src/db/unavailable.js';
import { startTestApp } from './helpers/app.js';
import { migratedTemplate } from './helpers/pglite-template.js';

describe('the embedded database under faults', () => {
  it('answers a query after 20,000 failing statements, with what was committed before', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sc-failures-'));
    const database = await openDatabase({ dataDir, template: await migratedTemplate() });
    try {
      const { db } = database;
      await db.insertInto('reserved_account_name').values({ name: 'kept_before' }).execute();
      let failed = 0;
      for (let i = 0; i < 20_000; i++) {
        try {
          await db.insertInto('reserved_account_name').values({ name: 'kept_before' }).execute();
        } catch {
          failed++;
        }
      }
      assert.equal(failed, 20_000);
      const row = await db
        .selectFrom('reserved_account_name')
        .select('name')
        .where('name', '=', 'kept_before')
        .executeTakeFirst();
      assert.equal(row?.name, 'kept_before');
      const embedded = database.embedded;
      assert.ok(embedded);
      // opened again after every RECYCLE_AFTER_FAILURES, the last time for the query after them
      assert.equal(embedded.recycles(), 20_000 / RECYCLE_AFTER_FAILURES);
      // A transaction across the recycle point still commits whole.
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('reserved_account_name').values({ name: 'kept_after' }).execute();
        await sql`select 1`.execute(trx);
      });
      assert.equal(
        (await db.selectFrom('reserved_account_name').select('name').where('name', 'like', 'kept_%').execute()).length,
        2,
      );
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('with the disk full', () => {
    // A small file system of its own (tests run as root, as npm test installs packages).
    const mountPoint = mkdtempSync(join(tmpdir(), 'sc-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=192m', 'tmpfs', mountPoint]);
    after(() => {
      execFileSync('umount', ['-l', mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    });

    it('is not ready, answers 503 pages, and recovers when space is made', async () => {
      const dataDir = join(mountPoint, 'data');
      const app = await startTestApp({ dataDir });
      try {
        const ready = await fetch(`${app.url}/readyz`);
        assert.equal(ready.status, 200);
        // Fill what is left of the file system.
        const filler = join(mountPoint, 'filler');
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M', 'count=400'], { stdio: 'ignore' });
        } catch {
          // dd stops with "No space left on device": that is the point
        }
        // Writes fail now; reads still work.
        const full = await fetch(`${app.url}/readyz`);
        assert.equal(full.status, 503);
        assert.deepEqual(((await full.json()) as { checks: unknown }).checks, { database: 'cannot write', mail: 'ok' });
        assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
        const home = await fetch(`${app.url}/`);
        assert.equal(home.status, 200, 'pages that only read are served');
        // A write that needs a file to grow fails as "unavailable" (a 503 page), not as a bug.
        const { db } = app.server.database;
        let failure: unknown;
        for (let i = 0; i < 200 && !failure; i++) {
          try {
            await db
              .insertInto('reserved_account_name')
              .values({ name: `${i}_${randomBytes(512 * 1024).toString('base64')}` })
              .execute();
          } catch (error) {
            failure = error;
          }
        }
        assert.ok(failure, 'a write failed on the full disk');
        assert.ok(isDatabaseUnavailable(failure), String(failure));
        rmSync(filler);
        const back = await fetch(`${app.url}/readyz`);
        assert.equal(back.status, 200, JSON.stringify(await back.json()));
      } finally {
        await app.close();
      }
    });
  });
});
