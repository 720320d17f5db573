// Group and workshop accounts in Chromium, with axe on every page and error state: the
// person in charge applies in English with JavaScript (the error summary takes the
// focus and leads to the field) and uploads the participants' CSV through the file
// input; one participant completes their link in Japanese without JavaScript, another
// in English with JavaScript; the group's page at phone width does not scroll sideways.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addDays, centreDayOf } from '../src/domain/fiscal-calendar.js';
import { catalogues } from '../src/i18n/index.js';
import { logIn, provisionedAccounts, type TestAccount } from '../test/helpers/account.js';
import { mailsTo } from '../test/helpers/apply.js';
import type { Browserless } from '../test/helpers/browserless.js';
import { ed25519 } from '../test/helpers/group.js';
import {
  expectNoViolations,
  expectSummaryFocusLinksToField,
  overflow,
  press,
  useBrowserSuite,
} from './helpers/browser.js';

const suite = useBrowserSuite({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
const en = catalogues.en;
const ja = catalogues.ja;
let person: TestAccount;
let groupPath = '';
const files = mkdtempSync(join(tmpdir(), 'sc-group-e2e-'));

const h1 = async (page: Page) => (await page.locator('h1').textContent())?.trim();

async function handOver(page: Page, from: Browserless) {
  await page.context().addCookies(from.cookieList().map(([name, value]) => ({ name, value, url: suite.app.url })));
}

/** The path of the one-time link mailed to `address`. */
async function invitationPath(address: string) {
  const [mail] = await mailsTo(suite.app, address);
  const link = /https?:\/\/\S+\/group-invitation\?token=[A-Za-z0-9_-]+/.exec(String(mail?.text))?.[0];
  assert.ok(link, `an invitation to ${address}`);
  const url = new URL(link);
  return url.pathname + url.search;
}

describe('group accounts in a browser', () => {
  before(async () => {
    [person] = (await provisionedAccounts(suite.app, 1)) as [TestAccount];
    await suite.app.server.database.db
      .updateTable('responsible_person')
      .set({ same_as_applicant: true })
      .where('application_id', '=', person.applicationId)
      .execute();
  });
  after(() => rmSync(files, { recursive: true, force: true }));

  test('the person in charge applies and uploads the participants (English, JavaScript)', async () => {
    const page = await suite.newPage({ locale: 'en-GB' });
    await handOver(page, await logIn(suite.app, person));
    await page.goto('/account/groups');
    assert.equal(await h1(page), en['group.list.title']);
    await expectNoViolations(page);
    await page.getByRole('link', { name: en['group.list.apply'] }).click();
    assert.equal(await h1(page), en['group.form.title']);
    await expectNoViolations(page);
    // Everything but the name: one problem, the summary leads to it, the rest is kept.
    const end = addDays(centreDayOf(new Date()), 21).split('-');
    await page.getByLabel(en['group.field.purpose'], { exact: true }).fill('Hands-on variant calling');
    await page.getByLabel(en['group.kind.workshop'], { exact: true }).check();
    await page.locator('#endsOn_day').fill(String(Number(end[2])));
    await page.locator('#endsOn_month').fill(String(Number(end[1])));
    await page.locator('#endsOn_year').fill(end[0] as string);
    assert.equal(await press(page, en['group.form.create']), 400);
    await expectSummaryFocusLinksToField(page, 'title');
    await expectNoViolations(page);
    assert.equal(
      await page.getByLabel(en['group.field.purpose'], { exact: true }).inputValue(),
      'Hands-on variant calling',
    );
    assert.equal(await page.locator('#endsOn_year').inputValue(), end[0]);

    await page.getByLabel(en['group.field.title'], { exact: true }).fill('Variant calling workshop');
    assert.equal(await press(page, en['group.form.create']), 303);
    groupPath = new URL(page.url()).pathname;
    assert.match((await page.locator('.notification-banner').textContent()) ?? '', /The group is saved/);
    await expectNoViolations(page);

    const csv = join(files, 'participants.csv');
    writeFileSync(
      csv,
      'family name,given name,e-mail,institution\nSuzuki,Ichiro,ichiro@univ.example.ac.jp,Example University\nBrown,Alice,alice@univ.example.ac.jp,\nBad,Row,not-an-address,\n',
    );
    await page.getByLabel(en['group.add.file'], { exact: true }).setInputFiles(csv);
    assert.equal(await press(page, en['group.add.upload']), 400);
    assert.match((await page.locator('#added').textContent()) ?? '', /2 invited, 1 to fix/);
    assert.match((await page.locator('#added').textContent()) ?? '', new RegExp(en['group.row.not_an_address']));
    // The failed row is given back to fix.
    assert.equal(await page.getByLabel(en['group.add.text'], { exact: true }).inputValue(), 'Bad,Row,not-an-address,');
    await expectNoViolations(page);
  });

  test('a participant completes their link in Japanese without JavaScript', async () => {
    const path = await invitationPath('ichiro@univ.example.ac.jp');
    const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false });
    await page.goto(path);
    assert.equal(await h1(page), ja['invitation.title'].replace('{title}', 'Variant calling workshop'));
    await page.getByLabel(ja['account.name'], { exact: true }).fill('Suzuki!');
    assert.equal(await press(page, ja['invitation.submit']), 400);
    assert.equal((await page.locator('#sshKey-error').textContent())?.trim(), ja['invitation.error.sshKeyRequired']);
    assert.equal((await page.locator('#terms-error').textContent())?.trim(), ja['invitation.error.terms']);
    assert.equal(await page.getByLabel(ja['account.name'], { exact: true }).inputValue(), 'Suzuki!');
    await page.getByLabel(ja['account.name'], { exact: true }).fill('suzuki26');
    await page.getByLabel(ja['invitation.sshKey'], { exact: true }).fill(ed25519(1));
    await page.getByLabel(ja['invitation.terms'], { exact: true }).check();
    assert.equal(await press(page, ja['invitation.submit']), 200);
    assert.equal(await h1(page), ja['invitation.done.title']);
    // The link is used up.
    const again = await page.goto(path);
    assert.equal(again?.status(), 410);
    assert.equal(await h1(page), ja['invitation.gone.title']);
  });

  test('axe on the participant’s pages in Japanese, and the English journey with JavaScript', async () => {
    const path = await invitationPath('alice@univ.example.ac.jp');
    const checked = await suite.newPage({ locale: 'ja' });
    await checked.goto(path);
    await expectNoViolations(checked);
    await checked.getByLabel(ja['invitation.sshKey'], { exact: true }).fill(ed25519(2));
    await checked.getByLabel(ja['invitation.terms'], { exact: true }).check();
    assert.equal(await press(checked, ja['invitation.submit']), 400);
    await expectSummaryFocusLinksToField(checked, 'accountName');
    await expectNoViolations(checked);

    const page = await suite.newPage({ locale: 'en-GB' });
    await page.goto(path);
    await page.getByLabel(en['account.name'], { exact: true }).fill('alice26');
    await page.getByLabel(en['invitation.sshKey'], { exact: true }).fill(ed25519(2));
    await page.getByLabel(en['invitation.terms'], { exact: true }).check();
    assert.equal(await press(page, en['invitation.submit']), 200);
    assert.equal(await h1(page), en['invitation.done.title']);
    await expectNoViolations(page);
    const gone = await suite.newPage({ locale: 'en-GB' });
    await gone.goto(path);
    assert.equal(await h1(gone), en['invitation.gone.title']);
    await expectNoViolations(gone);
  });

  test('the group’s page in Japanese at phone width: the participants, no sideways scrolling', async () => {
    const phone = await suite.newPage({ locale: 'ja', viewport: { width: 390, height: 800 } });
    await handOver(phone, await logIn(suite.app, person, 'ja'));
    await phone.goto(groupPath);
    assert.equal(await h1(phone), 'Variant calling workshop');
    assert.match((await phone.locator('#participants').textContent()) ?? '', /確認済み（センターの承認待ち）/);
    // Before the wrapper held its hidden cell texts, they made the page scroll sideways.
    assert.deepEqual(await overflow(phone), { scrolls: false, wide: [] });
    await expectNoViolations(phone);
  });
});
