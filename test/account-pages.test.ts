// The account holder's pages over HTTP, on PGlite and on PostgreSQL: SSH keys
// (validation as on the application, pending until the job has written them, a
// mail for every change, the last key kept), password (policy, the directory gets
// the new hash, other sessions end, a mail), and that nobody reaches another
// holder's keys by changing an id.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addKey, keyPair, logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';
import { drainJobs } from './helpers/review.js';

const h1 = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();

for (const kind of databaseKinds) {
  describe(`account pages (${kind})`, () => {
    let app: TestApp;
    let accounts: TestAccount[];
    const keys = [keyPair('ed25519'), keyPair('ecdsa'), keyPair('rsa', 3072)];
    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env });
      accounts = await provisionedAccounts(app, 3);
    });
    after(async () => {
      await app.close();
      for (const k of keys) k.remove();
    });
    const db = () => app.server.database.db;
    const [ed, ecdsa, rsa] = keys as [(typeof keys)[0], (typeof keys)[0], (typeof keys)[0]];

    it('adds SSH keys: pending until the directory has them, then in use; a mail for each', async () => {
      const [a] = accounts as [TestAccount];
      const person = await logIn(app, a);
      const empty = await person.get('/account/ssh-keys');
      assert.equal(h1(empty.html), 'SSH keys');
      assert.match(empty.html, /No SSH key is registered/);
      // To see "pending", the worker's own loop waits until the key is on the page.
      await app.server.worker.stop();
      const res = await person.submit(empty.html, '/account/ssh-keys', { publicKey: ed.publicKey });
      assert.equal(res.status, 303);
      const pending = await person.get(res.location as string);
      assert.match(pending.html, /Pending: being added/);
      assert.match(pending.html, /The key SHA256:[\w+/]+ was added/);
      assert.match(pending.html, /ED25519 256/);
      assert.match(pending.html, /me@laptop/);
      assert.deepEqual((await app.server.directories.ga.getUser(a.uid))?.sshPublicKeys, []);
      await drainJobs(app);
      app.server.worker.start();
      const applied = await person.get('/account/ssh-keys');
      assert.match(applied.html, /In use/);
      assert.doesNotMatch(applied.html, /Pending/);
      assert.deepEqual((await app.server.directories.ga.getUser(a.uid))?.sshPublicKeys, [ed.publicKey]);
      assert.ok(
        (await mailsTo(app, a.email, 1)).some((m) => /An SSH key was added to your account/.test(m.subject ?? '')),
      );
      assert.equal((await addKey(app, person, rsa.publicKey)).status, 303);
      assert.equal((await app.server.directories.ga.getUser(a.uid))?.sshPublicKeys.length, 2);
    });

    it('refuses a private key (never stored), a duplicate, a short RSA key and an empty box', async () => {
      const [a] = accounts as [TestAccount];
      const person = await logIn(app, a);
      const page = await person.get('/account/ssh-keys');
      const privateKey = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----`;
      const refused = await person.submit(page.html, '/account/ssh-keys', { publicKey: privateKey });
      assert.equal(refused.status, 400);
      assert.match(refused.html, /<title>Error: SSH keys/);
      assert.match(fieldError(refused.html, 'publicKey') ?? '', /private key/i);
      assert.doesNotMatch(refused.html, /BEGIN OPENSSH PRIVATE KEY/, 'not shown again');
      const duplicate = await person.submit(page.html, '/account/ssh-keys', { publicKey: ed.publicKey });
      assert.equal(fieldError(duplicate.html, 'publicKey'), 'This key is already registered for your account');
      const short = keyPair('rsa', 2048);
      const tooShort = await person.submit(page.html, '/account/ssh-keys', { publicKey: short.publicKey });
      short.remove();
      assert.match(fieldError(tooShort.html, 'publicKey') ?? '', /too short/);
      assert.match(tooShort.html, /ssh-rsa AAAA/, 'what was typed stays in the box');
      const empty = await person.submit(page.html, '/account/ssh-keys', { publicKey: '  ' });
      assert.equal(fieldError(empty.html, 'publicKey'), 'Enter your SSH public key');
      const stored = await db()
        .selectFrom('account_ssh_key')
        .select('public_key')
        .where('account_id', '=', a.id)
        .execute();
      assert.equal(stored.length, 2);
      assert.ok(stored.every((k) => !k.public_key.includes('PRIVATE')));
    });

    it('removes a key after confirmation, but never the last one', async () => {
      const [a] = accounts as [TestAccount];
      const person = await logIn(app, a);
      const list = await db()
        .selectFrom('account_ssh_key')
        .selectAll()
        .where('account_id', '=', a.id)
        .orderBy('id')
        .execute();
      const [first, second] = list as [(typeof list)[0], (typeof list)[0]];
      const confirm = await person.get(`/account/ssh-keys/${second.id}/remove`);
      await app.server.worker.stop();
      assert.equal(h1(confirm.html), 'Remove this SSH key?');
      const removed = await person.submit(confirm.html, `/account/ssh-keys/${second.id}/remove`, {});
      assert.equal(removed.status, 303);
      assert.match((await person.get(removed.location as string)).html, /Pending: being removed/);
      await drainJobs(app);
      app.server.worker.start();
      assert.deepEqual((await app.server.directories.ga.getUser(a.uid))?.sshPublicKeys, [first.public_key]);
      assert.ok((await mailsTo(app, a.email, 1)).some((m) => /removed from your account/.test(m.subject ?? '')));
      const last = await person.get(`/account/ssh-keys/${first.id}/remove`);
      const kept = await person.submit(last.html, `/account/ssh-keys/${first.id}/remove`, {});
      assert.equal(kept.status, 400);
      assert.match(fieldError(kept.html, 'publicKey') ?? '', /Add another key before you remove this one/);
      assert.equal((await app.server.directories.ga.getUser(a.uid))?.sshPublicKeys.length, 1);
    });

    it("never shows or removes another holder's key by its id", async () => {
      const [a, b] = accounts as [TestAccount, TestAccount];
      const holderB = await logIn(app, b);
      await addKey(app, holderB, ecdsa.publicKey);
      await addKey(app, holderB, ed.publicKey);
      const [keyOfB] = await db().selectFrom('account_ssh_key').select('id').where('account_id', '=', b.id).execute();
      const intruder = await logIn(app, a);
      assert.equal((await intruder.get(`/account/ssh-keys/${keyOfB?.id}/remove`)).status, 404);
      const own = await intruder.get('/account/ssh-keys');
      const forged = await intruder.submit(own.html, `/account/ssh-keys/${keyOfB?.id}/remove`, {});
      assert.equal(forged.status, 404);
      const [fingerprintOfB] = await db()
        .selectFrom('account_ssh_key')
        .select('fingerprint')
        .where('account_id', '=', b.id)
        .execute();
      assert.doesNotMatch(own.html, new RegExp(String(fingerprintOfB?.fingerprint).replace(/[+/]/g, '.')));
      await drainJobs(app);
      assert.equal((await app.server.directories.ga.getUser(b.uid))?.sshPublicKeys.length, 2);
      for (const path of ['/account/ssh-keys/x/remove', '/account/ssh-keys/99999999999/remove']) {
        assert.ok([400, 404].includes((await intruder.get(path)).status), path);
      }
      // Without a session every account page goes to the login page, and forms are refused.
      const nobody = await logIn(app, a);
      const page = await nobody.get('/account/ssh-keys');
      await nobody.submit(page.html, '/logout', {});
      for (const path of [
        '/account',
        '/account/ssh-keys',
        '/account/password',
        `/account/ssh-keys/${keyOfB?.id}/remove`,
      ]) {
        const res = await nobody.get(path);
        assert.equal(res.location, '/login', path);
      }
      assert.equal((await nobody.submit(page.html, '/account/ssh-keys', { publicKey: rsa.publicKey })).status, 403);
    });

    it('changes the password: policy checked, the directory gets it, other sessions end, a mail', async () => {
      const [, , c] = accounts as [TestAccount, TestAccount, TestAccount];
      const elsewhere = await logIn(app, c);
      const person = await logIn(app, c, 'en');
      const form = await person.get('/account/password');
      assert.equal(h1(form.html), 'Change your password');
      assert.match(form.html, /js\/password-strength\.js/);
      const cases: [Record<string, string>, string, string][] = [
        [
          { current: 'wrong', password: 'a long enough new one', password2: 'a long enough new one' },
          'current',
          'The current password is not right',
        ],
        [
          { current: c.password, password: 'short one', password2: 'short one' },
          'password',
          'The new password must be at least 12 characters long',
        ],
        [
          { current: c.password, password: 'password1234', password2: 'password1234' },
          'password',
          'This password is too common or has appeared in a data breach. Choose another new password',
        ],
        [
          { current: c.password, password: `my ${c.uid} secret words`, password2: `my ${c.uid} secret words` },
          'password',
          'The new password must not contain your account name',
        ],
        [
          { current: c.password, password: 'ocean lantern marble kite', password2: 'ocean lantern marble kit' },
          'password2',
          'The two new passwords are not the same',
        ],
      ];
      for (const [fields, field, message] of cases) {
        const res = await person.submit(form.html, '/account/password', fields);
        assert.equal(res.status, 400, `${message}: ${h1(res.html)} ${res.html.match(/error-message">[^<]*/g)}`);
        assert.equal(fieldError(res.html, field), message);
      }
      assert.equal(await app.server.directories.ga.authenticate(c.uid, c.password), true, 'nothing changed yet');
      const next = 'ocean lantern marble kite 星';
      const done = await person.submit(form.html, '/account/password', {
        current: c.password,
        password: next,
        password2: next,
      });
      assert.equal(done.status, 200);
      assert.equal(h1(done.html), 'Your password has been changed');
      await drainJobs(app);
      assert.equal(await app.server.directories.ga.authenticate(c.uid, next), true);
      assert.equal(await app.server.directories.ga.authenticate(c.uid, c.password), false);
      assert.equal((await elsewhere.get('/account')).location, '/login', 'the other session ended');
      assert.equal((await person.get('/account')).status, 200, 'this browser stays logged in');
      assert.ok(
        (await mailsTo(app, c.email, 1)).some((m) => /password of your account .* was changed/.test(m.subject ?? '')),
      );
      const job = await db()
        .selectFrom('job')
        .select('payload')
        .where('kind', '=', 'account.password')
        .executeTakeFirstOrThrow();
      assert.doesNotMatch(JSON.stringify(job.payload), /ARGON2|\$argon2/, 'the hash travels sealed');
      c.password = next;
    });
  });
}
