// The account page against a real OpenLDAP (slapd with ppolicy and argon2) on a real
// PostgreSQL: logging in is a bind as the user; a key added is in sshPublicKey; a
// new password binds and the old one no longer does; a locked account (ppolicy
// refuses its bind) still gets its locked page with the right password only; an
// approved Reissue (asked for on the public page) binds with the new initial
// password only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advanceRequest } from '../src/db/account-requests.js';
import { enqueueRequestApply } from '../src/jobs/handlers/account-request.js';
import {
  addKey,
  changePassword,
  endBySuspension,
  keyPair,
  logIn,
  provisionedAccounts,
  type TestAccount,
} from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { createTestDatabase } from './helpers/postgres.js';
import { drainJobs } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';

describe('account page on OpenLDAP', () => {
  let slapd: TestSlapd;
  let app: TestApp;
  let accounts: TestAccount[];
  const key = keyPair('ed25519', undefined, 'hanako@lab');
  before(async () => {
    slapd = await startSlapd();
    app = await startTestApp({
      env: {
        DATABASE_URL: await createTestDatabase(),
        ...slapd.env,
        RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
      },
    });
    accounts = await provisionedAccounts(app, 3);
  });
  after(async () => {
    await app.close();
    await slapd.stop();
    key.remove();
  });
  const bind = (uid: string, password: string) => slapd.binds(uid, password);
  const entry = (uid: string) =>
    slapd.ldap('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-b', slapd.baseDn, `(uid=${uid})`, 'sshPublicKey']);

  it('logs in by a bind as the user; a key added lands in sshPublicKey; a new password binds, the old one not', async () => {
    const [a] = accounts as [TestAccount];
    assert.equal(bind(a.uid, a.password), true);
    const person = await logIn(app, a);
    assert.equal((await addKey(app, person, key.publicKey)).status, 303);
    assert.ok(entry(a.uid).split('\n').includes(`sshPublicKey: ${key.publicKey}`), entry(a.uid));
    const next = 'harbour violet engine seven';
    const res = await changePassword(person, a.password, next);
    assert.equal(res.status, 200);
    await drainJobs(app);
    assert.equal(bind(a.uid, next), true, 'the new password binds');
    assert.equal(bind(a.uid, a.password), false, 'the old one no longer does');
    await logIn(app, { uid: a.uid, password: next });
  });

  it('a locked account: ppolicy refuses the bind, the holder still learns why', async () => {
    const [, b] = accounts as [TestAccount, TestAccount];
    await app.server.database.db
      .updateTable('account')
      .set({ state: 'locked', locked_reason: 'suspended', locked_at: new Date() })
      .where('id', '=', b.id)
      .execute();
    await app.server.directories.ga.lock(b.uid);
    assert.equal(bind(b.uid, b.password), false, 'slapd refuses the bind');
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/login');
    const right = await person.submit(form.html, '/login', { accountName: b.uid, password: b.password });
    assert.equal(right.status, 403);
    assert.match(right.html, /has ended: the centre approved the end of its use/);
    const wrong = await person.submit(form.html, '/login', { accountName: b.uid, password: `${b.password}!` });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(wrong.html, /ended|locked/);
  });

  it('an approved Reissue sets a new initial password in slapd: it binds, the old one not', async () => {
    const [, , c] = accounts as [TestAccount, TestAccount, TestAccount];
    const db = app.server.database.db;
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/login/recover/post');
    assert.equal((await person.submit(form.html, '/login/recover/post', { accountName: c.uid })).status, 200);
    const r = await db
      .selectFrom('account_request')
      .selectAll()
      .where('account_id', '=', c.id)
      .where('kind', '=', 'reissue')
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      const approved = await advanceRequest(trx, r, 'approved', { actor: 'staff:1' });
      await enqueueRequestApply(trx, approved);
    });
    await drainJobs(app);
    const sealed = await db
      .selectFrom('registration_certificate')
      .select(['sealed_password', 'reissue_request_id'])
      .where('account_id', '=', c.id)
      .executeTakeFirstOrThrow();
    assert.equal(sealed.reissue_request_id, r.id);
    const password = app.server.app.deps.passwords.open(sealed.sealed_password as Uint8Array);
    assert.notEqual(password, c.password);
    assert.equal(bind(c.uid, password), true, 'the new initial password binds');
    assert.equal(bind(c.uid, c.password), false, 'the old one no longer does');
  });

  it('an approved Suspension whose day has come locks the account in slapd: the bind fails', async () => {
    const [a] = accounts as [TestAccount];
    const password = 'harbour violet engine seven';
    assert.equal(bind(a.uid, password), true);
    const db = app.server.database.db;
    await endBySuspension(app, a);
    assert.equal(bind(a.uid, password), false, 'slapd refuses the ended account');
    assert.match(
      slapd.ldap('ldapsearch', ['-LLL', '-b', slapd.baseDn, `(uid=${a.uid})`, 'shadowExpire']),
      /^shadowExpire: 1$/m,
    );
    const state = await db
      .selectFrom('account')
      .select(['state', 'locked_reason'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(state, { state: 'ended', locked_reason: 'suspended' });
  });
});
