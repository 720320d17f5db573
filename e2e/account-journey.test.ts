// The account holder's pages in Chromium: logging in, account information, SSH
// keys (pending until the job has written them to the directory, then in use;
// removal after a confirmation), the password change with its strength meter, and
// logging out; the same without JavaScript in Japanese; the password reset with an
// SSH signature made here with ssh-keygen; and the page a locked account sees after
// its right password. axe on every page and error state along the way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { catalogues, type Lang } from '../src/i18n/index.js';
import {
  addKey,
  type KeyPair,
  keyPair,
  logIn as logInOverHttp,
  provisionedAccounts,
  sshSign,
  type TestAccount,
} from '../test/helpers/account.js';
import { drainJobs } from '../test/helpers/review.js';
import { expectNoViolations, expectSummaryFocusLinksToField, press, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;

const keys = { first: keyPair('ed25519'), second: keyPair('ecdsa'), ja: keyPair('ed25519'), recovery: keyPair() };
const stranger = keyPair('ed25519', undefined, 'not@registered');
const jsNewPassword = 'plum tractor velvet orbit canyon';
let accounts: { js: TestAccount; noJs: TestAccount; recovery: TestAccount; locked: TestAccount };

after(() => {
  for (const k of [...Object.values(keys), stranger]) k.remove();
});

const h1 = async (page: Page) => (await page.locator('h1').textContent())?.trim();

/** The SHA256 fingerprint of a public key, as ssh-keygen itself prints it. */
function fingerprintOf(key: KeyPair): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${key.file}.pub`]).toString();
  const fingerprint = out.split(' ')[1];
  assert.match(fingerprint ?? '', /^SHA256:[\w+/]+$/);
  return fingerprint as string;
}

/** Logs in on the login page; lands on Account information. */
async function logIn(page: Page, lang: Lang, account: { uid: string }, password: string) {
  const t = catalogues[lang];
  await page.goto('/login');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  await page.getByLabel(t['user.login.accountName'], { exact: true }).fill(account.uid);
  await page.getByLabel(t['user.login.password'], { exact: true }).fill(password);
  assert.equal(await press(page, t['user.login.submit']), 303);
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.equal(await h1(page), t['user.info.title']);
}

/** The error summary: its one link, with the message, to the field (`#field`), and the message beside the field. */
async function expectError(page: Page, lang: Lang, title: string, field: string, message: string) {
  const t = catalogues[lang];
  assert.equal(await page.title(), `${t['form.errorPrefix']} ${title} – ${t['service.name']}`);
  const links = page.locator('.error-summary a');
  assert.equal(await links.count(), 1);
  assert.equal((await links.textContent())?.trim(), message);
  assert.equal(await links.getAttribute('href'), `#${field}`);
  assert.equal((await page.locator(`#${field}-error`).textContent())?.trim(), message);
  assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true');
  assert.match((await page.locator(`#${field}`).getAttribute('aria-describedby')) ?? '', new RegExp(`${field}-error`));
}

/** The table row of the key with this fingerprint. */
const keyRow = (page: Page, fingerprint: string) => page.locator('tbody tr', { hasText: fingerprint });

/** The rows' status cells, in order. */
const statuses = async (page: Page) =>
  (await page.locator('tbody tr td:nth-child(5)').allTextContents()).map((s) => s.trim());

async function directoryKeys(uid: string): Promise<string[]> {
  return (await suite.app.server.directories.ga.getUser(uid))?.sshPublicKeys ?? [];
}

async function expectMeter(page: Page, lang: Lang, scores: string[]) {
  const meter = page.locator('#password-strength');
  await page.locator(scores.map((s) => `#password-strength[data-score="${s}"]`).join(', ')).waitFor();
  const score = (await meter.getAttribute('data-score')) as '0' | '1' | '2' | '3' | '4';
  assert.ok(scores.includes(score), `score ${score} is one of ${scores.join(', ')}`);
  assert.equal((await meter.textContent())?.trim(), catalogues[lang][`user.password.strength.${score}`]);
  assert.equal(await meter.getAttribute('aria-live'), 'polite');
}

describe('the account pages in a browser', () => {
  // (In the describe block: its hooks run after the file's, which start the app.)
  before(async () => {
    const [js, noJs, recovery, locked] = await provisionedAccounts(suite.app, 4);
    assert.ok(js && noJs && recovery && locked);
    accounts = { js, noJs, recovery, locked };
  });

  test('English with JavaScript: information, SSH keys, password with the meter, log out and in again', async () => {
    const account = accounts.js;
    const newPassword = jsNewPassword;
    const page = await suite.newPage({ locale: 'en-GB' });

    // Not logged in: the account pages lead to the login page.
    await page.goto('/account/ssh-keys');
    assert.equal(new URL(page.url()).pathname, '/login');

    await logIn(page, 'en', account, account.password);
    assert.equal(await page.title(), `${en['user.info.title']} – ${en['service.name']}`);
    const bar = page.locator('.staff-bar');
    assert.equal((await bar.locator('span').textContent())?.trim(), `Logged in as ${account.uid}`);
    assert.equal(await bar.getByRole('link', { name: en['user.nav.info'] }).getAttribute('aria-current'), 'page');
    const card = page.locator(`#account-${account.uid}`);
    assert.match((await card.textContent()) ?? '', new RegExp(`${en['user.info.accounts']}: ${account.uid}`));
    assert.match((await card.textContent()) ?? '', new RegExp(en['user.division.ga']));
    assert.match((await card.textContent()) ?? '', new RegExp(en['user.state.active']));
    for (const [id, key] of [
      ['info-applicant', 'user.info.applicant'],
      ['info-affiliation', 'user.info.affiliation'],
      ['info-responsible', 'user.info.responsible'],
    ] as const) {
      const section = page.locator(`#${id}`);
      assert.match((await section.textContent()) ?? '', new RegExp(en[key]));
      assert.ok((await section.locator('.summary-list__value').count()) > 0, `${id} has rows`);
    }
    await expectNoViolations(page);

    // SSH keys: none yet; the empty box is refused.
    await bar.getByRole('link', { name: en['user.nav.sshKeys'] }).click();
    await page.waitForURL('/account/ssh-keys');
    assert.equal(await h1(page), en['user.keys.title']);
    assert.ok(await page.getByText(en['user.keys.none']).isVisible());
    await expectNoViolations(page);
    assert.equal(await press(page, en['user.keys.add.submit']), 400);
    await expectError(page, 'en', en['user.keys.title'], 'publicKey', en['user.keys.error.required']);
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'publicKey');

    // A key is pending until the job has written it to the directory (the worker waits
    // until the page has shown that), then in use.
    const fingerprint = fingerprintOf(keys.first);
    await suite.app.server.worker.stop();
    try {
      await page.getByLabel(en['user.keys.add.label'], { exact: true }).fill(keys.first.publicKey);
      assert.equal(await press(page, en['user.keys.add.submit']), 303);
      assert.match(new URL(page.url()).search, /^\?done=added&key=\d+$/);
      assert.equal(
        (await page.locator('.notification-banner').textContent())?.trim(),
        en['user.keys.addedBanner'].replace('{fingerprint}', fingerprint),
      );
      const row = keyRow(page, fingerprint);
      assert.deepEqual(
        (await row.locator('td').allTextContents()).slice(0, 3).map((s) => s.trim()),
        ['ED25519 256', fingerprint, 'me@laptop'],
      );
      assert.deepEqual(await statuses(page), [en['user.keys.status.adding']]);
      assert.ok(await page.getByText(en['user.keys.pending']).isVisible());
      assert.deepEqual(await directoryKeys(account.uid), []);
      await expectNoViolations(page);
      await drainJobs(suite.app);
    } finally {
      suite.app.server.worker.start();
    }
    await page.reload();
    assert.deepEqual(await statuses(page), [en['user.keys.status.active']]);
    assert.equal(await page.getByText(en['user.keys.pending']).count(), 0);
    assert.deepEqual(await directoryKeys(account.uid), [keys.first.publicKey]);

    // A second key, removed after the confirmation (the first, last one is kept).
    const second = fingerprintOf(keys.second);
    await page.getByLabel(en['user.keys.add.label'], { exact: true }).fill(keys.second.publicKey);
    assert.equal(await press(page, en['user.keys.add.submit']), 303);
    await drainJobs(suite.app);
    await page.reload();
    assert.deepEqual(await statuses(page), [en['user.keys.status.active'], en['user.keys.status.active']]);
    await keyRow(page, second)
      .getByRole('link', { name: `${en['user.keys.remove']} key ${second}`, exact: true })
      .click();
    await page.waitForURL(/\/account\/ssh-keys\/\d+\/remove$/);
    assert.equal(await h1(page), en['user.keys.confirm.title']);
    assert.ok(await page.getByText(en['user.keys.confirm.body'].replace('{fingerprint}', second)).isVisible());
    await expectNoViolations(page);
    // "Keep the key" goes back with nothing changed; then removed for real.
    await page.getByRole('link', { name: en['user.keys.confirm.cancel'], exact: true }).click();
    await page.waitForURL('/account/ssh-keys');
    assert.equal(await page.locator('tbody tr').count(), 2);
    await keyRow(page, second).getByRole('link').click();
    await page.waitForURL(/\/remove$/);
    await suite.app.server.worker.stop();
    try {
      assert.equal(await press(page, en['user.keys.confirm.submit']), 303);
      assert.match(new URL(page.url()).search, /^\?done=removed&fingerprint=SHA256%3A/);
      assert.equal(
        (await page.locator('.notification-banner').textContent())?.trim(),
        en['user.keys.removedBanner'].replace('{fingerprint}', second),
      );
      assert.deepEqual(await statuses(page), [en['user.keys.status.active'], en['user.keys.status.removing']]);
      assert.equal(await keyRow(page, second).getByRole('link').count(), 0, 'no Remove link while it is being removed');
      assert.equal((await directoryKeys(account.uid)).length, 2);
      await drainJobs(suite.app);
    } finally {
      suite.app.server.worker.start();
    }
    await page.reload();
    assert.deepEqual(await statuses(page), [en['user.keys.status.active']]);
    assert.equal(await keyRow(page, second).count(), 0);
    assert.deepEqual(await directoryKeys(account.uid), [keys.first.publicKey]);
    // The last key cannot be removed.
    await keyRow(page, fingerprint).getByRole('link').click();
    await page.waitForURL(/\/remove$/);
    assert.equal(await press(page, en['user.keys.confirm.submit']), 400);
    await expectError(page, 'en', en['user.keys.title'], 'publicKey', en['user.keys.error.last']);
    await expectNoViolations(page);

    // Password: the meter rates what is typed, after its debounce.
    await bar.getByRole('link', { name: en['user.nav.password'] }).click();
    await page.waitForURL('/account/password');
    assert.equal(await h1(page), en['user.password.title']);
    const meter = page.locator('#password-strength');
    assert.equal((await meter.textContent())?.trim(), '');
    assert.equal(await meter.getAttribute('data-score'), null);
    assert.match((await page.locator('#password').getAttribute('aria-describedby')) ?? '', /\bpassword-strength\b/);
    await expectNoViolations(page);
    const newField = page.getByLabel(en['user.password.new'], { exact: true });
    await newField.fill('password');
    await expectMeter(page, 'en', ['0']);
    await newField.fill(newPassword);
    await expectMeter(page, 'en', ['3', '4']);
    await expectNoViolations(page);

    // A wrong current password.
    await page.getByLabel(en['user.password.current'], { exact: true }).fill(`${account.password}x`);
    await page.getByLabel(en['user.password.new2'], { exact: true }).fill(newPassword);
    assert.equal(await press(page, en['user.password.submit']), 400);
    await expectError(page, 'en', en['user.password.title'], 'current', en['user.password.error.current']);
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'current');

    // The right one.
    await page.getByLabel(en['user.password.current'], { exact: true }).fill(account.password);
    await newField.fill(newPassword);
    await page.getByLabel(en['user.password.new2'], { exact: true }).fill(newPassword);
    assert.equal(await press(page, en['user.password.submit']), 200);
    assert.equal(await h1(page), en['user.password.done.title']);
    assert.ok(await page.getByText(en['user.password.done.body']).isVisible());
    await expectNoViolations(page);

    // Log out; the old password no longer opens the account, the new one does.
    assert.equal(await press(page, en['user.logout']), 200);
    assert.equal(await h1(page), en['user.loggedOut.title']);
    await expectNoViolations(page);
    await page.goto('/account');
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.getByLabel(en['user.login.accountName'], { exact: true }).fill(account.uid);
    await page.getByLabel(en['user.login.password'], { exact: true }).fill(account.password);
    assert.equal(await press(page, en['user.login.submit']), 401);
    await expectError(page, 'en', en['user.login.title'], 'accountName', en['user.login.failed']);
    await expectNoViolations(page);
    await logIn(page, 'en', account, newPassword);
  });

  test('Japanese without JavaScript: log in, add a key, change the password (axe on the same pages with it)', async () => {
    const account = accounts.noJs;
    const newPassword = '夕焼け 自転車 図書館 ひまわり';
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await logIn(page, 'ja', account, account.password);
    assert.equal((await page.locator('.staff-bar span').textContent())?.trim(), `${account.uid} でログイン中`);
    assert.ok(await page.locator(`#account-${account.uid}`).getByText(ja['user.division.ga']).isVisible());

    await page.getByRole('link', { name: ja['user.nav.sshKeys'], exact: true }).click();
    await page.waitForURL('/account/ssh-keys');
    assert.equal(await h1(page), ja['user.keys.title']);
    assert.equal(await press(page, ja['user.keys.add.submit']), 400);
    await expectError(page, 'ja', ja['user.keys.title'], 'publicKey', ja['user.keys.error.required']);
    const fingerprint = fingerprintOf(keys.ja);
    await page.getByLabel(ja['user.keys.add.label'], { exact: true }).fill(keys.ja.publicKey);
    assert.equal(await press(page, ja['user.keys.add.submit']), 303);
    assert.equal(
      (await page.locator('.notification-banner').textContent())?.trim(),
      ja['user.keys.addedBanner'].replace('{fingerprint}', fingerprint),
    );
    assert.ok(await keyRow(page, fingerprint).isVisible());
    await drainJobs(suite.app);
    await page.reload();
    assert.deepEqual(await statuses(page), [ja['user.keys.status.active']]);
    assert.deepEqual(await directoryKeys(account.uid), [keys.ja.publicKey]);

    // The password page: no meter without JavaScript, the same change.
    await page.getByRole('link', { name: ja['user.nav.password'], exact: true }).click();
    await page.waitForURL('/account/password');
    assert.equal(await h1(page), ja['user.password.title']);
    await page.getByLabel(ja['user.password.current'], { exact: true }).fill(account.password);
    await page.getByLabel(ja['user.password.new'], { exact: true }).fill(newPassword);
    await page.getByLabel(ja['user.password.new2'], { exact: true }).fill(`${newPassword}!`);
    const meter = page.locator('#password-strength');
    assert.equal((await meter.textContent())?.trim(), '');
    assert.equal(await meter.getAttribute('data-score'), null);
    assert.equal(await page.locator('#password').getAttribute('aria-describedby'), 'password-hint');
    assert.equal(await press(page, ja['user.password.submit']), 400);
    await expectError(page, 'ja', ja['user.password.title'], 'password2', ja['user.password.error.mismatch']);
    await page.getByLabel(ja['user.password.current'], { exact: true }).fill(account.password);
    await page.getByLabel(ja['user.password.new'], { exact: true }).fill(newPassword);
    await page.getByLabel(ja['user.password.new2'], { exact: true }).fill(newPassword);
    assert.equal(await press(page, ja['user.password.submit']), 200);
    assert.equal(await h1(page), ja['user.password.done.title']);

    assert.equal(await press(page, ja['user.logout']), 200);
    assert.equal(await h1(page), ja['user.loggedOut.title']);
    await logIn(page, 'ja', account, newPassword);

    // axe needs JavaScript in the page: the same Japanese pages and error states with it.
    const checked = await suite.newPage({ locale: 'ja' });
    await checked.goto('/login');
    await expectNoViolations(checked);
    await logIn(checked, 'ja', account, newPassword);
    await expectNoViolations(checked);
    await checked.goto('/account/ssh-keys');
    assert.equal(await h1(checked), ja['user.keys.title']);
    await expectNoViolations(checked);
    assert.equal(await press(checked, ja['user.keys.add.submit']), 400);
    await expectError(checked, 'ja', ja['user.keys.title'], 'publicKey', ja['user.keys.error.required']);
    await expectNoViolations(checked);
    await keyRow(checked, fingerprint).getByRole('link').click();
    await checked.waitForURL(/\/remove$/);
    assert.equal(await h1(checked), ja['user.keys.confirm.title']);
    await expectNoViolations(checked);
    await checked.goto('/account/password');
    await expectNoViolations(checked);
    await checked.getByLabel(ja['user.password.new'], { exact: true }).fill('password');
    await expectMeter(checked, 'ja', ['0']);
    await checked.getByLabel(ja['user.password.current'], { exact: true }).fill('違うパスワード');
    assert.equal(await press(checked, ja['user.password.submit']), 400);
    assert.equal(await checked.locator('.error-summary a').count(), 2, 'current password and new password');
    assert.equal((await checked.locator('#current-error').textContent())?.trim(), ja['user.password.error.current']);
    assert.equal((await checked.locator('#password-error').textContent())?.trim(), ja['user.password.error.too_short']);
    await expectNoViolations(checked);
  });

  // A removed key's row is deleted once the job has applied it; the banner must not depend on it.
  test('the removal banner shows also when the job was quicker than the redirect', async () => {
    const account = accounts.js;
    const page = await suite.newPage({ locale: 'en-GB' });
    await logIn(page, 'en', account, jsNewPassword);
    await page.goto('/account/ssh-keys');
    await page.getByLabel(en['user.keys.add.label'], { exact: true }).fill(keys.second.publicKey);
    assert.equal(await press(page, en['user.keys.add.submit']), 303);
    await drainJobs(suite.app);
    await page.reload();
    const second = fingerprintOf(keys.second);
    await keyRow(page, second).getByRole('link').click();
    await page.waitForURL(/\/remove$/);
    // The job applies the removal before the browser follows the redirect.
    await page.route('**/account/ssh-keys?done=removed*', async (route) => {
      await drainJobs(suite.app);
      await route.continue();
    });
    assert.equal(await press(page, en['user.keys.confirm.submit']), 303);
    assert.equal(await keyRow(page, second).count(), 0, 'the job has removed it');
    assert.equal(
      (await page.locator('.notification-banner').textContent({ timeout: 1000 }))?.trim(),
      en['user.keys.removedBanner'].replace('{fingerprint}', second),
    );
  });

  test('a forgotten password reset with an SSH signature', async () => {
    const account = accounts.recovery;
    const newPassword = 'granite lantern meadow quiver saffron';
    // A key registered for the account and written to the directory.
    const person = await logInOverHttp(suite.app, account);
    assert.equal((await addKey(suite.app, person, keys.recovery.publicKey)).status, 303);
    assert.deepEqual(await directoryKeys(account.uid), [keys.recovery.publicKey]);

    const page = await suite.newPage({ locale: 'en-GB' });
    await page.goto('/login');
    await page.getByRole('link', { name: en['user.login.forgot'], exact: true }).click();
    await page.waitForURL('/login/recover');
    assert.equal(await h1(page), en['user.recover.title']);
    await expectNoViolations(page);
    assert.equal(await press(page, en['user.recover.continue']), 400);
    await expectError(page, 'en', en['user.recover.title'], 'accountName', en['user.recover.error.accountName']);
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'accountName');
    await page.getByLabel(en['user.recover.accountName'], { exact: true }).fill(account.uid);
    assert.equal(await press(page, en['user.recover.continue']), 200);
    assert.equal(await h1(page), en['user.recover.sign.title']);
    await expectNoViolations(page);

    // The text to sign is the second quoted part of the command.
    const command = (await page.locator('#sign-command').textContent())?.trim() ?? '';
    const challenge = command.split("'")[3] ?? '';
    assert.match(challenge, new RegExp(`^sc-account:reset:${account.uid}:[\\w-]{20,}$`));
    assert.equal(command, `printf '%s' '${challenge}' | ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n sc-account`);

    // Garbage, then a real signature by a key that is not the account's, then the right one.
    const signature = page.getByLabel(en['user.recover.signature'], { exact: true });
    await signature.fill('not a signature at all');
    assert.equal(await press(page, en['user.recover.verify']), 400);
    await expectError(page, 'en', en['user.recover.sign.title'], 'signature', en['user.recover.error.malformed']);
    assert.equal(await signature.inputValue(), 'not a signature at all');
    assert.equal((await page.locator('#sign-command').textContent())?.trim(), command, 'the same text to sign');
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'signature');
    await signature.fill(sshSign(stranger, challenge));
    assert.equal(await press(page, en['user.recover.verify']), 400);
    await expectError(page, 'en', en['user.recover.sign.title'], 'signature', en['user.recover.error.bad']);
    await signature.fill(sshSign(keys.recovery, challenge, 'file'));
    assert.equal(await press(page, en['user.recover.verify']), 400);
    await expectError(page, 'en', en['user.recover.sign.title'], 'signature', en['user.recover.error.namespace']);
    await signature.fill(sshSign(keys.recovery, challenge));
    assert.equal(await press(page, en['user.recover.verify']), 200);
    assert.equal(await h1(page), en['user.recover.new.title']);
    await expectNoViolations(page);

    // The new password, with the meter; a mismatch first.
    const newField = page.getByLabel(en['user.password.new'], { exact: true });
    await newField.fill(newPassword);
    await expectMeter(page, 'en', ['3', '4']);
    await page.getByLabel(en['user.password.new2'], { exact: true }).fill('something else entirely');
    assert.equal(await press(page, en['user.recover.new.submit']), 400);
    await expectError(page, 'en', en['user.recover.new.title'], 'password2', en['user.password.error.mismatch']);
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'password2');
    await newField.fill(newPassword);
    await page.getByLabel(en['user.password.new2'], { exact: true }).fill(newPassword);
    assert.equal(await press(page, en['user.recover.new.submit']), 200);
    assert.equal(await h1(page), en['user.recover.done.title']);
    await expectNoViolations(page);
    await page.getByRole('link', { name: en['user.login.title'], exact: true }).click();
    await page.waitForURL('/login');
    await drainJobs(suite.app);
    await logIn(page, 'en', account, newPassword);
  });

  test('a locked account sees why, after its right password only (English and Japanese)', async () => {
    const account = accounts.locked;
    const db = suite.app.server.database.db;
    await db
      .updateTable('account')
      .set({ state: 'locked', locked_reason: 'suspended' })
      .where('id', '=', account.id)
      .execute();
    await suite.app.server.directories.ga.lock(account.uid);
    // (Locked for not renewing, the right password opens the renewal pages: e2e/renewal-journey.test.ts.)

    for (const lang of ['en', 'ja'] as const) {
      const t = catalogues[lang];
      const page = await suite.newPage({ locale: lang === 'en' ? 'en-GB' : 'ja' });
      await page.goto('/login');
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      // A wrong password gets the same answer as for any account.
      await page.getByLabel(t['user.login.accountName'], { exact: true }).fill(account.uid);
      await page.getByLabel(t['user.login.password'], { exact: true }).fill(`${account.password}-wrong`);
      assert.equal(await press(page, t['user.login.submit']), 401);
      await expectError(page, lang, t['user.login.title'], 'accountName', t['user.login.failed']);
      // The right one shows the locked page.
      await page.getByLabel(t['user.login.password'], { exact: true }).fill(account.password);
      assert.equal(await press(page, t['user.login.submit']), 403);
      assert.equal(await h1(page), t['user.locked.title']);
      assert.equal(await page.title(), `${t['user.locked.title']} – ${t['service.name']}`);
      const paragraphs = (await page.locator('main p.body').allTextContents()).map((p) => p.trim());
      assert.deepEqual(paragraphs, [
        t['user.locked.suspended'].replace('{account}', account.uid),
        t['user.locked.contact'].replace('{email}', suite.app.config.contactEmail),
      ]);
      await expectNoViolations(page);
      // Not logged in.
      await page.goto('/account');
      assert.equal(new URL(page.url()).pathname, '/login');
    }
  });
});
