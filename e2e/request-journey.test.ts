// Account holders' requests in Chromium, from the holder's pages to the staff
// console's and back: a Modification in English with JavaScript ("Change" on the
// check page keeps what was typed; information requested and answered; approved,
// applied by the job, shown on Account information); a Suspension and a Manager
// Modification in Japanese without JavaScript (the date input year first, its error
// state, the check page, withdrawal), with axe on the same pages in a context with
// JavaScript; and a Manager Modification's staff page with the new responsible
// person's pledge, not sent, sent and signed. axe on every page and error state.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { catalogues, type Lang } from '../src/i18n/index.js';
import { logIn as logInOverHttp, provisionedAccounts, type TestAccount } from '../test/helpers/account.js';
import { mailsTo } from '../test/helpers/apply.js';
import { drainJobs, signPledge } from '../test/helpers/review.js';
import { type EnrolledStaff, enrol, STAFF_PASSWORD, totpCode } from '../test/helpers/staff.js';
import { expectNoViolations, hasFocus, press, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;

let accounts: { en: TestAccount; ja: TestAccount; manager: TestAccount };

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();
const h1 = (page: Page) => text(page, 'h1');
const path = (page: Page) => new URL(page.url()).pathname;

/** Logs in on the login page; lands on Account information. */
async function logIn(page: Page, lang: Lang, account: TestAccount) {
  const t = catalogues[lang];
  await page.goto('/login');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  await page.getByLabel(t['user.login.accountName'], { exact: true }).fill(account.uid);
  await page.getByLabel(t['user.login.password'], { exact: true }).fill(account.password);
  assert.equal(await press(page, t['user.login.submit']), 303);
  assert.equal(path(page), '/account');
}

/** Signs a staff member in through the pages, with a TOTP code as the second factor. */
async function staffSignIn(page: Page, staff: EnrolledStaff) {
  await page.goto('/staff');
  await page.getByLabel(en['staff.login.email'], { exact: true }).fill(staff.email);
  await page.getByLabel(en['staff.login.password'], { exact: true }).fill(STAFF_PASSWORD);
  assert.equal(await press(page, en['staff.login.submit']), 303);
  assert.equal(path(page), '/staff/verify');
  // The enrolment used the code of this time step; the next one is within the accepted drift.
  await page.getByLabel(en['staff.verify.title'], { exact: true }).fill(await totpCode(staff.secret, 1));
  assert.equal(await press(page, en['staff.verify.submit']), 303);
  assert.equal(path(page), '/staff/applications');
}

/** The page's title and error summary: one link per field, in order, with the message beside each field. */
async function expectErrors(
  page: Page,
  lang: Lang,
  title: string,
  errors: [field: string, message: string][],
  { marked = true } = {},
) {
  const t = catalogues[lang];
  // Staff pages name the console too.
  const staffSuffix = path(page).startsWith('/staff') ? ` – ${t['staff.service']}` : '';
  assert.equal(await page.title(), `${t['form.errorPrefix']} ${title}${staffSuffix} – ${t['service.name']}`);
  assert.equal(await text(page, '.error-summary__title'), t['applyEmail.error.summary']);
  const links = page.locator('.error-summary a');
  assert.deepEqual(
    await links.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent?.trim()])),
    errors.map(([field, message]) => [`#${field}`, message]),
  );
  for (const [field, message] of errors) {
    assert.equal(await text(page, `#${field}-error`), message, `the message beside ${field}`);
    // Unless the message is not about one field (what to change, a pledge not signed).
    if (marked)
      assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true', `${field} is marked invalid`);
  }
}

/** The same for a text field: its own aria-describedby names the message. */
async function expectFieldError(page: Page, lang: Lang, title: string, field: string, message: string) {
  await expectErrors(page, lang, title, [[field, message]]);
  assert.match((await page.locator(`#${field}`).getAttribute('aria-describedby')) ?? '', new RegExp(`${field}-error`));
}

/** With JavaScript: the summary has the focus and its link moves it to the field. */
async function expectSummaryFocusLinksToField(page: Page, field: string) {
  assert.ok(await hasFocus(page, '.error-summary'), 'the error summary takes the focus');
  await page.locator('.error-summary a').first().click();
  assert.ok(await hasFocus(page, `#${field}`), `the summary link moves the focus to #${field}`);
}

/** The "Status: …" line of a request page. */
const status = (page: Page) => text(page, 'main p.body strong');

/** The rows of the table of differences: detail, now, requested. */
const changeRows = async (page: Page) =>
  page
    .locator('table:has(caption) tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim() ?? '')));

/** The rows of a summary card: key → value. */
const cardRows = async (page: Page, id: string) =>
  page
    .locator(`#${id} .summary-list__row`)
    .evaluateAll((rows) =>
      rows.map((r) => [
        r.querySelector('dt')?.textContent?.trim() ?? '',
        r.querySelector('dd')?.textContent?.trim() ?? '',
      ]),
    );

/** The history, oldest first: each line's state and who. */
const history = async (page: Page) =>
  (await page.locator('ol.timeline li').allTextContents()).map((line) => line.trim().replace(/^.* – /, ''));

const requestId = (page: Page) => {
  const id = Number(path(page).match(/^\/account\/requests\/(\d+)$/)?.[1]);
  assert.ok(id > 0, `a request's page: ${page.url()}`);
  return id;
};

/** The institution and department the application holds now. */
async function affiliationOf(account: TestAccount) {
  return suite.app.server.database.db
    .selectFrom('applicant')
    .select(['institution', 'department'])
    .where('application_id', '=', account.applicationId)
    .executeTakeFirstOrThrow();
}

/** Today in the centre's calendar (Asia/Tokyo), and a day in the next month. */
function nextMonth(): { year: number; month: number; day: number } {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date()).split('-').map(Number);
  const month = ((m as number) % 12) + 1;
  return { year: month === 1 ? (y as number) + 1 : (y as number), month, day: 15 };
}

describe('account requests in a browser', () => {
  before(async () => {
    const [first, second, third] = await provisionedAccounts(suite.app, 3);
    assert.ok(first && second && third);
    accounts = { en: first, ja: second, manager: third };
  });

  test('English with JavaScript: a Modification with Change, information asked and answered, approved and applied', async () => {
    const account = accounts.en;
    const was = await affiliationOf(account);
    assert.ok(was.institution, 'the seeded applicant has an institution');
    const page = await suite.newPage({ locale: 'en-GB' });
    await logIn(page, 'en', account);

    // The list: nothing sent yet, a link to each kind.
    await page.locator('.staff-bar').getByRole('link', { name: en['request.nav'], exact: true }).click();
    await page.waitForURL('/account/requests');
    assert.equal(await h1(page), en['request.list.title']);
    assert.equal(await page.title(), `${en['request.list.title']} – ${en['service.name']}`);
    assert.ok(await page.getByText(en['request.list.none']).isVisible());
    for (const kind of ['modification', 'manager', 'suspension'] as const) {
      const link = page.getByRole('link', { name: en[`request.kind.${kind}`], exact: true });
      assert.equal(await link.getAttribute('href'), `/account/requests/${kind}`);
    }
    await expectNoViolations(page);

    // The form, prefilled; sent unchanged it asks for a change.
    await page.getByRole('link', { name: en['request.kind.modification'], exact: true }).click();
    await page.waitForURL('/account/requests/modification');
    assert.equal(await h1(page), en['request.modification.title']);
    const institution = page.getByLabel(en['affiliation.institution'], { exact: true });
    assert.equal(await institution.inputValue(), was.institution);
    const familyName = await page.getByLabel(en['applicant.familyName'], { exact: true }).inputValue();
    assert.ok(familyName, 'the family name is prefilled');
    await expectNoViolations(page);
    assert.equal(await press(page, en['request.form.continue']), 400);
    // Not one field's error: above the form, no field marked.
    await expectErrors(
      page,
      'en',
      en['request.modification.title'],
      [['changes', en['request.modification.error.none']]],
      {
        marked: false,
      },
    );
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0, 'no field is marked invalid');
    const top = async (selector: string) => (await page.locator(selector).boundingBox())?.y ?? Number.NaN;
    assert.ok(
      (await top('#changes')) < (await top('form[action="/account/requests/modification"]')),
      'the message is above the form',
    );
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'changes');

    // A new institution; the check page shows that difference only.
    await institution.fill('Kyoto University');
    assert.equal(await press(page, en['request.form.continue']), 200);
    assert.equal(await h1(page), en['request.check.title']);
    assert.equal(await text(page, 'table caption'), en['staff.request.changes']);
    assert.deepEqual(await changeRows(page), [[en['affiliation.institution'], was.institution, 'Kyoto University']]);
    await expectNoViolations(page);

    // "Change": the form again with what was typed; a department added.
    assert.equal(await press(page, en['request.check.change']), 200);
    assert.equal(path(page), '/account/requests/modification');
    assert.equal(await h1(page), en['request.modification.title']);
    assert.equal(await institution.inputValue(), 'Kyoto University', 'the typed institution is kept');
    assert.equal(await page.getByLabel(en['applicant.familyName'], { exact: true }).inputValue(), familyName);
    assert.equal(await page.locator('.error-summary').count(), 0);
    await page.getByLabel(en['affiliation.department'], { exact: true }).fill('Graduate School of Biostudies');
    assert.equal(await press(page, en['request.form.continue']), 200);
    assert.equal(await h1(page), en['request.check.title']);
    assert.deepEqual(await changeRows(page), [
      [en['affiliation.institution'], was.institution, 'Kyoto University'],
      [en['affiliation.department'], was.department || en['request.check.none'], 'Graduate School of Biostudies'],
    ]);

    // Sent: the request's page.
    assert.equal(await press(page, en['request.check.submit']), 303);
    const id = requestId(page);
    const title = en['request.detail.title']
      .replace('{id}', String(id))
      .replace('{kind}', en['request.kind.modification']);
    assert.equal(await h1(page), title);
    assert.equal(await text(page, '.notification-banner'), en['request.detail.sent']);
    assert.equal(await status(page), `${en['request.detail.status']}: ${en['request.state.submitted']}`);
    assert.equal((await changeRows(page)).length, 2);
    assert.ok(await page.getByRole('button', { name: en['request.detail.withdraw'], exact: true }).isVisible());
    assert.deepEqual(await history(page), [`${en['request.state.submitted']} (${en['request.actor.holder']})`]);
    await expectNoViolations(page);

    // A reviewer finds it in the queue, filtered by kind and state.
    const reviewer = await enrol(suite.app, 'requests.reviewer@centre.example.jp', 'reviewer');
    const approver = await enrol(suite.app, 'requests.approver@centre.example.jp', 'approver');
    const staff = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(staff, reviewer);
    await staff.locator('.staff-bar').getByRole('link', { name: en['staff.nav.requests'], exact: true }).click();
    await staff.waitForURL('/staff/requests');
    assert.equal(await h1(staff), en['staff.requests.title']);
    const row = staff.locator('tbody tr', { has: staff.locator(`a[href="/staff/requests/${id}"]`) });
    assert.deepEqual((await row.locator('td').allTextContents()).map((s) => s.trim()).slice(1, 3), [
      en['request.kind.modification'],
      account.uid,
    ]);
    assert.equal((await row.locator('td').last().textContent())?.trim(), en['request.state.submitted']);
    await expectNoViolations(staff);
    await staff.getByLabel(en['staff.requests.kind'], { exact: true }).selectOption('manager');
    await staff.getByRole('button', { name: en['staff.requests.filter'], exact: true }).click();
    await staff.waitForURL('/staff/requests?kind=manager&state=open');
    assert.equal(await row.count(), 0, 'not among the changes of responsible person');
    const kinds = (await staff.locator('tbody tr td:nth-child(2)').allTextContents()).map((s) => s.trim());
    assert.ok(kinds.every((k) => k === en['request.kind.manager']));
    if (kinds.length === 0) assert.ok(await staff.getByText(en['staff.requests.none']).isVisible());
    await staff.getByLabel(en['staff.requests.kind'], { exact: true }).selectOption('modification');
    await staff.getByLabel(en['staff.requests.state'], { exact: true }).selectOption('all');
    await staff.getByRole('button', { name: en['staff.requests.filter'], exact: true }).click();
    await staff.waitForURL('/staff/requests?kind=modification&state=all');
    assert.equal(await row.count(), 1);

    // Its page: the holder, the differences; a reviewer asks, and does not decide.
    await row.getByRole('link', { name: String(id), exact: true }).click();
    await staff.waitForURL(`/staff/requests/${id}`);
    const staffTitle = en['staff.request.title']
      .replace('{id}', String(id))
      .replace('{kind}', en['request.kind.modification']);
    assert.equal(await h1(staff), staffTitle);
    assert.equal(await status(staff), `${en['request.detail.status']}: ${en['request.state.submitted']}`);
    assert.equal(await text(staff, '#holder-title'), en['staff.request.holder']);
    const holder = Object.fromEntries(await cardRows(staff, 'holder'));
    assert.match(holder[en['staff.requests.account']] ?? '', new RegExp(`^${account.uid} \\(`));
    assert.equal(holder[en['affiliation.institution']], was.institution, 'the institution as it is now');
    assert.deepEqual(
      (await changeRows(staff)).map((r) => r[2]),
      ['Kyoto University', 'Graduate School of Biostudies'],
    );
    assert.equal(await staff.locator(`form[action="/staff/requests/${id}/decision"]`).count(), 0);
    await expectNoViolations(staff);
    assert.equal(await press(staff, en['staff.request.info.submit']), 400);
    await expectFieldError(staff, 'en', staffTitle, 'question', en['staff.request.error.question']);
    await expectNoViolations(staff);
    await staff.getByLabel(en['staff.request.info.label'], { exact: true }).fill('Please tell us your new laboratory.');
    assert.equal(await press(staff, en['staff.request.info.submit']), 303);
    assert.equal(await status(staff), `${en['request.detail.status']}: ${en['request.state.information_requested']}`);
    assert.deepEqual(await cardRows(staff, 'question'), [
      [en['staff.request.info.label'], 'Please tell us your new laboratory.'],
    ]);

    // The holder sees the question and answers it (an empty answer first).
    await page.goto(`/account/requests/${id}`);
    assert.equal(await status(page), `${en['request.detail.status']}: ${en['request.state.information_requested']}`);
    assert.ok(await page.getByRole('heading', { name: en['request.detail.question'], exact: true }).isVisible());
    assert.ok(await page.getByText('Please tell us your new laboratory.', { exact: true }).isVisible());
    await expectNoViolations(page);
    assert.equal(await press(page, en['request.detail.sendAnswer']), 400);
    await expectFieldError(page, 'en', title, 'answer', en['request.detail.error.answer']);
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'answer');
    await page.getByLabel(en['request.detail.answer'], { exact: true }).fill('The Tanaka laboratory.');
    assert.equal(await press(page, en['request.detail.sendAnswer']), 200);
    assert.equal(await text(page, '.notification-banner'), en['request.detail.answered']);
    assert.equal(await status(page), `${en['request.detail.status']}: ${en['request.state.submitted']}`);
    assert.ok(await page.getByText('The Tanaka laboratory.', { exact: true }).isVisible());
    assert.equal(await page.locator(`form[action="/account/requests/${id}/answer"]`).count(), 0);

    // An approver sees the answer and approves; the job then makes the change.
    const boss = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(boss, approver);
    await boss.goto(`/staff/requests/${id}`);
    assert.deepEqual(await cardRows(boss, 'question'), [
      [en['staff.request.info.label'], 'Please tell us your new laboratory.'],
      [en['staff.request.answer'], 'The Tanaka laboratory.'],
    ]);
    await expectNoViolations(boss);
    await boss.getByRole('radio', { name: en['staff.request.approve'], exact: true }).check();
    await suite.app.server.worker.stop();
    try {
      assert.equal(await press(boss, en['staff.request.submit']), 303);
      assert.equal(await status(boss), `${en['request.detail.status']}: ${en['request.state.approved']}`);
      assert.equal(await boss.locator(`form[action="/staff/requests/${id}/decision"]`).count(), 0);
      await page.reload();
      assert.equal(await status(page), `${en['request.detail.status']}: ${en['request.state.approved']}`);
      assert.equal(await page.getByRole('button', { name: en['request.detail.withdraw'], exact: true }).count(), 0);
      await drainJobs(suite.app);
    } finally {
      suite.app.server.worker.start();
    }
    await page.reload();
    assert.equal(await status(page), `${en['request.detail.status']}: ${en['request.state.applied']}`);
    assert.deepEqual(await history(page), [
      `${en['request.state.submitted']} (${en['request.actor.holder']})`,
      `${en['request.state.information_requested']} (${en['request.actor.staff']})`,
      `${en['request.state.submitted']} (${en['request.actor.holder']})`,
      `${en['request.state.approved']} (${en['request.actor.staff']})`,
      `${en['request.state.applied']} (${en['request.actor.system']})`,
    ]);
    await expectNoViolations(page);
    await page.locator('.staff-bar').getByRole('link', { name: en['user.nav.info'], exact: true }).click();
    await page.waitForURL('/account');
    const affiliation = Object.fromEntries(await cardRows(page, 'info-affiliation'));
    assert.equal(affiliation[en['affiliation.institution']], 'Kyoto University');
    assert.equal(affiliation[en['affiliation.department']], 'Graduate School of Biostudies');
    const listed = page.locator('tbody tr', { has: page.locator(`a[href="/account/requests/${id}"]`) });
    assert.equal((await listed.locator('td').last().textContent())?.trim(), en['request.state.applied']);
  });

  test('Japanese without JavaScript: a Suspension (date year first, its error, check, sent, withdrawn) and the Manager form; axe with JavaScript', async () => {
    const account = accounts.ja;
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await logIn(page, 'ja', account);
    await page.getByRole('link', { name: ja['request.nav'], exact: true }).click();
    await page.waitForURL('/account/requests');
    await page.getByRole('link', { name: ja['request.kind.suspension'], exact: true }).click();
    await page.waitForURL('/account/requests/suspension');
    assert.equal(await h1(page), ja['request.suspension.title']);
    // Year, month, day: the order a date is written in Japanese.
    assert.deepEqual(
      (await page.locator('.date-input label').allTextContents()).map((s) => s.trim()),
      [ja['request.suspension.year'], ja['request.suspension.month'], ja['request.suspension.day']],
    );
    assert.deepEqual(
      await page.locator('.date-input input').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('name'))),
      ['year', 'month', 'day'],
    );
    assert.equal(await text(page, 'legend'), ja['request.suspension.date']);

    // A day that does not exist: the whole date is marked, what was typed is kept.
    const when = nextMonth();
    const reason = '所属機関を離れるため';
    await page.getByLabel(ja['request.suspension.reason'], { exact: true }).fill(reason);
    await page.getByLabel(ja['request.suspension.year'], { exact: true }).fill(String(when.year));
    await page.getByLabel(ja['request.suspension.month'], { exact: true }).fill('2');
    await page.getByLabel(ja['request.suspension.day'], { exact: true }).fill('30');
    assert.equal(await press(page, ja['request.form.continue']), 400);
    await expectDateError(page, String(when.year));

    // A day next month: the check page.
    await page.getByLabel(ja['request.suspension.month'], { exact: true }).fill(String(when.month));
    await page.getByLabel(ja['request.suspension.day'], { exact: true }).fill(String(when.day));
    assert.equal(await press(page, ja['request.form.continue']), 200);
    assert.equal(await h1(page), ja['request.check.title']);
    const day = `${when.year}年${when.month}月${when.day}日`;
    assert.deepEqual(await cardRows(page, 'suspension'), [
      [ja['request.detail.date'], day],
      [ja['request.detail.reason'], reason],
    ]);
    assert.equal(await press(page, ja['request.check.submit']), 303);
    const id = requestId(page);
    assert.equal(await text(page, '.notification-banner'), ja['request.detail.sent']);
    assert.equal(await status(page), `${ja['request.detail.status']}：${ja['request.state.submitted']}`);
    assert.deepEqual(await cardRows(page, 'suspension'), [
      [ja['request.detail.date'], day],
      [ja['request.detail.reason'], reason],
    ]);
    const row = await suite.app.server.database.db
      .selectFrom('account_request')
      .select(['kind', 'state', 'effective_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.kind, 'suspension');
    const pad = (n: number) => String(n).padStart(2, '0');
    assert.equal(
      row.effective_at?.toISOString(),
      new Date(`${when.year}-${pad(when.month)}-${pad(when.day)}T00:00:00+09:00`).toISOString(),
      'locked from the start of that day in Japan',
    );
    // Withdrawn by the holder: no button any more.
    assert.equal(await press(page, ja['request.detail.withdraw']), 200);
    assert.equal(await text(page, '.notification-banner'), ja['request.detail.withdrawn']);
    assert.equal(await status(page), `${ja['request.detail.status']}：${ja['request.state.withdrawn']}`);
    assert.equal(await page.getByRole('button', { name: ja['request.detail.withdraw'], exact: true }).count(), 0);
    assert.deepEqual(await history(page), [
      `${ja['request.state.submitted']} (${ja['request.actor.holder']})`,
      `${ja['request.state.withdrawn']} (${ja['request.actor.holder']})`,
    ]);

    // The Manager Modification: every question unanswered, then answered and checked.
    await page.goto('/account/requests');
    await page.getByRole('link', { name: ja['request.kind.manager'], exact: true }).click();
    await page.waitForURL('/account/requests/manager');
    assert.equal(await h1(page), ja['request.manager.title']);
    assert.equal(await press(page, ja['request.form.continue']), 400);
    await expectErrors(page, 'ja', ja['request.manager.title'], managerErrors);
    await fillManager(page);
    assert.equal(await press(page, ja['request.form.continue']), 200);
    assert.equal(await h1(page), ja['request.check.title']);
    const responsible = Object.fromEntries(await cardRows(page, 'new-responsible'));
    assert.equal(responsible[ja['check.responsibleName']], 'Hanako Tanaka');
    assert.equal(responsible[ja['responsible.jobTitle']], ja['jobTitle.professor']);
    assert.equal(responsible[ja['responsible.email']], 'h.tanaka@kyoto-u.example.ac.jp');
    assert.equal(responsible[ja['responsible.groupName']], 'tanaka-lab');

    // axe needs JavaScript in the page: the same Japanese pages and error states with it.
    const checked = await suite.newPage({ locale: 'ja' });
    await logIn(checked, 'ja', account);
    await checked.goto('/account/requests');
    assert.equal(
      await checked
        .locator(`a[href="/account/requests/${id}"]`)
        .locator('xpath=../..')
        .locator('td')
        .last()
        .textContent(),
      ja['request.state.withdrawn'],
    );
    await expectNoViolations(checked);
    await checked.goto(`/account/requests/${id}`);
    assert.equal(await status(checked), `${ja['request.detail.status']}：${ja['request.state.withdrawn']}`);
    await expectNoViolations(checked);
    await checked.goto('/account/requests/suspension');
    assert.equal(await h1(checked), ja['request.suspension.title']);
    await expectNoViolations(checked);
    await checked.getByLabel(ja['request.suspension.reason'], { exact: true }).fill(reason);
    await checked.getByLabel(ja['request.suspension.year'], { exact: true }).fill(String(when.year));
    await checked.getByLabel(ja['request.suspension.month'], { exact: true }).fill('2');
    await checked.getByLabel(ja['request.suspension.day'], { exact: true }).fill('30');
    assert.equal(await press(checked, ja['request.form.continue']), 400);
    await expectDateError(checked, String(when.year));
    await expectNoViolations(checked);
    // Year comes first in Japanese: the summary links to it.
    await expectSummaryFocusLinksToField(checked, 'year');
    await checked.getByLabel(ja['request.suspension.month'], { exact: true }).fill(String(when.month));
    await checked.getByLabel(ja['request.suspension.day'], { exact: true }).fill(String(when.day));
    assert.equal(await press(checked, ja['request.form.continue']), 200);
    assert.equal(await h1(checked), ja['request.check.title']);
    assert.deepEqual((await cardRows(checked, 'suspension'))[0], [ja['request.detail.date'], day]);
    await expectNoViolations(checked);
    await checked.goto('/account/requests/manager');
    assert.equal(await h1(checked), ja['request.manager.title']);
    await expectNoViolations(checked);
    assert.equal(await press(checked, ja['request.form.continue']), 400);
    await expectErrors(checked, 'ja', ja['request.manager.title'], managerErrors);
    await expectNoViolations(checked);
    await expectSummaryFocusLinksToField(checked, 'familyName');
    await fillManager(checked);
    assert.equal(await press(checked, ja['request.form.continue']), 200);
    assert.equal(await h1(checked), ja['request.check.title']);
    await expectNoViolations(checked);
  });

  test("a Manager Modification's staff page: the pledge not sent, sent and signed; approved into the group", async () => {
    const account = accounts.manager;
    const email = 'k.sato@osaka-u.example.ac.jp';
    // The holder sends it over HTTP.
    const person = await logInOverHttp(suite.app, account);
    const form = await person.get('/account/requests/manager');
    assert.equal(form.status, 200);
    const check = await person.submit(form.html, '/account/requests/manager', {
      familyName: 'Sato',
      givenName: 'Keiko',
      jobTitle: 'professor',
      institution: 'Osaka University',
      email,
      address: '1-1 Yamadaoka, Suita, Osaka',
      phone: '06-6877-5111',
      groupName: 'sato-lab',
    });
    assert.equal(check.status, 200);
    const sent = await person.submit(check.html, '/account/requests/manager/send', {});
    assert.equal(sent.status, 303);
    const id = Number(sent.location?.match(/^\/account\/requests\/(\d+)\?sent=1$/)?.[1]);
    assert.ok(id > 0, `sent to ${sent.location}`);

    const approver = await enrol(suite.app, 'requests.manager@centre.example.jp', 'approver');
    const staff = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(staff, approver);
    await staff.goto('/staff/requests?kind=manager');
    await staff.getByRole('link', { name: String(id), exact: true }).click();
    await staff.waitForURL(`/staff/requests/${id}`);
    const title = en['staff.request.title'].replace('{id}', String(id)).replace('{kind}', en['request.kind.manager']);
    assert.equal(await h1(staff), title);
    const responsible = Object.fromEntries(await cardRows(staff, 'new-responsible'));
    assert.equal(responsible[en['check.responsibleName']], 'Keiko Sato');
    assert.equal(responsible[en['responsible.email']], email);
    const pledge = staff.getByRole('region', { name: en['staff.request.pledge'], exact: true });
    assert.equal(await pledge.locator('#pledge').textContent(), en['staff.request.pledge.none']);
    assert.ok(await pledge.getByRole('button', { name: en['staff.request.pledge.send'], exact: true }).isVisible());
    assert.equal(await staff.getByLabel(en['staff.request.group'], { exact: true }).inputValue(), 'sato-lab');
    await expectNoViolations(staff);

    // Not approved before the pledge is signed.
    await staff.getByRole('radio', { name: en['staff.request.approve'], exact: true }).check();
    assert.equal(await press(staff, en['staff.request.submit']), 400);
    // The message is at the pledge's status, which the summary links to.
    await expectErrors(staff, 'en', title, [['pledge', en['staff.request.error.pledge']]], { marked: false });
    assert.equal(await staff.locator('#pledge').getAttribute('aria-describedby'), 'pledge-error');
    assert.equal(await staff.locator('#decision-error').count(), 0, 'nothing is wrong with the choice itself');
    await expectNoViolations(staff);

    // Sent, then signed from the mail.
    assert.equal(await press(staff, en['staff.request.pledge.send']), 303);
    assert.match(
      (await pledge.locator('#pledge').textContent()) ?? '',
      new RegExp(`^Sent to ${email.replace(/\./g, '\\.')} on .+; not signed yet\\.$`),
    );
    assert.ok(await pledge.getByRole('button', { name: en['staff.request.pledge.resend'], exact: true }).isVisible());
    await expectNoViolations(staff);
    const link = (await mailsTo(suite.app, email, 1)).at(-1)?.text?.match(/\/pledge\?token=[\w-]+/)?.[0] ?? '';
    assert.ok(link, 'the pledge link was mailed to the new responsible person');
    assert.equal((await signPledge(suite.app, link, 'Keiko SATO')).status, 200);
    await staff.reload();
    assert.match((await pledge.locator('#pledge').textContent()) ?? '', /^Signed on .+ by Keiko SATO\.$/);
    assert.equal(await pledge.getByRole('button').count(), 0, 'nothing to send any more');
    await expectNoViolations(staff);

    // Approved into the group; done by the job.
    await staff.getByRole('radio', { name: en['staff.request.approve'], exact: true }).check();
    assert.equal(await press(staff, en['staff.request.submit']), 303);
    await drainJobs(suite.app);
    await staff.reload();
    assert.equal(await status(staff), `${en['request.detail.status']}: ${en['request.state.applied']}`);
    const holder = Object.fromEntries(await cardRows(staff, 'holder'));
    assert.match(holder[en['staff.requests.account']] ?? '', new RegExp(`^${account.uid} \\(sato-lab, `));
  });
});

const managerErrors: [string, string][] = [
  ['familyName', ja['responsible.error.familyName']],
  ['givenName', ja['responsible.error.givenName']],
  ['jobTitle', ja['responsible.error.jobTitle']],
  ['institution', ja['responsible.error.institution']],
  ['email', ja['responsible.error.email']],
  ['address', ja['responsible.error.address']],
  ['phone', ja['responsible.error.phone']],
];

async function fillManager(page: Page) {
  await page.getByLabel(ja['responsible.familyName'], { exact: true }).fill('Tanaka');
  await page.getByLabel(ja['responsible.givenName'], { exact: true }).fill('Hanako');
  await page.getByLabel(ja['responsible.jobTitle'], { exact: true }).selectOption('professor');
  await page.getByLabel(ja['responsible.institution'], { exact: true }).fill('京都大学');
  await page.getByLabel(ja['responsible.email'], { exact: true }).fill('h.tanaka@kyoto-u.example.ac.jp');
  await page.getByLabel(ja['responsible.address'], { exact: true }).fill('京都府京都市左京区吉田本町');
  await page.getByLabel(ja['responsible.phone'], { exact: true }).fill('075-753-7531');
  await page.getByLabel(ja['responsible.groupName'], { exact: true }).fill('tanaka-lab');
}

/** The date input's error: one summary link, the message in the fieldset it describes, every part marked, what was typed kept. */
async function expectDateError(page: Page, year: string) {
  const message = ja['request.suspension.error.date'];
  await expectErrors(page, 'ja', ja['request.suspension.title'], [['year', message]]);
  assert.match((await page.locator('fieldset:has(#year)').getAttribute('aria-describedby')) ?? '', /\byear-error\b/);
  for (const part of ['year', 'month', 'day']) {
    assert.equal(await page.locator(`#${part}`).getAttribute('aria-invalid'), 'true', `${part} is marked invalid`);
  }
  assert.deepEqual(
    await page
      .locator('.date-input input')
      .evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value)),
    [year, '2', '30'],
  );
}
