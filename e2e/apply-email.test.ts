// The e-mail step in a real browser: the question page, its error state, the
// "check your e-mail" page, the link from the mail opened in another browser (a
// new context: another device), and the application overview — each checked with
// axe, in English with JavaScript and in Japanese without.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lastLinkTo as lastLinkToApp } from './helpers/apply.js';
import { expectNoViolations, hasFocus, press, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { JOB_POLL_MS: '100' } });

const lastLinkTo = (address: string) => lastLinkToApp(suite.app, address);

describe('application e-mail step in a browser', () => {
  test('English with JavaScript: error, link, resume on another device', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await page.goto('/apply/email');
    await expectNoViolations(page);

    await page.getByLabel('What is your e-mail address?').fill('student@gmail.com');
    await press(page, 'Continue');
    assert.match(await page.title(), /^Error: /);
    assert.ok(await hasFocus(page, '.error-summary'), 'the error summary takes the focus');
    await expectNoViolations(page);
    await page.locator('.error-summary a').click();
    assert.ok(await hasFocus(page, '#email'), 'the summary link moves to the field');

    await page.getByLabel('What is your e-mail address?').fill('student@lab.example.ac.jp');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Check your e-mail');
    await expectNoViolations(page);

    // The mail is opened on another device: a new browser context.
    const link = await lastLinkTo('student@lab.example.ac.jp');
    const other = await suite.newPage({ locale: 'en-GB' });
    await other.goto(link);
    await expectNoViolations(other);
    await other.getByRole('button', { name: 'Open my application' }).click();
    assert.equal(new URL(other.url()).pathname, '/apply/application');
    assert.equal(await other.locator('h1').textContent(), 'Your account application');
    await expectNoViolations(other);

    // Step 1, with the live character counter that JavaScript adds.
    await other.getByRole('link', { name: 'About you' }).click();
    assert.equal(await other.locator('h1').textContent(), 'About you');
    await expectNoViolations(other);
    await other.getByLabel('Purpose of use').fill('研究'.repeat(40));
    assert.equal(await other.locator('#purpose-count').textContent(), '80 characters (at least 150)');
    await press(other, 'Save and continue');
    assert.match(await other.title(), /^Error: About you/);
    assert.equal(await other.getByLabel('Purpose of use').inputValue(), '研究'.repeat(40));
    await expectNoViolations(other);
  });

  test('Japanese without JavaScript', async () => {
    // (axe needs JavaScript in the page, so this journey is checked by the test below.)
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await page.goto('/apply/email');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await press(page, '次へ');
    assert.match(await page.title(), /^エラー：/);
    assert.equal(await page.locator('#email-error').textContent(), 'メールアドレスを入力してください');
    await page.getByLabel('あなたのメールアドレス').fill('kenkyu@inst.example.jp');
    await page.getByRole('button', { name: '次へ' }).click();
    assert.equal(await page.locator('h1').textContent(), 'メールを確認してください');
    const link = await lastLinkTo('kenkyu@inst.example.jp');
    await page.goto(link);
    await page.getByRole('button', { name: '申請フォームを開く' }).click();
    assert.equal(await page.locator('h1').textContent(), 'アカウント申請');
  });

  test('Japanese pages and error state pass axe', async () => {
    const page = await suite.newPage({ locale: 'ja' });
    await page.goto('/apply/email');
    await expectNoViolations(page);
    await page.getByLabel('あなたのメールアドレス').fill('gakusei@yahoo.co.jp');
    await press(page, '次へ');
    assert.match(await page.title(), /^エラー：/);
    await expectNoViolations(page);
    await page.goto('/apply/verify?token=no-such-token');
    assert.equal(await page.locator('h1').textContent(), 'このリンクは有効期限切れか、使用済みです');
    await expectNoViolations(page);
    await page.goto('/apply/application');
    await expectNoViolations(page);
  });

  test('steps 2 to 5 pass axe, also with their errors', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await page.goto('/apply/email');
    await page.getByLabel('What is your e-mail address?').fill('fefta@inst.example.jp');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.goto(await lastLinkTo('fefta@inst.example.jp'));
    await page.getByRole('button', { name: 'Open my application' }).click();
    await page.getByRole('link', { name: 'Eligibility (export control)' }).click();
    await expectNoViolations(page);
    await page
      .getByRole('group', { name: /resident of Japan/ })
      .getByLabel('No')
      .check();
    await press(page, 'Save and continue');
    assert.match(await page.title(), /^Error: /);
    await expectNoViolations(page);

    await page.goto('/apply/affiliation');
    assert.equal(await page.locator('h1').textContent(), 'Your institution');
    await expectNoViolations(page);
    await page.getByLabel('Telephone number').fill('12');
    await press(page, 'Save and continue');
    assert.match(await page.title(), /^Error: Your institution/);
    await expectNoViolations(page);

    await page.goto('/apply/account');
    assert.equal(await page.locator('h1').textContent(), 'Account name and SSH key');
    await expectNoViolations(page);
    await page.getByLabel('Account name you would like').fill('Root');
    await press(page, 'Save and continue');
    assert.match(await page.title(), /^Error: Account name and SSH key/);
    await expectNoViolations(page);

    await page.goto('/apply/responsible');
    assert.equal(await page.locator('h1').textContent(), 'Responsible person');
    await expectNoViolations(page);
    await press(page, 'Save and continue');
    assert.match(await page.title(), /^Error: Responsible person/);
    await expectNoViolations(page);
  });
});
