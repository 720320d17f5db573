// Private key material is never kept, shown again or logged, whatever surrounds it and
// whichever page takes keys or signatures: generated keys of every type and form
// (test/helpers/private-keys.ts) are pasted in random surroundings into the application's
// key step, the account's SSH keys page and the recovery's signature page, and into an
// ordinary text field. Then the database (every table), every file of DATA_DIR (the
// embedded PostgreSQL's tables and WAL) and the log are searched for any line of them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { keyPair, logIn, provisionedAccounts } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { openDraft } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { type PrivateKeyForm, privateKeyForms } from './helpers/private-keys.js';

const forms = privateKeyForms();
const publicKey = keyPair('ed25519');
after(() => publicKey.remove());

const surrounding = fc.oneof(
  fc.constantFrom('', 'my key:', 'here it is', '秘密鍵です：', 'Key:', publicKey.publicKey),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);
const separator = fc.constantFrom('\n', ' ', '\r\n', ': ', '\n\n');
const pasted = fc
  .tuple(fc.constantFrom(...forms), fc.boolean(), surrounding, separator, surrounding, separator)
  .map(([form, whole, before, s1, after, s2]) => ({
    form,
    text: `${before}${form.needsOwnLines ? '\n' : s1}${whole ? form.text : form.body}${form.needsOwnLines ? '\n' : s2}${after}`,
  }));

/** Every file under `dir`, read as bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile()) out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

describe('private key material is never stored, shown again or logged', () => {
  let app: TestApp;
  const sent: PrivateKeyForm[] = [];
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000', RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  after(() => app.close());

  /** The page must not carry any line of the key, nor the log so far. */
  const assertNotShown = (html: string, form: PrivateKeyForm) => {
    const log = JSON.stringify(app.logs);
    for (const line of form.secretLines) {
      assert.ok(!html.includes(line), `${form.what}: a line of the key came back in the page`);
      assert.ok(!log.includes(line), `${form.what}: a line of the key reached the log`);
    }
  };

  it('on the application’s key step', async () => {
    const person = new Browserless(app.url, 'en');
    await openDraft(app, person, 'keys@inst.example.jp');
    const page = await person.get('/apply/account');
    await fc.assert(
      fc.asyncProperty(pasted, async ({ form, text }) => {
        sent.push(form);
        const res = await person.submit(page.html, '/apply/account', { accountName: 'taro_y', sshKey: text });
        assert.equal(res.status, 400, form.what);
        assert.match(res.html, /This is a private key\. It was not saved/, form.what);
        assertNotShown(res.html, form);
      }),
      { numRuns: 40 },
    );
    const row = await app.server.database.db
      .selectFrom('application')
      .select('ssh_public_key')
      .where('email', '=', 'keys@inst.example.jp')
      .executeTakeFirstOrThrow();
    assert.equal(row.ssh_public_key, null);
  });

  it('a key that does not parse is shown again but not stored', async () => {
    const person = new Browserless(app.url, 'en');
    await openDraft(app, person, 'typo@inst.example.jp');
    const page = await person.get('/apply/account');
    const [type, blob] = publicKey.publicKey.split(' ');
    const broken = `${type} ${blob?.slice(0, 60)} laptop`;
    const res = await person.submit(page.html, '/apply/account', { accountName: 'hanako', sshKey: broken });
    assert.equal(res.status, 400);
    assert.ok(res.html.includes(broken.slice(0, 60)), 'what was typed is shown again');
    const row = await app.server.database.db
      .selectFrom('application')
      .select('ssh_public_key')
      .where('email', '=', 'typo@inst.example.jp')
      .executeTakeFirstOrThrow();
    assert.equal(row.ssh_public_key, null);
  });

  it('on the account’s SSH keys page and the recovery’s signature page', async () => {
    const [account] = await provisionedAccounts(app, 1);
    assert.ok(account);
    const holder = await logIn(app, account);
    const keys = await holder.get('/account/ssh-keys');
    const recovery = new Browserless(app.url, 'ja');
    const start = await recovery.get('/login/recover');
    const sign = await recovery.submit(start.html, '/login/recover', { accountName: account.uid });
    assert.equal(sign.status, 200);
    await fc.assert(
      fc.asyncProperty(pasted, pasted, async (one, two) => {
        sent.push(one.form, two.form);
        const added = await holder.submit(keys.html, '/account/ssh-keys', { publicKey: one.text });
        assert.equal(added.status, 400, one.form.what);
        assert.match(added.html, /This is a private key/, one.form.what);
        assertNotShown(added.html, one.form);
        const signed = await recovery.submit(sign.html, '/login/recover/sign', { signature: two.text });
        assert.equal(signed.status, 400, two.form.what);
        assert.match(signed.html, /これは署名ではなく秘密鍵です/, two.form.what);
        assertNotShown(signed.html, two.form);
      }),
      { numRuns: 18 },
    );
  });

  it('in a field that takes no keys the form is refused with a page that says why', async () => {
    const person = new Browserless(app.url, 'ja');
    await openDraft(app, person, 'purpose@inst.example.jp');
    const page = await person.get('/apply/applicant');
    await fc.assert(
      fc.asyncProperty(pasted, async ({ form, text }) => {
        sent.push(form);
        const res = await person.submit(page.html, '/apply/applicant', { purpose: text });
        assert.equal(res.status, 400, form.what);
        assert.match(res.html, /秘密鍵が送信されました。保存していません/, form.what);
        assertNotShown(res.html, form);
      }),
      { numRuns: 20 },
    );
  });

  it('and afterwards no line of any of them is in the database, DATA_DIR or the log', async () => {
    const db = app.server.database.db;
    await sql`checkpoint`.execute(db);
    const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public'`.execute(
      db,
    );
    let stored = '';
    for (const { t } of tables.rows)
      stored += JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(db)).rows);
    const files = filesUnder(app.dataDir);
    assert.ok(files.length > 100, 'the embedded database keeps its files in DATA_DIR');
    const log = JSON.stringify(app.logs);
    const lines = new Set(sent.flatMap((form) => form.secretLines));
    assert.ok(lines.size >= 60, `${lines.size} lines searched`);
    for (const line of lines) {
      assert.ok(!stored.includes(line), 'a line of a private key is in the database');
      assert.ok(!log.includes(line), 'a line of a private key is in the log');
      const needle = Buffer.from(line);
      for (const file of files) assert.ok(!file.bytes.includes(needle), `a line of a private key is in ${file.path}`);
    }
  });
});
