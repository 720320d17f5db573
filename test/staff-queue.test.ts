// The staff queue on PGlite and PostgreSQL: counts per state, filters, the text
// search (Latin and Japanese, by word prefix), keyset pages, CSV of the filter,
// and the seed data behind the benchmark.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { searchQuery } from '../src/db/queue.js';
import { seedApplications } from '../src/db/seed.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import type { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';
import { enrol, signIn } from './helpers/staff.js';

describe('queue search words', () => {
  it('become a prefix query of at most eight words; tsquery syntax is dropped', () => {
    assert.equal(searchQuery('Yamada  NIG'), 'yamada:* & nig:*');
    assert.equal(searchQuery("a & b | !c ('x')"), 'a:* & b:* & c:* & x:*');
    assert.equal(searchQuery('山田'), '山田:*');
    assert.equal(searchQuery('  & | '), undefined);
    assert.equal(searchQuery('Ａ２０２６'), 'a2026:*', 'full-width letters and digits are folded');
  });
});

for (const kind of databaseKinds) {
  describe(`staff queue [${kind}]`, () => {
    let app: TestApp;
    let staff: Browserless;
    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env });
      await seedApplications(app.server.database, 130, { seed: 7 });
      staff = await signIn(app, await enrol(app, 'queue@centre.example.jp', 'reviewer'));
    });
    after(() => app.close());
    const db = () => app.server.database.db;
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tr><td><a href="\/staff\/applications\/(\d+)"/g)].map((m) => Number(m[1]));

    it('counts per state and filters by state, newest first, 50 a page with a next link', async () => {
      const page = await staff.get('/staff/applications');
      assert.equal(page.status, 200);
      const counts = await db()
        .selectFrom('application')
        .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('state')
        .execute();
      const approved = Number(counts.find((c) => c.state === 'approved')?.n ?? 0);
      assert.ok(page.html.includes(`Approved (${approved})`));
      const first = rowsOf(page.html);
      assert.equal(first.length, 50);
      const next = page.html.match(/href="([^"]+)" class="link" rel="next"/)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(next);
      const second = rowsOf((await staff.get(next)).html);
      assert.equal(second.length, 50);
      assert.equal(new Set([...first, ...second]).size, 100, 'pages do not overlap');
      const dates = await db()
        .selectFrom('application')
        .select(['id', 'submitted_at'])
        .where('id', 'in', [...first, ...second])
        .execute();
      const byId = new Map(dates.map((d) => [d.id, d.submitted_at?.getTime() ?? 0]));
      const times = [...first, ...second].map((id) => byId.get(id) ?? 0);
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest first',
      );

      // Oldest first: the same list the other way round, also across pages.
      const oldest = await staff.get('/staff/applications?sort=oldest');
      const o1 = rowsOf(oldest.html);
      const oNext = oldest.html.match(/href="([^"]+)" class="link" rel="next"/)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(oNext?.includes('sort=oldest'), 'the next page keeps the order');
      const o2 = rowsOf((await staff.get(oNext ?? '')).html);
      const all = await db()
        .selectFrom('application')
        .select('id')
        .where('state', '!=', 'draft')
        .orderBy('submitted_at')
        .orderBy('id')
        .limit(100)
        .execute();
      assert.deepEqual(
        [...o1, ...o2],
        all.map((r) => r.id),
      );

      const pledged = rowsOf((await staff.get('/staff/applications?state=pledge_sent')).html);
      const expected = await db().selectFrom('application').select('id').where('state', '=', 'pledge_sent').execute();
      assert.deepEqual(pledged.sort(), expected.map((r) => r.id).sort());
    });

    it('finds by name, Japanese name, reference, e-mail and institution, by word prefix', async () => {
      const one = await db()
        .selectFrom('application')
        .innerJoin('applicant', 'applicant.application_id', 'application.id')
        .select([
          'application.id',
          'application.reference',
          'application.email',
          'applicant.name_ja',
          'applicant.family_name',
        ])
        .where('applicant.name_ja', 'is not', null)
        .orderBy('application.id')
        .executeTakeFirstOrThrow();
      for (const q of [
        one.reference ?? '',
        one.email,
        (one.name_ja ?? '').split(' ')[0] ?? '',
        one.family_name?.slice(0, 4) ?? '',
      ]) {
        const found = rowsOf((await staff.get(`/staff/applications?q=${encodeURIComponent(q)}`)).html);
        assert.ok(found.length > 0, `found by ${q}`);
        if (q === one.reference) assert.deepEqual(found, [one.id]);
      }
      const both = rowsOf((await staff.get(`/staff/applications?q=${encodeURIComponent('kyoto SATO')}`)).html);
      const check = await db()
        .selectFrom('application')
        .innerJoin('applicant', 'applicant.application_id', 'application.id')
        .select('application.id')
        .where('applicant.family_name', '=', 'SATO')
        .where('applicant.institution', '=', 'Kyoto University')
        .execute();
      assert.equal(both.length, Math.min(50, check.length));
      assert.equal((await staff.get('/staff/applications?q=%26%7C!')).status, 200, 'tsquery syntax is harmless');
    });

    it('filters by screening, PG, dates and assignment; CSV has the filtered rows', async () => {
      const screening = rowsOf((await staff.get('/staff/applications?screening=yes')).html);
      const marked = await db().selectFrom('application').select('id').where('needs_screening', '=', true).execute();
      assert.equal(screening.length, Math.min(50, marked.length));
      const none = rowsOf((await staff.get('/staff/applications?assigned=me')).html);
      assert.equal(none.length, 0);
      const future = rowsOf((await staff.get('/staff/applications?from=2099-01-01')).html);
      assert.equal(future.length, 0);

      const csv = await staff.get('/staff/applications.csv?state=approved');
      assert.equal(csv.status, 200);
      const records = parse(csv.html, { columns: true }) as Record<string, string>[];
      const approved = await db()
        .selectFrom('application')
        .select('reference')
        .where('state', '=', 'approved')
        .execute();
      assert.equal(records.length, approved.length);
      assert.ok(records.every((r) => r.state === 'approved'));
      assert.deepEqual(Object.keys(records[0] ?? {}).slice(0, 4), [
        'reference',
        'state',
        'submitted_at',
        'family_name',
      ]);
      const audit = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'applications.exported')
        .execute();
      assert.equal(audit.length, 1);
    });

    it('seeds keep references unique and continue the counter', async () => {
      const refs = await db()
        .selectFrom('application')
        .select('reference')
        .where('reference', 'is not', null)
        .execute();
      assert.equal(new Set(refs.map((r) => r.reference)).size, refs.length);
      const counter = await db().selectFrom('application_reference_counter').selectAll().execute();
      assert.ok(counter.every((c) => c.last_serial > 0));
    });
  });
}
