// The renewal dashboard for staff (PGlite and PostgreSQL): counts by standing, per
// institution and responsible person, the filtered list, an administrator moving a
// day of one year's calendar (errors keep what was typed), a reminder sent again
// once a day, the deletion list as CSV, and the achievements for the annual report
// as CSV and BibTeX with a work two holders reported counted once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { insertRenewal } from '../src/db/renewal.js';
import type { Achievement } from '../src/domain/achievement.js';
import { runCli } from './helpers/cli.js';
import { databaseKinds } from './helpers/databases.js';
import { holders } from './helpers/renewal.js';
import { drainJobs, useReviewApp } from './helpers/review.js';
import { enrol, signIn } from './helpers/staff.js';

const h1 = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();
const count = (html: string, label: string) => Number(html.match(new RegExp(`>${label}: (\\d+)<`))?.[1] ?? Number.NaN);

const paper = (o: Partial<Achievement>): Achievement => ({
  type: 'paper',
  pmid: null,
  doi: null,
  title: 'A genome of the Japanese rice fish',
  authors: 'Tanaka T, Sato K',
  authorsJa: null,
  journal: 'Genome Research',
  journalScope: 'international',
  publishedOn: '2027-05-01',
  volume: '37',
  number: '5',
  pages: '100-110',
  ...o,
});

for (const kind of databaseKinds) {
  describe(`the renewal dashboard (${kind})`, () => {
    const suite = useReviewApp(kind);
    const db = () => suite.app.server.database.db;

    it('counts, lists, moves the calendar, reminds again and exports', async () => {
      const all = await holders(suite.app, 10, 2027);
      const [renewedA, renewedB, due1, due2, due3, lockedA, listedA, review, ...rest] = all as [
        (typeof all)[number],
        ...typeof all,
      ];
      assert.ok(renewedA && renewedB && due1 && due2 && due3 && lockedA && listedA && review && rest.length === 2);
      await db()
        .updateTable('account')
        .set({ valid_through: 2028 })
        .where('id', 'in', [renewedA.accountId, renewedB.accountId])
        .execute();
      await db()
        .updateTable('account')
        .set({ state: 'locked', locked_reason: 'not_renewed' })
        .where('id', 'in', [lockedA.accountId, listedA.accountId])
        .execute();
      await db().insertInto('home_deletion').values({ account_id: listedA.accountId, fiscal_year: 2028 }).execute();
      await db()
        .updateTable('applicant')
        .set({ institution: 'Nara Institute of Science and Technology' })
        .where('application_id', '=', due1.applicationId)
        .execute();
      await db()
        .transaction()
        .execute(async (trx) => {
          const base = { state: 'renewed' as const, data: { changes: [] }, postponeReason: null, fiscalYear: 2028 };
          await insertRenewal(trx, {
            ...base,
            applicationId: renewedA.applicationId,
            accountId: renewedA.accountId,
            publication: 'publish',
            achievements: [paper({ pmid: '31234567', doi: '10.1101/GR.1' }), paper({ title: '=cmd|calc', pmid: null })],
            actor: 'test',
          });
          await insertRenewal(trx, {
            ...base,
            applicationId: renewedB.applicationId,
            accountId: renewedB.accountId,
            publication: 'publish',
            achievements: [
              paper({ doi: '10.1101/gr.1', title: 'A genome of the Japanese rice fish', authorsJa: '田中 太郎' }),
            ],
            actor: 'test',
          });
          await insertRenewal(trx, {
            ...base,
            state: 'review',
            applicationId: review.applicationId,
            accountId: review.accountId,
            publication: 'postpone',
            postponeReason: 'Patent pending',
            achievements: [paper({ pmid: '39999999', title: 'Not yet renewed: not in the report' })],
            actor: 'test',
          });
        });

      const { reviewer, approver } = suite;
      const page = await reviewer.get('/staff/renewal?year=2028');
      assert.equal(page.status, 200);
      assert.equal(h1(page.html), 'Renewal for fiscal year 2028');
      assert.equal(count(page.html, 'Renewed'), 2);
      assert.equal(count(page.html, 'Not yet renewed'), 5);
      assert.equal(count(page.html, 'Waiting for staff'), 1);
      assert.equal(count(page.html, 'Locked'), 1);
      assert.equal(count(page.html, 'Listed for deletion'), 1);
      assert.match(page.html, /<th scope="row">Nara Institute of Science and Technology<\/th>/);
      assert.doesNotMatch(page.html, /action="\/staff\/renewal\/calendar"/, 'only administrators move the calendar');
      assert.doesNotMatch(page.html, /action="\/staff\/renewal\/reminders"/, 'a reviewer does not send reminders');
      const filtered = await reviewer.get('/staff/renewal?year=2028&standing=due&institution=nara');
      assert.match(filtered.html, new RegExp(`>${due1.uid}<`));
      assert.doesNotMatch(filtered.html, new RegExp(`>${due2.uid}<`));
      assert.match(filtered.html, /Holders \(1 of 1 shown\)/);

      // An administrator moves the lock of 2028; a wrong day keeps what was typed.
      const admin = await signIn(suite.app, await enrol(suite.app, 'admin@centre.example.jp', 'admin'));
      const form = await admin.get('/staff/renewal?year=2028');
      assert.match(form.html, /name="lockOn" type="text" value="2028-04-01"/);
      const wrong = await admin.submit(form.html, '/staff/renewal/calendar', {
        lockOn: '2028-05-10',
        opensOn: '2028-02-30',
      });
      assert.equal(wrong.status, 400);
      assert.equal(fieldError(wrong.html, 'lockOn'), 'The lock must fall between 15 March and 30 April 2028');
      assert.equal(fieldError(wrong.html, 'opensOn'), 'Enter a real day as YYYY-MM-DD');
      assert.match(wrong.html, /name="lockOn" type="text" value="2028-05-10"/);
      const saved = await admin.submit(form.html, '/staff/renewal/calendar', { lockOn: '2028-04-03' });
      assert.equal(saved.status, 303);
      const setting = await db()
        .selectFrom('setting')
        .select('value')
        .where('key', '=', 'renewal.calendar')
        .executeTakeFirstOrThrow();
      assert.deepEqual(setting.value, { 2028: { lockOn: '2028-04-03' } }, 'only what differs from the defaults');
      assert.match((await admin.get('/staff/renewal?year=2028')).html, /3 April 2028/);
      const audit = await db()
        .selectFrom('audit_log')
        .select('details')
        .where('subject', '=', 'setting:renewal.calendar')
        .execute();
      assert.equal(audit.length, 1);

      // A reminder again: to the seven who have not renewed (locked ones too), once a day.
      const withButton = await approver.get('/staff/renewal?year=2028');
      assert.match(withButton.html, /Send a reminder again to the 7 holders who have not renewed/);
      for (let i = 0; i < 2; i++)
        assert.equal(
          (await approver.submit(withButton.html, '/staff/renewal/reminders', { year: '2028' })).status,
          303,
        );
      await drainJobs(suite.app);
      const reminders = await db()
        .selectFrom('job')
        .select('key')
        .where('key', 'like', 'mail:renewal:reminder:2028:%')
        .execute();
      assert.deepEqual(
        new Set(reminders.map((r) => Number(r.key?.split(':').pop()))),
        new Set([due1, due2, due3, lockedA, listedA, ...rest].map((h) => h.applicationId)),
      );

      // The deletion list (approvers).
      assert.equal((await reviewer.download('/staff/renewal/deletions.csv?year=2028')).status, 403);
      const deletions = await approver.download('/staff/renewal/deletions.csv?year=2028');
      const rows = parse(deletions.body.toString('utf8'), { columns: true }) as Record<string, string>[];
      assert.deepEqual(
        rows.map((r) => [r.account, r.home, r.state]),
        [[listedA.uid, `/home/${listedA.uid}`, 'listed']],
      );

      // Achievements: the paper both reported (PMID on one, the DOI in another case on the other) once.
      const csv = await reviewer.download('/staff/renewal/achievements.csv?year=2028&lang=en');
      assert.equal(csv.status, 200);
      const entries = parse(csv.body.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
      assert.equal(entries.length, 2);
      const both = entries.find((e) => Object.values(e).includes('31234567'));
      assert.ok(both, 'the shared paper');
      assert.ok(
        Object.values(both).some((v) => v.includes(renewedA.uid) || v.includes('; ')),
        'both holders credited',
      );
      assert.ok(Object.values(entries[1] ?? {}).includes("'=cmd|calc"), 'a formula stays text');
      assert.ok(!entries.some((e) => Object.values(e).includes('39999999')), 'not renewed yet: not in the report');
      const bib = await reviewer.download('/staff/renewal/achievements.bib?year=2028');
      const text = bib.body.toString('utf8');
      assert.equal((text.match(/^@/gm) ?? []).length, 2);
      assert.match(text, /pmid\s*=\s*\{31234567\}/);
      assert.match(text, /田中 太郎/);
    });

    // The command reads the same database (PGlite's folder is the running app's).
    if (kind === 'postgres')
      it('sc-account renewal status and deletions print the same', async () => {
        const env = { DATABASE_URL: suite.app.config.databaseUrl ?? '' };
        const status = await runCli(['renewal', 'status', '--year', '2028'], env);
        assert.equal(status.code, 0, status.stderr);
        assert.match(status.stdout, /^Fiscal year 2028/);
        assert.match(status.stdout, /lock +2028-04-03 00:00/, 'the moved lock');
        assert.match(status.stdout, /^ {2}renewed +2$/m);
        assert.match(status.stdout, /^ {2}deletion +1$/m);
        const csv = await runCli(['renewal', 'deletions', '--year', '2028', '--csv'], env);
        assert.equal(csv.code, 0, csv.stderr);
        const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
        assert.equal(rows.length, 1);
        assert.equal(rows[0]?.state, 'listed');
        assert.match(rows[0]?.home ?? '', /^\/home\/user\d+$/);
        const bad = await runCli(['renewal', 'status', '--year', 'next'], env);
        assert.equal(bad.code, 64);
      });
  });
}
