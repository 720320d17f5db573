// Browser test helpers: one headless Chromium (Debian's chromium-headless-shell, never
// a downloaded one) and one running app per test file, a context of its own per test
// (kept and emptied between tests), and an axe-core accessibility check.
//
//   const suite = useBrowserSuite();
//   test('…', async () => {
//     const page = await suite.newPage({ locale: 'ja' });
//     await page.goto('/');
//   });
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, afterEach, before } from 'node:test';
import type { AxeResults, Result } from 'axe-core';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { startTestApp, type TestApp, type TestAppOptions } from '../../test/helpers/app.js';

/**
 * Debian's chromium-headless-shell: the same Chromium release as the `chromium`
 * package (Blink, V8, the same fonts through fontconfig), built as the headless shell
 * Playwright itself uses for headless runs, without the desktop browser's windowing
 * layer. The suites take a quarter less time on it (docs/performance.md).
 * E2E_CHROMIUM=/usr/bin/chromium runs them in the full browser.
 */
export const chromiumPath = process.env.E2E_CHROMIUM || '/usr/bin/chromium-headless-shell';

/**
 * We run as root (hence no sandbox) on a closed network: without the
 * background-networking flags Chromium keeps trying to reach Google services.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long one browser action or navigation may take before the test fails. */
export const actionTimeoutMs = 10_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export interface PageOptions extends BrowserContextOptions {
  /**
   * Send no Accept-Language header at all. Chromium always sends one (en-US when
   * no locale is given), so every request is refetched without it.
   */
  noAcceptLanguage?: boolean;
}

/** A new context with the app as base URL, and its first page. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { noAcceptLanguage, ...contextOptions } = options;
  const context = await browser.newContext({ baseURL, ...contextOptions });
  context.setDefaultTimeout(actionTimeoutMs);
  context.setDefaultNavigationTimeout(actionTimeoutMs);
  if (noAcceptLanguage) {
    await context.route('**/*', async (route) => {
      const headers = { ...route.request().headers() };
      delete headers['accept-language'];
      const response = await route.fetch({ headers });
      await route.fulfill({ response });
    });
  }
  const page = await context.newPage();
  return { context, page };
}

export interface BrowserSuite {
  readonly app: TestApp;
  readonly browser: Browser;
  /**
   * A page of its own for this test, in a context of its own with these options:
   * a fresh one, or one an earlier test of the file used, emptied (below).
   */
  newPage(options?: PageOptions): Promise<Page>;
}

interface Pooled {
  key: string;
  context: BrowserContext;
  page: Page;
}

/**
 * Makes a used context as a new one is to the app: no cookies (the session, the
 * language, CSRF), no permissions, no listeners or routes the test added, no other
 * page, and its page on about:blank (no script of the last page left running).
 * False when it cannot be (the test closed the page).
 */
async function emptied({ context, page }: Pooled): Promise<boolean> {
  if (page.isClosed()) return false;
  await Promise.all(
    context
      .pages()
      .filter((p) => p !== page)
      .map((p) => p.close()),
  );
  page.removeAllListeners();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.goto('about:blank');
  await context.clearCookies();
  await context.clearPermissions();
  return true;
}

/**
 * Registers before/after hooks for the current test file (or describe block):
 * starts the app (with the options given, or those a function gives once what they
 * depend on is ready) and one browser before the tests, and closes the browser and
 * the app at the end. Contexts are kept between the tests and emptied after each
 * one: a new context costs its page a new renderer process (about 1.5 s of CPU
 * here) where a kept one costs a navigation.
 */
export function useBrowserSuite(appOptions: TestAppOptions | (() => Promise<TestAppOptions>) = {}): BrowserSuite {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  const inUse: Pooled[] = [];
  const idle: Pooled[] = [];

  before(async () => {
    // Options from a function: what the app needs started first (a fake service) starts there.
    app = await startTestApp(typeof appOptions === 'function' ? await appOptions() : appOptions);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(
      inUse.splice(0).map(async (pooled) => {
        if (await emptied(pooled).catch(() => false)) idle.push(pooled);
        else await pooled.context.close().catch(() => {});
      }),
    );
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  return {
    get app() {
      if (!app) throw new Error('the app is not started yet (use it inside a test)');
      return app;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet (use it inside a test)');
      return browser;
    },
    async newPage(options: PageOptions = {}) {
      const key = JSON.stringify(options);
      const kept = idle.findIndex((p) => p.key === key);
      const pooled = kept >= 0 ? idle.splice(kept, 1)[0] : undefined;
      if (pooled) {
        inUse.push(pooled);
        return pooled.page;
      }
      const { context, page } = await openPage(this.browser, this.app.url, options);
      inUse.push({ key, context, page });
      return page;
    },
  };
}

/** The WCAG 2.2 level A and AA rules (and the 2.0/2.1 ones they include). */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's minified build, read once per test process. */
let axeSource: string | undefined;
function minifiedAxe(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/**
 * Runs axe-core on the page, limited to the WCAG A/AA rules, once it has loaded: a
 * click that submits a form returns when the next page starts, and a page checked
 * before its stylesheet applies fails rules like target-size.
 *
 * axe runs in the page itself, injected once per document from its minified build:
 * our pages have no frames to merge, and @axe-core/playwright's builder injects the
 * full 1.3 MB source twice per run (and in its default mode opens a blank page too),
 * which made the checks most of a browser suite's time. Every rule of the tags runs;
 * passed rules are listed without their elements (resultTypes), which is all a check
 * for violations reads.
 */
export async function runAxe(page: Page): Promise<AxeResults> {
  await page.waitForLoadState('load');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(minifiedAxe());
  return page.evaluate(
    (tags) =>
      (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResults> } }).axe.run(
        (globalThis as unknown as { document: unknown }).document,
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      ),
    wcagTags,
  );
}

/** One readable block per violation: rule, impact, help and every offending node. */
export function formatViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map(
        (n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`,
      );
      return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}

// The project's tsconfig has no DOM lib, so page functions name the few browser
// globals they use through these types (type assertions vanish when serialised).
interface BrowserGlobals {
  document: { activeElement: unknown };
  getComputedStyle(element: unknown): { getPropertyValue(property: string): string };
  innerWidth: number;
  innerHeight: number;
}
interface BoxedElement {
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
}

/** True when the element's whole box lies inside the viewport (not moved off screen). */
/**
 * What sticks out of the viewport: whether the page itself scrolls sideways, and the
 * elements beyond either edge (a wide table scrolls inside its own .table-wrapper;
 * visually hidden texts and the skip link are placed off-screen on purpose).
 */
export async function overflow(page: Page): Promise<{ scrolls: boolean; wide: string[] }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number };
        querySelectorAll(s: string): Iterable<{
          getBoundingClientRect(): { left: number; right: number; width: number };
          closest(s: string): unknown;
          tagName: string;
          id: string;
          className: string;
        }>;
      };
      innerWidth: number;
    };
    const wide = [...g.document.querySelectorAll('body *')]
      .filter((e) => !e.closest('.table-wrapper, .visually-hidden, .skip-link'))
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.right > g.innerWidth + 1 || r.left < -1);
      })
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ')[0]}` : ''}`,
      );
    return { scrolls: g.document.documentElement.scrollWidth > g.innerWidth + 1, wide };
  });
}

export function isInViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el: BoxedElement) => {
    const { innerWidth, innerHeight } = globalThis as unknown as BrowserGlobals;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  });
}

/** True when the element the selector finds is the document's focused element. */
export function hasFocus(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .evaluate((el) => el === (globalThis as unknown as BrowserGlobals).document.activeElement);
}

/** The computed value of a CSS property (e.g. 'background-color') of the element the selector finds. */
export function computedStyle(page: Page, selector: string, property: string): Promise<string> {
  return page
    .locator(selector)
    .evaluate(
      (el, prop) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).getPropertyValue(prop),
      property,
    );
}

/** axe finds no violation on the page as it is now (and did run its rules). */
export async function expectNoViolations(page: Page): Promise<void> {
  const results = await runAxe(page);
  assert.ok(results.passes.length > 0, 'axe ran its rules');
  assert.equal(
    results.violations.length,
    0,
    `axe on ${new URL(page.url()).pathname} (${await page.title()}):\n${formatViolations(results.violations)}`,
  );
}

/**
 * Presses the form button with this name and waits for the page it leads to (its
 * load event: a click returns before a form's script, like the proof of work, lets
 * the form go); returns the HTTP status of the POST's answer (303 for a redirect).
 * Read the next page after this, never straight after a click.
 */
export async function press(page: Page, name: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return response.status();
}

/** With JavaScript: the error summary has the focus and its one link moves it to the field. */
export async function expectSummaryFocusLinksToField(page: Page, field: string): Promise<void> {
  assert.ok(await hasFocus(page, '.error-summary'), 'the error summary takes the focus');
  await page.locator('.error-summary a').click();
  assert.ok(await hasFocus(page, `#${field}`), `the summary link moves the focus to #${field}`);
}
