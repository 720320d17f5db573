// The home page in both languages, the language switch and its cookie, and the
// choice of language from the browser's Accept-Language.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { catalogues, type Lang } from '../src/i18n/index.js';
import { computedStyle, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite();

/** Checks the page is the home page in `lang`, by its catalogue texts. */
async function assertHomePage(page: Page, lang: Lang) {
  const m = catalogues[lang];
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.equal(await page.title(), `${m['home.title']} – ${m['service.name']}`);
  const h1 = page.locator('h1');
  assert.equal(await h1.count(), 1, 'one h1');
  assert.equal((await h1.textContent())?.trim(), m['home.title']);
  const apply = page.getByRole('link', { name: m['home.apply'], exact: true });
  assert.equal(await apply.getAttribute('href'), '/apply');
  const login = page.getByRole('link', { name: m['home.login'], exact: true });
  assert.equal(await login.getAttribute('href'), '/login');
}

async function h1Text(page: Page) {
  return (await page.locator('h1').textContent())?.trim();
}

async function langCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === 'lang');
}

describe('home page', () => {
  test('is in Japanese by default, when the browser sends no Accept-Language', async () => {
    const page = await suite.newPage({ noAcceptLanguage: true });
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    const response = await page.goto('/');
    assert.equal(response?.status(), 200);
    assert.equal(await response?.headerValue('content-language'), 'ja');
    await assertHomePage(page, 'ja');
    // The stylesheet is allowed by the CSP and applied: the header has its brand colour.
    assert.equal(await computedStyle(page, 'header', 'background-color'), 'rgb(0, 90, 112)');
    assert.deepEqual(errors, [], 'no console errors (e.g. CSP violations) and no script errors');
  });

  test('is in English with ?lang=en', async () => {
    const page = await suite.newPage({ noAcceptLanguage: true });
    const response = await page.goto('/?lang=en');
    assert.equal(response?.status(), 200);
    assert.equal(await response?.headerValue('content-language'), 'en');
    await assertHomePage(page, 'en');
  });
});

describe('language switch', () => {
  test('the header link shows the page in English, and the choice is remembered', async () => {
    const page = await suite.newPage({ locale: 'ja' });
    await page.goto('/');
    await assertHomePage(page, 'ja');
    assert.equal(await langCookie(page), undefined, 'no language cookie before a choice');

    const toEnglish = page.getByRole('link', { name: catalogues.ja['layout.switchLanguageLabel'], exact: true });
    assert.equal((await toEnglish.textContent())?.trim(), catalogues.ja['layout.switchLanguage']);
    assert.equal(await toEnglish.getAttribute('lang'), 'en');
    await Promise.all([page.waitForURL('/?lang=en'), toEnglish.click()]);
    await assertHomePage(page, 'en');
    assert.equal((await langCookie(page))?.value, 'en');

    // The next page, without ?lang, is still English although the browser prefers Japanese.
    await page.goto('/apply');
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await h1Text(page), catalogues.en['applyStart.title']);

    // And back to Japanese from there: the switch keeps the same page.
    const toJapanese = page.getByRole('link', { name: catalogues.en['layout.switchLanguageLabel'], exact: true });
    assert.equal(await toJapanese.getAttribute('href'), '/apply?lang=ja');
    await Promise.all([page.waitForURL('/apply?lang=ja'), toJapanese.click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    assert.equal(await h1Text(page), catalogues.ja['applyStart.title']);
    await page.goto('/login');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    assert.equal(await h1Text(page), catalogues.ja['user.login.title']);
  });
});

describe('Accept-Language', () => {
  test('a browser set to en-US gets English without ?lang', async () => {
    const page = await suite.newPage({ locale: 'en-US' });
    const response = await page.goto('/');
    assert.match(response?.request().headers()['accept-language'] ?? '', /^en-US/);
    await assertHomePage(page, 'en');
  });

  test('a browser set to ja gets Japanese', async () => {
    const page = await suite.newPage({ locale: 'ja' });
    const response = await page.goto('/');
    assert.match(response?.request().headers()['accept-language'] ?? '', /^ja/);
    await assertHomePage(page, 'ja');
  });
});
