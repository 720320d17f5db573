// A new registration certificate by post in Chromium, asked for on the public page by
// a holder who forgot the password and cannot sign with an SSH key: in Japanese
// without JavaScript (the way there from the recovery page, the empty name and the
// too-long message refused with what was typed kept, a message of exactly 2,000
// characters accepted), with axe on the same pages in a context with JavaScript (and
// a name that is no account getting the same answer and leaving no request); in
// English with JavaScript (the error summary's focus, a real account's request in the
// database); and on the staff side, an approver who sees the message and the address
// the letter goes to, is not offered to ask the sender anything, approves, and finds
// the certificate back on the Certificates page with its new password.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { catalogues, type Lang } from '../src/i18n/index.js';
import { provisionedAccounts, type TestAccount } from '../test/helpers/account.js';
import { drainJobs } from '../test/helpers/review.js';
import { type EnrolledStaff, enrol, STAFF_PASSWORD, totpCode } from '../test/helpers/staff.js';
import { expectNoViolations, expectSummaryFocusLinksToField, press, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;

const FORM_PATH = '/login/recover/post';
const englishMessage = 'My laptop with the key was stolen.';

let accounts: { ja: TestAccount; en: TestAccount };
/** The English test's request, decided by the staff test. */
let englishRequestId: number | undefined;

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();
const h1 = (page: Page) => text(page, 'h1');
const path = (page: Page) => new URL(page.url()).pathname;

/** The error summary: its one link, with the message, to the field (`#field`), and the message beside the field. */
async function expectError(page: Page, lang: Lang, title: string, field: string, message: string) {
  const t = catalogues[lang];
  assert.equal(await page.title(), `${t['form.errorPrefix']} ${title} – ${t['service.name']}`);
  assert.equal(await text(page, '.error-summary__title'), t['applyEmail.error.summary']);
  const links = page.locator('.error-summary a');
  assert.equal(await links.count(), 1);
  assert.equal((await links.textContent())?.trim(), message);
  assert.equal(await links.getAttribute('href'), `#${field}`);
  assert.equal((await page.locator(`#${field}-error`).textContent())?.trim(), message);
  assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true');
  assert.match((await page.locator(`#${field}`).getAttribute('aria-describedby')) ?? '', new RegExp(`${field}-error`));
}

/** From the password recovery page, through its link for those without a key, to the form. */
async function openForm(page: Page, lang: Lang) {
  const t = catalogues[lang];
  await page.goto('/login/recover');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.ok(await page.getByText(t['user.recover.noKey']).isVisible());
  const link = page.getByRole('link', { name: t['user.recover.noKeyLink'], exact: true });
  assert.equal(await link.getAttribute('href'), FORM_PATH);
  await link.click();
  await page.waitForURL(FORM_PATH);
  assert.equal(await h1(page), t['user.reissue.title']);
  assert.equal(await page.title(), `${t['user.reissue.title']} – ${t['service.name']}`);
  assert.equal(await page.locator('.error-summary').count(), 0);
  assert.ok(await page.getByText(t['user.reissue.messageHint']).isVisible());
}

const nameField = (page: Page, lang: Lang) =>
  page.getByLabel(catalogues[lang]['user.reissue.accountName'], { exact: true });
const messageField = (page: Page, lang: Lang) =>
  page.getByLabel(catalogues[lang]['user.reissue.message'], { exact: true });

/** The answer after a request, the same for any name: the heading, the text naming the account and the contact, a link to log in. */
async function expectDone(page: Page, lang: Lang, accountName: string) {
  const t = catalogues[lang];
  assert.equal(path(page), FORM_PATH);
  assert.equal(await h1(page), t['user.reissue.done.title']);
  assert.equal(await page.title(), `${t['user.reissue.done.title']} – ${t['service.name']}`);
  const contact = suite.app.server.app.deps.config.contactEmail;
  assert.equal(
    await text(page, 'main p.body'),
    t['user.reissue.done.body'].replace('{account}', accountName).replace('{email}', contact),
  );
  assert.equal(
    await page.getByRole('link', { name: t['user.login.title'], exact: true }).getAttribute('href'),
    '/login',
  );
  assert.equal(await page.locator('.error-summary').count(), 0);
}

const reissues = (accountId: number) =>
  suite.app.server.database.db
    .selectFrom('account_request')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', 'reissue')
    .execute();

const requestCount = async () =>
  Number(
    (
      await suite.app.server.database.db
        .selectFrom('account_request')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

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

/** The "Status: …" line of a request page. */
const status = (page: Page) => text(page, 'main p.body strong');

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

describe('a new registration certificate by post in a browser', () => {
  // (In the describe block: its hooks run after the file's, which start the app.)
  before(async () => {
    const [first, second] = await provisionedAccounts(suite.app, 2);
    assert.ok(first && second);
    accounts = { ja: first, en: second };
  });

  test('Japanese without JavaScript: the way there, both errors with what was typed kept, sent (axe on the same pages with it)', async () => {
    const account = accounts.ja;
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await openForm(page, 'ja');

    // Nothing typed: the account name is asked for.
    assert.equal(await press(page, ja['user.reissue.submit']), 400);
    assert.equal(path(page), FORM_PATH);
    assert.equal(await h1(page), ja['user.reissue.title']);
    await expectError(page, 'ja', ja['user.reissue.title'], 'accountName', ja['user.reissue.error.accountName']);
    assert.equal(await page.locator('#message-error').count(), 0);

    // A message of 2,001 characters: refused, the name and the message kept.
    const tooLong = 'あ'.repeat(2001);
    await nameField(page, 'ja').fill(account.uid);
    await messageField(page, 'ja').fill(tooLong);
    assert.equal(await press(page, ja['user.reissue.submit']), 400);
    await expectError(page, 'ja', ja['user.reissue.title'], 'message', ja['user.reissue.error.message']);
    assert.equal(await page.locator('#accountName-error').count(), 0);
    assert.equal(await page.locator('#accountName').getAttribute('aria-invalid'), null);
    assert.equal(await nameField(page, 'ja').inputValue(), account.uid, 'the typed account name is kept');
    assert.equal(await messageField(page, 'ja').inputValue(), tooLong, 'the typed message is kept');
    assert.equal((await reissues(account.id)).length, 0, 'nothing is asked while the form has errors');

    // 2,000 characters (as a person counts them) are accepted: the request is sent.
    const message = 'あ'.repeat(2000);
    await messageField(page, 'ja').fill(message);
    assert.equal(await press(page, ja['user.reissue.submit']), 200);
    await expectDone(page, 'ja', account.uid);
    const [request, ...more] = await reissues(account.id);
    assert.ok(request, 'a request for the account');
    assert.equal(more.length, 0);
    assert.equal(request.state, 'submitted');
    assert.deepEqual(request.data, { kind: 'reissue', message });

    // axe needs JavaScript in the page: the same Japanese pages and error states with it.
    const checked = await suite.newPage({ locale: 'ja' });
    await checked.goto('/login/recover');
    await expectNoViolations(checked);
    await openForm(checked, 'ja');
    await expectNoViolations(checked);
    assert.equal(await press(checked, ja['user.reissue.submit']), 400);
    await expectError(checked, 'ja', ja['user.reissue.title'], 'accountName', ja['user.reissue.error.accountName']);
    await expectNoViolations(checked);
    await nameField(checked, 'ja').fill(account.uid);
    await messageField(checked, 'ja').fill(tooLong);
    assert.equal(await press(checked, ja['user.reissue.submit']), 400);
    await expectError(checked, 'ja', ja['user.reissue.title'], 'message', ja['user.reissue.error.message']);
    assert.equal(await nameField(checked, 'ja').inputValue(), account.uid);
    await expectNoViolations(checked);
    // A name that is no account: the same answer, and no request.
    const before = await requestCount();
    await nameField(checked, 'ja').fill('nosuchholder');
    await messageField(checked, 'ja').fill('');
    assert.equal(await press(checked, ja['user.reissue.submit']), 200);
    await expectDone(checked, 'ja', 'nosuchholder');
    assert.equal(await requestCount(), before, 'no request for a name that is no account');
    await expectNoViolations(checked);
  });

  test('English with JavaScript: the error summary takes the focus; a real account asks, the request is stored', async () => {
    const account = accounts.en;
    const page = await suite.newPage({ locale: 'en-GB' });
    await openForm(page, 'en');
    await expectNoViolations(page);

    assert.equal(await press(page, en['user.reissue.submit']), 400);
    await expectError(page, 'en', en['user.reissue.title'], 'accountName', en['user.reissue.error.accountName']);
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'accountName');

    // The name as typed with capitals: the account is found all the same.
    await nameField(page, 'en').fill(account.uid.toUpperCase());
    await messageField(page, 'en').fill(englishMessage);
    assert.equal(await press(page, en['user.reissue.submit']), 200);
    await expectDone(page, 'en', account.uid);
    await expectNoViolations(page);

    const [request, ...more] = await reissues(account.id);
    assert.ok(request, 'an account_request row of kind reissue for the account');
    assert.equal(more.length, 0);
    assert.equal(request.kind, 'reissue');
    assert.equal(request.state, 'submitted');
    assert.equal(request.application_id, account.applicationId);
    assert.deepEqual(request.data, { kind: 'reissue', message: englishMessage });
    englishRequestId = request.id;
  });

  test('staff: an approver sees the message and the address, asks nothing, approves; the certificate is to post again', async () => {
    const account = accounts.en;
    const id = englishRequestId;
    assert.ok(id, 'the English test sent a request');
    const approverStaff = await enrol(suite.app, 'reissue.approver@centre.example.jp', 'approver');
    const staff = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(staff, approverStaff);

    // The first certificate has gone out: it is no longer waiting.
    await staff.locator('.staff-bar').getByRole('link', { name: en['staff.nav.certificates'], exact: true }).click();
    await staff.waitForURL('/staff/certificates');
    assert.equal(await h1(staff), en['staff.certificates.title']);
    const certificateRow = staff.locator('tbody tr', {
      has: staff.locator(`a[href="/staff/applications/${account.applicationId}"]`),
    });
    assert.equal(await certificateRow.count(), 1, 'the first certificate is waiting');
    assert.equal((await certificateRow.locator('td').nth(2).textContent())?.trim(), account.uid);
    await Promise.all([
      staff.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
      certificateRow.getByRole('button', { name: en['staff.certificates.posted'], exact: true }).click(),
    ]);
    await staff.waitForLoadState('load');
    assert.equal(path(staff), '/staff/certificates');
    assert.equal(await certificateRow.count(), 0, 'posted: no longer waiting');

    // The queue of new certificates by post.
    await staff.goto('/staff/requests?kind=reissue');
    assert.equal(await h1(staff), en['staff.requests.title']);
    assert.equal(await staff.getByLabel(en['staff.requests.kind'], { exact: true }).inputValue(), 'reissue');
    const kinds = (await staff.locator('tbody tr td:nth-child(2)').allTextContents()).map((s) => s.trim());
    assert.ok(kinds.length >= 1);
    assert.ok(
      kinds.every((k) => k === en['request.kind.reissue']),
      `only new certificates by post: ${kinds}`,
    );
    const row = staff.locator('tbody tr', { has: staff.locator(`a[href="/staff/requests/${id}"]`) });
    assert.equal(await row.count(), 1);
    assert.deepEqual((await row.locator('td').allTextContents()).map((s) => s.trim()).slice(1, 3), [
      en['request.kind.reissue'],
      account.uid,
    ]);
    assert.equal((await row.locator('td').last().textContent())?.trim(), en['request.state.submitted']);
    await expectNoViolations(staff);

    // Its page: the message, the address on record, the note; no question to the sender.
    await row.getByRole('link', { name: String(id), exact: true }).click();
    await staff.waitForURL(`/staff/requests/${id}`);
    const title = en['staff.request.title'].replace('{id}', String(id)).replace('{kind}', en['request.kind.reissue']);
    assert.equal(await h1(staff), title);
    assert.equal(await status(staff), `${en['request.detail.status']}: ${en['request.state.submitted']}`);
    const holder = Object.fromEntries(await cardRows(staff, 'holder'));
    assert.match(holder[en['staff.requests.account']] ?? '', new RegExp(`^${account.uid} \\(`));
    assert.ok(await staff.locator('#reissue').isVisible(), 'the message card is shown');
    assert.equal(await text(staff, '#reissue h2'), en['staff.request.reissue']);
    assert.deepEqual(await cardRows(staff, 'reissue'), [[en['staff.request.reissue.message'], englishMessage]]);
    const postTo = staff.locator('#post-to');
    assert.ok(await postTo.isVisible(), 'the "Posted to" card is shown');
    assert.equal(await text(staff, '#post-to h2'), en['staff.request.reissue.postTo']);
    const applicant = await suite.app.server.database.db
      .selectFrom('applicant')
      .select(['postal_code', 'address'])
      .where('application_id', '=', account.applicationId)
      .executeTakeFirstOrThrow();
    const [addressRow, ...otherRows] = await cardRows(staff, 'post-to');
    assert.equal(otherRows.length, 0);
    assert.equal(addressRow?.[0], en['affiliation.address']);
    for (const part of [applicant.postal_code, applicant.address]) {
      assert.ok(part, 'the seeded applicant has a postal address');
      assert.ok(addressRow?.[1]?.includes(part), `the address on record has ${part}: ${addressRow?.[1]}`);
    }
    assert.ok(await staff.getByText(en['staff.request.reissue.note'], { exact: true }).isVisible());
    assert.equal(await staff.locator(`form[action="/staff/requests/${id}/request-information"]`).count(), 0);
    assert.equal(await staff.getByRole('heading', { name: en['staff.request.info'], exact: true }).count(), 0);
    assert.equal(await staff.getByRole('button', { name: en['staff.request.info.submit'], exact: true }).count(), 0);
    assert.equal(await staff.locator(`form[action="/staff/requests/${id}/decision"]`).count(), 1);
    assert.deepEqual(await history(staff), [`${en['request.state.submitted']} (${en['request.actor.public']})`]);
    await expectNoViolations(staff);

    // Approved; the job sets the new password and puts the certificate back.
    await staff.getByRole('radio', { name: en['staff.request.approve'], exact: true }).check();
    assert.equal(await press(staff, en['staff.request.submit']), 303);
    assert.equal(path(staff), `/staff/requests/${id}`);
    await drainJobs(suite.app);
    await staff.reload();
    assert.equal(await status(staff), `${en['request.detail.status']}: ${en['request.state.applied']}`);
    assert.equal(await staff.locator(`form[action="/staff/requests/${id}/decision"]`).count(), 0);
    assert.equal((await history(staff)).at(-1), `${en['request.state.applied']} (${en['request.actor.system']})`);
    const [applied] = await reissues(account.id);
    assert.equal(applied?.state, 'applied');
    await expectNoViolations(staff);

    // On the Certificates page again, marked as a new password for this request.
    await staff.locator('.staff-bar').getByRole('link', { name: en['staff.nav.certificates'], exact: true }).click();
    await staff.waitForURL('/staff/certificates');
    assert.equal(await certificateRow.count(), 1, 'the reissued certificate is waiting to be posted');
    assert.equal(
      (await certificateRow.locator('td').nth(2).textContent())?.trim(),
      `${account.uid} – ${en['staff.certificates.reissued'].replace('{id}', String(id))}`,
    );
    assert.ok(
      await staff
        .getByText(`${account.uid} – ${en['staff.certificates.reissued'].replace('{id}', String(id))}`, {
          exact: true,
        })
        .isVisible(),
    );
    await expectNoViolations(staff);
  });
});
