// Logging in to the account page, on PGlite and on PostgreSQL: the directory checks
// the password; a new session at login and none after logout; one message for every
// failure; a locked account's holder (and only they) learns why; failures pause the
// pair of account and address, and an address failing across accounts, but never
// the account for everybody; every login and failure is audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { THROTTLE_WINDOW_MS } from '../src/domain/login-throttle.js';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';

/** The details of an audit entry (none when there is no entry). */
const detailsOf = (row: { details: unknown } | undefined) => (row?.details ?? {}) as Record<string, unknown>;
const h1 = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
const failedMessage = 'The account name or the password is not right.';

for (const kind of databaseKinds) {
  describe(`account login (${kind})`, () => {
    let app: TestApp;
    let accounts: TestAccount[];
    before(async () => {
      const env: Record<string, string> = { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env });
      accounts = await provisionedAccounts(app, 6);
    });
    after(() => app.close());
    const db = () => app.server.database.db;
    const auditOf = (action: string, subject?: string) =>
      db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', action)
        .$if(subject !== undefined, (q) => q.where('subject', '=', subject as string))
        .orderBy('id')
        .execute();
    const attempt = async (person: Browserless, accountName: string, password: string) => {
      const form = await person.get('/login');
      return person.submit(form.html, '/login', { accountName, password });
    };

    it('logs in with the password the directory holds, in a new session that logout revokes', async () => {
      const [a] = accounts as [TestAccount];
      const person = new Browserless(app.url, 'en');
      const before = (await person.get('/login')).html;
      assert.equal(h1(before), 'Log in to your account');
      const res = await person.submit(before, '/login', { accountName: a.uid, password: a.password });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/account');
      const info = await person.get('/account');
      assert.equal(info.status, 200);
      assert.equal(h1(info.html), 'Account information');
      assert.match(info.html, new RegExp(`Logged in as ${a.uid}`));
      assert.match(info.html, /1 TB/);
      assert.match(info.html, /General analysis division/);
      const logins = await auditOf('account.login', `account:${a.id}`);
      assert.equal(logins.length, 1);
      assert.equal(detailsOf(logins[0]).ip, '127.0.0.1');

      const copied = person.clone();
      const out = await person.submit(info.html, '/logout', {});
      assert.equal(out.status, 200);
      assert.equal(h1(out.html), 'You have logged out');
      assert.equal((await person.get('/account')).location, '/login');
      const stale = await copied.get('/account');
      assert.equal(stale.status, 303, 'the session cookie of before the logout opens nothing');
      assert.equal(stale.location, '/login');
      assert.equal((await auditOf('account.logout', `account:${a.id}`)).length, 1);
    });

    it('answers a wrong password and an unknown name with the same message, and audits both', async () => {
      const [, b] = accounts as [TestAccount, TestAccount];
      const person = new Browserless(app.url, 'en');
      const wrong = await attempt(person, b.uid, `${b.password}x`);
      const unknown = await attempt(person, 'nosuchuser', b.password);
      const empty = await attempt(person, b.uid, '');
      for (const res of [wrong, unknown, empty]) {
        assert.equal(res.status, 401);
        assert.match(res.html, new RegExp(failedMessage));
        assert.match(res.html, /<title>Error: Log in to your account/);
        assert.doesNotMatch(res.html, /Set-Cookie/);
      }
      assert.match(wrong.html, new RegExp(`value="${b.uid}"`), 'the account name typed is kept');
      const failures = await auditOf('account.login.failed');
      const ofB = failures.filter((f) => f.subject === `account:${b.id}`);
      assert.equal(ofB.length, 2);
      const anonymous = failures.filter((f) => f.subject === null).at(-1);
      assert.equal(detailsOf(anonymous).reason, 'unknown');
      assert.doesNotMatch(JSON.stringify(anonymous), /nosuchuser/, 'a name that is no account is not kept');
      assert.equal((await person.get('/account')).location, '/login');
    });

    // (Locked for not renewing, the right password opens the renewal pages instead:
    // test/renewal-continuation.test.ts.)
    it('shows a locked account why, but only to someone with its password', async () => {
      const [, , c] = accounts as [TestAccount, TestAccount, TestAccount];
      await db()
        .updateTable('account')
        .set({ state: 'locked', locked_reason: 'suspended', locked_at: new Date() })
        .where('id', '=', c.id)
        .execute();
      await app.server.directories.ga.lock(c.uid);
      const person = new Browserless(app.url, 'en');
      const wrong = await attempt(person, c.uid, 'not the password at all');
      assert.equal(wrong.status, 401);
      assert.doesNotMatch(wrong.html, /locked/i);
      const right = await attempt(person, c.uid, c.password);
      assert.equal(right.status, 403);
      assert.equal(h1(right.html), 'Your account is locked');
      assert.match(right.html, /has ended: the centre approved the end of its use/);
      assert.match(right.html, /no-reply@localhost/, 'where to write');
      assert.equal((await person.get('/account')).location, '/login', 'no session for a locked account');
      assert.equal((await auditOf('account.login.locked', `account:${c.id}`)).length, 1);

      // Locked in the directory behind sc-account's back: the same page, the centre's reason.
      const [, , , d] = accounts as [TestAccount, TestAccount, TestAccount, TestAccount];
      await app.server.directories.ga.lock(d.uid);
      const staffLocked = await attempt(new Browserless(app.url, 'ja'), d.uid, d.password);
      assert.equal(staffLocked.status, 403);
      assert.match(staffLocked.html, /センターによりロックされています/);
      await app.server.directories.ga.unlock(d.uid);
    });

    it('a session of an account locked meanwhile ends at its next page', async () => {
      const [, , , d] = accounts as [TestAccount, TestAccount, TestAccount, TestAccount];
      const person = await logIn(app, d);
      await db()
        .updateTable('account')
        .set({ state: 'locked', locked_reason: 'staff' })
        .where('id', '=', d.id)
        .execute();
      assert.equal((await person.get('/account')).location, '/login');
      await db().updateTable('account').set({ state: 'active', locked_reason: null }).where('id', '=', d.id).execute();
      const again = await person.get('/account');
      assert.equal(again.location, '/login', 'the session was ended, not only refused');
    });

    it('pauses the pair of account and address that keeps failing, not the account for others', async () => {
      const [, , , , e] = accounts as [TestAccount, TestAccount, TestAccount, TestAccount, TestAccount];
      const attacker = new Browserless(app.url, 'en').setHeader('x-forwarded-for', '198.51.100.7');
      // Nine failures already counted (each real one waits up to 8 s: the delay is tested in the domain).
      await db()
        .insertInto('login_throttle')
        .values({ key: `pair:${e.uid}|198.51.100.7`, failures: 9, last_failure_at: new Date() })
        .execute();
      assert.equal((await attempt(attacker, e.uid, 'guess number ten')).status, 401);
      const paused = await auditOf('account.login.failed', `account:${e.id}`);
      assert.equal(detailsOf(paused.at(-1)).paused, true);
      const meanwhile = await attempt(attacker, e.uid, e.password);
      assert.equal(meanwhile.status, 401, 'even the right password waits out the pause from there');
      assert.equal(detailsOf((await auditOf('account.login.failed', `account:${e.id}`)).at(-1)).reason, 'paused');
      // The holder, elsewhere, logs in at once.
      const holder = new Browserless(app.url, 'en').setHeader('x-forwarded-for', '203.0.113.20');
      assert.equal((await attempt(holder, e.uid, e.password)).status, 303);
      // The pause ends.
      await db()
        .updateTable('login_throttle')
        .set({
          locked_until: new Date(Date.now() - 1000),
          last_failure_at: new Date(Date.now() - THROTTLE_WINDOW_MS - 1000),
        })
        .execute();
      assert.equal((await attempt(attacker, e.uid, e.password)).status, 303);
    });

    it('pauses an address that fails across many accounts', async () => {
      const [, , , , , f] = accounts as TestAccount[] as [
        TestAccount,
        TestAccount,
        TestAccount,
        TestAccount,
        TestAccount,
        TestAccount,
      ];
      const stuffer = new Browserless(app.url, 'en').setHeader('x-forwarded-for', '198.51.100.99');
      await db()
        .insertInto('login_throttle')
        .values({ key: 'ip:198.51.100.99', failures: 49, last_failure_at: new Date() })
        .execute();
      assert.equal((await attempt(stuffer, 'someone', 'password123')).status, 401);
      assert.equal((await attempt(stuffer, f.uid, f.password)).status, 401, 'paused for every account');
      const other = new Browserless(app.url, 'en').setHeader('x-forwarded-for', '203.0.113.21');
      assert.equal((await attempt(other, f.uid, f.password)).status, 303);
    });

    it('keeps users out of the staff console and staff routes', async () => {
      const [a] = accounts as [TestAccount];
      const person = await logIn(app, a);
      const queue = await person.get('/staff/applications');
      assert.equal(queue.status, 303);
      assert.equal(queue.location, '/staff');
      const info = await person.get('/account');
      const post = await person.submit(info.html, '/staff/applications/1/comment', { body: 'hello' });
      assert.equal(post.status, 403);
      const staffLogin = await person.get('/staff');
      assert.equal(staffLogin.status, 200, 'the staff sign-in page, not the console');
      assert.match(staffLogin.html, /Staff sign-in/);
    });
  });
}
