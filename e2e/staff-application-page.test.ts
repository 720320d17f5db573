// The staff's application page in Chromium at 1280×800 (issue: the applicant's and
// the staff's experience, item 3): the status panel's next action is the page's only
// primary button and sits in the first screenful, so a clean application is sent its
// pledge and approved in a click each from the top of the page; each action comes back
// with a banner; a rejection is asked again and Go back keeps the reason. Japanese
// without JavaScript, English with it, axe on the page in each state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { catalogues } from '../src/i18n/index.js';
import { drainJobs, pledgeSigned, type Submitted, submitApplication } from '../test/helpers/review.js';
import { type EnrolledStaff, enrol, STAFF_PASSWORD, signIn } from '../test/helpers/staff.js';
import { expectNoViolations, isInViewport, overflow, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { JOB_POLL_MS: '100', RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;
const viewport = { width: 1280, height: 800 };
/** Primary buttons: green, neither secondary nor warning. */
const primary = 'main button.button:not(.button--secondary):not(.button--warning)';

/** Signs a staff member in through the pages, with a recovery code as the second factor. */
async function staffSignIn(page: Page, staff: EnrolledStaff, lang: 'ja' | 'en') {
  const t = catalogues[lang];
  await page.goto('/staff');
  await page.getByLabel(t['staff.login.email']).fill(staff.email);
  await page.getByLabel(t['staff.login.password']).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: t['staff.login.submit'] }).click();
  await page.waitForURL('**/staff/verify');
  await page.getByLabel(t['staff.verify.title']).fill(staff.recoveryCodes.shift() ?? '');
  await page.getByRole('button', { name: t['staff.verify.submit'] }).click();
  await page.waitForURL('**/staff/applications');
}

/** The page's one primary button says `label`, lies in the status panel and in the first screenful. */
async function expectNextAction(page: Page, label: string) {
  assert.equal(await page.locator(primary).count(), 1, 'one primary button');
  assert.equal((await page.locator(primary).textContent())?.trim(), label);
  assert.equal(await page.locator(`.status-panel ${primary.replace('main ', '')}`).count(), 1, 'in the status panel');
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  assert.ok(await isInViewport(page, primary), `“${label}” is in the first screenful`);
}

async function expectNoOverflow(page: Page) {
  assert.deepEqual(await overflow(page), { scrolls: false, wide: [] }, 'nothing wider than the window');
}

const bannerText = (page: Page) => page.locator('.notification-banner__heading').textContent();

describe('the staff application page in a browser', () => {
  test('Japanese without JavaScript: the pledge and the approval a click each, a rejection asked again', async () => {
    const reviewerStaff = await enrol(suite.app, 'page.rev.ja@centre.example.jp', 'reviewer');
    const approverStaff = await enrol(suite.app, 'page.appr.ja@centre.example.jp', 'approver');
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false, viewport });
    await staffSignIn(page, reviewerStaff, 'ja');

    // Submitted: the reviewer sends the pledge from the top of the page.
    const a = await submitApplication(suite.app);
    await page.goto(`/staff/applications/${a.id}`);
    await expectNextAction(page, ja['staff.pledge.send']);
    await expectNoOverflow(page);
    await page.locator(primary).click();
    await page.waitForURL(`**/staff/applications/${a.id}?done=pledge`);
    assert.equal((await bannerText(page))?.trim(), ja['staff.done.pledge']);
    assert.equal(await page.locator(primary).count(), 0, 'waiting for the signature: nothing primary');

    // Signed: the approver approves from the top of the page.
    const httpReviewer = await signIn(suite.app, await enrol(suite.app, 'page.http.ja@centre.example.jp', 'reviewer'));
    const b: Submitted = await submitApplication(suite.app);
    await pledgeSigned(suite.app, httpReviewer, b);
    const boss = await suite.newPage({ locale: 'ja', javaScriptEnabled: false, viewport });
    await staffSignIn(boss, approverStaff, 'ja');
    await boss.goto(`/staff/applications/${b.id}`);
    await expectNextAction(boss, ja['staff.next.approve']);
    assert.ok(await isInViewport(boss, '#group'), 'the UNIX group is in the first screenful too');
    await boss.locator(primary).click();
    await boss.waitForURL(`**/staff/applications/${b.id}?done=approved`);
    assert.equal((await bannerText(boss))?.trim(), ja['staff.done.approved']);

    // A rejection: the reason, the page that asks again, Go back keeping it, then the rejection.
    const c = await submitApplication(suite.app);
    await boss.goto(`/staff/applications/${c.id}`);
    await boss.getByText(ja['staff.other.reject'], { exact: true }).click();
    await boss.getByLabel(ja['staff.decision.reason']).fill('利用目的が研究ではありません。');
    await boss.getByRole('button', { name: ja['staff.other.rejectContinue'] }).click();
    await boss.getByRole('heading', { level: 1, name: `申請 ${c.reference} を不承認にしますか？` }).waitFor();
    assert.ok(await boss.getByText('利用目的が研究ではありません。').isVisible());
    assert.equal(await boss.locator(primary).count(), 0);
    await expectNoOverflow(boss);
    await boss.getByRole('button', { name: ja['staff.reject.back'] }).click();
    assert.equal(await boss.getByLabel(ja['staff.decision.reason']).inputValue(), '利用目的が研究ではありません。');
    assert.ok(await boss.getByLabel(ja['staff.decision.reason']).isVisible(), 'the form is open again');
    await boss.getByRole('button', { name: ja['staff.other.rejectContinue'] }).click();
    await boss.getByRole('button', { name: ja['staff.reject.confirm'] }).click();
    await boss.waitForURL(`**/staff/applications/${c.id}?done=rejected`);
    assert.equal((await bannerText(boss))?.trim(), ja['staff.done.rejected']);
    assert.equal(await boss.locator(primary).count(), 0);
  });

  test('English with JavaScript: the page in each state, axe on each', async () => {
    const reviewerStaff = await enrol(suite.app, 'page.rev.en@centre.example.jp', 'reviewer');
    const approverStaff = await enrol(suite.app, 'page.appr.en@centre.example.jp', 'approver');
    const staff = await suite.newPage({ locale: 'en-GB', viewport });
    await staffSignIn(staff, reviewerStaff, 'en');
    const boss = await suite.newPage({ locale: 'en-GB', viewport });
    await staffSignIn(boss, approverStaff, 'en');

    // Submitted, with the information request opened; then the pledge sent.
    const a = await submitApplication(suite.app);
    await staff.goto(`/staff/applications/${a.id}`);
    await expectNextAction(staff, en['staff.pledge.send']);
    await staff.getByText(en['staff.other.information'], { exact: true }).click();
    await staff.getByLabel(en['staff.information.message']).waitFor();
    await expectNoViolations(staff);
    await staff.locator(primary).click();
    await staff.waitForURL(`**/staff/applications/${a.id}?done=pledge`);
    assert.equal((await bannerText(staff))?.trim(), en['staff.done.pledge']);
    assert.ok(await staff.getByRole('button', { name: en['staff.pledge.resend'] }).isVisible());
    await expectNoViolations(staff);

    // Signed: the reviewer is told who approves; the approver approves.
    const httpReviewer = await signIn(suite.app, await enrol(suite.app, 'page.http.en@centre.example.jp', 'reviewer'));
    const b = await submitApplication(suite.app);
    await pledgeSigned(suite.app, httpReviewer, b);
    await staff.goto(`/staff/applications/${b.id}`);
    assert.equal(await staff.locator(primary).count(), 0);
    assert.ok(
      await staff
        .locator('.status-panel')
        .getByText(/“approver” or higher/)
        .isVisible(),
    );
    await expectNoViolations(staff);
    await boss.goto(`/staff/applications/${b.id}`);
    await expectNextAction(boss, en['staff.next.approve']);
    await expectNoViolations(boss);
    await boss.locator(primary).click();
    await boss.waitForURL(`**/staff/applications/${b.id}?done=approved`);
    assert.equal((await bannerText(boss))?.trim(), en['staff.done.approved']);
    await expectNoViolations(boss);

    // Provisioned: the certificate is marked posted from the panel.
    await drainJobs(suite.app);
    await boss.goto(`/staff/applications/${b.id}`);
    await expectNextAction(boss, en['staff.next.posted']);
    await expectNoViolations(boss);
    await boss.locator(primary).click();
    await boss.waitForURL(`**/staff/applications/${b.id}?done=posted`);
    assert.equal((await bannerText(boss))?.trim(), en['staff.done.posted']);
    await expectNoViolations(boss);

    // Screening: the checklist is the next action.
    const c = await submitApplication(suite.app);
    await suite.app.server.database.db
      .updateTable('application')
      .set({ state: 'screening', needs_screening: true })
      .where('id', '=', c.id)
      .execute();
    await staff.goto(`/staff/applications/${c.id}`);
    assert.equal(await staff.locator(primary).count(), 1);
    assert.equal((await staff.locator(primary).textContent())?.trim(), en['staff.screening.submit']);
    await expectNoViolations(staff);

    // Rejected after being asked again; axe on the page that asks and on the result.
    const d = await submitApplication(suite.app);
    await boss.goto(`/staff/applications/${d.id}`);
    await boss.getByText(en['staff.other.reject'], { exact: true }).click();
    await boss.getByLabel(en['staff.decision.template']).selectOption('duplicate');
    await boss.getByRole('button', { name: en['staff.other.rejectContinue'] }).click();
    await boss.getByRole('heading', { level: 1, name: `Reject the application ${d.reference}?` }).waitFor();
    await expectNoViolations(boss);
    await boss.getByRole('button', { name: en['staff.reject.back'] }).click();
    assert.equal(await boss.getByLabel(en['staff.decision.template']).inputValue(), 'duplicate');
    await expectNoViolations(boss);
    await boss.getByRole('button', { name: en['staff.other.rejectContinue'] }).click();
    await boss.getByRole('button', { name: en['staff.reject.confirm'] }).click();
    await boss.waitForURL(`**/staff/applications/${d.id}?done=rejected`);
    assert.equal((await bannerText(boss))?.trim(), en['staff.done.rejected']);
    await expectNoViolations(boss);
  });
});
