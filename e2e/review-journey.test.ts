// The review from end to end in Chromium, with the mail going out through a real
// SMTP server (smtp-server in this process) and every link followed from the mail:
// an applicant sends; a reviewer asks for information; the applicant changes the
// named step and sends it back; the pledge goes to the responsible person, who signs
// it; an approver approves. A non-resident applicant also signs a pledge of their
// own, and a reviewer clears the export-control screening before the approval. A
// further application is rejected. axe on the pages people see along the way.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { catalogues } from '../src/i18n/index.js';
import { completeSteps, type StepAnswers } from '../test/helpers/apply.js';
import { Browserless } from '../test/helpers/browserless.js';
import { startSmtp } from '../test/helpers/smtp.js';
import { type EnrolledStaff, enrol, STAFF_PASSWORD } from '../test/helpers/staff.js';
import { expectNoViolations, useBrowserSuite } from './helpers/browser.js';

const smtp = await startSmtp();
after(() => smtp.close());
const suite = useBrowserSuite({
  env: { JOB_POLL_MS: '100', RATE_LIMIT_MAIL_PER_10_MINUTES: '1000', SMTP_URL: smtp.url },
});
const en = catalogues.en;
const ja = catalogues.ja;

/** The path of the first link to `path` in the newest mail to `to` whose text has one. */
async function linkFromMail(to: string, path: string): Promise<string> {
  const end = Date.now() + 15_000;
  for (;;) {
    await suite.app.server.worker.drain();
    for (const message of [...smtp.received].reverse()) {
      if (!message.to.includes(to)) continue;
      const mail = await simpleParser(message.raw);
      const link = mail.text?.match(new RegExp(`https?://\\S+${path.replace('?', '\\?')}\\?token=[\\w-]+`))?.[0];
      if (link) return new URL(link).pathname + new URL(link).search;
    }
    if (Date.now() > end) throw new Error(`no mail to ${to} with a link to ${path}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens the pledge link mailed to `to` and signs it: every declaration ticked, the name typed. */
async function signFromMail(to: string, lang: 'ja' | 'en', name: string, look?: (page: Page) => Promise<void>) {
  const t = catalogues[lang];
  const page = await suite.newPage({ locale: lang === 'ja' ? 'ja' : 'en-GB' });
  await page.goto(await linkFromMail(to, '/pledge'));
  await look?.(page);
  for (const box of await page.locator('input[type=checkbox]').all()) await box.check();
  await page.getByLabel(t['pledge.name']).fill(name);
  await page.getByRole('button', { name: t['pledge.submit'] }).click();
  await page.getByRole('heading', { name: t['pledge.done.title'] }).waitFor();
}

/** Signs a staff member in through the pages, with a recovery code as the second factor. */
async function staffSignIn(page: Page, staff: EnrolledStaff) {
  await page.goto('/staff');
  await page.getByLabel(en['staff.login.email']).fill(staff.email);
  await page.getByLabel(en['staff.login.password']).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: en['staff.login.submit'] }).click();
  await page.waitForURL('**/staff/verify');
  await page.getByLabel(en['staff.verify.title']).fill(staff.recoveryCodes.shift() ?? '');
  await page.getByRole('button', { name: en['staff.verify.submit'] }).click();
  await page.waitForURL('**/staff/applications');
}

/**
 * Sends an application over HTTP as a person does it (the browser journey of the
 * application is apply-journey's), the link taken from the mail; returns its reference.
 */
async function apply(email: string, accountName: string, overrides: StepAnswers = {}): Promise<string> {
  const person = new Browserless(suite.app.url, 'en');
  await person.submit((await person.get('/apply/email')).html, '/apply/email', { email });
  const link = await linkFromMail(email, '/apply/verify');
  const opened = await person.submit((await person.get(link)).html, '/apply/verify', {
    token: link.split('token=')[1] ?? '',
  });
  assert.equal(opened.location, '/apply/application');
  await completeSteps(person, { ...overrides, account: { accountName, ...overrides.account } });
  const check = await person.get('/apply/check');
  assert.equal((await person.submit(check.html, '/apply/check', { terms: 'yes' })).status, 303);
  const row = await suite.app.server.database.db
    .selectFrom('application')
    .select('reference')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.reference ?? '';
}

async function openByReference(page: Page, reference: string) {
  await page.goto(`/staff/applications?q=${encodeURIComponent(reference)}`);
  await page.getByRole('link', { name: reference }).click();
  await page.waitForURL('**/staff/applications/*');
}

describe('the review of an application in a browser', () => {
  test('information asked and given, pledge signed from the mail, approved', async () => {
    const reference = await apply('journey.review@univ.example.ac.jp', 'reviewed');
    const reviewer = await enrol(suite.app, 'reviewer@centre.example.jp', 'reviewer');
    const approver = await enrol(suite.app, 'approver@centre.example.jp', 'approver');

    // The reviewer asks for the department.
    const staff = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(staff, reviewer);
    await openByReference(staff, reference);
    await staff.getByText(en['staff.other.information'], { exact: true }).click();
    await staff.getByLabel(en['staff.information.message']).fill('Please give your department as on your staff card.');
    await staff.getByRole('checkbox', { name: en['applyTask.step.affiliation'], exact: true }).check();
    await staff.getByRole('button', { name: en['staff.information.submit'] }).click();
    await staff.getByText(en['staff.state.information_requested'], { exact: false }).first().waitFor();

    // The applicant follows the mail, changes that step only, and sends it back (in Japanese).
    const applicant = await suite.newPage({ locale: 'ja' });
    await applicant.goto(await linkFromMail('journey.review@univ.example.ac.jp', '/apply/information'));
    await expectNoViolations(applicant);
    await applicant.getByRole('button', { name: ja['information.open'] }).click();
    await applicant.waitForURL('**/apply/check');
    assert.equal(await applicant.locator('h1').textContent(), ja['resubmit.title']);
    await expectNoViolations(applicant);
    await applicant.getByRole('link', { name: `${ja['check.change']} ${ja['applyTask.step.affiliation']}` }).click();
    await applicant.getByLabel(ja['affiliation.department']).fill('Genome Informatics Lab');
    await applicant.getByRole('button', { name: ja['applyStep.continue'] }).click();
    await applicant.waitForURL('**/apply/check');
    await applicant.getByRole('button', { name: ja['resubmit.submit'] }).click();
    await applicant.waitForURL('**/apply/submitted');

    // The reviewer sees what changed and sends the pledge.
    await staff.reload();
    assert.ok(await staff.locator('.diff-after', { hasText: 'Genome Informatics Lab' }).isVisible());
    await staff.getByRole('button', { name: en['staff.pledge.send'] }).click();
    await staff.getByRole('button', { name: en['staff.pledge.resend'] }).waitFor();

    // The responsible person signs from the mail.
    await signFromMail('suzuki@nig.example.ac.jp', 'ja', '鈴木 一郎');

    // The approver approves.
    const boss = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(boss, approver);
    await openByReference(boss, reference);
    assert.ok(await boss.getByText(/Signed by 鈴木 一郎/).isVisible());
    await boss.getByRole('button', { name: en['staff.next.approve'] }).click();
    await boss.locator('.tag', { hasText: en['staff.state.approved'] }).waitFor();
    await suite.app.server.worker.drain();
    const approvedMail = await Promise.all(
      smtp.received.filter((m) => m.to.includes('journey.review@univ.example.ac.jp')).map((m) => simpleParser(m.raw)),
    );
    assert.ok(approvedMail.some((m) => m.subject?.includes(`Your application ${reference} has been approved`)));

    // The accounts are made by the job; the certificate is printed and marked posted.
    for (const end = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 100))) {
      await suite.app.server.worker.drain();
      await boss.reload();
      if (await boss.locator('.tag', { hasText: en['staff.state.provisioned'] }).count()) break;
      assert.ok(Date.now() < end, 'provisioned in time');
    }
    assert.ok(await boss.getByText(/General analysis: reviewed \(UID \d+\)/).isVisible());
    await expectNoViolations(boss);
    await boss.getByRole('link', { name: en['staff.nav.certificates'] }).click();
    await boss.waitForURL('**/staff/certificates');
    await expectNoViolations(boss);
    await boss
      .getByRole('row', { name: new RegExp(reference) })
      .getByRole('button', { name: en['staff.certificates.posted'] })
      .click();
    await boss.getByText(en['staff.certificates.none']).waitFor();
  });

  test('a non-resident applicant: both pledges signed from the mails, screening cleared, approved', async () => {
    const applicantEmail = 'journey.abroad@univ.example.ac.jp';
    const reference = await apply(applicantEmail, 'abroad', {
      eligibility: {
        resident: 'no',
        reason: 'living_abroad',
        specific: 'no',
        career: 'PhD in bioinformatics (2021); postdoctoral researcher since then',
        employment: 'Full-time researcher at a university abroad',
        period: 'Until March 2028',
      },
    });
    const reviewer = await enrol(suite.app, 'screener@centre.example.jp', 'reviewer');
    const approver = await enrol(suite.app, 'approver3@centre.example.jp', 'approver');
    const staff = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(staff, reviewer);
    await openByReference(staff, reference);
    assert.ok(await staff.getByText(en['staff.pledge.applicantToo']).isVisible());
    await staff.getByRole('button', { name: en['staff.pledge.send'] }).click();
    await staff.getByRole('button', { name: en['staff.pledge.resend'] }).waitFor();

    // The applicant signs their own pledge (in English), the responsible person theirs (in Japanese).
    await signFromMail(applicantEmail, 'en', 'Taro Yamada', async (page) => {
      assert.equal(await page.locator('h1').textContent(), 'Pledge (an applicant who is not a resident under FEFTA)');
      await expectNoViolations(page);
    });

    await staff.reload();
    assert.ok(await staff.locator('.tag', { hasText: en['staff.state.pledge_sent'] }).first().isVisible());
    await signFromMail('suzuki@nig.example.ac.jp', 'ja', '鈴木 一郎');

    // Screening: the checklist must be complete to clear.
    await staff.reload();
    await staff.getByRole('heading', { name: en['staff.screening.heading'] }).waitFor();
    await expectNoViolations(staff);
    await staff.getByRole('radio', { name: en['staff.screening.cleared'], exact: true }).check();
    await staff.getByLabel(en['staff.screening.reason']).fill('Postdoc abroad; collaboration with NIG confirmed.');
    await staff.getByRole('button', { name: en['staff.screening.submit'] }).click();
    await staff.locator('.error-summary').waitFor();
    assert.ok(await staff.getByText(en['staff.screening.error.checklist']).first().isVisible());
    await expectNoViolations(staff);
    for (const item of ['residence', 'specificCategories', 'career', 'employment', 'period'] as const) {
      await staff.getByLabel(en[`staff.screening.check.${item}`]).check();
    }
    await staff.getByRole('button', { name: en['staff.screening.submit'] }).click();
    await staff
      .getByText(/Cleared – /)
      .first()
      .waitFor();
    // Each signed copy is kept as a PDF.
    await suite.app.server.worker.drain();
    await staff.reload();
    assert.equal(await staff.getByRole('link', { name: en['staff.pledge.pdf'] }).count(), 2);

    const boss = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(boss, approver);
    await openByReference(boss, reference);
    await boss.getByRole('button', { name: en['staff.next.approve'] }).click();
    await boss.locator('.tag', { hasText: en['staff.state.approved'] }).waitFor();
  });

  test('rejected with a reason', async () => {
    const reference = await apply('journey.reject@univ.example.ac.jp', 'rejected_one');
    const approver = await enrol(suite.app, 'approver2@centre.example.jp', 'approver');
    const boss = await suite.newPage({ locale: 'en-GB' });
    await staffSignIn(boss, approver);
    await openByReference(boss, reference);
    await boss.getByText(en['staff.other.reject'], { exact: true }).click();
    await boss.getByLabel(en['staff.decision.reason']).fill('The purpose of use is not research.');
    await boss.getByRole('button', { name: en['staff.other.rejectContinue'] }).click();
    await boss.getByRole('button', { name: en['staff.reject.confirm'] }).click();
    await boss.locator('.tag', { hasText: en['staff.state.rejected'] }).waitFor();
    await suite.app.server.worker.drain();
    const mails = await Promise.all(
      smtp.received.filter((m) => m.to.includes('journey.reject@univ.example.ac.jp')).map((m) => simpleParser(m.raw)),
    );
    assert.ok(mails.some((m) => m.text?.includes('The purpose of use is not research.')));
  });
});
