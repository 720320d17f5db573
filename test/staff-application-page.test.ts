// The staff's application page over HTTP: one status panel at the top whose next
// action is the page's only primary button in every state (or says who takes it),
// the other actions as secondary buttons, a banner after each action, and the page
// that asks again before a rejection, whose "Go back" keeps what was typed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationState } from '../src/domain/application-state.js';
import { mailsTo } from './helpers/apply.js';
import { type Browserless, h1Text } from './helpers/browserless.js';
import { approve, drainJobs, pledgeSigned, submitApplication, useReviewApp, versionOf } from './helpers/review.js';
import { enrol, signIn } from './helpers/staff.js';

/** The primary (green) buttons of a page: class "button" and nothing else. */
const primaries = (html: string) => [...html.matchAll(/<button[^>]*class="button"[^>]*>([^<]*)<\/button>/g)];
/** The status panel's markup. */
const panel = (html: string) => html.match(/<section class="status-panel"[\s\S]*?<\/section>/)?.[0] ?? '';
/** The success banner's text, if any. */
const banner = (html: string) =>
  html.match(/notification-banner--success[\s\S]*?notification-banner__heading">([^<]*)</)?.[1];

describe('the staff application page', () => {
  const suite = useReviewApp('pglite');
  const db = () => suite.app.server.database.db;
  const setState = (id: number, state: ApplicationState, extra: { needs_screening?: boolean } = {}) =>
    db()
      .updateTable('application')
      .set({ state, ...extra })
      .where('id', '=', id)
      .execute();

  /** Asserts the page's only primary button is `label`, inside the status panel; returns the page. */
  const expectNext = async (who: Browserless, id: number, label: string | undefined, text: RegExp) => {
    const page = await who.get(`/staff/applications/${id}`);
    assert.equal(page.status, 200);
    const buttons = primaries(page.html).map((m) => m[1]);
    assert.deepEqual(buttons, label ? [label] : [], `the primary buttons of ${id}`);
    if (label)
      assert.ok(panel(page.html).includes(`class="button">${label}</button>`), 'the next action is in the panel');
    assert.match(panel(page.html), text);
    // The panel comes before the answers and the other actions.
    assert.ok(page.html.indexOf('status-panel') < page.html.indexOf('id="applicant"'));
    return page;
  };

  it('has one primary button in each state, the next action, or says who takes it', async () => {
    const { reviewer, approver } = suite;
    const a = await submitApplication(suite.app);
    const submitted = await expectNext(reviewer, a.id, 'Send the pledge to the responsible person', /send the pledge/);
    assert.match(submitted.html, /<h2 class="heading-m" id="other-actions-heading">Other actions<\/h2>/);
    assert.match(submitted.html, /class="button button--secondary">Assign<\/button>/);
    assert.match(submitted.html, /class="button button--secondary">Add comment<\/button>/);
    assert.match(submitted.html, /class="button button--secondary">Ask the applicant<\/button>/);
    assert.doesNotMatch(submitted.html, /type="radio" [^>]*name="decision"/, 'no one-option radio');
    const asApprover = await expectNext(approver, a.id, 'Send the pledge to the responsible person', /send the pledge/);
    assert.match(asApprover.html, /class="button button--warning">Continue to the rejection<\/button>/);

    await setState(a.id, 'information_requested');
    await expectNext(reviewer, a.id, undefined, /asked for information/);
    await setState(a.id, 'pledge_sent');
    const sent = await expectNext(reviewer, a.id, undefined, /Waiting for the pledge to be signed/);
    assert.match(sent.html, /class="button button--secondary">Send the pledge again/);
    await setState(a.id, 'pledge_signed');
    const signed = await expectNext(approver, a.id, 'Approve the application', /Confirm the UNIX group/);
    assert.match(panel(signed.html), /name="group"/, 'the UNIX group is confirmed in the panel');
    await expectNext(reviewer, a.id, undefined, /taken by staff with the role “approver” or higher/);
    await setState(a.id, 'screening', { needs_screening: true });
    await expectNext(reviewer, a.id, 'Record the screening', /Screen the eligibility answers/);
    await expectNext(approver, a.id, 'Record the screening', /Screen the eligibility answers/);
    await setState(a.id, 'provisioned');
    await expectNext(approver, a.id, 'Mark the certificate posted', /Print the registration certificate/);
    await expectNext(reviewer, a.id, undefined, /“approver” or higher/);
    await setState(a.id, 'issued');
    await expectNext(approver, a.id, undefined, /Nothing more is to be done/);
    await setState(a.id, 'withdrawn');
    const closed = await expectNext(approver, a.id, undefined, /This application is closed/);
    assert.doesNotMatch(closed.html, /\/decision"/);

    // In Japanese too.
    const ja = await signIn(suite.app, await enrol(suite.app, 'page-ja@centre.example.jp', 'approver'), 'ja');
    const b = await submitApplication(suite.app);
    await expectNext(ja, b.id, '責任者に誓約書を送る', /下の回答を確認してください。/);
  });

  it('says what was done at the top after each action, in English and Japanese', async () => {
    const { reviewer, approver } = suite;
    const a = await submitApplication(suite.app);
    let page = await reviewer.get(`/staff/applications/${a.id}`);
    assert.equal(banner(page.html), undefined);
    assert.equal(banner((await reviewer.get(`/staff/applications/${a.id}?done=nonsense`)).html), undefined);

    const assigned = await reviewer.submit(page.html, `/staff/applications/${a.id}/assign`, { staff: '1' });
    assert.equal(assigned.location, `/staff/applications/${a.id}?done=assigned`);
    page = await reviewer.get(assigned.location ?? '');
    assert.equal(banner(page.html), 'The assignment is saved.');
    // The banner comes before the heading and the panel.
    assert.ok(page.html.indexOf('notification-banner') < page.html.indexOf('<h1'));

    const b = await submitApplication(suite.app);
    const bPage = await reviewer.get(`/staff/applications/${b.id}`);
    const asked = await reviewer.submit(bPage.html, `/staff/applications/${b.id}/request-information`, {
      version: versionOf(bPage.html, 'request-information'),
      message: 'Give your department.',
      steps_affiliation: 'yes',
    });
    assert.equal(asked.location, `/staff/applications/${b.id}?done=information`);
    assert.equal(
      banner((await reviewer.get(asked.location ?? '')).html),
      'The applicant is asked for information by mail.',
    );

    page = await reviewer.get(`/staff/applications/${a.id}`);
    const sent = await reviewer.submit(page.html, `/staff/applications/${a.id}/pledge`, {
      version: versionOf(page.html, 'pledge'),
    });
    assert.equal(sent.location, `/staff/applications/${a.id}?done=pledge`);
    const ja = await signIn(suite.app, await enrol(suite.app, 'banner-ja@centre.example.jp', 'reviewer'), 'ja');
    assert.equal(banner((await ja.get(sent.location ?? '')).html), '誓約書をメールで送りました。');

    // Screening, then approval, then provisioning and the certificate posted.
    const c = await submitApplication(suite.app);
    await setState(c.id, 'screening', { needs_screening: true });
    const screening = await reviewer.get(`/staff/applications/${c.id}`);
    const checks = Object.fromEntries(
      ['residence', 'specificCategories', 'career', 'employment', 'period'].map((k) => [`check_${k}`, 'yes']),
    );
    const screened = await reviewer.submit(screening.html, `/staff/applications/${c.id}/screening`, {
      version: versionOf(screening.html, 'screening'),
      cleared: 'yes',
      screeningReason: 'Checked with the host laboratory.',
      ...checks,
    });
    assert.equal(screened.location, `/staff/applications/${c.id}?done=screening`);
    assert.equal(banner((await reviewer.get(screened.location ?? '')).html), 'The screening is recorded.');
    // Cleared: approval is now the next action, for an approver.
    await expectNext(approver, c.id, 'Approve the application', /The screening cleared the applicant/);
    const approved = await approve(approver, c);
    assert.equal(approved.location, `/staff/applications/${c.id}?done=approved`);
    assert.equal(
      banner((await approver.get(approved.location ?? '')).html),
      'The application is approved. The accounts are being created.',
    );
    await drainJobs(suite.app);
    const provisioned = await expectNext(approver, c.id, 'Mark the certificate posted', /Print the registration/);
    assert.match(panel(provisioned.html), new RegExp(`href="/staff/applications/${c.id}/certificate.pdf"`));
    const posted = await approver.submit(provisioned.html, `/staff/applications/${c.id}/certificate/posted`, {});
    assert.equal(posted.location, `/staff/applications/${c.id}?done=posted`);
    const issued = await approver.get(posted.location ?? '');
    assert.equal(banner(issued.html), 'The registration certificate is marked posted.');
    assert.match(panel(issued.html), /State: Certificate posted|Nothing more is to be done/);
  });

  it('approves a clean application in three requests from the top of the page', async () => {
    const { reviewer, approver } = suite;
    const a = await submitApplication(suite.app);
    await pledgeSigned(suite.app, reviewer, a);
    const page = await approver.get(`/staff/applications/${a.id}`);
    const [only] = primaries(page.html);
    assert.equal(only?.[1], 'Approve the application');
    const done = await approve(approver, a);
    assert.equal(done.status, 303);
  });

  it('asks again before a rejection; Go back keeps what was typed; the version still decides', async () => {
    const { approver } = suite;
    const a = await submitApplication(suite.app);
    const page = await approver.get(`/staff/applications/${a.id}`);
    assert.match(page.html, /<details class="details" id="reject">/, 'folded while nothing is typed');
    const version = versionOf(page.html, 'decision');

    // No reason: the page again, the form open, nothing asked yet.
    const none = await approver.submit(page.html, `/staff/applications/${a.id}/decision`, {
      version,
      decision: 'rejected',
    });
    assert.equal(none.status, 400);
    assert.match(none.html, /<details class="details" id="reject" open>/);
    assert.match(none.html, /href="#reason"/);

    const mailed = (await mailsTo(suite.app, a.email, 0)).length;
    const reason = 'The purpose of use is not research.\nSee the terms of use.';
    const asked = await approver.submit(page.html, `/staff/applications/${a.id}/decision`, {
      version,
      decision: 'rejected',
      template: 'criteria',
      reason,
    });
    assert.equal(asked.status, 200);
    assert.equal(h1Text(asked.html), `Reject the application ${a.reference}?`);
    assert.match(asked.html, /cannot be undone/);
    assert.match(asked.html, new RegExp(`Mailed to: Taro YAMADA \\(${a.email}\\), Ichiro SUZUKI \\(suzuki@`));
    assert.match(asked.html, /The purpose of use is not research\.\nSee the terms of use\./);
    assert.match(asked.html, /class="button button--warning">Reject the application<\/button>/);
    assert.match(asked.html, /class="button button--secondary">Go back<\/button>/);
    assert.equal(primaries(asked.html).length, 0);
    const row = await db().selectFrom('application').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'submitted', 'nothing is decided before the confirmation');
    assert.equal((await mailsTo(suite.app, a.email, 0)).length, mailed, 'nor mailed');

    // Go back: the page with the rejection's form open and what was typed.
    const back = await approver.submit(asked.html, `/staff/applications/${a.id}/decision`, { confirm: 'back' });
    assert.equal(back.status, 200);
    assert.match(back.html, /<details class="details" id="reject" open>/);
    assert.match(
      back.html,
      /<textarea[^>]*name="reason"[^>]*>The purpose of use is not research\.\nSee the terms of use\.<\/textarea>/,
    );
    assert.match(back.html, /<option value="criteria" selected/);

    // The application changes meanwhile (another staff member acted): the confirmation is refused.
    await db()
      .updateTable('application')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', a.id)
      .execute();
    const stale = await approver.submit(asked.html, `/staff/applications/${a.id}/decision`, { confirm: 'yes' });
    assert.equal(stale.status, 409);
    assert.match(stale.html, /This application changed since you opened it/);

    // From the fresh page, asked and confirmed: rejected, with the banner.
    const fresh = await approver.get(`/staff/applications/${a.id}`);
    const again = await approver.submit(fresh.html, `/staff/applications/${a.id}/decision`, {
      version: versionOf(fresh.html, 'decision'),
      decision: 'rejected',
      template: 'criteria',
      reason,
    });
    const done = await approver.submit(again.html, `/staff/applications/${a.id}/decision`, { confirm: 'yes' });
    assert.equal(done.location, `/staff/applications/${a.id}?done=rejected`);
    const after = await approver.get(done.location ?? '');
    assert.equal(
      banner(after.html),
      'The application is rejected. The applicant and the responsible person are mailed.',
    );
    assert.equal(primaries(after.html).length, 0);
  });

  it('asks again in Japanese', async () => {
    const ja = await signIn(suite.app, await enrol(suite.app, 'reject-ja@centre.example.jp', 'approver'), 'ja');
    const a = await submitApplication(suite.app);
    const page = await ja.get(`/staff/applications/${a.id}`);
    assert.match(page.html, /申請を不承認にする/);
    const asked = await ja.submit(page.html, `/staff/applications/${a.id}/decision`, {
      version: versionOf(page.html, 'decision'),
      decision: 'rejected',
      template: 'duplicate',
    });
    assert.equal(h1Text(asked.html), `申請 ${a.reference} を不承認にしますか？`);
    assert.match(asked.html, /送り先：/);
    assert.match(asked.html, /申請者はすでにアカウントを持っています。/);
    assert.match(asked.html, />戻る<\/button>/);
  });
});
