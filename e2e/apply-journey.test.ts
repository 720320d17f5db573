// Whole application journeys in Chromium, from the e-mail step to "Application
// sent": English with JavaScript (live name check, proof of work), Japanese without
// JavaScript, resuming on another device, a closure in force, the personal genome
// division suspended, and two applicants racing for one account name. axe-core
// checks the check page, its error state and the submitted page. The first two go
// through every step in the browser; the later ones answer them over HTTP
// (answeredDraft) and take the draft from there.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addClosure, removeClosure, setServiceAcceptance } from '../src/db/notices.js';
import { catalogues } from '../src/i18n/index.js';
import { answeredDraft, answerSteps, lastLinkTo, openApplication } from './helpers/apply.js';
import { expectNoViolations, press, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { JOB_POLL_MS: '100', RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;

const h1 = async (page: Page) => (await page.locator('h1').textContent())?.trim();
const application = (email: string) =>
  suite.app.server.database.db
    .selectFrom('application')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();

describe('application journeys in a browser', () => {
  test('English with JavaScript: every step, live name check, proof of work, sent', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await openApplication(page, suite.app, 'journey.en@univ.example.ac.jp');
    assert.equal(await answerSteps(page, { account: { accountName: 'journey_en' } }), '/apply/check');

    // The live check on the account step (the server says the same on Continue).
    await page.goto('/apply/account');
    await page.getByLabel(en['account.name']).fill('root');
    await page.locator('#accountName-status', { hasText: en['account.error.nameReserved'] }).waitFor();
    await page.getByLabel(en['account.name']).fill('journey_en');
    await page.locator('#accountName-status', { hasText: en['account.available'] }).waitFor();
    assert.match(
      (await page.getByLabel(en['account.name']).getAttribute('aria-describedby')) ?? '',
      /accountName-status/,
    );
    await page.getByRole('button', { name: en['applyStep.continue'] }).click();
    await page.waitForURL('**/apply/check');

    assert.equal(await h1(page), en['check.title']);
    await page.locator('#altcha-status', { hasText: en['check.robot.done'] }).waitFor({ timeout: 30_000 });
    assert.ok((await page.locator('#altcha').inputValue()).length > 100, 'the proof of work is solved');
    await expectNoViolations(page);

    // Without the terms: the error summary, then sent with them.
    await press(page, en['check.submit']);
    assert.match(await page.title(), /^Error: /);
    await expectNoViolations(page);
    await page.getByLabel(en['check.terms']).check();
    await page.locator('#altcha-status', { hasText: en['check.robot.done'] }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: en['check.submit'] }).click();
    await page.waitForURL('**/apply/submitted');
    assert.equal(await h1(page), en['submitted.title']);
    const row = await application('journey.en@univ.example.ac.jp');
    assert.equal(row.state, 'submitted');
    assert.ok((await page.locator('.panel__reference').textContent())?.includes(row.reference ?? 'none'));
    await expectNoViolations(page);
  });

  test('Japanese without JavaScript: every step and the check page, sent', async () => {
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await openApplication(page, suite.app, 'journey.ja@inst.example.jp');
    assert.equal(await answerSteps(page, { account: { accountName: 'journey_ja' } }), '/apply/check');
    assert.equal(await h1(page), ja['check.title']);
    // "Change" goes to the step and Continue comes back here.
    await page.getByRole('link', { name: `${ja['check.change']} ${ja['applyTask.step.affiliation']}` }).click();
    assert.equal(await h1(page), ja['affiliation.title']);
    await page.getByLabel(ja['affiliation.department']).fill('生命情報・DDBJセンター');
    await page.getByRole('button', { name: ja['applyStep.continue'] }).click();
    await page.waitForURL('**/apply/check');
    assert.ok(await page.getByText('生命情報・DDBJセンター').isVisible());

    await press(page, ja['check.submit']);
    assert.match(await page.title(), /^エラー：/);
    assert.equal(await page.locator('#terms-error').textContent(), ja['check.error.terms']);
    await page.getByLabel(ja['check.terms']).check();
    await page.getByRole('button', { name: ja['check.submit'] }).click();
    await page.waitForURL('**/apply/submitted');
    assert.equal(await h1(page), ja['submitted.title']);
    assert.match((await page.locator('.panel__reference').textContent()) ?? '', /^A\d{4}-\d{6}$/);
  });

  test('the mailed link resumes the draft in another browser', async () => {
    const first = await suite.newPage({ locale: 'en-GB' });
    await openApplication(first, suite.app, 'resume@univ.example.ac.jp');
    await first.goto('/apply/applicant');
    await first.getByLabel(en['applicant.familyName']).fill('KOBAYASHI');
    await press(first, en['applyStep.continue']);
    assert.match(await first.title(), /^Error: /, 'half the answers: saved, not done');

    // Asking again for the same address mails a link to the same draft.
    const other = await suite.newPage({ locale: 'en-GB' });
    await openApplication(other, suite.app, 'resume@univ.example.ac.jp', 1);
    await other.goto('/apply/applicant');
    assert.equal(await other.getByLabel(en['applicant.familyName']).inputValue(), 'KOBAYASHI');
    assert.equal(await lastLinkTo(suite.app, 'resume@univ.example.ac.jp', 2).then((l) => l.length > 0), true);
  });

  test('a closure in force: announced on the steps, nothing can be sent, the draft stays', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await answeredDraft(page, suite.app, 'closure@univ.example.ac.jp', { account: { accountName: 'closure_e2e' } });
    const db = suite.app.server.database.db;
    const closure = await addClosure(db, {
      startsAt: new Date(Date.now() - 60_000),
      endsAt: new Date(Date.now() + 3_600_000),
      reasonJa: '年末年始',
      reasonEn: 'New Year holidays',
    });
    try {
      await page.goto('/apply/applicant');
      assert.ok(await page.locator('#notice-closure').isVisible());
      await page.goto('/apply/check');
      assert.ok(await page.getByText('New Year holidays').isVisible());
      assert.equal(await page.getByRole('button', { name: en['check.submit'] }).count(), 0);
      assert.ok(await page.getByText(en['check.closed']).isVisible());
      await expectNoViolations(page);
    } finally {
      await removeClosure(db, closure.id);
    }
    await page.goto('/apply/check');
    await page.getByLabel(en['check.terms']).check();
    await page.getByRole('button', { name: en['check.submit'] }).click();
    await page.waitForURL('**/apply/submitted');
  });

  test('the personal genome division: disabled with its notice while suspended, offered when open', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await openApplication(page, suite.app, 'pg@univ.example.ac.jp');
    await page.goto('/apply/account');
    const tick = page.getByLabel(en['account.pg']);
    assert.equal(await tick.isDisabled(), true);
    assert.ok(await page.locator('#usePg-suspended').getByText(en['notice.service.pg'], { exact: true }).isVisible());
    await expectNoViolations(page);

    // (This file's app is its own: the change needs no undoing.)
    await setServiceAcceptance(suite.app.server.database.db, 'pg', { accepting: true, since: new Date() });
    await page.reload();
    assert.equal(await tick.isDisabled(), false);
    // The paid service's questions appear only once PG is ticked.
    const storage = page.getByLabel(en['account.pgStorage'], { exact: true });
    assert.equal(await storage.isVisible(), false);
    assert.equal(await tick.getAttribute('aria-expanded'), 'false');
    await page.getByLabel(en['account.name']).fill('genome_e2e');
    await tick.check();
    assert.ok(await page.getByText('genome_e2e-pg').isVisible());
    assert.equal(await storage.isVisible(), true);
    assert.equal(await tick.getAttribute('aria-expanded'), 'true');
    await expectNoViolations(page);
    // Ticked without them: both asked for, the summary first.
    assert.equal(await press(page, en['applyStep.continue']), 400);
    assert.equal(await page.locator('.error-summary a').count(), 2);
    assert.equal(await storage.isVisible(), true);
    await expectNoViolations(page);
    await storage.fill('2.5');
    await page.getByLabel(en['account.pgPaid'], { exact: true }).check();
    assert.equal(await press(page, en['applyStep.continue']), 303);
    const row = await application('pg@univ.example.ac.jp');
    assert.deepEqual([row.use_pg, row.pg_storage_tenths, row.pg_paid_confirmed], [true, 25, true]);
  });

  test('two applicants race for one account name: one is sent, the other changes it and keeps the rest', async () => {
    const [a, b] = await Promise.all([
      suite.newPage({ locale: 'en-GB', javaScriptEnabled: false }),
      suite.newPage({ locale: 'ja', javaScriptEnabled: false }),
    ]);
    await answeredDraft(a, suite.app, 'racer.a@univ.example.ac.jp', { account: { accountName: 'contested' } });
    await answeredDraft(b, suite.app, 'racer.b@univ.example.ac.jp', { account: { accountName: 'contested' } }, 'ja');
    for (const [page, t] of [
      [a, en],
      [b, ja],
    ] as const) {
      await page.getByLabel(t['check.terms']).check();
    }
    await Promise.all([
      a.getByRole('button', { name: en['check.submit'] }).click(),
      b.getByRole('button', { name: ja['check.submit'] }).click(),
    ]);
    await Promise.all([a.waitForLoadState(), b.waitForLoadState()]);
    const paths = [new URL(a.url()).pathname, new URL(b.url()).pathname];
    const winner = paths[0] === '/apply/submitted' ? 0 : 1;
    assert.equal(paths[winner], '/apply/submitted');
    const loser = winner === 0 ? b : a;
    const t = winner === 0 ? ja : en;
    assert.equal(paths[1 - winner], '/apply/check');
    const message = t['check.error.nameTaken'].replace('{name}', 'contested');
    assert.equal(await loser.locator('.error-summary a').textContent(), message);

    // The loser changes only the name; everything else is still there.
    await loser.getByRole('link', { name: `${t['check.change']} ${t['applyTask.step.account']}` }).click();
    await loser.getByLabel(t['account.name']).fill('contested2');
    await loser.getByRole('button', { name: t['applyStep.continue'] }).click();
    await loser.waitForURL('**/apply/check');
    assert.ok(await loser.getByText('Population genomics').isVisible());
    await loser.getByLabel(t['check.terms']).check();
    await loser.getByRole('button', { name: t['check.submit'] }).click();
    await loser.waitForURL('**/apply/submitted');
  });

  test('the check page with an error passes axe in Japanese', async () => {
    const page = await suite.newPage({ locale: 'ja' });
    await answeredDraft(page, suite.app, 'axe.ja@univ.example.ac.jp', { account: { accountName: 'axe_ja' } }, 'ja');
    await expectNoViolations(page);
    await press(page, ja['check.submit']);
    assert.match(await page.title(), /^エラー：/);
    await expectNoViolations(page);
  });
});
