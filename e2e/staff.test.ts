// The staff console in Chromium: enrolment from the link with the authenticator's
// QR code, sign-in with password and TOTP, the queue, an application's page with a
// comment, sign-out; axe on each page.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { advanceApplication } from '../src/db/applications.js';
import { putPledge } from '../src/db/pledges.js';
import { hashToken, newToken } from '../src/domain/tokens.js';
import { catalogues } from '../src/i18n/index.js';
import { provisionedAccounts } from '../test/helpers/account.js';
import { submitApplication } from '../test/helpers/review.js';
import { addStaff, STAFF_PASSWORD, secretOnPage, totpCode } from '../test/helpers/staff.js';
import { expectNoViolations, press, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { JOB_POLL_MS: '100', RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });

describe('staff console in a browser', () => {
  for (const lang of ['en', 'ja'] as const) {
    test(`enrol, sign in with TOTP, see the queue, sign out (${lang})`, async () => {
      const t = catalogues[lang];
      // An application in the queue (sent over HTTP: the browser journey is apply-journey's).
      await submitApplication(suite.app, { account: { accountName: `queued_${lang}` } });

      const email = `staff.${lang}@centre.example.jp`;
      // A reviewer in English, an administrator (who also sees the audit log) in Japanese.
      const { token } = await addStaff(suite.app, email, lang === 'en' ? 'reviewer' : 'admin');
      const page = await suite.newPage({ locale: lang });
      await page.goto(`/staff/enrol?token=${token}`);
      assert.equal(await page.locator('h1').textContent(), t['staff.enrol.title']);
      const qrWidth = await page
        .locator('img[src^="/staff/enrol/qr.svg"]')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
      assert.ok(qrWidth > 0, 'the QR code loads (same origin, allowed by the CSP)');
      await expectNoViolations(page);

      await page.getByLabel(t['staff.enrol.password'], { exact: true }).fill('short');
      await press(page, t['staff.enrol.submit']);
      assert.ok((await page.title()).startsWith(t['form.errorPrefix']));
      await expectNoViolations(page);

      const secret = secretOnPage(await page.content());
      await page.getByLabel(t['staff.enrol.password'], { exact: true }).fill(STAFF_PASSWORD);
      await page.getByLabel(t['staff.enrol.password2']).fill(STAFF_PASSWORD);
      await page.getByLabel(t['staff.enrol.code']).fill(await totpCode(secret));
      await page.getByRole('button', { name: t['staff.enrol.submit'] }).click();
      assert.equal(await page.locator('h1').textContent(), t['staff.enrol.done.title']);
      assert.equal(await page.locator('.recovery-codes li').count(), 10);
      // The codes can be kept: a text file with every code, and (with JavaScript) a print button.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: t['staff.enrol.done.download'] }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'sc-account-recovery-codes.txt');
      const saved = readFileSync((await download.path()) as string, 'utf8');
      const shown = await page.locator('.recovery-codes code').allTextContents();
      assert.deepEqual(saved.trim().split('\n').slice(2), shown);
      assert.equal(await page.getByRole('button', { name: t['staff.enrol.done.print'] }).isVisible(), true);
      await expectNoViolations(page);

      await page.getByRole('link', { name: t['staff.enrol.done.signIn'] }).click();
      assert.equal(await page.locator('h1').textContent(), t['staff.login.title']);
      await expectNoViolations(page);
      await page.getByLabel(t['staff.login.email']).fill(email);
      await page.getByLabel(t['staff.login.password']).fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: t['staff.login.submit'] }).click();
      await page.waitForURL('**/staff/verify');
      await expectNoViolations(page);
      await page.getByLabel(t['staff.verify.title']).fill(await totpCode(secret, 1));
      await page.getByRole('button', { name: t['staff.verify.submit'] }).click();
      await page.waitForURL('**/staff/applications');
      assert.equal(await page.locator('h1').textContent(), t['staff.queue.title']);
      // Named in the page's language: the name in Japanese on the Japanese page.
      const name = lang === 'ja' ? '山田 太郎' : 'Taro YAMADA';
      assert.ok(await page.getByRole('cell', { name }).first().isVisible());
      await expectNoViolations(page);

      // The application's page: answers, history, an internal comment.
      await page.locator('table a').first().click();
      await page.waitForURL('**/staff/applications/*');
      assert.equal(await page.locator('h1').textContent(), name);
      await expectNoViolations(page);
      await page.getByRole('button', { name: t['staff.comment.submit'] }).click();
      await page.locator('#comment-error').waitFor();
      assert.ok((await page.title()).startsWith(t['form.errorPrefix']));
      await expectNoViolations(page);
      await page.getByLabel(t['staff.comment.label']).fill(`Checked by ${lang}`);
      await page.getByRole('button', { name: t['staff.comment.submit'] }).click();
      await page.getByText(`Checked by ${lang}`).waitFor();

      // The renewal dashboard (an administrator also moves a day of its calendar: Japanese).
      await page.getByRole('link', { name: t['staff.nav.renewal'], exact: true }).click();
      await page.waitForURL('**/staff/renewal');
      assert.match((await page.locator('h1').textContent()) ?? '', /\d{4}/);
      await expectNoViolations(page);
      if (lang === 'ja') {
        await page.getByLabel(t['staff.renewal.lockOn'], { exact: true }).fill('2099-13-01');
        await page.getByRole('button', { name: t['staff.renewal.calendarSave'] }).click();
        await page.locator('.error-summary').waitFor();
        assert.equal(await page.locator('#lockOn').inputValue(), '2099-13-01', 'what was typed is kept');
        await expectNoViolations(page);
      }

      if (lang === 'ja') {
        await page.getByRole('link', { name: t['staff.nav.audit'] }).click();
        await page.waitForURL('**/staff/audit');
        assert.ok(await page.getByRole('cell', { name: 'application.commented' }).first().isVisible());
        await expectNoViolations(page);
        await page.getByRole('link', { name: t['staff.nav.settings'] }).click();
        await page.waitForURL('**/staff/settings');
        await expectNoViolations(page);
        await page.getByRole('button', { name: t['staff.settings.addClosure'] }).click();
        await page.locator('.error-summary').waitFor();
        await expectNoViolations(page);
        await page.getByRole('link', { name: t['settingsText.title'] }).click();
        await page.waitForURL('**/staff/settings/texts');
        await expectNoViolations(page);
        await page.getByLabel(t['settingsText.version']).first().fill('bad label!');
        await page.getByRole('button', { name: t['settingsText.publish'] }).first().click();
        await page.locator('.error-summary').waitFor();
        await expectNoViolations(page);
        await page.getByRole('link', { name: t['settingsMail.title'] }).click();
        await page.waitForURL('**/staff/settings/mail');
        await expectNoViolations(page);
        await page.getByLabel(t['settingsMail.reminderDays']).fill('99');
        await page.getByRole('button', { name: t['settingsMail.savePeriods'] }).click();
        await page.locator('.error-summary').waitFor();
        await expectNoViolations(page);
        await page.getByRole('link', { name: t['staff.nav.people'] }).click();
        await page.waitForURL('**/staff/people');
        await expectNoViolations(page);
        // API tokens: a refused form, then a token shown once; the API's reference page.
        await page.getByRole('link', { name: t['staff.nav.tokens'] }).first().click();
        await page.waitForURL('**/staff/tokens');
        await expectNoViolations(page);
        await page.getByLabel(t['staff.tokens.name']).fill('監視');
        await page.getByLabel('applications.read').check();
        await page.getByRole('button', { name: t['staff.tokens.create'] }).click();
        await page.locator('#new-token').waitFor();
        assert.match((await page.locator('#new-token').textContent()) ?? '', /^sca_/);
        await expectNoViolations(page);
        await page.getByRole('link', { name: t['staff.tokens.reference'] }).click();
        await page.waitForURL('**/api/reference');
        await expectNoViolations(page);
        await page.goto('/staff/webhooks');
        await page.getByRole('button', { name: t['staff.webhooks.create'] }).click();
        await page.locator('.error-summary').waitFor();
        await expectNoViolations(page);
        // Locking an account: the confirmation page, refused without a reason.
        const [held] = await provisionedAccounts(suite.app, 1);
        assert.ok(held);
        await page.goto(`/staff/accounts/${held.id}/lock`);
        await page.getByRole('button', { name: t['staff.accountLock.lock.button'].replace('{uid}', held.uid) }).click();
        await page.locator('.error-summary').waitFor();
        await expectNoViolations(page);
      }

      await page.getByRole('button', { name: t['staff.logout'] }).click();
      await page.waitForURL('**/staff');
      await page.goto('/staff/applications');
      assert.equal(new URL(page.url()).pathname, '/staff');
    });
  }

  for (const lang of ['ja', 'en'] as const) {
    test(`the responsible person signs the pledge from the mailed link (${lang})`, async () => {
      const t = catalogues[lang];
      // A sent application (over HTTP: the browser journey is apply-journey's) whose
      // pledge is sent as "send pledge" does (tested over HTTP in test/staff-review.test.ts).
      const row = await submitApplication(suite.app, { account: { accountName: `pledge_${lang}` } });
      const db = suite.app.server.database.db;
      const token = newToken();
      await db.transaction().execute(async (trx) => {
        await advanceApplication(trx, row.id, 'pledge_sent', 'test');
        await putPledge(trx, {
          applicationId: row.id,
          kind: 'vouch',
          email: 'suzuki@nig.example.ac.jp',
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + 3600_000),
        });
      });

      const page = await suite.newPage({ locale: lang });
      await page.goto(`/pledge?token=${token}`);
      assert.equal(
        await page.locator('h1').textContent(),
        lang === 'ja'
          ? '誓約書（責任者が申請者について誓約する場合）'
          : 'Pledge (the responsible person vouches for the applicant)',
      );
      await expectNoViolations(page);
      await page.getByRole('button', { name: t['pledge.submit'] }).click();
      await page.locator('.error-summary').waitFor();
      await expectNoViolations(page);
      for (const box of await page.locator('input[type=checkbox]').all()) await box.check();
      await page.getByLabel(t['pledge.name']).fill('Ichiro SUZUKI');
      await page.getByRole('button', { name: t['pledge.submit'] }).click();
      await page.getByRole('heading', { name: t['pledge.done.title'] }).waitFor();
      await expectNoViolations(page);
    });
  }
});
