// Steps 6 and 7 over HTTP, on PGlite and on PostgreSQL: the check page, change
// links that come back to it, the terms, the honeypot and the proof of work,
// submission with a reference, history and mails, closures, and the account-name
// race between two applicants.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { addClosure, removeClosure } from '../src/db/notices.js';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { completeSteps, mailsTo, openDraft } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Solves the page's proof-of-work challenge as the browser's script would. */
async function solvedField(html: string): Promise<string> {
  const json = html.match(/data-challenge="([^"]+)"/)?.[1];
  assert.ok(json, 'the check page carries a challenge');
  const challenge = JSON.parse(decode(json)) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution, 'the challenge can be solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

for (const kind of databaseKinds) {
  describe(`application steps 6–7: check and submit [${kind}]`, () => {
    let app: TestApp;
    let n = 0;
    const nextEmail = () => `applicant${++n}@univ.example.ac.jp`;
    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env });
    });
    after(() => app.close());
    const db = () => app.server.database.db;
    const application = (email: string) =>
      db().selectFrom('application').selectAll().where('email', '=', email).executeTakeFirstOrThrow();

    async function ready(lang: 'ja' | 'en' = 'en', overrides = {}) {
      const email = nextEmail();
      const person = new Browserless(app.url, lang);
      await openDraft(app, person, email);
      const last = await completeSteps(person, overrides);
      return { email, person, last };
    }

    it('opens only when every step is done, and then each Continue leads to it', async () => {
      const person = new Browserless(app.url, 'en');
      const email = nextEmail();
      await openDraft(app, person, email);
      const early = await person.get('/apply/check');
      assert.equal(early.status, 303);
      assert.equal(early.location, '/apply/application');
      const overview = await person.get('/apply/application');
      assert.match(
        overview.html,
        /Check your answers and submit<\/span>\s*<span class="task-list__status">Cannot start yet/,
      );

      assert.equal(await completeSteps(person, { account: { accountName: 'first_done' } }), '/apply/check');
      const ready = await person.get('/apply/application');
      assert.match(ready.html, /href="\/apply\/check"/);
      // A change from the check page comes back to it.
      const account = await person.get('/apply/account');
      const changed = await person.submit(account.html, '/apply/account', { accountName: 'first_changed' });
      assert.equal(changed.location, '/apply/check');
      const check = await person.get('/apply/check');
      assert.equal(check.status, 200);
      assert.equal(h1Text(check.html), 'Check your answers before sending your application');
      assert.match(check.html, /first_changed/);
      for (const step of ['applicant', 'eligibility', 'affiliation', 'account', 'responsible']) {
        assert.match(
          check.html,
          new RegExp(`href="/apply/${step}"[^>]*><span>Change</span>`),
          `change link to ${step}`,
        );
      }
      assert.match(check.html, new RegExp(email.replace('.', '\\.')));
      assert.match(check.html, /Japan/, 'country codes are shown as names');
      assert.match(check.html, /Doctoral student/);
      assert.match(check.html, /None: you can add a key after the account is issued/);
      assert.equal((await application(email)).state, 'draft');
    });

    it('asks for the terms, keeps the draft, and refuses a filled honeypot or a forged proof of work', async () => {
      const { email, person } = await ready('ja', { account: { accountName: 'terms_test' } });
      const page = await person.get('/apply/check');
      const noTerms = await person.submit(page.html, '/apply/check', {});
      assert.equal(noTerms.status, 400);
      assert.match(noTerms.html, /<title>エラー： /);
      assert.match(noTerms.html, /href="#terms"/);
      assert.match(noTerms.html, /利用規程とアカウント発行基準に同意する場合は、チェックを入れてください/);

      const robot = await person.submit(noTerms.html, '/apply/check', { terms: 'yes', website: 'http://spam.example' });
      assert.equal(robot.status, 400);
      assert.match(robot.html, /人による送信であることを確認できませんでした/);
      assert.match(robot.html, /id="terms"[^>]*checked/, 'the tick is kept');

      const forged = Buffer.from(JSON.stringify({ challenge: { parameters: {} }, solution: {} })).toString('base64');
      for (const altcha of [forged, 'not base64 json', `${(await solvedField(page.html)).slice(0, -8)}AAAAAAA=`]) {
        const res = await person.submit(robot.html, '/apply/check', { terms: 'yes', altcha });
        assert.equal(res.status, 400, `refused: ${altcha.slice(0, 20)}`);
      }
      // A solution made for another applicant's page does not count either.
      const other = await ready('en', { account: { accountName: 'other_pow' } });
      const otherField = await solvedField((await other.person.get('/apply/check')).html);
      const borrowed = await person.submit(robot.html, '/apply/check', { terms: 'yes', altcha: otherField });
      assert.equal(borrowed.status, 400);
      const row = await application(email);
      assert.equal(row.state, 'draft');
      assert.equal(row.reference, null);
    });

    it('submits with a solved proof of work: reference, history, terms versions, mails to both', async () => {
      const { email, person } = await ready('en', { account: { accountName: 'hanako', usePg: '' } });
      const page = await person.get('/apply/check');
      const sent = await person.submit(page.html, '/apply/check', {
        terms: 'yes',
        altcha: await solvedField(page.html),
      });
      assert.equal(sent.status, 303, sent.html.match(/error-summary[\s\S]*?<\/ul>/)?.[0]);
      assert.equal(sent.location, '/apply/submitted');

      const row = await application(email);
      assert.equal(row.state, 'submitted');
      assert.match(row.reference ?? '', new RegExp(`^A${fiscalYearOf(new Date())}-\\d{6}$`));
      assert.equal(row.terms_version, '2024-04-01');
      assert.equal(row.criteria_version, '2024-04-01');
      assert.ok(row.submitted_at);
      const events = await db()
        .selectFrom('application_event')
        .select(['from_state', 'to_state', 'actor'])
        .where('application_id', '=', row.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(events.at(-1), { from_state: 'draft', to_state: 'submitted', actor: 'applicant' });

      const done = await person.get('/apply/submitted');
      assert.equal(h1Text(done.html), 'Application sent');
      assert.ok(done.html.includes(row.reference ?? 'none'));
      assert.match(done.html, /suzuki@nig\.example\.ac\.jp/);
      // The draft pages now lead to the submitted page; sending again does nothing.
      assert.equal((await person.get('/apply/application')).location, '/apply/submitted');
      assert.equal((await person.get('/apply/check')).location, '/apply/submitted');
      assert.equal((await person.submit(page.html, '/apply/check', { terms: 'yes' })).location, '/apply/submitted');

      const mail = (await mailsTo(app, email, 2))[1];
      assert.ok(mail);
      assert.equal(mail.subject, `Application received: ${row.reference}`);
      assert.match(mail.text ?? '', /Account name\s+hanako/);
      const [notice] = await mailsTo(app, 'suzuki@nig.example.ac.jp');
      assert.ok(notice, 'the responsible person is told');
      assert.ok(notice.subject?.includes(row.reference ?? 'none'));
      assert.match(notice.text ?? '', /Taro YAMADA \(applicant\d+@univ\.example\.ac\.jp\) has applied/);
      assert.match(
        notice.text ?? '',
        /さん（applicant\d+@univ\.example\.ac\.jp）がスーパーコンピュータのアカウントを申請/,
      );
    });

    it('numbers references in order within the fiscal year', async () => {
      const refs: string[] = [];
      for (const name of ['seq_one', 'seq_two']) {
        const { email, person } = await ready('en', { account: { accountName: name } });
        const page = await person.get('/apply/check');
        assert.equal((await person.submit(page.html, '/apply/check', { terms: 'yes' })).status, 303);
        refs.push((await application(email)).reference ?? '');
      }
      const [a, b] = refs.map((r) => Number(r.split('-')[1]));
      assert.equal(b, (a ?? 0) + 1);
    });

    it('sends one mail when the applicant is their own responsible person', async () => {
      const { email, person } = await ready('ja', {
        applicant: { jobTitle: 'professor' },
        account: { accountName: 'prof_self' },
        responsible: { self: 'yes' },
      });
      const page = await person.get('/apply/check');
      assert.match(page.html, /自分が責任者/);
      assert.equal((await person.submit(page.html, '/apply/check', { terms: 'yes' })).status, 303);
      const mails = await mailsTo(app, email, 2);
      assert.equal(mails.length, 2, 'the link and the confirmation, no separate notice');
      assert.match(mails[1]?.text ?? '', /あなたご自身が責任者です/);
    });

    it('sends nothing during a closure, keeps the draft, and sends after it', async () => {
      const { email, person } = await ready('en', { account: { accountName: 'closure_wait' } });
      const page = await person.get('/apply/check');
      const closure = await addClosure(db(), {
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() + 3_600_000),
        reasonJa: '年末年始の休止',
        reasonEn: 'New Year holidays',
      });
      try {
        const closed = await person.get('/apply/check');
        assert.match(closed.html, /New Year holidays/);
        assert.match(closed.html, /Applications cannot be sent at the moment/);
        assert.doesNotMatch(closed.html, /Accept and send/);
        const refused = await person.submit(page.html, '/apply/check', { terms: 'yes' });
        assert.equal(refused.status, 409);
        assert.equal((await application(email)).state, 'draft');
      } finally {
        await removeClosure(db(), closure.id);
      }
      const open = await person.get('/apply/check');
      assert.equal((await person.submit(open.html, '/apply/check', { terms: 'yes' })).status, 303);
      assert.equal((await application(email)).state, 'submitted');
    });

    it('tells the later of two applicants for one name to change it, keeping every answer', async () => {
      const first = await ready('en', { account: { accountName: 'shared_name' } });
      const second = await ready('ja', { account: { accountName: 'shared_name' } });
      const page1 = await first.person.get('/apply/check');
      const page2 = await second.person.get('/apply/check');
      assert.equal((await first.person.submit(page1.html, '/apply/check', { terms: 'yes' })).status, 303);
      const lost = await second.person.submit(page2.html, '/apply/check', { terms: 'yes' });
      assert.equal(lost.status, 409);
      assert.match(lost.html, /アカウント名 shared_name は、たった今ほかの申請で使われました/);
      assert.match(lost.html, /href="#account"/, 'the summary links to the account answers and their Change link');
      const row = await application(second.email);
      assert.equal(row.state, 'draft');
      assert.equal(row.account_name, 'shared_name');
      assert.ok(row.steps_done.includes('applicant'));
      // The account step says so too, and a new name goes through.
      const step = await second.person.get('/apply/account');
      const again = await second.person.submit(step.html, '/apply/account', { accountName: 'shared_name' });
      assert.equal(again.status, 400);
      const renamed = await second.person.submit(again.html, '/apply/account', { accountName: 'shared_name2' });
      assert.equal(renamed.location, '/apply/check');
      const check = await second.person.get('/apply/check');
      assert.equal((await second.person.submit(check.html, '/apply/check', { terms: 'yes' })).status, 303);
    });

    it('lets exactly one of two simultaneous submissions for one name through', async () => {
      const a = await ready('en', { account: { accountName: 'race_name' } });
      const b = await ready('en', { account: { accountName: 'race_name' } });
      const [pageA, pageB] = await Promise.all([a.person.get('/apply/check'), b.person.get('/apply/check')]);
      const results = await Promise.all([
        a.person.submit(pageA.html, '/apply/check', { terms: 'yes' }),
        b.person.submit(pageB.html, '/apply/check', { terms: 'yes' }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      assert.equal(statuses[0], 303, 'one goes through');
      assert.ok([400, 409].includes(statuses[1] ?? 0), `the other is refused: ${statuses}`);
      const loser = results.find((r) => r.status !== 303);
      assert.match(loser?.html ?? '', /The account name race_name has just been taken by another application/);
      const states = [(await application(a.email)).state, (await application(b.email)).state].sort();
      assert.deepEqual(states, ['draft', 'submitted']);
    });

    it('withdraws from the link in the confirmation: a button, then both are told; the link then stops', async () => {
      const { email, person } = await ready('en', { account: { accountName: 'withdraw_me' } });
      const page = await person.get('/apply/check');
      assert.equal((await person.submit(page.html, '/apply/check', { terms: 'yes' })).status, 303);
      const confirmation = (await mailsTo(app, email, 2))[1];
      const link = confirmation?.text?.match(/\/apply\/withdraw\?token=[\w-]+/)?.[0];
      assert.ok(link, 'the confirmation carries the withdrawal link');
      const other = new Browserless(app.url, 'ja');
      const confirm = await other.get(link);
      assert.equal(confirm.status, 200);
      assert.equal((await application(email)).state, 'submitted', 'opening the link changes nothing');
      const done = await other.submit(confirm.html, '/apply/withdraw', { token: link.split('token=')[1] ?? '' });
      assert.equal(done.status, 200);
      assert.match(done.html, /申請を取り下げました/);
      assert.equal((await application(email)).state, 'withdrawn');
      assert.equal((await other.get(link)).status, 410);
      const mails = await mailsTo(app, email, 3);
      assert.match(mails[2]?.subject ?? '', /withdrawn/);
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'application.withdrawn')
        .execute();
      assert.ok(audit.length >= 1);
    });
  });
}
