import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { json } from '../src/db/json.js';
import { migrateToLatest, migrator } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { forEachDatabase, freshDatabase } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';

forEachDatabase('database', (database, kind) => {
  it('has every migration applied and the tables they create', async () => {
    const applied = await migrator(database().db).getMigrations();
    assert.deepEqual(
      applied.map((m) => [m.name, m.executedAt !== undefined]),
      Object.keys(migrations).map((name) => [name, true]),
    );
    const tables = await database()
      .db.introspection.getTables()
      .then((t) => t.map((x) => x.name).sort());
    for (const table of ['job', 'job_event', 'session']) assert.ok(tables.includes(table), `${table} missing`);
  });

  it('runs migrations again as a no-op', async () => {
    assert.deepEqual(await migrateToLatest(database().db), []);
  });

  it(`is ${kind} and answers a ping`, async () => {
    assert.equal(database().kind, kind);
    assert.equal(await database().ping(), true);
  });

  it('stores JSON objects and arrays alike', async () => {
    const db = database().db;
    const payload = { list: [1, 'two', { three: 3 }], text: '日本語 <script>' };
    const row = await db
      .insertInto('job')
      .values({ kind: 'test.json', payload: json(payload) })
      .returning(['id', 'payload', 'created_at'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.payload, payload);
    assert.ok(row.created_at instanceof Date);
    assert.equal(typeof row.id, 'number');
  });

  it('rolls back a failed transaction completely', async () => {
    const db = database().db;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('job')
          .values({ kind: 'test.rollback', payload: json({}) })
          .execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    const left = await db.selectFrom('job').select('id').where('kind', '=', 'test.rollback').execute();
    assert.equal(left.length, 0);
  });

  it('refuses to run on a database migrated by a newer version', async () => {
    const db = database().db;
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2099-01-01')`.execute(db);
    try {
      await assert.rejects(migrateToLatest(db), /9999-from-the-future/);
    } finally {
      await sql`delete from kysely_migration where name = '9999-from-the-future'`.execute(db);
    }
  });

  it('rejects a job state outside the state machine', async () => {
    await assert.rejects(
      sql`insert into job (kind, payload, state) values ('x', '{}'::jsonb, 'exploded')`.execute(database().db),
    );
  });
});

describe('migrations on a real PostgreSQL server', () => {
  it('are applied once when two instances start together', async () => {
    const url = await createTestDatabase();
    const a = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
    const b = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
      // One instance applied everything, the other found nothing left to do.
      assert.deepEqual([...ra, ...rb].sort(), Object.keys(migrations).sort());
      const rows = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(a.db);
      assert.equal(Number(rows.rows[0]?.n), Object.keys(migrations).length);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('starts empty in a fresh database', async () => {
    const handle = await freshDatabase('postgres', false);
    try {
      const tables = await handle.db.introspection.getTables();
      assert.deepEqual(tables, []);
    } finally {
      await handle.close();
    }
  });
});
