// Password recovery with an SSH key (PostgreSQL and PGlite): the holder signs the
// challenge with `ssh-keygen -Y sign -n sc-account` and sets a new password; a
// replayed, expired, wrong-namespace or foreign-key signature opens nothing, and a
// name that is no account looks the same until the signature.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addKey, keyPair, logIn, provisionedAccounts, sshSign, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';
import { drainJobs } from './helpers/review.js';

const h1 = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();
const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');
/** The challenge in the command the page shows. */
const challengeOf = (html: string) =>
  decode(html.match(/id="sign-command"><code>([^<]*)<\/code>/)?.[1] ?? '').match(/printf '%s' '([^']+)'/)?.[1] ?? '';

for (const kind of databaseKinds) {
  describe(`password recovery with an SSH key (${kind})`, () => {
    let app: TestApp;
    let accounts: TestAccount[];
    const key = keyPair('ed25519');
    const other = keyPair('ed25519');
    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env });
      accounts = await provisionedAccounts(app, 2);
      for (const a of accounts)
        await addKey(app, await logIn(app, a), a === accounts[0] ? key.publicKey : other.publicKey);
    });
    after(async () => {
      await app.close();
      key.remove();
      other.remove();
    });
    const db = () => app.server.database.db;

    /** Starts a recovery for `name`: the browser, the sign page and its challenge. */
    const start = async (name: string, lang: 'en' | 'ja' = 'en') => {
      const person = new Browserless(app.url, lang);
      const first = await person.get('/login/recover');
      assert.equal(first.status, 200);
      const sign = await person.submit(first.html, '/login/recover', { accountName: name });
      assert.equal(sign.status, 200);
      return { person, sign, challenge: challengeOf(sign.html) };
    };

    it('a signature by a registered key lets the holder set a new password, once', async () => {
      const [a] = accounts as [TestAccount];
      const session = await logIn(app, a);
      const { person, sign, challenge } = await start(a.uid);
      assert.equal(h1(sign.html), 'Sign this text with your SSH key');
      assert.match(challenge, new RegExp(`^sc-account:reset:${a.uid}:[\\w-]{24}$`));
      assert.match(decode(sign.html), /ssh-keygen -Y sign -f ~\/\.ssh\/id_ed25519 -n sc-account/);
      const signature = sshSign(key, challenge);
      const next = await person.submit(sign.html, '/login/recover/sign', { signature });
      assert.equal(next.status, 200);
      assert.equal(h1(next.html), 'Choose a new password');
      const weak = await person.submit(next.html, '/login/recover/password', {
        password: 'password1234',
        password2: 'password1234',
      });
      assert.equal(weak.status, 400);
      assert.match(fieldError(weak.html, 'password') ?? '', /too common/);
      const password = 'river stone paper owl';
      const done = await person.submit(weak.html, '/login/recover/password', { password, password2: password });
      assert.equal(done.status, 200);
      assert.equal(h1(done.html), 'Your password has been reset');
      await drainJobs(app);
      assert.equal(await app.server.directories.ga.authenticate(a.uid, password), true);
      assert.equal(await app.server.directories.ga.authenticate(a.uid, a.password), false);
      assert.equal((await session.get('/account')).location, '/login', 'sessions opened before the reset end');
      await logIn(app, { uid: a.uid, password });
      assert.ok((await mailsTo(app, a.email, 1)).some((m) => /reset with an SSH key/.test(m.subject ?? '')));
      // The same flow, the same signature: used up.
      const again = await person.submit(
        done.html.includes('_csrf') ? done.html : next.html,
        '/login/recover/password',
        {
          password: 'another fine long one',
          password2: 'another fine long one',
        },
      );
      assert.equal(again.status, 410);
      const replay = await person.submit(sign.html, '/login/recover/sign', { signature });
      assert.equal(replay.status, 410);
      // The old signature on a new challenge.
      const fresh = await start(a.uid);
      const replayed = await fresh.person.submit(fresh.sign.html, '/login/recover/sign', { signature });
      assert.equal(replayed.status, 400);
      assert.match(fieldError(replayed.html, 'signature') ?? '', /does not match this text/);
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', `account:${a.id}`)
        .execute();
      const actions = audit.map((r) => r.action);
      for (const action of ['account.recovery.verified', 'account.password.reset', 'account.recovery.failed'])
        assert.ok(actions.includes(action), action);
      a.password = password;
    });

    it('refuses a signature for another namespace, by a key not registered, or not a signature', async () => {
      const [a] = accounts as [TestAccount];
      const { person, sign, challenge } = await start(a.uid);
      const wrongNamespace = await person.submit(sign.html, '/login/recover/sign', {
        signature: sshSign(key, challenge, 'file'),
      });
      assert.equal(wrongNamespace.status, 400);
      assert.match(fieldError(wrongNamespace.html, 'signature') ?? '', /-n sc-account/);
      const foreign = await person.submit(sign.html, '/login/recover/sign', { signature: sshSign(other, challenge) });
      assert.match(fieldError(foreign.html, 'signature') ?? '', /does not match/, "b's key is not a's");
      const garbage = await person.submit(sign.html, '/login/recover/sign', { signature: 'hello' });
      assert.match(fieldError(garbage.html, 'signature') ?? '', /This is not an SSH signature/);
      assert.match(garbage.html, /<textarea[^>]*>hello<\/textarea>/, 'what was pasted is kept');
      const empty = await person.submit(sign.html, '/login/recover/sign', { signature: '' });
      assert.equal(fieldError(empty.html, 'signature'), 'Paste the signature the command printed');
      // The flow still works after the failures, with the right key.
      const ok = await person.submit(sign.html, '/login/recover/sign', { signature: sshSign(key, challenge) });
      assert.equal(h1(ok.html), 'Choose a new password');
      // A name that is no account: the same pages, and no key can sign for it.
      const nobody = await start('nosuchuser');
      assert.match(nobody.challenge, /^sc-account:reset:nosuchuser:/);
      const refused = await nobody.person.submit(nobody.sign.html, '/login/recover/sign', {
        signature: sshSign(key, nobody.challenge),
      });
      assert.match(fieldError(refused.html, 'signature') ?? '', /does not match/);
    });

    it('an expired flow starts again', async () => {
      const [, b] = accounts as [TestAccount, TestAccount];
      const { person, sign, challenge } = await start(b.uid, 'ja');
      await db()
        .updateTable('password_recovery')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('challenge', '=', challenge)
        .execute();
      const late = await person.submit(sign.html, '/login/recover/sign', { signature: sshSign(other, challenge) });
      assert.equal(late.status, 410);
      assert.match(late.html, /期限切れ/);
      assert.match(late.html, /href="\/login\/recover"/);
    });

    it('asks for the account name', async () => {
      const person = new Browserless(app.url, 'en');
      const first = await person.get('/login/recover');
      assert.match(first.html, /href="\/login\/recover\/post"/, 'where to go without a key');
      const res = await person.submit(first.html, '/login/recover', { accountName: ' ' });
      assert.equal(res.status, 400);
      assert.equal(fieldError(res.html, 'accountName'), 'Enter your account name');
    });
  });
}
