// The renewal lock against a real OpenLDAP (slapd with ppolicy) on a real PostgreSQL:
// on April 1 an account not renewed can no longer bind and its login page says why;
// renewing late opens it again (the bind works), while a renewed account is never
// touched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calendarLookup } from '../src/db/settings.js';
import { lockAt } from '../src/domain/fiscal-calendar.js';
import { renewHolder } from '../src/jobs/handlers/renewal.js';
import { scheduleDue } from '../src/jobs/scheduler.js';
import { provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { createTestDatabase } from './helpers/postgres.js';
import { drainJobs } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';

const tokyo = (text: string) => new Date(`${text}+09:00`);

describe('the renewal lock on OpenLDAP', () => {
  let slapd: TestSlapd;
  let app: TestApp;
  let accounts: TestAccount[];
  let now = tokyo('2027-03-30T12:00');
  before(async () => {
    slapd = await startSlapd();
    app = await startTestApp({
      env: {
        DATABASE_URL: await createTestDatabase(),
        ...slapd.env,
        RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
      },
      clock: () => now,
    });
    accounts = await provisionedAccounts(app, 2);
  });
  after(async () => {
    await app.close();
    await slapd.stop();
  });
  const bind = (uid: string, password: string) => slapd.binds(uid, password);

  it('locks on April 1 who did not renew, and opens them again when they do', async () => {
    const [late, renewed] = accounts as [TestAccount, TestAccount];
    const db = app.server.database.db;
    await db.updateTable('account').set({ valid_through: 2026 }).where('id', '=', late.id).execute();
    await db.updateTable('account').set({ valid_through: 2027 }).where('id', '=', renewed.id).execute();
    const calendar = await calendarLookup(db, app.config.renewal.opensOn);
    await scheduleDue(db, calendar, now);
    assert.equal(bind(late.uid, late.password), true);

    now = tokyo('2027-04-01T00:00');
    assert.ok((await scheduleDue(db, calendar, now)) >= 1);
    await drainJobs(app);
    assert.equal(bind(late.uid, late.password), false, 'slapd refuses the account not renewed');
    assert.equal(bind(renewed.uid, renewed.password), true, 'the renewed one is untouched');
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/login');
    const res = await person.submit(form.html, '/login', { accountName: late.uid, password: late.password });
    // The right password against slapd's lock: a session for the renewal pages only.
    assert.equal(res.status, 303);
    assert.equal(res.location, '/account/renewal');
    const page = await person.get('/account/renewal');
    assert.match(page.html, /was locked because it was not renewed/);
    assert.equal((await person.get('/account')).location, '/account/renewal');
    const wrong = new Browserless(app.url, 'en');
    const again = await wrong.get('/login');
    const refused = await wrong.submit(again.html, '/login', { accountName: late.uid, password: 'not it at all' });
    assert.equal(refused.status, 401, 'a wrong password gets nothing');

    // Renewed late: a job opens it within the minute.
    now = tokyo('2027-04-10T10:00');
    await db.transaction().execute((trx) =>
      renewHolder(trx, app.server.app.deps.outbox, {
        applicationId: late.applicationId,
        fiscalYear: 2027,
        lockAt: lockAt(calendar(2027)),
        baseUrl: app.config.baseUrl,
      }),
    );
    await drainJobs(app);
    assert.equal(bind(late.uid, late.password), true, 'the bind works again');
    const state = await db
      .selectFrom('account')
      .select(['state', 'locked_reason'])
      .where('id', '=', late.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(state, { state: 'active', locked_reason: null });
  });
});
