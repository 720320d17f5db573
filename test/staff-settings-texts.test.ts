// What administrators change beyond notices and lists, over HTTP on PGlite and on
// PostgreSQL: new versions of the pledge texts and of the terms of use (what was
// shown is what is recorded), the review deadlines, and the signature under every
// mail. Each change is audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.js';
import { completeSteps, mailsTo, openDraft } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';
import { sendPledges, signPledge, submitApplication } from './helpers/review.js';
import { enrol, signIn } from './helpers/staff.js';

const day = 24 * 3600_000;

for (const kind of databaseKinds) {
  describe(`settings: texts, deadlines and the mail signature [${kind}]`, () => {
    let app: TestApp;
    let reviewer: Browserless;
    let admin: Browserless;
    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env });
      reviewer = await signIn(app, await enrol(app, 'rev@centre.example.jp', 'reviewer'));
      admin = await signIn(app, await enrol(app, 'admin@centre.example.jp', 'admin'));
    });
    after(() => app.close());
    const db = () => app.server.database.db;
    const audited = async (action: string) =>
      db().selectFrom('audit_log').select(['subject', 'details']).where('action', '=', action).execute();

    it('a new pledge version: new links show it, a page opened before signs the version it showed', async () => {
      const a = await submitApplication(app);
      const [link = ''] = await sendPledges(app, reviewer, a);
      const signer = new Browserless(app.url, 'en');
      const opened = await signer.get(link);
      assert.doesNotMatch(opened.html, /read the centre’s rules/);

      const page = await admin.get('/staff/settings/texts');
      assert.equal(page.status, 200);
      assert.match(page.html, /Pledge: the responsible person vouches for the applicant/);
      const current = await db()
        .selectFrom('pledge_text')
        .selectAll()
        .where('kind', '=', 'vouch')
        .executeTakeFirstOrThrow();
      const ja = current.declarations.map((d) => d.ja);
      const en = current.declarations.map((d) => d.en);
      const publish = (fields: Record<string, string>) =>
        admin.submit(page.html, '/staff/settings/texts/pledge/vouch', {
          version_vouch: '2027-04-01',
          titleJa_vouch: current.title_ja,
          titleEn_vouch: current.title_en,
          declarationsJa_vouch: [...ja, 'センターの規程を読みました。'].join('\n'),
          declarationsEn_vouch: [...en, 'I have read the centre’s rules.'].join('\n'),
          ...fields,
        });
      const uneven = await publish({ declarationsEn_vouch: en.join('\n') });
      assert.equal(uneven.status, 400);
      assert.match(uneven.html, /Enter as many English declarations as Japanese ones/);
      assert.ok(uneven.html.includes('センターの規程を読みました。'), 'what was typed is kept');
      // A field beyond what the form takes is asked again alone; the rest stays typed.
      const huge = await publish({ titleEn_vouch: 'x'.repeat(40_001) });
      assert.equal(huge.status, 400);
      assert.ok(huge.html.includes('センターの規程を読みました。'), 'the declarations typed are kept');
      const badLabel = await publish({ version_vouch: 'new version!' });
      assert.equal(badLabel.status, 400);
      assert.match(badLabel.html, /Enter a version label/);
      assert.equal((await publish({})).status, 303);
      const used = await publish({});
      assert.equal(used.status, 400);
      assert.match(used.html, /already used/);
      assert.equal((await audited('settings.pledgeText.added')).length, 1);

      // The page opened before the change signs what it showed: the old version.
      const fields: Record<string, string> = { token: link.split('token=')[1] ?? '', name: 'Ichiro SUZUKI' };
      for (let i = 0; i < 4; i++) fields[`d${i}`] = 'yes';
      assert.equal((await signer.submit(opened.html, '/pledge', fields)).status, 200);
      const signed = await db()
        .selectFrom('pledge')
        .innerJoin('pledge_text', 'pledge_text.id', 'pledge.text_id')
        .select('pledge_text.version')
        .where('pledge.application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(signed.version, '2024-04-01');

      // A pledge sent now shows the new version, and all five declarations must be ticked.
      const b = await submitApplication(app);
      const [next = ''] = await sendPledges(app, reviewer, b);
      const fresh = await new Browserless(app.url, 'en').get(next);
      assert.match(fresh.html, /I have read the centre’s rules\./);
      assert.equal((await signPledge(app, next)).status, 200);
      const newer = await db()
        .selectFrom('pledge')
        .innerJoin('pledge_text', 'pledge_text.id', 'pledge.text_id')
        .select('pledge_text.version')
        .where('pledge.application_id', '=', b.id)
        .executeTakeFirstOrThrow();
      assert.equal(newer.version, '2027-04-01');
    });

    it('a new version of the terms: shown on its page, and an open check page asks to accept it again', async () => {
      const person = new Browserless(app.url, 'en');
      const email = `terms-${kind}@univ.example.ac.jp`;
      await openDraft(app, person, email);
      await completeSteps(person, { account: { accountName: `terms_${kind}` } });
      const check = await person.get('/apply/check');
      assert.ok(check.html.includes('href="/apply/terms/terms_of_use?version=2024-04-01"'));

      const page = await admin.get('/staff/settings/texts');
      const revised = await admin.submit(page.html, '/staff/settings/texts/terms/terms_of_use', {
        version_terms_of_use: '2027-04-01',
        titleJa_terms_of_use: '利用規程',
        titleEn_terms_of_use: 'Terms of use',
        bodyJa_terms_of_use: 'アカウントを他人と共有しません。\n成果を毎年度報告します。',
        bodyEn_terms_of_use: 'The account is not shared.\nAchievements are reported every fiscal year.',
      });
      assert.equal(revised.status, 303);
      assert.equal((await audited('settings.terms.added')).length, 1);

      const stale = await person.submit(check.html, '/apply/check', { terms: 'yes' });
      assert.equal(stale.status, 400);
      assert.match(stale.html, /have just been revised: read the new version/);
      assert.doesNotMatch(stale.html, /id="terms"[^>]*checked/, 'the tick is taken away');
      assert.ok(stale.html.includes('href="/apply/terms/terms_of_use?version=2027-04-01"'));
      assert.equal((await person.submit(stale.html, '/apply/check', { terms: 'yes' })).status, 303);
      const row = await db()
        .selectFrom('application')
        .select(['terms_version', 'criteria_version'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { terms_version: '2027-04-01', criteria_version: '2024-04-01' });

      const visitor = new Browserless(app.url, 'en');
      const newest = await visitor.get('/apply/terms/terms_of_use');
      assert.equal(newest.status, 200);
      assert.match(newest.html, /Achievements are reported every fiscal year\./);
      assert.match(newest.html, /成果を毎年度報告します。/, 'the other language follows');
      const old = await visitor.get('/apply/terms/terms_of_use?version=2024-04-01');
      assert.match(old.html, /used only for the purpose of use applied for/);
      assert.equal((await visitor.get('/apply/terms/terms_of_use?version=1999')).status, 404);
      assert.equal((await visitor.get('/apply/terms/cookies')).status, 404);
      assert.match((await visitor.get('/apply')).html, /href="\/apply\/terms\/issuance_criteria"/);
    });

    it('review deadlines: checked, audited, and used for the pledges sent from then on', async () => {
      const page = await admin.get('/staff/settings/mail');
      assert.equal(page.status, 200);
      assert.ok(page.html.includes('name="expiryDays"') && page.html.includes('value="30"'));
      const late = await admin.submit(page.html, '/staff/settings/mail/periods', {
        expiryDays: '20',
        reminderDays: '25',
      });
      assert.equal(late.status, 400);
      assert.match(late.html, /before the expiry/);
      assert.ok(late.html.includes('value="25"'), 'what was typed is kept');
      const words = await admin.submit(page.html, '/staff/settings/mail/periods', {
        expiryDays: 'soon',
        reminderDays: '7',
      });
      assert.equal(words.status, 400);
      assert.match(words.html, /Enter the days before expiry as a whole number from 2 to 365/);
      assert.equal(
        (await admin.submit(page.html, '/staff/settings/mail/periods', { expiryDays: '20', reminderDays: '7' })).status,
        303,
      );
      const [entry] = await audited('settings.reviewPeriods.changed');
      assert.deepEqual(entry?.details, { before: null, after: { expiryDays: 20, reminderDays: 7 } });

      const a = await submitApplication(app);
      const sentAt = Date.now();
      await sendPledges(app, reviewer, a);
      const jobs = await db()
        .selectFrom('job')
        .select(['kind', 'run_at'])
        .where('key', 'like', `%:${a.id}:%`)
        .orderBy('run_at')
        .execute();
      assert.deepEqual(
        jobs.map((j) => j.kind),
        ['application.reminder', 'application.expire'],
      );
      assert.ok(Math.abs((jobs[0]?.run_at.getTime() ?? 0) - (sentAt + 7 * day)) < 60_000, 'reminder on day 7');
      assert.ok(Math.abs((jobs[1]?.run_at.getTime() ?? 0) - (sentAt + 20 * day)) < 60_000, 'expiry on day 20');
    });

    it('the signature goes under every mail from then on, in both languages', async () => {
      const page = await admin.get('/staff/settings/mail');
      const tooLong = await admin.submit(page.html, '/staff/settings/mail/signature', {
        signatureJa: 'あ'.repeat(601),
        signatureEn: '',
      });
      assert.equal(tooLong.status, 400);
      assert.match(tooLong.html, /Enter a signature of 600 characters or fewer/);
      const saved = await admin.submit(page.html, '/staff/settings/mail/signature', {
        signatureJa: 'スパコン窓口\nsc-help@centre.example.jp',
        signatureEn: 'Supercomputer helpdesk <b>',
      });
      assert.equal(saved.status, 303);
      const [entry] = await audited('settings.mailSignature.changed');
      assert.deepEqual(entry?.details, {
        before: null,
        after: { ja: 'スパコン窓口\nsc-help@centre.example.jp', en: 'Supercomputer helpdesk <b>' },
      });

      const a = await submitApplication(app);
      const mail = (await mailsTo(app, a.email)).at(-1);
      const text = mail?.text ?? '';
      assert.ok(text.includes('スパコン窓口\nsc-help@centre.example.jp'), text);
      assert.ok(
        text.indexOf('Supercomputer helpdesk') < text.indexOf('スパコン窓口'),
        'the applicant’s language first',
      );
      assert.ok(String(mail?.html).includes('Supercomputer helpdesk &lt;b'), 'escaped in HTML');
      assert.ok(!String(mail?.html).includes('<b>'));

      // Emptied: no signature any more.
      await admin.submit(page.html, '/staff/settings/mail/signature', { signatureJa: '', signatureEn: '' });
      const b = await submitApplication(app);
      assert.doesNotMatch((await mailsTo(app, b.email)).at(-1)?.text ?? '', /helpdesk/);
    });
  });
}
