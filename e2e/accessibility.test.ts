// WCAG 2.2 A/AA checks with axe-core on every page in both languages, and the
// keyboard route past the header: skip link first, then straight into main.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogues, type Lang, type MessageKey } from '../src/i18n/index.js';
import { formatViolations, hasFocus, isInViewport, runAxe, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite();

interface PageCase {
  path: string;
  lang: Lang;
  status: number;
  /** The catalogue key of the page's h1, so we know axe looked at the right page. */
  h1: MessageKey;
}

const pages: PageCase[] = (['ja', 'en'] as const).flatMap((lang) => {
  const query = lang === 'en' ? '?lang=en' : '';
  return [
    { path: `/${query}`, lang, status: 200, h1: 'home.title' },
    { path: `/apply${query}`, lang, status: 200, h1: 'applyStart.title' },
    { path: `/apply/terms/terms_of_use${query}`, lang, status: 200, h1: 'terms.terms_of_use' },
    { path: `/login${query}`, lang, status: 200, h1: 'user.login.title' },
    { path: `/login/recover${query}`, lang, status: 200, h1: 'user.recover.title' },
    { path: `/login/recover/post${query}`, lang, status: 200, h1: 'user.reissue.title' },
    { path: `/no-such-page${query}`, lang, status: 404, h1: 'error.notFound.title' },
  ];
});

describe('axe-core finds no WCAG 2.2 A/AA violations', () => {
  for (const { path, lang, status, h1 } of pages) {
    test(`${path} (${lang})`, async () => {
      // The browser prefers Japanese; English pages come from ?lang=en.
      // No bypassCSP: axe is injected through the DevTools protocol, which the page's CSP does not block.
      const page = await suite.newPage({ locale: 'ja' });
      const response = await page.goto(path);
      assert.equal(response?.status(), status);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal((await page.locator('h1').textContent())?.trim(), catalogues[lang][h1]);

      const results = await runAxe(page);
      assert.ok(results.passes.length > 0, 'axe ran its rules');
      assert.equal(
        results.violations.length,
        0,
        `axe found ${results.violations.length} violation(s) on ${path}:\n${formatViolations(results.violations)}`,
      );
    });
  }
});

describe('keyboard', () => {
  for (const lang of ['ja', 'en'] as const) {
    test(`the first Tab shows the skip link and Enter moves focus to main (${lang})`, async () => {
      const page = await suite.newPage({ locale: lang });
      await page.goto('/');
      assert.equal(await page.locator('html').getAttribute('lang'), lang);

      const skip = page.locator('a.skip-link');
      assert.equal((await skip.textContent())?.trim(), catalogues[lang]['layout.skip']);
      assert.equal(await skip.getAttribute('href'), '#main');
      assert.equal(await isInViewport(page, 'a.skip-link'), false, 'the skip link is hidden until focused');

      await page.keyboard.press('Tab');
      assert.ok(await hasFocus(page, 'a.skip-link'), 'the first Tab focuses the skip link');
      assert.ok(await isInViewport(page, 'a.skip-link'), 'the focused skip link is on screen');

      await page.keyboard.press('Enter');
      await page.waitForURL('/#main');
      assert.ok(await hasFocus(page, 'main#main'), 'Enter moves focus to main');

      // The next Tab continues from main: the first link in the content, not the header.
      await page.keyboard.press('Tab');
      assert.ok(
        await hasFocus(page, `main a[href="/apply"]`),
        'Tab after the skip link reaches the first link in the content',
      );
    });
  }
});
