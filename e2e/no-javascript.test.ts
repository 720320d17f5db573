// Every page works without JavaScript: scripts only enhance (progressive enhancement).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { catalogues, type Lang, type MessageKey } from '../src/i18n/index.js';
import { useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite();

async function assertPage(page: Page, path: string, lang: Lang, h1: MessageKey) {
  assert.equal(new URL(page.url()).pathname, path);
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.equal((await page.locator('h1').textContent())?.trim(), catalogues[lang][h1]);
}

test('home, its links and the language switch work with JavaScript disabled', async () => {
  const page = await suite.newPage({ javaScriptEnabled: false, locale: 'ja' });
  const ja = catalogues.ja;
  const en = catalogues.en;

  const response = await page.goto('/');
  assert.equal(response?.status(), 200);
  await assertPage(page, '/', 'ja', 'home.title');

  await Promise.all([
    page.waitForURL('/apply'),
    page.getByRole('link', { name: ja['home.apply'], exact: true }).click(),
  ]);
  await assertPage(page, '/apply', 'ja', 'applyStart.title');
  const start = page.getByRole('link', { name: ja['applyStart.start'], exact: true });
  assert.equal(await start.getAttribute('href'), '/apply/email');

  await Promise.all([page.waitForURL('/'), page.getByRole('link', { name: ja['service.name'], exact: true }).click()]);
  await assertPage(page, '/', 'ja', 'home.title');

  await Promise.all([
    page.waitForURL('/login'),
    page.getByRole('link', { name: ja['home.login'], exact: true }).click(),
  ]);
  await assertPage(page, '/login', 'ja', 'user.login.title');
  assert.equal((await page.locator('main p').first().textContent())?.trim(), ja['user.login.intro']);

  // The language switch is a plain link and the choice a server-set cookie.
  await Promise.all([
    page.waitForURL('/login?lang=en'),
    page.getByRole('link', { name: ja['layout.switchLanguageLabel'], exact: true }).click(),
  ]);
  await assertPage(page, '/login', 'en', 'user.login.title');
  await Promise.all([page.waitForURL('/'), page.getByRole('link', { name: en['service.name'], exact: true }).click()]);
  await assertPage(page, '/', 'en', 'home.title');
  await Promise.all([
    page.waitForURL('/apply'),
    page.getByRole('link', { name: en['home.apply'], exact: true }).click(),
  ]);
  await assertPage(page, '/apply', 'en', 'applyStart.title');
});
