// The design review's fixes in Chromium (issue: the applicant's and the staff's
// experience): Japanese lines break between phrases and never before small kana
// (auto-phrase, strict), short answers have fixed widths, a hint stands apart from its
// field, the steps name the button they speak of, telephone numbers read as their
// country writes them, the service has an icon, and the SSH key guide is one link
// away from the key's field. Japanese without JavaScript at
// phone width, English with JavaScript, axe on the pages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogues } from '../src/i18n/index.js';
import { mailsTo } from '../test/helpers/apply.js';
import { enrol, signIn } from '../test/helpers/staff.js';
import { answeredDraft, openApplication } from './helpers/apply.js';
import { computedStyle, expectNoViolations, isInViewport, overflow, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;

describe('the design review’s fixes', () => {
  test('Japanese at 390 px without JavaScript: phrase breaking, short fields, hints apart, the button named', async () => {
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    await answeredDraft(
      page,
      suite.app,
      'design.ja@univ.example.ac.jp',
      { affiliation: { phone: '+81 55 981 6800', extension: '3984' } },
      'ja',
    );
    // The number typed internationally is kept in E.164 and shown as Japan writes it.
    assert.match((await page.locator('#affiliation').textContent()) ?? '', /055-981-6800（内線 3984）/);
    await page.goto('/apply/affiliation');
    assert.equal(await page.locator('#phone').inputValue(), '055-981-6800');
    assert.equal(await computedStyle(page, 'h1', 'word-break'), 'auto-phrase');
    assert.equal(await computedStyle(page, 'h1', 'line-break'), 'strict');
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /「保存して次へ」を押すたびに入力内容が保存されます/,
    );
    const postcode = page.locator('#postalCode');
    assert.match((await postcode.getAttribute('class')) ?? '', /input--width-10/);
    assert.ok(
      ((await postcode.boundingBox())?.width ?? 999) < 260,
      'the postcode field is short (23ex, not the whole width)',
    );
    assert.ok(((await page.locator('#extension').boundingBox())?.width ?? 999) < 100, 'the extension field is short');
    assert.equal(await computedStyle(page, '#postalCode-hint', 'margin-bottom'), '15px');
    assert.deepEqual(await overflow(page), { scrolls: false, wide: [] });
  });

  test('English with JavaScript: the icon, and the SSH key guide one link from the field', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await answeredDraft(page, suite.app, 'design.en@univ.example.ac.jp');
    await page.goto('/apply/account');
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    assert.match(icon ?? '', /^\/assets\/favicon\.svg\?v=/);
    const res = await page.request.get('/favicon.ico');
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /image\/svg\+xml/);
    await expectNoViolations(page);
    await page.getByRole('link', { name: en['applyStart.ssh.heading'] }).click();
    await page.waitForURL('**/apply#ssh-key');
    assert.ok(await isInViewport(page, '#ssh-key'), 'the guide is in view');
    assert.match((await page.locator('main').textContent()) ?? '', /about 20 minutes/);
    await expectNoViolations(page);
    // The Japanese start page says the same.
    const jaPage = await suite.newPage({ locale: 'ja' });
    await jaPage.goto('/apply');
    assert.match(
      (await jaPage.locator('main').textContent()) ?? '',
      new RegExp(ja['applyStart.time.form'].slice(0, 20)),
    );
    await expectNoViolations(jaPage);
  });

  test('nationality: common choices first, Japanese names in the order of their reading (JA without JavaScript, EN with it)', async () => {
    const options = async (page: import('playwright-core').Page) =>
      page.locator('#nationality optgroup').evaluateAll((groups) =>
        groups.map((g) => ({
          label: g.getAttribute('label'),
          names: [...g.querySelectorAll('option')].map((o) => o.textContent ?? ''),
        })),
      );
    const jaPage = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await answeredDraft(jaPage, suite.app, 'nationality.ja@univ.example.ac.jp', {}, 'ja');
    await jaPage.goto('/apply/applicant');
    const [common, all] = await options(jaPage);
    assert.equal(common?.label, ja['country.common']);
    assert.deepEqual(common?.names.slice(0, 3), ['日本', '中華人民共和国', '大韓民国']);
    assert.equal(all?.label, ja['country.all']);
    // 日本 (にほん) among the に, 大韓民国 (だいかんみんこく) among the た/だ, not at the end.
    const at = (name: string) => all?.names.indexOf(name) ?? -1;
    assert.ok(
      at('ニジェール') < at('日本') && at('日本') < at('ニュージーランド'),
      'にほん between ニジェール and ニュージーランド',
    );
    assert.ok(at('タイ') < at('大韓民国') && at('大韓民国') < at('チャド'), 'だいかんみんこく among the た');
    assert.ok(at('日本') < (all?.names.length ?? 0) - 50);
    // The answer kept is selected once, in the common choices.
    await jaPage.locator('#nationality').selectOption('JP');
    assert.equal(await jaPage.locator('#nationality option:checked').textContent(), '日本');

    const enPage = await suite.newPage({ locale: 'en-GB' });
    await answeredDraft(enPage, suite.app, 'nationality.en@univ.example.ac.jp');
    await enPage.goto('/apply/applicant');
    const [enCommon] = await options(enPage);
    assert.equal(enCommon?.names[0], 'Japan');
    assert.equal(await enPage.locator('#nationality option[selected]').count(), 1);
    await expectNoViolations(enPage);
  });

  test('names: the Japanese name in Japanese pages and mails, the Latin one in English', async () => {
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    const email = 'names.ja@univ.example.ac.jp';
    await answeredDraft(page, suite.app, email, { responsible: { nameJa: '鈴木 一郎' } }, 'ja');
    await page.getByLabel(ja['check.terms']).check();
    await page.getByRole('button', { name: ja['check.submit'] }).click();
    await page.waitForURL('**/apply/submitted');
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /責任者の 鈴木 一郎 さん（suzuki@nig\.example\.ac\.jp）にもお知らせしました/,
    );
    // The applicant's mail (in Japanese) names both in Japanese.
    const mails = await mailsTo(suite.app, email, 2);
    const text = String(mails.at(-1)?.text);
    assert.match(text, /山田 太郎/);
    assert.match(text, /鈴木 一郎/);
    assert.doesNotMatch(text, /Taro YAMADA/);
    // The responsible person's mail has a part in each language: each names the applicant its way.
    const notice = (await mailsTo(suite.app, 'suzuki@nig.example.ac.jp')).at(-1);
    assert.match(
      String(notice?.text),
      /山田 太郎 さん（names\.ja@univ\.example\.ac\.jp）がスーパーコンピュータのアカウントを申請し/,
    );
    assert.match(String(notice?.text), /Taro YAMADA \(names\.ja@univ\.example\.ac\.jp\) has applied/);
    // Staff: the application's page is titled by the name in the page's language.
    const row = await suite.app.server.database.db
      .selectFrom('application')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const staff = await signIn(suite.app, await enrol(suite.app, 'names@centre.example.jp', 'reviewer'), 'ja');
    const jaStaff = await staff.get(`/staff/applications/${row.id}`);
    assert.match(jaStaff.html, /<h1 class="heading-l">山田 太郎<\/h1>/);
    const checked = await suite.newPage({ locale: 'en-GB' });
    await checked
      .context()
      .addCookies(staff.cookieList().map(([name, value]) => ({ name, value, url: suite.app.url })));
    await checked.goto(`/staff/applications/${row.id}?lang=en`);
    assert.equal((await checked.locator('h1').textContent())?.trim(), 'Taro YAMADA');
    await expectNoViolations(checked);
  });

  test('questions that do not apply are revealed only when the answer needs them (English, JavaScript)', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await answeredDraft(page, suite.app, 'reveal.en@univ.example.ac.jp', { account: { accountName: 'reveal_en' } });
    await page.goto('/apply/eligibility');
    const residence = page.locator('#reason-conditional');
    const screening = page.locator('#screening-questions');
    assert.deepEqual([await residence.isVisible(), await screening.isVisible()], [false, false]);
    await page.getByRole('group', { name: en['eligibility.resident'] }).getByLabel(en['eligibility.no']).check();
    assert.deepEqual([await residence.isVisible(), await screening.isVisible()], [true, true]);
    await page.getByRole('group', { name: en['eligibility.resident'] }).getByLabel(en['eligibility.yes']).check();
    await page.getByRole('group', { name: en['eligibility.specific'] }).getByLabel(en['eligibility.yes']).check();
    assert.deepEqual([await residence.isVisible(), await screening.isVisible()], [false, true]);
    await expectNoViolations(page);

    await page.goto('/apply/responsible');
    const other = page.locator('#responsible-other');
    assert.equal(await other.isVisible(), true);
    await page.getByLabel(en['responsible.self'], { exact: true }).check();
    assert.equal(await other.isVisible(), false);
    await expectNoViolations(page);

    const email = await suite.newPage({ locale: 'en-GB' });
    await email.goto('/apply/email');
    const reason = email.locator('#special-conditional');
    assert.equal(await reason.isVisible(), false);
    await email.getByLabel(en['applyEmail.special'], { exact: true }).check();
    assert.equal(await reason.isVisible(), true);
    assert.equal(
      await email.getByLabel(en['applyEmail.special'], { exact: true }).getAttribute('aria-expanded'),
      'true',
    );
    await expectNoViolations(email);
  });

  test('one flow: the address typed shown, the task list’s button, each step leading to the next (JA without JavaScript, EN with it)', async () => {
    const en1 = await suite.newPage({ locale: 'en-GB' });
    await en1.goto('/apply/email');
    await en1.fill('#email', 'flow.en@univ.example.ac.jp');
    await en1.locator('form button[type=submit]').click();
    await en1.waitForURL('**/apply/email/sent');
    assert.equal((await en1.locator('.sent-to').textContent())?.trim(), 'flow.en@univ.example.ac.jp');
    await expectNoViolations(en1);

    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await openApplication(page, suite.app, 'flow.ja@univ.example.ac.jp');
    await page.getByRole('link', { name: ja['applyTask.start'] }).click();
    await page.waitForURL('**/apply/applicant');
    assert.match((await page.locator('main').textContent()) ?? '', /ステップ 1／6/);
    await page.goto('/apply/eligibility');
    await page.getByRole('group', { name: ja['eligibility.resident'] }).getByLabel(ja['eligibility.yes']).check();
    await page.getByRole('group', { name: ja['eligibility.specific'] }).getByLabel(ja['eligibility.no']).check();
    await page.getByRole('button', { name: ja['applyStep.continue'] }).click();
    // Step 2 done leads to step 3, not back to the list.
    await page.waitForURL('**/apply/affiliation');
    assert.match((await page.locator('main').textContent()) ?? '', /ステップ 3／6/);
  });
});
