// The start page in a real browser: content and the Start button in both languages,
// the notices, and a closure in force; axe-core finds no WCAG 2.2 A/AA violations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addClosure, removeClosure } from '../src/db/notices.js';
import { formatCentreTime } from '../src/domain/notices.js';
import { catalogues } from '../src/i18n/index.js';
import { formatViolations, runAxe, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite();

async function assertNoViolations(page: Parameters<typeof runAxe>[0], what: string) {
  const results = await runAxe(page);
  assert.ok(results.passes.length > 0, 'axe ran its rules');
  assert.equal(
    results.violations.length,
    0,
    `axe found ${results.violations.length} violation(s) on ${what}:\n${formatViolations(results.violations)}`,
  );
}

describe('start page', () => {
  for (const lang of ['ja', 'en'] as const) {
    test(`shows the notices and one Start button (${lang})`, async () => {
      const m = catalogues[lang];
      const page = await suite.newPage({ locale: 'ja' });
      const response = await page.goto(lang === 'en' ? '/apply?lang=en' : '/apply');
      assert.equal(response?.status(), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal((await page.locator('h1').textContent())?.trim(), m['applyStart.title']);

      const banner = page.getByRole('region', { name: m['notice.banner.title'] });
      assert.ok(await banner.isVisible(), 'the notification banner is a named region');
      assert.ok((await banner.textContent())?.includes(m['notice.service.pg']));
      const link = banner.getByRole('link', {
        name: `${m['notice.suspended.announcement']} (${m['notice.service.pg']})`,
      });
      assert.equal(
        await link.getAttribute('href'),
        'https://sc.ddbj.nig.ac.jp/en/blog/2022-05-13-suspension-of-applications',
      );
      assert.equal((await page.locator('pre code').textContent())?.trim(), 'ssh-keygen -t ed25519');

      const start = page.getByRole('link', { name: m['applyStart.start'], exact: true });
      assert.equal(await start.count(), 1);
      assert.equal(await start.getAttribute('href'), '/apply/email');
      await assertNoViolations(page, `/apply (${lang})`);
    });
  }

  test('a closure in force replaces the Start button by its notice (ja and en, axe clean)', async () => {
    const db = suite.app.server.database.db;
    const now = Date.now();
    const closure = await addClosure(db, {
      startsAt: new Date(now - 60_000),
      endsAt: new Date(now + 3_600_000),
      reasonJa: '年末年始休業',
      reasonEn: 'Year-end holidays',
    });
    try {
      for (const lang of ['ja', 'en'] as const) {
        const m = catalogues[lang];
        const page = await suite.newPage({ locale: lang });
        await page.goto(`/apply?lang=${lang}`);
        const end = formatCentreTime(closure.endsAt, lang);
        const banner = page.getByRole('region', { name: m['notice.banner.title'] });
        assert.ok((await banner.textContent())?.includes(m['notice.closure.heading'].replace('{end}', end)));
        assert.ok((await banner.textContent())?.includes(lang === 'ja' ? '年末年始休業' : 'Year-end holidays'));
        assert.equal(await page.getByRole('link', { name: m['applyStart.start'], exact: true }).count(), 0);
        const warning = page.locator('#applications-closed');
        assert.ok(await warning.isVisible());
        assert.ok((await warning.textContent())?.includes(m['notice.closure.cannotStart'].replace('{end}', end)));
        await assertNoViolations(page, `/apply during a closure (${lang})`);
      }
    } finally {
      await removeClosure(db, closure.id);
    }
  });
});
