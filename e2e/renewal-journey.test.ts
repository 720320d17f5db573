// The holder's fiscal-year Continuation (/account/renewal) in Chromium, with the
// calendar's clock moved and PubMed and Crossref played by a local server: in
// Japanese without JavaScript (every page, "Get" from PubMed as a submit that comes
// back filled with what was typed kept, the postponement's reason asked for, Enter in
// the entry form saving instead of looking up, sent and renewed); in English with
// JavaScript ("Get" filling the fields in place without a page load, an unknown
// PubMed ID and Crossref answering 503 said in place, the page's own submit when the
// lookup request fails, the error summary's focus); and a holder locked for not
// renewing who logs in to the renewal pages only and is unlocked by renewing. axe on
// every page and error state along the way (the pages served without JavaScript are
// checked as served, in a context with it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { catalogues, type Lang } from '../src/i18n/index.js';
import { provisionedAccounts, type TestAccount } from '../test/helpers/account.js';
import { crossrefWork, esummaryEntry, FakeServices, PMID } from '../test/helpers/publication-services.js';
import { drainJobs } from '../test/helpers/review.js';
import {
  expectNoViolations,
  expectSummaryFocusLinksToField,
  hasFocus,
  press,
  useBrowserSuite,
} from './helpers/browser.js';

/** Tokyo wall-clock time → instant. */
const tokyo = (s: string) => new Date(`${s}+09:00`);

// The services are up before the app starts, which is given their addresses.
const services = new FakeServices();
after(() => services.stop());
let now = tokyo('2027-02-01T10:00:00');
const suite = useBrowserSuite(async () => {
  await services.start();
  return {
    env: {
      LOOKUP_TIMEOUT_MS: '5000',
      RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
      PUBMED_URL: `${services.base}/entrez/eutils`,
      CROSSREF_URL: `${services.base}/crossref`,
    },
    clock: () => now,
  };
});

const en = catalogues.en;
const ja = catalogues.ja;
const RENEWAL = '/account/renewal';
const CROSSREF_DOI = '10.5555/sc-account.crossref.1';

let accounts: { ja: TestAccount; en: TestAccount; locked: TestAccount };

/** A message with its {placeholders} filled in. */
const fmt = (message: string, params: Record<string, string | number> = {}) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();
const h1 = (page: Page) => text(page, 'h1');
const path = (page: Page) => new URL(page.url()).pathname;
const db = () => suite.app.server.database.db;

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const radio = (page: Page, name: string) => page.getByRole('radio', { name, exact: true });

/** Logs in on the login page; returns where it landed. */
async function logIn(page: Page, lang: Lang, account: TestAccount): Promise<string> {
  const t = catalogues[lang];
  await page.goto('/login');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  await field(page, t['user.login.accountName']).fill(account.uid);
  await field(page, t['user.login.password']).fill(account.password);
  assert.equal(await press(page, t['user.login.submit']), 303);
  return path(page);
}

/** The error summary's one link, with the message, to the field (`#field`), and the message beside the field. */
async function expectError(page: Page, lang: Lang, title: string, name: string, message: string) {
  const t = catalogues[lang];
  assert.equal(await page.title(), `${t['form.errorPrefix']} ${title} – ${t['service.name']}`);
  assert.equal(await text(page, '.error-summary__title'), t['applyEmail.error.summary']);
  const links = page.locator('.error-summary a');
  assert.equal(await links.count(), 1);
  assert.equal((await links.textContent())?.trim(), message);
  assert.equal(await links.getAttribute('href'), `#${name}`);
  assert.equal(await text(page, `#${name}-error`), message);
  const control = page.locator(`#${name}`);
  if ((await control.getAttribute('type')) === 'radio') {
    // Radios: their fieldset is described by the message (GOV.UK marks no radio invalid).
    const fieldset = page.locator('fieldset', { has: control });
    assert.match((await fieldset.getAttribute('aria-describedby')) ?? '', new RegExp(`${name}-error`));
  } else {
    assert.equal(await control.getAttribute('aria-invalid'), 'true');
    assert.match((await control.getAttribute('aria-describedby')) ?? '', new RegExp(`${name}-error`));
  }
}

/** A page of the Continuation: its address, heading and title, no errors. */
async function expectPage(page: Page, lang: Lang, at: string, title: string) {
  const t = catalogues[lang];
  assert.equal(path(page), at);
  assert.equal(await h1(page), title);
  assert.equal(await page.title(), `${title} – ${t['service.name']}`);
  assert.equal(await page.locator('.error-summary').count(), 0);
}

/**
 * axe on a page of a context without JavaScript (axe needs it in the page): the
 * document exactly as that page has it, served at its address to a page with
 * JavaScript, which loads its stylesheet and scripts from the app.
 */
async function expectNoViolationsAsServed(page: Page, checker: Page) {
  const html = await page.content();
  const url = page.url();
  await checker.route(
    (u) => u.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    { times: 1 },
  );
  await checker.goto(url);
  assert.equal(await checker.title(), await page.title());
  await expectNoViolations(checker);
}

/** The titles on the summary cards of the achievements, in order. */
const cardTitles = async (page: Page) =>
  (await page.locator('.achievement .summary-card__title').allTextContents()).map((s) => s.trim());

/** The number of requests the fake services have seen for a service. */
const asked = (service: 'pubmed' | 'crossref') => services.requests.filter((r) => r.service === service).length;

const storedAchievements = async (account: TestAccount) => {
  const renewal = await db()
    .selectFrom('renewal')
    .selectAll()
    .where('application_id', '=', account.applicationId)
    .executeTakeFirstOrThrow();
  const rows = await db()
    .selectFrom('achievement')
    .selectAll()
    .where('renewal_id', '=', renewal.id)
    .orderBy('position')
    .execute();
  return { renewal, rows };
};

const accountRow = (account: TestAccount) =>
  db().selectFrom('account').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();

describe("the holder's Continuation in a browser", () => {
  // (In the describe block: its hooks run after the file's, which start the app.)
  before(async () => {
    const [first, second, third] = await provisionedAccounts(suite.app, 3);
    assert.ok(first && second && third);
    accounts = { ja: first, en: second, locked: third };
    // Registered in fiscal year 2026: renewal for 2027 opens on 4 January 2027.
    await db()
      .updateTable('account')
      .set({ valid_through: 2026 })
      .where('id', 'in', [first.id, second.id, third.id])
      .execute();
  });

  test('Japanese without JavaScript: every page, "Get" from PubMed by a submit, Enter saves, postponed with a reason, renewed', async () => {
    now = tokyo('2027-02-01T10:00:00');
    services.reset();
    services.pubmed.set(PMID, esummaryEntry());
    const account = accounts.ja;
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    const checker = await suite.newPage({ locale: 'ja' });
    const axe = () => expectNoViolationsAsServed(page, checker);

    assert.equal(await logIn(page, 'ja', account), '/account');
    await page.locator('.staff-bar').getByRole('link', { name: ja['user.nav.renewal'], exact: true }).click();
    await page.waitForURL(RENEWAL);
    await expectPage(page, 'ja', RENEWAL, fmt(ja['user.renewal.titleFor'], { year: 2027 }));
    assert.equal(
      await page.locator('.staff-bar').getByRole('link', { name: ja['user.nav.renewal'] }).getAttribute('aria-current'),
      'page',
    );
    assert.ok(await page.getByText(ja['user.renewal.need.details'], { exact: true }).isVisible());
    await axe();

    // Details, kept as they are.
    await page.getByRole('link', { name: ja['user.renewal.start'], exact: true }).click();
    await page.waitForURL(`${RENEWAL}/details`);
    await expectPage(page, 'ja', `${RENEWAL}/details`, ja['user.renewal.details.title']);
    assert.notEqual(await field(page, ja['applicant.purpose']).inputValue(), '', 'the purpose is prefilled');
    await axe();
    assert.equal(await press(page, ja['request.form.continue']), 303);

    // The responsible person: none chosen is an error; then the same one.
    await expectPage(page, 'ja', `${RENEWAL}/responsible`, ja['user.renewal.responsible.title']);
    await axe();
    assert.equal(await press(page, ja['request.form.continue']), 400);
    await expectError(page, 'ja', ja['user.renewal.responsible.title'], 'answer', ja['user.renewal.responsible.error']);
    await axe();
    await radio(page, ja['user.renewal.responsible.same']).check();
    assert.equal(await press(page, ja['request.form.continue']), 303);

    // Achievements: yes → an entry.
    const achievementsTitle = fmt(ja['user.renewal.achievements.title'], { year: 2026 });
    await expectPage(page, 'ja', `${RENEWAL}/achievements`, achievementsTitle);
    assert.ok(
      await page.getByText(fmt(ja['user.renewal.achievements.question'], { year: 2026 }), { exact: true }).isVisible(),
    );
    await axe();
    await radio(page, ja['user.renewal.achievements.yes']).check();
    assert.equal(await press(page, ja['request.form.continue']), 303);
    await expectPage(page, 'ja', `${RENEWAL}/achievements/new`, ja['user.renewal.entry.title']);
    await axe();

    // "PubMed から取得" submits the form: the page comes back filled, what was typed kept.
    await radio(page, ja['user.renewal.type.paper']).check();
    await field(page, ja['user.renewal.entry.pmid']).fill(`PMID: ${PMID}`);
    await field(page, ja['user.renewal.entry.authorsJa']).fill('田中 花子');
    assert.equal(await press(page, ja['user.renewal.lookup.get.pmid']), 200);
    await expectPage(page, 'ja', `${RENEWAL}/achievements/new`, ja['user.renewal.entry.title']);
    assert.equal(await text(page, '#lookup-status'), fmt(ja['user.renewal.lookup.filled'], { service: 'PubMed' }));
    assert.equal(asked('pubmed'), 1);
    const filled = {
      title: 'Haplotype-resolved assembly of forty rice genomes.',
      authors: 'Tanaka H, Suzuki K, Genome Consortium',
      journal: 'Nucleic acids research',
      publishedOn: '2024-03-05',
      volume: '52',
      number: '4',
      pages: '1650-1662',
      doi: '10.5555/sc-account.pubmed.1',
      pmid: PMID,
    };
    for (const [name, value] of Object.entries(filled))
      assert.equal(await page.locator(`#${name}`).inputValue(), value, `${name} is filled`);
    assert.equal(await page.locator('#authorsJa').inputValue(), '田中 花子', 'what was typed is kept');
    assert.ok(await radio(page, ja['user.renewal.type.paper']).isChecked(), 'the type chosen is kept');
    await axe();

    // A paper needs domestic or international: saved without, the error; then 国際.
    assert.equal(await press(page, ja['user.renewal.entry.save']), 400);
    await expectError(
      page,
      'ja',
      ja['user.renewal.entry.title'],
      'journalScope',
      ja['user.renewal.error.journalScope'],
    );
    assert.equal(await page.locator('#title').inputValue(), filled.title);
    await axe();
    await radio(page, ja['user.renewal.scope.international']).check();
    assert.equal(await press(page, ja['user.renewal.entry.save']), 303);
    await expectPage(page, 'ja', `${RENEWAL}/achievements`, achievementsTitle);
    assert.deepEqual(await cardTitles(page), [`1. ${filled.title}`]);
    assert.ok(
      await page.getByText(ja['user.renewal.achievements.another'], { exact: true }).isVisible(),
      'asked whether to add another',
    );
    await axe();

    // Changing the entry: Enter in the title (a text area) breaks the line and sends
    // nothing; Enter in a one-line field, even the PubMed ID beside its "Get" button,
    // saves (the form's hidden default button): no lookup, the line break made a space.
    await page
      .locator('#achievement-1')
      .getByRole('link', { name: `${ja['check.change']} ${fmt(ja['user.renewal.entry.n'], { n: 1 })}` })
      .click();
    await page.waitForURL(`${RENEWAL}/achievements/1`);
    await expectPage(page, 'ja', `${RENEWAL}/achievements/1`, ja['user.renewal.entry.title']);
    assert.equal(await page.locator('#title').inputValue(), filled.title);
    assert.ok(await radio(page, ja['user.renewal.scope.international']).isChecked());
    await axe();
    const title = field(page, ja['user.renewal.entry.titleField']);
    let posts = 0;
    const countPost = (request: { method(): string }) => {
      if (request.method() === 'POST') posts++;
    };
    page.on('request', countPost);
    await title.fill('Haplotype-resolved assembly');
    await title.press('Enter');
    await title.pressSequentially('of forty rice genomes.');
    page.off('request', countPost);
    assert.equal(posts, 0, 'Enter in the title sends nothing');
    assert.equal(path(page), `${RENEWAL}/achievements/1`);
    assert.equal(await title.inputValue(), 'Haplotype-resolved assembly\nof forty rice genomes.');
    const lookupsBefore = asked('pubmed');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
      field(page, ja['user.renewal.entry.pmid']).press('Enter'),
    ]);
    await page.waitForLoadState('load');
    assert.equal(saved.status(), 303, 'Enter in the PubMed ID saves');
    assert.match(saved.request().postData() ?? '', /(^|&)action=save(&|$)/);
    assert.equal(asked('pubmed'), lookupsBefore, 'and looks nothing up');
    await expectPage(page, 'ja', `${RENEWAL}/achievements`, achievementsTitle);
    assert.deepEqual(await cardTitles(page), [`1. ${filled.title}`]);

    // No more.
    assert.equal(await press(page, ja['request.form.continue']), 400);
    await expectError(page, 'ja', achievementsTitle, 'answer', ja['user.renewal.achievements.errorAnother']);
    await axe();
    await radio(page, ja['user.renewal.achievements.noMore']).check();
    assert.equal(await press(page, ja['request.form.continue']), 303);

    // Publication: postponing needs a reason.
    await expectPage(page, 'ja', `${RENEWAL}/publication`, ja['user.renewal.publication.title']);
    await axe();
    await radio(page, ja['user.renewal.publication.postpone']).check();
    assert.equal(await press(page, ja['request.form.continue']), 400);
    await expectError(
      page,
      'ja',
      ja['user.renewal.publication.title'],
      'postponeReason',
      ja['user.renewal.publication.errorReason'],
    );
    assert.ok(await radio(page, ja['user.renewal.publication.postpone']).isChecked(), 'the choice is kept');
    await axe();
    const reason = '特許出願の準備中のため';
    await field(page, ja['user.renewal.publication.reason']).fill(reason);
    assert.equal(await press(page, ja['request.form.continue']), 303);

    // The check page, then send.
    await expectPage(page, 'ja', `${RENEWAL}/check`, ja['user.renewal.check.title']);
    assert.equal(await text(page, '#details p.body'), ja['user.renewal.check.noChanges']);
    assert.match(
      (await text(page, '#responsible')) ?? '',
      new RegExp(ja['user.renewal.check.sameResponsible'].replace('{name}', '.+')),
    );
    assert.deepEqual(await cardTitles(page), [`1. ${filled.title}`]);
    assert.match((await text(page, '#achievement-1')) ?? '', /田中 花子/);
    assert.match((await text(page, '#achievement-1')) ?? '', new RegExp(ja['user.renewal.scope.international']));
    assert.match((await text(page, '#publication')) ?? '', new RegExp(reason));
    assert.ok(await page.getByText(ja['user.renewal.check.renewsNow'], { exact: true }).isVisible());
    await axe();
    assert.equal(await press(page, ja['user.renewal.check.submit']), 303);

    // Renewed at once: the start page says so.
    assert.equal(new URL(page.url()).search, '?sent=1');
    await expectPage(page, 'ja', RENEWAL, ja['user.renewal.title']);
    assert.equal(await text(page, '.notification-banner'), fmt(ja['user.renewal.sent.renewed'], { year: 2027 }));
    assert.ok(
      await page.getByText(fmt(ja['user.renewal.valid'], { year: 2027, end: 2028 }), { exact: true }).isVisible(),
    );
    assert.equal(await page.getByRole('link', { name: ja['user.renewal.start'] }).count(), 0);
    await axe();

    await drainJobs(suite.app);
    const { renewal, rows } = await storedAchievements(account);
    assert.equal(renewal.state, 'renewed');
    assert.equal(renewal.fiscal_year, 2027);
    assert.equal(renewal.publication, 'postpone');
    assert.equal(renewal.postpone_reason, reason);
    assert.deepEqual(
      rows.map((x) => [x.type, x.pmid, x.doi, x.title, x.journal_scope, x.authors_ja, x.published_on]),
      [['paper', PMID, filled.doi, filled.title, 'international', '田中 花子', '2024-03-05']],
    );
    assert.equal((await accountRow(account)).valid_through, 2027);
  });

  test('English with JavaScript: "Get" fills in place, an unknown ID and Crossref down are said in place, typed by hand, sent', async () => {
    now = tokyo('2027-02-01T10:00:00');
    services.reset();
    services.crossref.set(CROSSREF_DOI, crossrefWork());
    services.pubmed.set(PMID, esummaryEntry());
    const account = accounts.en;
    const page = await suite.newPage({ locale: 'en-GB' });

    assert.equal(await logIn(page, 'en', account), '/account');
    await page.goto(RENEWAL);
    await expectPage(page, 'en', RENEWAL, fmt(en['user.renewal.titleFor'], { year: 2027 }));
    await expectNoViolations(page);
    await page.getByRole('link', { name: en['user.renewal.start'], exact: true }).click();
    await page.waitForURL(`${RENEWAL}/details`);
    await expectNoViolations(page);
    assert.equal(await press(page, en['request.form.continue']), 303);
    await expectPage(page, 'en', `${RENEWAL}/responsible`, en['user.renewal.responsible.title']);
    await radio(page, en['user.renewal.responsible.same']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    const achievementsTitle = fmt(en['user.renewal.achievements.title'], { year: 2026 });
    await expectPage(page, 'en', `${RENEWAL}/achievements`, achievementsTitle);
    await radio(page, en['user.renewal.achievements.yes']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    await expectPage(page, 'en', `${RENEWAL}/achievements/new`, en['user.renewal.entry.title']);
    await expectNoViolations(page);

    // The page is never reloaded from here on: a mark on the window stays, no navigation.
    const entryUrl = page.url();
    let navigations = 0;
    const count = (frame: unknown) => {
      if (frame === page.mainFrame()) navigations++;
    };
    page.on('framenavigated', count);
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).stillThisPage = true;
    });
    const samePage = async () => {
      assert.equal(page.url(), entryUrl);
      assert.equal(navigations, 0, 'no page load');
      assert.equal(await page.evaluate(() => (globalThis as Record<string, unknown>).stillThisPage), true);
    };
    const status = page.locator('#lookup-status');
    const getButton = (source: 'pmid' | 'doi') =>
      page.getByRole('button', { name: en[`user.renewal.lookup.get.${source}`], exact: true });
    /** Presses a "Get" button; returns the script's request to the lookup. */
    const get = async (source: 'pmid' | 'doi') => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === `${RENEWAL}/lookup`),
        getButton(source).click(),
      ]);
      assert.equal(response.request().method(), 'POST');
      assert.equal(response.request().resourceType(), 'fetch');
      return response;
    };

    // "Get from Crossref" by DOI, its answer held back a while: the button busy meanwhile,
    // keeping the focus, a second press asks nothing more; then the fields filled and
    // the status region saying so.
    await field(page, 'DOI').fill(`https://doi.org/${CROSSREF_DOI}`);
    await field(page, en['user.renewal.entry.authorsJa']).fill('田中 花子');
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lookups = 0;
    await page.route(`**${RENEWAL}/lookup`, async (route) => {
      lookups++;
      await held;
      await route.continue();
    });
    try {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === `${RENEWAL}/lookup`);
      await getButton('doi').click();
      assert.equal(await getButton('doi').getAttribute('aria-busy'), 'true');
      assert.equal(await getButton('doi').getAttribute('aria-disabled'), 'true');
      assert.ok(await hasFocus(page, '[data-lookup="doi"]'), 'the busy button keeps the focus');
      // Pressed again from the keyboard (the focus is on it; Playwright clicks no aria-disabled button).
      await page.keyboard.press('Enter');
      release();
      const response = await answered;
      assert.equal(response.status(), 200);
      assert.equal(response.request().resourceType(), 'fetch');
    } finally {
      release();
      await page.unroute(`**${RENEWAL}/lookup`);
    }
    assert.equal(lookups, 1, 'the second press while busy asks nothing');
    const filledMessage = fmt(en['user.renewal.lookup.filled'], { service: 'Crossref' });
    await status.getByText(filledMessage, { exact: true }).waitFor();
    assert.equal(await status.getAttribute('role'), 'status');
    await samePage();
    const filled = {
      title: 'Structural variants in Oryza sativa & its wild relatives',
      authors: 'Hanako Tanaka, Kenji Suzuki, Rice Pan-genome Consortium',
      journal: 'Genome Research',
      publishedOn: '2024-07',
      volume: '34',
      number: '7',
      pages: '1101-1115',
      doi: '10.5555/SC-ACCOUNT.CROSSREF.1',
    };
    for (const [name, value] of Object.entries(filled))
      assert.equal(await page.locator(`#${name}`).inputValue(), value, `${name} is filled`);
    assert.equal(await page.locator('#authorsJa').inputValue(), '田中 花子', 'what was typed is kept');
    assert.equal(await page.locator('#pmid').inputValue(), '');
    assert.equal(await getButton('doi').getAttribute('aria-busy'), null, 'the button is usable again');
    assert.equal(await getButton('doi').getAttribute('aria-disabled'), null);
    assert.ok(await hasFocus(page, '[data-lookup="doi"]'), 'the focus stays on the button');
    assert.equal(asked('crossref'), 1, 'asked once');
    await expectNoViolations(page);

    // Saved as a paper in an international journal.
    await radio(page, en['user.renewal.type.paper']).check();
    await radio(page, en['user.renewal.scope.international']).check();
    page.off('framenavigated', count);
    assert.equal(await press(page, en['user.renewal.entry.save']), 303);
    await expectPage(page, 'en', `${RENEWAL}/achievements`, achievementsTitle);
    assert.deepEqual(await cardTitles(page), [`1. ${filled.title}`]);
    await expectNoViolations(page);

    // Another: an unknown PubMed ID is the field's error, in place.
    await radio(page, en['user.renewal.achievements.yesAnother']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    await expectPage(page, 'en', `${RENEWAL}/achievements/new`, en['user.renewal.entry.title']);
    const secondUrl = page.url();
    navigations = 0;
    page.on('framenavigated', count);
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).stillThisPage = true;
    });
    const stillSecond = async () => {
      assert.equal(page.url(), secondUrl);
      assert.equal(navigations, 0, 'no page load');
      assert.equal(await page.evaluate(() => (globalThis as Record<string, unknown>).stillThisPage), true);
    };
    const pmid = field(page, en['user.renewal.entry.pmid']);
    await pmid.fill('99999999');
    await field(page, en['user.renewal.entry.titleField']).fill('Kept while looking up');
    assert.equal((await get('pmid')).status(), 200);
    const notFound = en['user.renewal.lookup.pmid.notFound'];
    await page.locator('#pmid-error').getByText(notFound, { exact: true }).waitFor();
    await stillSecond();
    assert.equal(await page.locator('#pmid').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#pmid').getAttribute('aria-describedby'), 'pmid-hint pmid-error');
    assert.ok(await hasFocus(page, '#pmid'), 'the focus moves to the field');
    assert.equal(await status.textContent(), notFound);
    assert.equal(await page.locator('#title').inputValue(), 'Kept while looking up');
    await expectNoViolations(page);

    // A right one clears the error.
    await pmid.fill(PMID);
    assert.equal((await get('pmid')).status(), 200);
    await status.getByText(fmt(en['user.renewal.lookup.filled'], { service: 'PubMed' }), { exact: true }).waitFor();
    await stillSecond();
    assert.equal(await page.locator('#pmid-error').count(), 0);
    assert.equal(await page.locator('#pmid').getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('#pmid').getAttribute('aria-describedby'), 'pmid-hint');
    assert.equal(await page.locator('#title').inputValue(), 'Haplotype-resolved assembly of forty rice genomes.');

    // Crossref answering 503: said in the status region; the details are then typed by hand.
    for (const name of ['pmid', 'title', 'authors', 'journal', 'publishedOn', 'volume', 'number', 'pages'])
      await page.locator(`#${name}`).fill('');
    await field(page, 'DOI').fill('10.5555/poster.7');
    services.override = (seen) => (seen.service === 'crossref' ? { status: 503, text: 'down' } : undefined);
    try {
      assert.equal((await get('doi')).status(), 200);
    } finally {
      services.override = undefined;
    }
    const unavailable = en['user.renewal.lookup.doi.unavailable'];
    await status.getByText(unavailable, { exact: true }).waitFor();
    await stillSecond();
    assert.equal(await page.locator('#doi').getAttribute('aria-invalid'), null, 'the DOI is not wrong');
    assert.equal(await page.locator('#doi-error').count(), 0);
    assert.equal(await field(page, 'DOI').inputValue(), '10.5555/poster.7');
    await expectNoViolations(page);

    // Saved without a title: the server's error, the summary takes the focus and leads to the field.
    await radio(page, en['user.renewal.type.poster']).check();
    page.off('framenavigated', count);
    assert.equal(await press(page, en['user.renewal.entry.save']), 400);
    await expectError(page, 'en', en['user.renewal.entry.title'], 'title', en['user.renewal.error.titleRequired']);
    assert.equal(await field(page, 'DOI').inputValue(), '10.5555/poster.7', 'what was typed is kept');
    assert.ok(await radio(page, en['user.renewal.type.poster']).isChecked());
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'title');
    await page.keyboard.type('Pan-genome graphs of rice');
    await field(page, en['user.renewal.entry.publishedOn']).fill('2026-09');
    assert.equal(await press(page, en['user.renewal.entry.save']), 303);
    await expectPage(page, 'en', `${RENEWAL}/achievements`, achievementsTitle);
    assert.deepEqual(await cardTitles(page), [`1. ${filled.title}`, '2. Pan-genome graphs of rice']);

    // When the script's request fails, "Get" submits the form as without the script.
    await radio(page, en['user.renewal.achievements.yesAnother']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    await page.route(`**${RENEWAL}/lookup`, (route) => route.abort('connectionrefused'));
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).stillThisPage = true;
    });
    await field(page, en['user.renewal.entry.pmid']).fill(PMID);
    assert.equal(await press(page, en['user.renewal.lookup.get.pmid']), 200);
    await page.unroute(`**${RENEWAL}/lookup`);
    assert.equal(await page.evaluate(() => (globalThis as Record<string, unknown>).stillThisPage), undefined);
    assert.equal(await text(page, '#lookup-status'), fmt(en['user.renewal.lookup.filled'], { service: 'PubMed' }));
    assert.equal(await page.locator('#title').inputValue(), 'Haplotype-resolved assembly of forty rice genomes.');
    // Not saved: back to the list, no more.
    const back = page.locator('a.back-link');
    assert.equal((await back.textContent())?.trim(), en['applyStep.back']);
    assert.equal(await back.getAttribute('href'), `${RENEWAL}/achievements`);
    await back.click();
    await page.waitForURL(`${RENEWAL}/achievements`);
    assert.equal((await cardTitles(page)).length, 2);
    await radio(page, en['user.renewal.achievements.noMore']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);

    // Publication: nothing chosen is an error (the summary's focus); then published.
    await expectPage(page, 'en', `${RENEWAL}/publication`, en['user.renewal.publication.title']);
    await expectNoViolations(page);
    assert.equal(await press(page, en['request.form.continue']), 400);
    await expectError(
      page,
      'en',
      en['user.renewal.publication.title'],
      'publication',
      en['user.renewal.publication.error'],
    );
    await expectNoViolations(page);
    await expectSummaryFocusLinksToField(page, 'publication');
    await radio(page, en['user.renewal.publication.publish']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    await expectPage(page, 'en', `${RENEWAL}/check`, en['user.renewal.check.title']);
    assert.deepEqual(await cardTitles(page), [`1. ${filled.title}`, '2. Pan-genome graphs of rice']);
    await expectNoViolations(page);
    assert.equal(await press(page, en['user.renewal.check.submit']), 303);
    assert.equal(await text(page, '.notification-banner'), fmt(en['user.renewal.sent.renewed'], { year: 2027 }));
    await expectNoViolations(page);

    const { renewal, rows } = await storedAchievements(account);
    assert.equal(renewal.state, 'renewed');
    assert.equal(renewal.publication, 'publish');
    assert.deepEqual(
      rows.map((x) => [x.type, x.pmid, x.doi, x.title, x.journal_scope, x.authors_ja, x.published_on]),
      [
        ['paper', null, filled.doi, filled.title, 'international', '田中 花子', '2024-07'],
        ['poster', null, '10.5555/poster.7', 'Pan-genome graphs of rice', null, null, '2026-09'],
      ],
    );
  });

  test('a holder locked for not renewing lands on the renewal, sees only its link, renews with no achievements and is unlocked', async () => {
    now = tokyo('2027-04-10T10:00:00');
    const account = accounts.locked;
    await db()
      .updateTable('account')
      .set({ state: 'locked', locked_reason: 'not_renewed', locked_at: tokyo('2027-04-01T00:00:00') })
      .where('id', '=', account.id)
      .execute();
    await suite.app.server.directories.ga.lock(account.uid);
    const page = await suite.newPage({ locale: 'en-GB' });
    const nav = page.locator('.staff-bar nav a');

    assert.equal(await logIn(page, 'en', account), RENEWAL);
    await expectPage(page, 'en', RENEWAL, fmt(en['user.renewal.titleFor'], { year: 2027 }));
    assert.deepEqual(
      (await nav.allTextContents()).map((s) => s.trim()),
      [en['user.nav.renewal']],
    );
    assert.equal(await nav.getAttribute('href'), RENEWAL);
    assert.equal(await nav.getAttribute('aria-current'), 'page');
    assert.ok(
      await page.getByText(fmt(en['user.locked.not_renewed'], { account: account.uid }), { exact: true }).isVisible(),
    );
    assert.ok(await page.getByText(en['user.locked.renewHint'], { exact: true }).isVisible());
    await expectNoViolations(page);
    // Other account pages lead back here.
    await page.goto('/account/ssh-keys');
    assert.equal(path(page), RENEWAL);

    await page.getByRole('link', { name: en['user.renewal.start'], exact: true }).click();
    await page.waitForURL(`${RENEWAL}/details`);
    assert.deepEqual(
      (await nav.allTextContents()).map((s) => s.trim()),
      [en['user.nav.renewal']],
    );
    await expectNoViolations(page);
    assert.equal(await press(page, en['request.form.continue']), 303);
    await radio(page, en['user.renewal.responsible.same']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    await expectPage(page, 'en', `${RENEWAL}/achievements`, fmt(en['user.renewal.achievements.title'], { year: 2026 }));
    await expectNoViolations(page);
    await radio(page, en['user.renewal.achievements.no']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    await expectPage(page, 'en', `${RENEWAL}/publication`, en['user.renewal.publication.title']);
    await radio(page, en['user.renewal.publication.publish']).check();
    assert.equal(await press(page, en['request.form.continue']), 303);
    await expectPage(page, 'en', `${RENEWAL}/check`, en['user.renewal.check.title']);
    assert.equal(await text(page, '#achievements p.body'), en['user.renewal.achievements.none']);
    await expectNoViolations(page);

    // Sent: renewed; the job that unlocks has not run yet, and the page says it will.
    await suite.app.server.worker.stop();
    try {
      assert.equal(await press(page, en['user.renewal.check.submit']), 303);
      assert.equal(await text(page, '.notification-banner'), fmt(en['user.renewal.sent.renewed'], { year: 2027 }));
      assert.ok(await page.getByText(en['user.renewal.unlocking'], { exact: true }).isVisible());
      assert.deepEqual(
        (await nav.allTextContents()).map((s) => s.trim()),
        [en['user.nav.renewal']],
      );
      await expectNoViolations(page);
      await drainJobs(suite.app);
    } finally {
      suite.app.server.worker.start();
    }
    const row = await accountRow(account);
    assert.equal(row.state, 'active');
    assert.equal(row.locked_reason, null);
    assert.equal(row.valid_through, 2027);
    assert.equal(await suite.app.server.directories.ga.checkPassword(account.uid, account.password), 'ok');
    const { renewal, rows } = await storedAchievements(account);
    assert.equal(renewal.no_achievements, true);
    assert.equal(rows.length, 0);

    // Unlocked: all the account pages again.
    await page.goto('/account');
    assert.equal(path(page), '/account');
    assert.equal(await h1(page), en['user.info.title']);
    assert.equal(await nav.count(), 7);
    await expectNoViolations(page);
  });
});
