// Requests of account holders, on PGlite and on PostgreSQL: a Modification (check
// page with the differences, information requested and answered, approval, the
// details and the directory updated by a job), a Manager Modification (the new
// responsible person's pledge, then the account moves to their group) and a
// Suspension (locked on its day; the holder and the responsible person mailed);
// a holder never reaches another holder's request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { mailsTo } from './helpers/apply.js';
import type { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { drainJobs, signPledge, useReviewApp } from './helpers/review.js';

const h1 = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();
const staffVersion = (html: string, action: string) =>
  html.match(new RegExp(`action="/staff/requests/\\d+/${action}"[\\s\\S]*?name="version" value="(\\d+)"`))?.[1] ?? '';

for (const kind of databaseKinds) {
  describe(`account requests (${kind})`, () => {
    const suite = useReviewApp(kind);
    let accounts: TestAccount[] = [];
    const db = () => suite.app.server.database.db;
    const ready = async () => {
      if (accounts.length === 0) accounts = await provisionedAccounts(suite.app, 4);
      return accounts;
    };
    /** Fills a request's form, goes through its check page and sends it; returns the request's id. */
    const sendRequest = async (person: Browserless, kind: string, fields: Record<string, string>) => {
      const form = await person.get(`/account/requests/${kind}`);
      assert.equal(form.status, 200, `${kind} form`);
      const check = await person.submit(form.html, `/account/requests/${kind}`, fields);
      assert.equal(check.status, 200, `${kind} check: ${check.html.match(/error-message">[^<]*/g)}`);
      assert.equal(h1(check.html), 'Check your request');
      const sent = await person.submit(check.html, `/account/requests/${kind}/send`, {});
      assert.equal(sent.status, 303);
      const id = Number(sent.location?.match(/\/account\/requests\/(\d+)/)?.[1]);
      assert.ok(id > 0);
      return { id, check };
    };
    const decide = async (id: number, decision: 'approved' | 'rejected', extra: Record<string, string> = {}) => {
      const page = await suite.approver.get(`/staff/requests/${id}`);
      return suite.approver.submit(page.html, `/staff/requests/${id}/decision`, {
        version: staffVersion(page.html, 'decision'),
        decision,
        ...extra,
      });
    };

    it('a Modification: differences checked, information requested and answered, approved and applied', async () => {
      const [a] = (await ready()) as [TestAccount];
      const person = await logIn(suite.app, a);
      const form = await person.get('/account/requests/modification');
      assert.equal(h1(form.html), 'Modify your details');
      assert.match(form.html, /name="institution" type="text" value="[^"]+"/, 'prefilled');
      const unchanged = await person.submit(form.html, '/account/requests/modification', {});
      assert.equal(unchanged.status, 400);
      assert.equal(fieldError(unchanged.html, 'changes'), 'Change at least one detail, or go back to your requests');
      assert.equal(fieldError(unchanged.html, 'familyName'), undefined, 'no field is wrong');
      assert.doesNotMatch(unchanged.html, /aria-invalid/);
      const { id, check } = await sendRequest(person, 'modification', {
        institution: 'Kyoto University',
        department: 'Graduate School of Biostudies',
        email: 'new.address@kyoto-u.example.ac.jp',
      });
      assert.match(check.html, /Kyoto University/);
      assert.match(check.html, /new\.address@kyoto-u\.example\.ac\.jp/);
      assert.doesNotMatch(check.html, /Family name in Latin letters/, 'only what changed');
      const detail = await person.get(`/account/requests/${id}?sent=1`);
      assert.match(detail.html, /Your request was sent/);
      assert.match(detail.html, /Status: Sent/);
      assert.ok((await mailsTo(suite.app, a.email, 1)).some((m) => /request \d+\): Sent/.test(m.subject ?? '')));
      // A second one of the same kind waits for the first.
      assert.equal((await person.get('/account/requests/modification')).status, 409);

      // Staff see it beside the applications, ask, the holder answers.
      const queue = await suite.reviewer.get('/staff/applications');
      assert.match(queue.html, /Open account requests: [1-9]/);
      const list = await suite.reviewer.get('/staff/requests?kind=modification');
      assert.match(list.html, new RegExp(`href="/staff/requests/${id}"`));
      const page = await suite.reviewer.get(`/staff/requests/${id}`);
      assert.match(page.html, /Kyoto University/);
      assert.doesNotMatch(page.html, /action="\/staff\/requests\/\d+\/decision"/, 'a reviewer does not decide');
      const asked = await suite.reviewer.submit(page.html, `/staff/requests/${id}/request-information`, {
        version: staffVersion(page.html, 'request-information'),
        question: 'Please tell us your new laboratory.',
      });
      assert.equal(asked.status, 303);
      const toAnswer = await person.get(`/account/requests/${id}`);
      assert.match(toAnswer.html, /Please tell us your new laboratory\./);
      const empty = await person.submit(toAnswer.html, `/account/requests/${id}/answer`, { answer: '' });
      assert.equal(fieldError(empty.html, 'answer'), 'Enter your answer, in 2,000 characters or fewer');
      const answered = await person.submit(toAnswer.html, `/account/requests/${id}/answer`, {
        answer: 'The Tanaka laboratory.',
      });
      assert.match(answered.html, /Status: Sent/);

      // A stale page cannot decide; the current one can.
      const stale = await suite.approver.get(`/staff/requests/${id}`);
      assert.equal((await decide(id, 'approved')).status, 303);
      const late = await suite.approver.submit(stale.html, `/staff/requests/${id}/decision`, {
        version: String(Number(staffVersion(stale.html, 'decision')) - 1),
        decision: 'rejected',
        reason: 'x',
      });
      assert.equal(late.status, 409);
      await drainJobs(suite.app);
      const r = await db().selectFrom('account_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(r.state, 'applied');
      const applicant = await db()
        .selectFrom('applicant')
        .selectAll()
        .where('application_id', '=', a.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(applicant.institution, 'Kyoto University');
      assert.equal((await suite.app.server.directories.ga.getUser(a.uid))?.mail, 'new.address@kyoto-u.example.ac.jp');
      assert.ok(
        (await mailsTo(suite.app, 'new.address@kyoto-u.example.ac.jp', 1)).some((m) => /Done/.test(m.subject ?? '')),
      );
      const info = await person.get('/account');
      assert.match(info.html, /Kyoto University/);
      assert.match(info.html, new RegExp(`href="/account/requests/${id}"`));
    });

    it('a Manager Modification: the new responsible person signs, then the account joins their group', async () => {
      const [, b] = (await ready()) as [TestAccount, TestAccount];
      const person = await logIn(suite.app, b);
      const { id } = await sendRequest(person, 'manager', {
        familyName: 'Sato',
        givenName: 'Keiko',
        jobTitle: 'professor',
        institution: 'Osaka University',
        email: 'k.sato@osaka-u.example.ac.jp',
        address: '1-1 Yamadaoka, Suita, Osaka',
        phone: '06-6877-5111',
        groupName: 'sato-lab',
      });
      const refused = await decide(id, 'approved', { group: 'sato-lab' });
      assert.equal(refused.status, 400);
      assert.equal(fieldError(refused.html, 'pledge'), 'The new responsible person has not signed the pledge yet');
      assert.match(refused.html, /<a href="#pledge">/, 'the summary links to the pledge status');
      assert.equal(fieldError(refused.html, 'decision'), undefined);
      const page = await suite.reviewer.get(`/staff/requests/${id}`);
      const sent = await suite.reviewer.submit(page.html, `/staff/requests/${id}/pledge`, {
        version: staffVersion(page.html, 'pledge'),
      });
      assert.equal(sent.status, 303);
      const mail = (await mailsTo(suite.app, 'k.sato@osaka-u.example.ac.jp', 1)).at(-1);
      const link = mail?.text?.match(/\/pledge\?token=[\w-]+/)?.[0] ?? '';
      assert.ok(link, 'the pledge link was mailed to the new responsible person');
      assert.equal((await signPledge(suite.app, link, 'Keiko SATO')).status, 200);
      const before = (await db().selectFrom('account').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow())
        .group_name;
      const approved = await decide(id, 'approved', { group: 'sato-lab' });
      assert.equal(approved.status, 303);
      await drainJobs(suite.app);
      const account = await db().selectFrom('account').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
      assert.equal(account.group_name, 'sato-lab');
      const ga = suite.app.server.directories.ga;
      const group = await ga.getGroup('sato-lab');
      assert.ok(group?.memberUid.includes(b.uid));
      assert.equal((await ga.getUser(b.uid))?.gidNumber, group?.gidNumber);
      assert.ok(!(await ga.getGroup(before))?.memberUid.includes(b.uid), 'left the old group');
      const responsible = await db()
        .selectFrom('responsible_person')
        .selectAll()
        .where('application_id', '=', b.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(responsible.email, 'k.sato@osaka-u.example.ac.jp');
      assert.ok(
        (await mailsTo(suite.app, 'k.sato@osaka-u.example.ac.jp', 2)).some((m) => /sato-lab/.test(m.text ?? '')),
      );
      // The request's pledge is its own, not one of the application's.
      const pledges = await db()
        .selectFrom('pledge')
        .select(['request_id', 'signed_at'])
        .where('application_id', '=', b.applicationId)
        .execute();
      assert.deepEqual(
        pledges.map((p) => p.request_id),
        [id],
      );
      assert.ok(pledges[0]?.signed_at);
    });

    it('a Suspension: refused for a past day; from its day the account is locked and ended', async () => {
      const [, , c, d] = (await ready()) as [TestAccount, TestAccount, TestAccount, TestAccount];
      const person = await logIn(suite.app, c);
      const form = await person.get('/account/requests/suspension');
      const past = await person.submit(form.html, '/account/requests/suspension', {
        reason: 'Leaving the institute',
        day: '1',
        month: '1',
        year: '2020',
      });
      assert.equal(fieldError(past.html, 'day'), 'The date must be today or later');
      const unreal = await person.submit(form.html, '/account/requests/suspension', {
        reason: 'x',
        day: '31',
        month: '2',
        year: '2027',
      });
      assert.equal(fieldError(unreal.html, 'day'), 'Enter a real date, like 31 3 2027');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
      const [y, m, dd] = today.split('-');
      const { id } = await sendRequest(person, 'suspension', {
        reason: 'Leaving the institute',
        day: String(Number(dd)),
        month: String(Number(m)),
        year: String(y),
      });
      // Another holder finds nothing at its address.
      const other = await logIn(suite.app, d);
      assert.equal((await other.get(`/account/requests/${id}`)).status, 404);
      const otherPage = await other.get('/account/requests');
      assert.equal((await other.submit(otherPage.html, `/account/requests/${id}/withdraw`, {})).status, 404);
      assert.equal((await other.submit(otherPage.html, `/account/requests/${id}/answer`, { answer: 'x' })).status, 404);

      const noReason = await decide(id, 'rejected');
      assert.equal(fieldError(noReason.html, 'reason'), 'Enter the reason for not approving');
      assert.equal((await decide(id, 'approved')).status, 303);
      await drainJobs(suite.app);
      const account = await db().selectFrom('account').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(account.state, 'ended');
      assert.equal(account.locked_reason, 'suspended');
      assert.equal((await suite.app.server.directories.ga.getUser(c.uid))?.locked, true);
      assert.equal(await suite.app.server.directories.ga.authenticate(c.uid, c.password), false);
      assert.equal((await person.get('/account')).location, '/login', 'the session ends');
      const login = await person.get('/login');
      const locked = await person.submit(login.html, '/login', { accountName: c.uid, password: c.password });
      assert.equal(locked.status, 403);
      assert.match(locked.html, /has ended/);
      assert.ok((await mailsTo(suite.app, c.email, 1)).some((mail) => /ended today/.test(mail.text ?? '')));
    });

    it('a request is withdrawn by its holder while open', async () => {
      const [, , , d] = (await ready()) as [TestAccount, TestAccount, TestAccount, TestAccount];
      const person = await logIn(suite.app, d);
      const { id } = await sendRequest(person, 'modification', { department: 'A new department' });
      const page = await person.get(`/account/requests/${id}`);
      const withdrawn = await person.submit(page.html, `/account/requests/${id}/withdraw`, {});
      assert.equal(withdrawn.status, 200);
      assert.match(withdrawn.html, /Status: Withdrawn/);
      assert.doesNotMatch(withdrawn.html, /Withdraw this request/);
      const staffPage = await suite.approver.get(`/staff/requests/${id}`);
      assert.doesNotMatch(staffPage.html, /action="\/staff\/requests\/\d+\/decision"/);
    });
  });
}
