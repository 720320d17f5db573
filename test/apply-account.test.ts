import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import sshpk from 'sshpk';
import { setServiceAcceptance } from '../src/db/notices.js';
import type { TestApp } from './helpers/app.js';
import { openDraft, useApplyApp } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';

function keyPair(type: 'ed25519' | 'rsa', bits = 3072) {
  const { publicKey, privateKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: bits }) : generateKeyPairSync('ed25519');
  const pub = sshpk.parseKey(publicKey.export({ type: 'spki', format: 'pem' }), 'pem').toString('ssh');
  const priv = sshpk
    .parsePrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }), 'pem')
    .toString('ssh-private');
  return { pub: `${pub} taro@laptop`, priv, fingerprint: sshpk.parseKey(pub, 'ssh').fingerprint('sha256').toString() };
}

/** Every text value in every table of the database, as one string. */
async function everything(app: TestApp): Promise<string> {
  const db = app.server.database.db;
  const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public'`.execute(db);
  let all = '';
  for (const { t } of tables.rows) all += JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(db)).rows);
  return all;
}

describe('application step 4: account name, SSH key, personal genome division', () => {
  const suite = useApplyApp();
  const application = suite.application;

  it('saves a good name and key and shows the key’s fingerprint back', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'keys@inst.example.jp');
    const page = await person.get('/apply/account');
    assert.equal(h1Text(page.html), 'Account name and SSH key');
    const key = keyPair('ed25519');
    const res = await person.submit(page.html, '/apply/account', { accountName: 'taro_y', sshKey: key.pub });
    assert.equal(res.status, 303);
    const row = await application('keys@inst.example.jp');
    assert.equal(row.account_name, 'taro_y');
    assert.equal(row.ssh_fingerprint, key.fingerprint);
    assert.deepEqual(row.steps_done, ['account']);
    const again = await person.get('/apply/account');
    assert.ok(again.html.includes(`Key fingerprint: ${key.fingerprint}`));
  });

  it('refuses a private key, keeps it nowhere and says to treat it as leaked', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'leak@inst.example.jp');
    const page = await person.get('/apply/account');
    const key = keyPair('ed25519');
    const res = await person.submit(page.html, '/apply/account', { accountName: 'leaky', sshKey: key.priv });
    assert.equal(res.status, 400);
    assert.match(res.html, /This is a private key\. It was not saved\. Treat it as leaked/);
    const body = key.priv.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    assert.ok(body.length > 0);
    for (const line of body) {
      assert.ok(!res.html.includes(line), 'the private key came back in the page');
      assert.ok(!JSON.stringify(suite.app.logs).includes(line), 'the private key reached the log');
    }
    const stored = await everything(suite.app);
    for (const line of body) assert.ok(!stored.includes(line), 'the private key was stored');
    assert.equal((await application('leak@inst.example.jp')).ssh_public_key, null);
  });

  it('refuses short RSA keys, reserved names, the -pg suffix and names taken by applications in review', async () => {
    await suite.app.server.database.db
      .updateTable('application')
      .set({ state: 'submitted', reference: 'A2026-000007' })
      .where('email', '=', 'keys@inst.example.jp')
      .execute();
    const person = new Browserless(suite.app.url, 'ja');
    await openDraft(suite.app, person, 'names@inst.example.jp');
    const page = await person.get('/apply/account');
    const cases: [Record<string, string>, string][] = [
      [{ accountName: 'root' }, 'この名前はシステム用に予約されています'],
      [{ accountName: 'taro-pg' }, 'アカウント名の末尾に -pg は使えません'],
      [{ accountName: 'Taro' }, 'アカウント名には英小文字（a〜z）、数字、_ だけを使ってください'],
      [{ accountName: 'taro_y' }, 'このアカウント名はすでに使われています'],
      [{ accountName: 'hanako', sshKey: keyPair('rsa', 2048).pub }, 'この RSA 鍵は短すぎます'],
    ];
    for (const [fields, message] of cases) {
      const res = await person.submit(page.html, '/apply/account', fields);
      assert.equal(res.status, 400, message);
      assert.ok(res.html.includes(message), message);
    }
    const ok = await person.submit(page.html, '/apply/account', { accountName: 'hanako', sshKey: '' });
    assert.equal(ok.status, 303, 'the key is optional');
  });

  it('offers the personal genome division only while it accepts new accounts', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'pg@inst.example.jp');
    // Seeded as suspended (since 2022-05-13): the tick is disabled, the notice shown, a forced tick ignored.
    const suspended = await person.get('/apply/account');
    assert.match(suspended.html, /New accounts in the personal genome analysis division are not being accepted/);
    assert.match(suspended.html, /name="usePg"[^>]*disabled/);
    assert.match(suspended.html, /id="usePg-suspended"[\s\S]*?Personal genome/);
    await person.submit(suspended.html, '/apply/account', { accountName: 'genome', usePg: 'yes' });
    assert.equal((await application('pg@inst.example.jp')).use_pg, false);

    await setServiceAcceptance(suite.app.server.database.db, 'pg', { accepting: true, since: new Date() });
    const open = await person.get('/apply/account');
    assert.match(open.html, /name="usePg"/);
    assert.doesNotMatch(open.html, /name="usePg"[^>]*disabled/);
    assert.match(
      open.html,
      /Your account there will be <\/span><strong data-twin-of="accountName">genome-pg<\/strong><span>\./,
    );
    await person.submit(open.html, '/apply/account', {
      accountName: 'genome',
      usePg: 'yes',
      pgStorage: '2',
      pgPaid: 'yes',
    });
    assert.equal((await application('pg@inst.example.jp')).use_pg, true);
  });

  it('answers the live name check with the same rules, in the page’s language, only for an open draft', async () => {
    const anonymous = await new Browserless(suite.app.url, 'en').get('/apply/account/name?name=taro');
    assert.equal(anonymous.status, 401);
    const person = new Browserless(suite.app.url, 'ja');
    await openDraft(suite.app, person, 'live@univ.example.ac.jp');
    const ask = async (name: string) => {
      const res = await person.get(`/apply/account/name?name=${encodeURIComponent(name)}`);
      assert.equal(res.status, 200);
      return JSON.parse(res.html) as { ok: boolean; message: string };
    };
    assert.deepEqual(await ask('free_name'), { ok: true, message: 'このアカウント名は使えます' });
    assert.equal((await ask('root')).ok, false);
    assert.equal((await ask('taro-pg')).ok, false);
    assert.equal((await ask('1abc')).ok, false);
    await suite.app.server.database.db
      .insertInto('application')
      .values({
        email: 'other@x.example',
        lang: 'ja',
        state: 'submitted',
        account_name: 'held_name',
        expires_at: new Date(),
      })
      .execute();
    const held = await ask('held_name');
    assert.equal(held.ok, false);
    assert.equal(held.message, 'このアカウント名はすでに使われています。別の名前を選んでください');
    const tooLong = await person.get(`/apply/account/name?name=${'a'.repeat(100)}`);
    assert.equal(JSON.parse(tooLong.html).ok, false);
  });
});
