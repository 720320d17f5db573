// Staff lock an account at once and unlock it, from the console and the command line
// (the API's routes are walked in api.test.ts), through one use case: the account's
// state machine, the holder's sessions ended, the directory following by a job, the
// holder mailed the reason, the audit entry. A renewal lock is not lifted here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { runCli } from './helpers/cli.js';
import { drainJobs } from './helpers/review.js';
import { enrol, signIn } from './helpers/staff.js';

describe('staff lock and unlock an account', () => {
  let app: TestApp;
  let accounts: TestAccount[];
  before(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'warn', RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
    accounts = await provisionedAccounts(app, 2);
  });
  after(() => app.close());
  const db = () => app.server.database.db;
  const stateOf = (id: number) =>
    db().selectFrom('account').select(['state', 'locked_reason']).where('id', '=', id).executeTakeFirstOrThrow();
  const login = async (a: TestAccount) => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/login');
    return person.submit(form.html, '/login', { accountName: a.uid, password: a.password });
  };

  it('locks from the console with a reason: sessions end, the directory locks, the holder is told why; unlocks again', async () => {
    const [a] = accounts as [TestAccount];
    const holder = await logIn(app, a);
    const approver = await signIn(app, await enrol(app, 'locker@centre.example.jp', 'approver'));
    const page = await approver.get(`/staff/applications/${a.applicationId}`);
    assert.match(page.html, new RegExp(`href="/staff/accounts/${a.id}/lock"`), 'the application page offers the lock');

    const form = await approver.get(`/staff/accounts/${a.id}/lock`);
    assert.equal(form.status, 200);
    const empty = await approver.submit(form.html, `/staff/accounts/${a.id}/lock`, { reason: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.html, /Enter the reason for locking/);
    assert.equal((await stateOf(a.id)).state, 'active', 'nothing changes without a reason');

    const mailed = (await mailsTo(app, a.email, 0)).length;
    const reason = 'Your SSH key was found on a public repository';
    const locked = await approver.submit(form.html, `/staff/accounts/${a.id}/lock`, { reason });
    assert.equal(locked.status, 303);
    assert.equal(locked.location, `/staff/applications/${a.applicationId}#provisioning`);
    assert.deepEqual(await stateOf(a.id), { state: 'locked', locked_reason: 'staff' });
    assert.notEqual((await holder.get('/account')).status, 200, 'the holder’s open session ended');
    await drainJobs(app);
    assert.equal(await app.server.app.deps.directories.ga.checkPassword(a.uid, a.password), 'locked');
    const refused = await login(a);
    assert.equal(refused.status, 403);
    assert.match(refused.html, /The centre has locked your account/);
    const mails = await mailsTo(app, a.email, mailed + 1);
    assert.match(String(mails.at(-1)?.text), new RegExp(reason));
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'account.locked')
      .where('subject', '=', `account:${a.id}`)
      .execute();
    assert.equal(audit.length, 1);
    assert.match(String(audit[0]?.actor), /^staff:\d+$/);

    const twice = await approver.submit(form.html, `/staff/accounts/${a.id}/lock`, { reason });
    assert.equal(twice.status, 409, 'a locked account is not locked again');
    assert.match(twice.html, /cannot be changed here now/);

    const unlockForm = await approver.get(`/staff/accounts/${a.id}/unlock`);
    const unlocked = await approver.submit(unlockForm.html, `/staff/accounts/${a.id}/unlock`, {});
    assert.equal(unlocked.status, 303);
    assert.deepEqual(await stateOf(a.id), { state: 'active', locked_reason: null });
    await drainJobs(app);
    assert.equal(await app.server.app.deps.directories.ga.checkPassword(a.uid, a.password), 'ok');
    assert.equal((await login(a)).status, 303, 'the holder logs in again');
    const events = await db()
      .selectFrom('account_event')
      .select(['from_state', 'to_state', 'reason'])
      .where('account_id', '=', a.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.slice(-2).map((e) => [e.from_state, e.to_state, e.reason]),
      [
        ['active', 'locked', 'staff'],
        ['locked', 'active', null],
      ],
    );
  });

  it('does not lift a renewal lock, and a reviewer may not lock', async () => {
    const [, b] = accounts as [TestAccount, TestAccount];
    await db()
      .updateTable('account')
      .set({ state: 'locked', locked_reason: 'not_renewed' })
      .where('id', '=', b.id)
      .execute();
    const approver = await signIn(app, await enrol(app, 'unlocker@centre.example.jp', 'approver'));
    const page = await approver.get(`/staff/accounts/${b.id}/unlock`);
    assert.match(page.html, /cannot be changed here now/);
    assert.doesNotMatch(page.html, /<form method="post" action="\/staff\/accounts/);
    const reviewer = await signIn(app, await enrol(app, 'viewer@centre.example.jp', 'reviewer'));
    assert.equal((await reviewer.get(`/staff/accounts/${b.id}/lock`)).status, 403);
    const app_ = await reviewer.get(`/staff/applications/${b.applicationId}`);
    assert.doesNotMatch(app_.html, /\/staff\/accounts\/\d+\/(un)?lock/, 'a reviewer is not offered the lock');
    await db().updateTable('account').set({ state: 'active', locked_reason: null }).where('id', '=', b.id).execute();
  });

  it('locks and unlocks on the command line through the same use case', async () => {
    const [, b] = accounts as [TestAccount, TestAccount];
    const env = { DATA_DIR: app.dataDir };
    const noReason = await runCli(['accounts', 'lock', b.uid], env);
    assert.equal(noReason.code, 64);
    const locked = await runCli(['accounts', 'lock', b.uid, '--reason', 'Breach of the terms of use'], env);
    assert.equal(locked.code, 0, locked.stderr);
    assert.match(locked.stdout, new RegExp(`${b.uid} is locked`));
    const shown = JSON.parse((await runCli(['accounts', 'show', b.uid], env)).stdout) as {
      state: string;
      lockedReason: string;
      history: { to: string; actor: string }[];
    };
    assert.equal(shown.state, 'locked');
    assert.equal(shown.lockedReason, 'staff');
    assert.equal(shown.history.at(-1)?.actor, 'cli');
    const again = await runCli(['accounts', 'lock', b.uid, '--reason', 'x'], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is locked \(staff\)/);
    assert.equal((await runCli(['accounts', 'unlock', b.uid], env)).code, 0);
    assert.equal((await runCli(['accounts', 'unlock', b.uid], env)).code, 1);
    assert.equal((await runCli(['accounts', 'show', 'nobody-here'], env)).code, 1);
    await drainJobs(app);
    assert.equal(await app.server.app.deps.directories.ga.checkPassword(b.uid, b.password), 'ok');
  });
});
