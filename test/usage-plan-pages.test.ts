// The usage plan over HTTP as holders use it, without JavaScript: the responsible
// person files a version through the form and its check page (with the estimate),
// bad input answered field by field with everything typed kept (English and
// Japanese), the suspension of large-scale use, a plain user who sees only their own
// storage, delegates, the alert amount and the statement once staff approved.
// (The use cases under these pages run on both databases in usage-plans.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { setPriceRevision } from '../src/services/prices.js';
import { decideUsagePlan, setLargeScale } from '../src/services/usage-plans.js';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { readPdf, squash } from './helpers/pdf.js';

const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();

describe('the usage plan pages', () => {
  let app: TestApp;
  let person: TestAccount;
  let user: TestAccount;
  let group: string;
  const year = fiscalYearOf(new Date());
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
    [person, user] = (await provisionedAccounts(app, 2)) as [TestAccount, TestAccount];
    const db = app.server.database.db;
    const row = await db
      .selectFrom('account')
      .select('group_name')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    group = row.group_name;
    await db
      .updateTable('responsible_person')
      .set({ same_as_applicant: true })
      .where('application_id', '=', person.applicationId)
      .execute();
    const deps = { db };
    assert.deepEqual(
      await setPriceRevision(deps, 'staff:1', {
        fiscalYear: year,
        startsOn: `${year}-04-01`,
        gaFreeTenths: 300,
        storage: { ga: 40_000, pg: 60_000, archive: 10_000 },
        taxPercent: 10,
      }),
      { ok: true },
    );
  });
  after(() => app.close());
  const planDeps = () => ({
    db: app.server.database.db,
    outbox: app.server.app.deps.outbox,
    baseUrl: app.server.app.deps.config.baseUrl,
    pokeJobs: () => {},
  });

  it('the responsible person files a version: errors by field with what was typed kept, then check and send', async () => {
    const browser = await logIn(app, person);
    const overview = await browser.get('/account/usage-plan');
    assert.equal(overview.status, 200);
    assert.match(overview.html, /Your storage/);
    assert.match(overview.html, new RegExp(`Group ${group}`));
    assert.match(overview.html, /No usage plan has been filed for this group yet/);
    const form = await browser.get(`/account/usage-plan/new?group=${group}`);
    assert.equal(form.status, 200);
    // The period starts today and ends with the fiscal year.
    assert.match(form.html, new RegExp(`name="to_year" type="text" inputmode="numeric" value="${year + 1}"`));

    const action = `/account/usage-plan/new?group=${group}`;
    const bad = await browser.submit(form.html, action, {
      purpose: '',
      relatedItems: 'KAKENHI 26H00001',
      [`u_${user.uid}`]: '1.25',
      g_archive: 'lots',
      to_day: '31',
      to_month: '2',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /<title>Error: /);
    assert.equal(fieldError(bad.html, 'purpose'), 'Enter the purpose of use');
    assert.match(fieldError(bad.html, `u_${user.uid}`) ?? '', /can have at most one decimal, like 1.5/);
    assert.match(fieldError(bad.html, 'g_archive') ?? '', /Enter Archive storage for the group as a number of TB/);
    assert.equal(fieldError(bad.html, 'to_day'), 'Enter the last day of the period as a real date, like 31 3 2027');
    assert.ok(bad.html.includes('KAKENHI 26H00001') && bad.html.includes('value="1.25"'), 'what was typed is kept');

    // More than 1 TB a user while new large-scale use is suspended: the notice and the refusal.
    const big = await browser.submit(form.html, action, {
      purpose: 'Assemblies of 300 rice accessions',
      [`u_${user.uid}`]: '20',
    });
    assert.equal(big.status, 400);
    assert.match(big.html, /New large-scale use is suspended/);
    assert.match(big.html, /Since 13 May 2022/);
    assert.match(fieldError(big.html, 'storage') ?? '', /ask for 1 TB per user or less/);

    await setLargeScale(planDeps(), 'staff:1', group, true);
    const check = await browser.submit(form.html, action, {
      purpose: 'Assemblies of 300 rice accessions',
      [`u_${user.uid}`]: '35',
      g_archive: '10',
    });
    assert.equal(check.status, 200);
    assert.match(check.html, /Check the usage plan before you send it/);
    assert.match(check.html, new RegExp(`Fiscal year ${year}, if approved today: ¥[\\d,]+ \\(tax included\\)`));
    // 36 TB of GA (35 + the person's 1 TB) − 30 TB free: one block; archive 10 TB: one block.
    assert.match(check.html, /A whole fiscal year at this plan: ¥55,000 \(tax included\)/);
    const changed = await browser.submit(check.html, action, { action: 'change' });
    assert.equal(changed.status, 200);
    assert.ok(changed.html.includes('value="35"'), 'Change goes back to the form with the answers');
    const sent = await browser.submit(check.html, action, { action: 'send' });
    assert.equal(sent.status, 303);
    const after = await browser.get(sent.location as string);
    assert.match(after.html, /Version 1 of the usage plan is sent/);
    assert.match(after.html, /Version 1, sent on .*, is waiting for staff/);
  });

  it('a plain user sees only their own storage and cannot reach the plan; staff decide and the holder is mailed', async () => {
    const browser = await logIn(app, user, 'ja');
    const page = await browser.get('/account/usage-plan');
    assert.equal(page.status, 200);
    assert.match(page.html, /あなたのストレージ/);
    assert.doesNotMatch(page.html, /利用計画表の新しい版を提出する/);
    assert.equal((await browser.get(`/account/usage-plan/new?group=${group}`)).status, 404);
    assert.equal((await browser.get(`/account/usage-plan/statement?group=${group}`)).status, 404);

    const db = app.server.database.db;
    const version = await db.selectFrom('usage_plan_version').selectAll().executeTakeFirstOrThrow();
    const decided = await decideUsagePlan(planDeps(), 'staff:1', version.id, {
      rowVersion: version.row_version,
      decision: 'approved',
    });
    assert.ok(decided.ok);
    const mails = await mailsTo(app, person.email, 1);
    assert.ok(mails.some((m) => /Your usage plan: Approved/.test(m.subject ?? '')));
    const mine = await browser.get('/account/usage-plan');
    assert.match(
      mine.html,
      new RegExp(`<td>${user.uid}</td><td>一般解析区画 高速ストレージ</td><td class="table__cell--numeric">35 TB</td>`),
    );
  });

  it('the statement explains each line; delegates and the alert amount are kept, bad ones refused', async () => {
    const browser = await logIn(app, person);
    const statement = await browser.get(`/account/usage-plan/statement?group=${group}&year=${year}`);
    assert.equal(statement.status, 200);
    assert.match(statement.html, new RegExp(`Statement of charges, fiscal year ${year}`));
    // Both accounts were made today and the plan approved today: one line per storage.
    assert.match(statement.html, /GA high-speed storage, 36 TB/);
    assert.match(statement.html, /1 × 10 TB at ¥40,000 a year × \d+\/36[56]; 30 TB free deducted/);
    assert.match(statement.html, /Archive storage, 10 TB/);
    // The same statement as a PDF in both languages.
    const pdf = await browser.download(`/account/usage-plan/statement.pdf?group=${group}&year=${year}`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    const text = squash((await readPdf(pdf.body)).pages.join('\n'));
    assert.ok(text.includes(squash(`${year} 年度 利用料金明細`)), text.slice(0, 200));
    assert.ok(text.includes(squash('一般解析区画 高速ストレージ 36 TB')));
    assert.ok(text.includes(squash('GA high-speed storage, 36 TB')));
    assert.ok(text.includes(squash('1 × 10 TB at ¥40,000 a year')));
    assert.ok(text.includes(squash('Total')));
    assert.match(statement.html, /Total/);

    const page = await browser.get('/account/usage-plan');
    const delegateAction = `/account/usage-plan/delegates?group=${group}`;
    const wrong = await browser.submit(page.html, delegateAction, { [`delegate_${group}`]: 'nobody' });
    assert.equal(wrong.status, 400);
    assert.equal(fieldError(wrong.html, `delegate_${group}`), 'Enter the account name of another user of your group');
    const added = await browser.submit(page.html, delegateAction, { [`delegate_${group}`]: user.uid });
    assert.equal(added.status, 303);
    const withDelegate = await browser.get(added.location as string);
    assert.match(withDelegate.html, new RegExp(`Remove ${user.uid}`));

    const alertAction = `/account/usage-plan/alert?group=${group}`;
    const badAlert = await browser.submit(page.html, alertAction, { [`alert_${group}`]: 'a lot' });
    assert.equal(badAlert.status, 400);
    assert.ok(badAlert.html.includes('value="a lot"'));
    const saved = await browser.submit(page.html, alertAction, { [`alert_${group}`]: '５００，０００' });
    assert.equal(saved.status, 303);
    const plan = await app.server.database.db
      .selectFrom('usage_plan')
      .select('alert_yen')
      .where('group_name', '=', group)
      .executeTakeFirstOrThrow();
    assert.equal(Number(plan.alert_yen), 500_000);
  });
});
