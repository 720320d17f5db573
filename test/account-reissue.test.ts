// A new registration certificate by post (PGlite and PostgreSQL), for a holder who
// forgot the password and cannot sign with an SSH key: anyone may ask on the public
// page, a name that is no account (or asked already) gets the same answer and leaves
// no request, the holder is mailed at once; staff see the address the letter goes to
// and approve; a job sets a new initial password, ends the holder's sessions and puts
// the certificate back on the Certificates page, where posting it again keeps the
// application issued. A rejected one changes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reissueCertificate } from '../src/db/accounts.js';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { mailsTo } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { readPdf, squash } from './helpers/pdf.js';
import { drainJobs, useReviewApp } from './helpers/review.js';

const h1 = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
const bodyText = (html: string) => html.match(/<h1[^>]*>[\s\S]*?<\/h1>\s*<p class="body">([^<]*)</)?.[1]?.trim();
const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();
const staffVersion = (html: string, action: string) =>
  html.match(new RegExp(`action="/staff/requests/\\d+/${action}"[\\s\\S]*?name="version" value="(\\d+)"`))?.[1] ?? '';

for (const kind of databaseKinds) {
  describe(`a new certificate by post (${kind})`, () => {
    const suite = useReviewApp(kind);
    let accounts: TestAccount[] = [];
    const db = () => suite.app.server.database.db;
    const ready = async () => {
      if (accounts.length === 0) accounts = await provisionedAccounts(suite.app, 2);
      return accounts;
    };
    const ask = async (accountName: string, message = '', lang: 'en' | 'ja' = 'en') => {
      const person = new Browserless(suite.app.url, lang);
      const form = await person.get('/login/recover/post');
      assert.equal(form.status, 200);
      return person.submit(form.html, '/login/recover/post', { accountName, message });
    };
    const reissues = (accountId: number) =>
      db()
        .selectFrom('account_request')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('kind', '=', 'reissue')
        .execute();
    const loginStatus = async (uid: string, password: string) => {
      const person = new Browserless(suite.app.url, 'en');
      const form = await person.get('/login');
      return (await person.submit(form.html, '/login', { accountName: uid, password })).status;
    };

    it('asked for on the public page, approved by staff: a new password, posted again', async () => {
      const [a] = (await ready()) as [TestAccount];
      const { approver, reviewer } = suite;
      // The first certificate went out: the application is issued.
      const list = await approver.get('/staff/certificates');
      assert.equal(
        (await approver.submit(list.html, `/staff/applications/${a.applicationId}/certificate/posted`, {})).status,
        303,
      );
      const application = () =>
        db().selectFrom('application').select('state').where('id', '=', a.applicationId).executeTakeFirstOrThrow();
      assert.equal((await application()).state, 'issued');

      // The way there: the recovery page links to it.
      const recover = await new Browserless(suite.app.url, 'en').get('/login/recover');
      assert.match(recover.html, /href="\/login\/recover\/post"[^>]*>Ask for a new registration certificate by post</);

      // Errors keep what was typed.
      const empty = await ask('  ');
      assert.equal(empty.status, 400);
      assert.equal(fieldError(empty.html, 'accountName'), 'Enter your account name');
      const long = await ask(a.uid, 'x'.repeat(2001));
      assert.equal(long.status, 400);
      assert.equal(fieldError(long.html, 'message'), 'Enter a message of 2,000 characters or fewer');
      assert.match(long.html, new RegExp(`name="accountName" type="text" value="${a.uid}"`));
      assert.equal((await reissues(a.id)).length, 0);

      // A holder already logged in somewhere: the approval ends that session.
      const elsewhere = await logIn(suite.app, a);
      const mailsBefore = (await mailsTo(suite.app, a.email)).length;
      const done = await ask(a.uid.toUpperCase(), 'My laptop with the key was stolen.');
      assert.equal(done.status, 200);
      assert.equal(h1(done.html), 'Request received');
      const [r, ...more] = await reissues(a.id);
      assert.ok(r && more.length === 0);
      assert.equal(r.state, 'submitted');
      assert.deepEqual(r.data, { kind: 'reissue', message: 'My laptop with the key was stolen.' });
      const events = await db()
        .selectFrom('account_request_event')
        .selectAll()
        .where('request_id', '=', r.id)
        .execute();
      assert.deepEqual(
        events.map((e) => [e.to_state, e.actor]),
        [['submitted', 'public']],
      );
      const told = (await mailsTo(suite.app, a.email, mailsBefore + 1)).find((m) =>
        /asked on the login page for a new registration certificate/.test(m.text ?? ''),
      );
      assert.ok(told, 'the holder is mailed at once');
      assert.match(told.text ?? '', /If you did not ask for this, write to the centre at \S+@/);

      // Asking again while it is open, or for a name that is no account: the same answer, no request.
      const again = await ask(a.uid);
      assert.equal(h1(again.html), 'Request received');
      assert.equal((await reissues(a.id)).length, 1);
      const unknown = await ask('nosuchholder');
      assert.equal(unknown.status, 200);
      assert.equal(h1(unknown.html), 'Request received');
      assert.match(bodyText(again.html) ?? '', new RegExp(`^If ${a.uid} is an account of the centre`));
      assert.equal(bodyText(unknown.html)?.replace('nosuchholder', a.uid), bodyText(again.html));
      const count = await db()
        .selectFrom('account_request')
        .select(db().fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
      const audit = await db()
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', 'like', '%reissue%')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal((audit[0]?.details as { name?: string } | undefined)?.name, 'nosuchholder');

      // Staff: in the queue by kind; the page shows the message and the address, and asks nothing.
      const queue = await reviewer.get('/staff/requests?kind=reissue');
      assert.match(queue.html, new RegExp(`href="/staff/requests/${r.id}"`));
      assert.match((await reviewer.get('/staff/applications')).html, /1 new certificates by post/);
      const page = await reviewer.get(`/staff/requests/${r.id}`);
      assert.equal(h1(page.html), `Request ${r.id}: New certificate by post`);
      assert.match(page.html, /My laptop with the key was stolen\./);
      assert.match(page.html, /Posted to \(the address on record\)/);
      assert.match(page.html, /411-8540/);
      assert.match(page.html, /Sender on the login page \(not logged in\)/);
      assert.doesNotMatch(page.html, /request-information/);
      const asked = await reviewer.submit(page.html, `/staff/requests/${r.id}/decision`, {});
      assert.equal(asked.status, 403, 'a reviewer does not decide');
      const question = await reviewer.submit(page.html, `/staff/requests/${r.id}/request-information`, {
        version: String(r.version),
        question: 'Who are you?',
      });
      assert.equal(question.status, 409);

      // Approved: a new password in the directory, the old one and the session gone.
      const decision = await approver.get(`/staff/requests/${r.id}`);
      const approved = await approver.submit(decision.html, `/staff/requests/${r.id}/decision`, {
        version: staffVersion(decision.html, 'decision'),
        decision: 'approved',
      });
      assert.equal(approved.status, 303);
      await drainJobs(suite.app);
      const [applied] = await reissues(a.id);
      assert.equal(applied?.state, 'applied');
      const certificate = await db()
        .selectFrom('registration_certificate')
        .selectAll()
        .where('account_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(certificate.reissue_request_id, r.id);
      assert.equal(certificate.posted_at, null);
      const password = suite.app.server.app.deps.passwords.open(certificate.sealed_password as Uint8Array);
      assert.notEqual(password, a.password);
      assert.equal(await loginStatus(a.uid, a.password), 401, 'the old password no longer works');
      const session = await elsewhere.get('/account');
      assert.equal(session.status, 303, 'the session that was open has ended');
      assert.equal(session.location, '/login');
      // The job again (a retry) keeps the same password.
      const repeat = await db()
        .transaction()
        .execute((trx) => reissueCertificate(trx, a.id, r.id, () => new Uint8Array([1, 2, 3])));
      assert.deepEqual(
        Buffer.from(repeat.sealed_password as Uint8Array),
        Buffer.from(certificate.sealed_password as Uint8Array),
      );
      const mail = (await mailsTo(suite.app, a.email)).find((m) => /is being posted to you/.test(m.text ?? ''));
      assert.ok(mail, 'the holder is told the letter is coming');

      // On the Certificates page again; the PDF says why and has the new password.
      const waiting = await approver.get('/staff/certificates');
      assert.match(waiting.html, new RegExp(`${a.uid} – New password \\(request ${r.id}\\)`));
      const pdf = await approver.download(`/staff/applications/${a.applicationId}/certificate.pdf`);
      assert.equal(pdf.status, 200);
      const text = squash((await readPdf(pdf.body)).pages.join('\n'));
      assert.ok(text.includes(squash(password)), 'the new password is on the certificate');
      assert.ok(text.includes(squash('The earlier password no longer works.')));
      assert.ok(!text.includes(squash(a.password)));
      assert.equal(await loginStatus(a.uid, password), 303, 'the new password logs in');

      // Posted again: the application stays issued, the password is erased, the holder told.
      const postedMails = async () =>
        (await mailsTo(suite.app, a.email)).filter((m) => m.subject?.includes('certificate has been posted')).length;
      const before = await postedMails();
      assert.equal(
        (await approver.submit(waiting.html, `/staff/applications/${a.applicationId}/certificate/posted`, {})).status,
        303,
      );
      assert.equal((await application()).state, 'issued');
      const after = await db()
        .selectFrom('registration_certificate')
        .select(['sealed_password', 'posted_at'])
        .where('account_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(after.sealed_password, null);
      assert.ok(after.posted_at);
      await drainJobs(suite.app);
      assert.equal(await postedMails(), before + 1);
      assert.doesNotMatch((await approver.get('/staff/certificates')).html, new RegExp(`${a.uid} –`));
    });

    it('not approved: the password stays, the holder is told why', async () => {
      const [, b] = (await ready()) as [TestAccount, TestAccount];
      const done = await ask(b.uid, '', 'ja');
      assert.equal(h1(done.html), '依頼を受け付けました');
      const [r] = await reissues(b.id);
      assert.ok(r);
      assert.deepEqual(r.data, { kind: 'reissue', message: null });
      const page = await suite.approver.get(`/staff/requests/${r.id}`);
      const res = await suite.approver.submit(page.html, `/staff/requests/${r.id}/decision`, {
        version: staffVersion(page.html, 'decision'),
        decision: 'rejected',
        reason: 'Please call the helpdesk first.',
      });
      assert.equal(res.status, 303);
      await drainJobs(suite.app);
      assert.equal((await reissues(b.id))[0]?.state, 'rejected');
      assert.equal(await loginStatus(b.uid, b.password), 303);
      assert.ok((await mailsTo(suite.app, b.email)).some((m) => /Please call the helpdesk first\./.test(m.text ?? '')));
    });
  });
}
