// The visual check of the design review, as far as a test can make it: in Japanese
// (with the CJK font the test set-up installs) at 390 and 1280 pixels wide, no page of
// the application, the check page, the pledge or the staff application page scrolls
// sideways, no element is wider than the viewport (a wide table scrolls in its own
// region), and the staff page has at most one primary button.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeSteps, openDraft } from '../test/helpers/apply.js';
import { Browserless } from '../test/helpers/browserless.js';
import { sendPledges, submitApplication } from '../test/helpers/review.js';
import { enrol, signIn } from '../test/helpers/staff.js';
import { overflow, useBrowserSuite } from './helpers/browser.js';

const suite = useBrowserSuite({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });

describe('pages fit the screen in Japanese', () => {
  test('the application, the check page and the pledge at 390 and 1280 pixels', async () => {
    const person = new Browserless(suite.app.url, 'ja');
    await openDraft(suite.app, person, 'widths@univ.example.ac.jp');
    await completeSteps(person, { account: { accountName: 'widths' } });
    const sent = await submitApplication(suite.app, { account: { accountName: 'widths_sent' } });
    const reviewer = await signIn(suite.app, await enrol(suite.app, 'widths@centre.example.jp', 'reviewer'), 'ja');
    const [pledge] = await sendPledges(suite.app, reviewer, sent);
    const paths = [
      '/apply',
      '/apply/application',
      '/apply/applicant',
      '/apply/eligibility',
      '/apply/affiliation',
      '/apply/account',
      '/apply/responsible',
      '/apply/check',
    ];
    for (const width of [390, 1280]) {
      const page = await suite.newPage({ locale: 'ja', javaScriptEnabled: false, viewport: { width, height: 900 } });
      await page
        .context()
        .addCookies(person.cookieList().map(([name, value]) => ({ name, value, url: suite.app.url })));
      for (const path of [...paths, pledge ?? '']) {
        await page.goto(path);
        assert.deepEqual(await overflow(page), { scrolls: false, wide: [] }, `${path} at ${width}px`);
      }
      // The staff application page: it fits, and has one primary button.
      const staff = await suite.newPage({ locale: 'ja', viewport: { width, height: 900 } });
      await staff
        .context()
        .addCookies(reviewer.cookieList().map(([name, value]) => ({ name, value, url: suite.app.url })));
      await staff.goto(`/staff/applications/${sent.id}`);
      assert.deepEqual(await overflow(staff), { scrolls: false, wide: [] }, `the staff page at ${width}px`);
      const primary = staff.locator('main .button:not(.button--secondary):not(.button--warning)');
      // Waiting for the pledge, no step is the staff's: no primary button; never more than one.
      assert.ok((await primary.count()) <= 1, `at most one primary button at ${width}px`);
    }
  });
});
