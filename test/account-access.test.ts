// Access to every account page: without a session each one sends the browser to the
// login page (forms are refused), and a holder who puts another holder's id in the
// address finds nothing there. The list is checked against the routes in
// src/web/account, so a new route cannot be left out.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createRequest } from '../src/db/account-requests.js';
import { addKey, keyPair, logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';

const routes = [
  'GET /account',
  'GET /account/password',
  'GET /account/requests',
  'GET /account/requests/:id',
  'GET /account/requests/manager',
  'GET /account/requests/modification',
  'GET /account/requests/suspension',
  'GET /account/ssh-keys',
  'GET /account/ssh-keys/:id/remove',
  'POST /account/password',
  'POST /account/requests/:id/answer',
  'POST /account/requests/:id/withdraw',
  'POST /account/requests/manager',
  'POST /account/requests/manager/send',
  'POST /account/requests/modification',
  'POST /account/requests/modification/send',
  'POST /account/requests/suspension',
  'POST /account/requests/suspension/send',
  'POST /account/ssh-keys',
  'POST /account/ssh-keys/:id/remove',
];

describe('access to the account pages', () => {
  let app: TestApp;
  let a: TestAccount;
  let b: TestAccount;
  const ids: { key: number; request: number } = { key: 0, request: 0 };
  const key = keyPair();
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
    [a, b] = (await provisionedAccounts(app, 2)) as [TestAccount, TestAccount];
    await addKey(app, await logIn(app, b), key.publicKey);
    const db = app.server.database.db;
    ids.key = (
      await db.selectFrom('account_ssh_key').select('id').where('account_id', '=', b.id).executeTakeFirstOrThrow()
    ).id;
    ids.request = (
      await db.transaction().execute((trx) =>
        createRequest(trx, {
          applicationId: b.applicationId,
          accountId: b.id,
          data: { kind: 'modification', changes: [{ field: 'department', before: null, after: 'Lab B' }] },
        }),
      )
    ).id;
  });
  after(async () => {
    await app.close();
    key.remove();
  });

  it('lists every /account route of src/web/account', () => {
    const found = readdirSync('src/web/account')
      .flatMap((f) => [
        ...readFileSync(`src/web/account/${f}`, 'utf8').matchAll(/app\.(get|post)\('(\/account[^']*)'/g),
      ])
      .map((m) => `${m[1]?.toUpperCase()} ${m[2]}`)
      .sort();
    assert.deepEqual(found, [...routes].sort());
  });

  const path = (route: string) =>
    (route.split(' ')[1] as string).replace(':id', String(route.includes('ssh-keys') ? ids.key : ids.request));

  it('without a session: every page goes to the login page, every form is refused', async () => {
    const nobody = new Browserless(app.url, 'en');
    const form = await nobody.get('/login');
    for (const route of routes) {
      const res = route.startsWith('GET')
        ? await nobody.get(path(route))
        : await nobody.submit(form.html, path(route), {});
      if (route.startsWith('GET')) assert.equal(res.location, '/login', route);
      else assert.equal(res.status, 403, route);
    }
  });

  it("another holder's key and request ids lead nowhere, and change nothing", async () => {
    const intruder = await logIn(app, a);
    const page = await intruder.get('/account');
    for (const route of routes.filter((r) => r.includes(':id'))) {
      const res = route.startsWith('GET')
        ? await intruder.get(path(route))
        : await intruder.submit(page.html, path(route), { answer: 'mine now', version: '1' });
      assert.equal(res.status, 404, route);
    }
    const db = app.server.database.db;
    const r = await db
      .selectFrom('account_request')
      .selectAll()
      .where('id', '=', ids.request)
      .executeTakeFirstOrThrow();
    assert.equal(r.state, 'submitted');
    assert.equal(r.answer, null);
    const k = await db.selectFrom('account_ssh_key').selectAll().where('id', '=', ids.key).executeTakeFirstOrThrow();
    assert.equal(k.state, 'active');
    assert.doesNotMatch((await intruder.get('/account')).html, /Lab B/);
  });
});
