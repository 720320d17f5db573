// Guessing slows the guesser, not the owner. Found from outside: 10 wrong passwords for a
// known staff address locked the staff member out for 15 minutes (and one more after
// that locked them again), the owner's right password from elsewhere refused meanwhile;
// 30 parallel wrong passwords for one holder all finished in 16.6 s, the delay read
// before any of them had failed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { beginSignIn, finishSignIn } from '../src/db/login-throttle.js';
import { MAX_ATTEMPT_WAIT_MS } from '../src/domain/login-throttle.js';
import { provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { forEachDatabase } from './helpers/databases.js';
import { type EnrolledStaff, enrol, STAFF_PASSWORD, totpCode } from './helpers/staff.js';

describe('sign-in throttling', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  after(() => app.close());
  const db = () => app.server.database.db;
  const from = (ip: string) => new Browserless(app.url, 'en').setHeader('x-forwarded-for', ip);
  const reasons = async (action: string, subject: string) =>
    (
      await db()
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', action)
        .where('subject', '=', subject)
        .execute()
    ).map((r) => (r.details as { reason?: string }).reason);

  /** Both factors; the second step's answer (303 to the console when signed in). */
  const staffSignIn = async (person: Browserless, staff: EnrolledStaff, password = STAFF_PASSWORD) => {
    const login = await person.get('/staff');
    const first = await person.submit(login.html, '/staff', { email: staff.email, password });
    if (first.location !== '/staff/verify') return first;
    const verify = await person.get('/staff/verify');
    // a recovery code each time (a TOTP code is taken once per 30 s step)
    return person.submit(verify.html, '/staff/verify', { code: staff.recoveryCodes.shift() ?? '' });
  };

  it('a staff member is not locked out by someone guessing their password elsewhere', async () => {
    const staff = await enrol(app, 'owner@centre.example.jp', 'reviewer');
    const desk = '203.0.113.5';
    const signedIn = await staffSignIn(from(desk), staff);
    assert.equal(signedIn.location, '/staff/applications', 'the owner signs in at their desk');
    const attacker = from('198.51.100.7');
    // Nine failures from there already (each real one waits its turn: see the next test).
    await db()
      .insertInto('login_throttle')
      .values({ key: `pair:staff:${staff.email}|198.51.100.7`, failures: 9, last_failure_at: new Date() })
      .execute();
    for (let i = 0; i < 2; i++) assert.equal((await staffSignIn(attacker, staff, `guess ${i}`)).status, 401);
    const subject = (
      await db().selectFrom('staff').select('id').where('email', '=', staff.email).executeTakeFirstOrThrow()
    ).id;
    const seen = await reasons('staff.login.failed', `staff:${subject}`);
    assert.ok(seen.includes('paused'), `the guessing address is paused: ${seen.join(' ')}`);
    assert.equal((await staffSignIn(attacker, staff)).status, 401, 'from there not even the right password');
    // The owner, at their usual desk, signs in at once, and again after one more guess.
    const started = Date.now();
    assert.equal((await staffSignIn(from(desk), staff)).location, '/staff/applications');
    await staffSignIn(attacker, staff, 'one more guess');
    assert.equal((await staffSignIn(from(desk), staff)).location, '/staff/applications');
    assert.ok(Date.now() - started < 4000, 'no queue for the owner at their desk');
  });

  it('a staff member sees the failed sign-ins and lifts the pause of their own address with a code', async () => {
    const staff = await enrol(app, 'typo@centre.example.jp', 'reviewer');
    const desk = from('203.0.113.9');
    // Ten mistakes at the desk (nine counted already): the desk is paused.
    await db()
      .insertInto('login_throttle')
      .values({ key: `pair:staff:${staff.email}|203.0.113.9`, failures: 9, last_failure_at: new Date() })
      .execute();
    assert.equal((await staffSignIn(desk, staff, 'typo')).status, 401);
    assert.equal((await staffSignIn(desk, staff)).status, 401, 'paused at the desk');
    // From the laptop, signed in, the pause is there to see and to lift.
    const laptop = from('203.0.113.10');
    assert.equal((await staffSignIn(laptop, staff)).location, '/staff/applications');
    const page = await laptop.get('/staff/sign-in-activity');
    assert.equal(page.status, 200);
    assert.match(page.html, /<code>203\.0\.113\.9<\/code>/);
    const form = await laptop.get('/staff/sign-in-activity?address=203.0.113.9');
    const wrong = await laptop.submit(form.html, '/staff/sign-in-activity/lift', { code: '000000' });
    assert.equal(wrong.status, 400, 'a wrong code lifts nothing');
    const lifted = await laptop.submit(form.html, '/staff/sign-in-activity/lift', {
      code: await totpCode(staff.secret, 1),
    });
    assert.equal(lifted.status, 200);
    assert.match(lifted.html, /The pause of 203\.0\.113\.9 is lifted/);
    assert.equal((await staffSignIn(desk, staff)).location, '/staff/applications', 'the desk signs in again');
  });

  it('the delay holds for parallel wrong passwords: most are refused unchecked at once', async () => {
    const [holder] = (await provisionedAccounts(app, 1)) as [TestAccount];
    const guesser = from('198.51.100.30');
    const form = (await guesser.get('/login')).html;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        guesser.submit(form, '/login', { accountName: holder.uid, password: `parallel guess ${i}` }),
      ),
    );
    assert.ok(results.every((r) => r.status === 401));
    const seen = await reasons('account.login.failed', `account:${holder.id}`);
    const checked = seen.filter((r) => r === 'password').length;
    const queued = seen.filter((r) => r === 'queued').length;
    assert.equal(checked + queued, 30, seen.join(' '));
    // Turns 1, 1, 1, then 1, 2, 4, 8 s apart: what fits in MAX_ATTEMPT_WAIT_MS is checked.
    assert.ok(checked <= 6, `${checked} checked in parallel`);
    assert.ok(queued >= 24, `${queued} refused unchecked`);
    assert.equal(MAX_ATTEMPT_WAIT_MS, 10_000);
    // The holder, from an address they signed in from before the guessing, is not queued.
    const home = from('203.0.113.40');
    const throttle = await db()
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', `account:${holder.uid}`)
      .executeTakeFirst();
    assert.ok(throttle && throttle.failures >= checked, 'the failures are counted');
    await db()
      .insertInto('sign_in_address')
      .values({ key: `pair:${holder.uid}|203.0.113.40`, last_success_at: new Date() })
      .execute();
    const page = (await home.get('/login')).html;
    const started = Date.now();
    const res = await home.submit(page, '/login', { accountName: holder.uid, password: holder.password });
    assert.equal(res.status, 303);
    assert.ok(Date.now() - started < 4000, 'no queue at a known address');
  });
});

// Found from outside (bench/scale.ts, twelve people signing in to eight accounts): a
// sign-in that succeeded deleted the account's throttle row between another attempt's
// "insert if missing" and its "select … for update", and that attempt was answered 500.
forEachDatabase('sign-in slots under concurrent sign-ins to one account', (database) => {
  it('never fails an attempt, whatever the others do at the same moment', async () => {
    const db = database().db;
    const now = new Date();
    const attempt = async (i: number) => {
      const started = await beginSignIn(db, 'shared', `10.1.${i % 250}.${i >> 8}`, now);
      await finishSignIn(db, started, i % 3 === 0 ? 'ok' : 'failed', now);
    };
    for (let round = 0; round < 10; round++) {
      const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => attempt(round * 30 + i)));
      assert.deepEqual(
        results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
        [],
      );
    }
  });
});
