// Usage plans in Chromium, with axe on every page and error state: the responsible
// person files a version in English with JavaScript (the error summary takes the
// focus and leads to the field, the check page shows the estimate, the plan is sent);
// an approver decides it in Japanese without JavaScript; the holder reads the
// statement in Japanese at phone width, the wide table scrolling in its own region.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { catalogues } from '../src/i18n/index.js';
import { setPriceRevision } from '../src/services/prices.js';
import { setLargeScale } from '../src/services/usage-plans.js';
import { logIn, provisionedAccounts, type TestAccount } from '../test/helpers/account.js';
import type { Browserless } from '../test/helpers/browserless.js';
import { enrol, signIn } from '../test/helpers/staff.js';
import {
  computedStyle,
  expectNoViolations,
  expectSummaryFocusLinksToField,
  overflow,
  press,
  useBrowserSuite,
} from './helpers/browser.js';

const suite = useBrowserSuite({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;
const year = fiscalYearOf(new Date());
let person: TestAccount;
let user: TestAccount;
let group: string;

const h1 = async (page: Page) => (await page.locator('h1').textContent())?.trim();

/** The page's context takes the cookies of a session opened over HTTP. */
async function handOver(page: Page, from: Browserless) {
  await page.context().addCookies(from.cookieList().map(([name, value]) => ({ name, value, url: suite.app.url })));
}

describe('usage plans in a browser', () => {
  before(async () => {
    [person, user] = (await provisionedAccounts(suite.app, 2)) as [TestAccount, TestAccount];
    const db = suite.app.server.database.db;
    group = (await db.selectFrom('account').select('group_name').where('id', '=', person.id).executeTakeFirstOrThrow())
      .group_name;
    await db
      .updateTable('responsible_person')
      .set({ same_as_applicant: true })
      .where('application_id', '=', person.applicationId)
      .execute();
    await setPriceRevision({ db }, 'staff:1', {
      fiscalYear: year,
      startsOn: `${year}-04-01`,
      gaFreeTenths: 300,
      storage: { ga: 40_000, pg: 60_000, archive: 10_000 },
      taxPercent: 10,
    });
    const deps = suite.app.server.app.deps;
    await setLargeScale(
      { db, outbox: deps.outbox, baseUrl: deps.config.baseUrl, pokeJobs: () => {} },
      'staff:1',
      group,
      true,
    );
  });

  test('the responsible person files a version (English, JavaScript)', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await handOver(page, await logIn(suite.app, person));
    await page.goto('/account/usage-plan');
    assert.equal(await h1(page), en['plan.title']);
    await expectNoViolations(page);
    await page.getByRole('link', { name: en['plan.file'] }).click();
    assert.equal(await h1(page), en['plan.form.title'].replace('{group}', group));
    await expectNoViolations(page);

    await page.getByLabel(en['plan.form.purpose'], { exact: true }).fill('Assemblies of 300 rice accessions');
    const userField = en['plan.form.userKind'].replace('{kind}', en['plan.kind.ga']).replace('{account}', user.uid);
    await page.getByLabel(userField, { exact: true }).fill('12.25');
    assert.equal(await press(page, en['plan.form.continue']), 400);
    await expectSummaryFocusLinksToField(page, `u_${user.uid}`);
    await expectNoViolations(page);

    await page.getByLabel(userField, { exact: true }).fill('12.5');
    assert.equal(await press(page, en['plan.form.continue']), 200);
    assert.equal(await h1(page), en['plan.check.title']);
    // A summary card's title sits in its grey band with no margin above it.
    assert.equal(await computedStyle(page, '#check-plan .summary-card__title', 'margin-top'), '0px');
    assert.match((await page.locator('main').textContent()) ?? '', /A whole fiscal year at this plan: ¥0/);
    await expectNoViolations(page);
    assert.equal(await press(page, en['plan.check.send']), 303);
    assert.match(
      (await page.locator('.notification-banner').textContent()) ?? '',
      /Version 1 of the usage plan is sent/,
    );
    await expectNoViolations(page);
  });

  test('the plan form works without JavaScript in Japanese: an error at its field, what was typed kept', async () => {
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await handOver(page, await logIn(suite.app, person, 'ja'));
    await page.goto(`/account/usage-plan/new?group=${group}`);
    assert.equal(await h1(page), ja['plan.form.title'].replace('{group}', group));
    const userField = ja['plan.form.userKind'].replace('{kind}', ja['plan.kind.ga']).replace('{account}', user.uid);
    await page.getByLabel(userField, { exact: true }).fill('たくさん');
    assert.equal(await press(page, ja['plan.form.continue']), 400);
    assert.equal(
      (await page.locator(`#u_${user.uid}-error`).textContent())?.trim(),
      ja['plan.error.tb.not_a_number'].replace('{field}', userField),
    );
    assert.equal(await page.getByLabel(userField, { exact: true }).inputValue(), 'たくさん');
    // The version sent with JavaScript is what the form starts from: its purpose is kept.
    assert.equal(
      await page.getByLabel(ja['plan.form.purpose'], { exact: true }).inputValue(),
      'Assemblies of 300 rice accessions',
    );
  });

  test('an approver decides it (Japanese, without JavaScript; axe on the same pages with it)', async () => {
    const staff = await signIn(suite.app, await enrol(suite.app, 'appr@centre.example.jp', 'approver'), 'ja');
    // axe runs in the page, so it checks the console's pages with JavaScript on, error state included.
    const checked = await suite.newPage({ locale: 'ja' });
    await handOver(checked, staff);
    await checked.goto('/staff/plans');
    await expectNoViolations(checked);
    await checked.getByRole('link', { name: group, exact: true }).click();
    assert.match((await h1(checked)) ?? '', new RegExp(`${group} の利用計画表 第 1 版`));
    assert.equal(await computedStyle(checked, '#plan-version .summary-card__title', 'margin-top'), '0px');
    await expectNoViolations(checked);
    assert.equal(await press(checked, ja['staff.plan.record']), 400);
    await expectSummaryFocusLinksToField(checked, 'decision');
    await expectNoViolations(checked);

    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await handOver(page, staff);
    await page.goto('/staff/plans');
    await page.getByRole('link', { name: group, exact: true }).click();
    assert.equal(await press(page, ja['staff.plan.record']), 400);
    assert.equal((await page.locator('#decision-error').textContent())?.trim(), ja['staff.plan.error.decision']);
    await page.getByLabel(ja['staff.plan.approve'], { exact: true }).check();
    assert.equal(await press(page, ja['staff.plan.record']), 303);
    assert.match((await page.locator('.notification-banner').textContent()) ?? '', new RegExp(ja['staff.plan.done']));
  });

  test('the holder reads the statement in Japanese at phone width', async () => {
    const phone = await suite.newPage({ locale: 'ja', viewport: { width: 375, height: 740 } });
    await handOver(phone, await logIn(suite.app, person, 'ja'));
    await phone.goto(`/account/usage-plan/statement?group=${group}&year=${year}`);
    assert.equal(await h1(phone), ja['statement.title'].replace('{year}', String(year)));
    assert.match((await phone.locator('main').textContent()) ?? '', /無料分 30 TB の範囲内/);
    // The page itself does not scroll sideways; the table does, in its region.
    assert.deepEqual(await overflow(phone), { scrolls: false, wide: [] });
    await expectNoViolations(phone);
  });
});
