// The staff's side of group and workshop accounts over HTTP, without JavaScript: the
// queue, a group's page (details, participants, history), the decision with its checks
// and the page asking again before a group is not approved, the bulk approval (chosen
// participants, every confirmed one, a name taken since), a participant refused with a
// reason, an extension decided, the print batch of the group's certificates, the
// success banners, a reviewer who may look but not act, and hostile input on every form.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../src/domain/fiscal-calendar.js';
import { requestExtension } from '../src/services/group-lifecycle.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless, h1Text } from './helpers/browserless.js';
import { groupDeps, type SeededGroup, seedGroup } from './helpers/group.js';
import { type EnrolledStaff, enrol, signIn } from './helpers/staff.js';

const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();
const banner = (html: string) =>
  html.match(/class="notification-banner__heading"[^>]*>([^<]*)</)?.[1]?.replace(/&#39;|&#x27;/g, "'");
const decoded = (html: string) =>
  html
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');

describe('group accounts in the console', () => {
  let app: TestApp;
  let approverStaff: EnrolledStaff;
  let reviewer: Browserless;
  let approver: Browserless;
  let group: SeededGroup;
  let unsigned: SeededGroup;
  let screened: SeededGroup;
  const db = () => app.server.database.db;
  const state = async (id: number) =>
    (await db().selectFrom('group_account').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;

  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000', RATE_LIMIT_PER_MINUTE: '100000' } });
    reviewer = await signIn(app, await enrol(app, 'grp-rev@centre.example.jp', 'reviewer'));
    approverStaff = await enrol(app, 'grp-appr@centre.example.jp', 'approver');
    approver = await signIn(app, approverStaff);
    group = await seedGroup(app, { invited: 4, confirmed: 3, title: 'Single-cell RNA-seq workshop' });
    unsigned = await seedGroup(app, { invited: 1, confirmed: 1, sign: false, title: 'Unsigned course' });
    screened = await seedGroup(app, { invited: 1, confirmed: 1, needsScreening: true, title: 'Overseas consortium' });
  });
  after(() => app.close());

  it('lists the groups in progress with their participants, and filters by status', async () => {
    const anonymous = await new Browserless(app.url, 'en').get('/staff/groups');
    assert.deepEqual([anonymous.status, anonymous.location], [303, '/staff']);
    const queue = await reviewer.get('/staff/groups');
    assert.equal(queue.status, 200);
    assert.match(queue.html, /href="\/staff\/groups"[^>]*>Group accounts</, 'in the staff menu');
    const row = decoded(queue.html).match(
      new RegExp(`href="/staff/groups/${group.id}"[^>]*>Single-cell RNA-seq workshop</a></td>(.*?)</tr>`),
    )?.[1];
    assert.ok(row, 'the group is listed');
    assert.match(
      row,
      /<td>Workshop<\/td><td>grplab\d+<\/td><td>.+ to .+<\/td><td>3 \/ 4<\/td><td><span>Waiting for staff/,
    );
    const approved = await reviewer.get('/staff/groups?state=approved');
    assert.doesNotMatch(approved.html, new RegExp(`/staff/groups/${group.id}"`));
    assert.match(approved.html, /<option value="approved" selected/);
    assert.equal((await reviewer.get('/staff/groups?state=%3Cscript%3E')).status, 200, 'an unknown filter is ignored');
  });

  it('shows a group: details, pledge, participants with their keys, history; a reviewer may look but not act', async () => {
    const page = await reviewer.get(`/staff/groups/${group.id}`);
    assert.equal(page.status, 200);
    const html = decoded(page.html);
    assert.equal(h1Text(html), 'Group account: Single-cell RNA-seq workshop');
    for (const text of [
      'Hands-on training in variant calling for graduate students.',
      /Responsible person’s group<\/dt><dd class="summary-list__value">grp\d+-lab</,
      /Signed on \d{1,2} \w+ \d{4} by grplab\d+/,
      /Needs screening<\/dt><dd class="summary-list__value">No</,
      /the accounts end on the last day/,
    ])
      assert.match(html, typeof text === 'string' ? new RegExp(text) : text);
    const participant = html.match(/<td>Given\d+x0 Family\d+x0<\/td>(.*?)<\/tr>/)?.[1] ?? '';
    assert.match(
      participant,
      /^<td>g\d+p0@univ\.example\.ac\.jp<\/td><td>Example University<\/td><td>Confirmed<\/td><td>g\d+u0<\/td><td><code>SHA256:/,
    );
    assert.match(html, /Given\d+x3 Family\d+x3<\/td>.*?<td>Invited<\/td><td><\/td><td><\/td>/);
    assert.match(html, /Draft started/);
    assert.match(html, /Draft → Waiting for staff/);
    assert.match(html, /Given\d+x0 Family\d+x0: Confirmed/);
    // What changed besides a move is told in the reader's language, not as a stored English note.
    assert.match(html, /The responsible person signed the pledge\./);
    const inJapanese = decoded(
      (await reviewer.clone().setHeader('accept-language', 'ja').get(`/staff/groups/${group.id}`)).html,
    );
    assert.match(inJapanese, /責任者が誓約書に署名しました。/);
    assert.doesNotMatch(inJapanese + html, /pledge signed/);
    // A reviewer has no forms and is refused the actions.
    assert.doesNotMatch(html, /action="\/staff\/groups\/\d+\/decision"/);
    assert.doesNotMatch(html, /\/refuse"/);
    const refused = await reviewer.submit(page.html, `/staff/groups/${group.id}/decision`, {
      version: '1',
      decision: 'approved',
    });
    assert.equal(refused.status, 403);
    assert.equal(
      (await reviewer.submit(page.html, `/staff/groups/${group.id}/participants/approve`, { which: 'confirmed' }))
        .status,
      403,
    );
    assert.equal(
      (await reviewer.get(`/staff/groups/${group.id}/participants/${group.participants[0]}/refuse`)).status,
      403,
    );
    assert.equal((await reviewer.get('/staff/groups/999999')).status, 404);
    assert.equal((await reviewer.get('/staff/groups/abc')).status, 404);
  });

  it('the decision names every problem at its field, in the staff member’s language, keeping what was typed', async () => {
    const page = await approver.get(`/staff/groups/${group.id}`);
    const action = `/staff/groups/${group.id}/decision`;
    assert.match(page.html, /value="grp\d+-lab"/, 'the UNIX group defaults to the responsible person’s');
    const none = await approver.submit(page.html, action, {});
    assert.equal(none.status, 400);
    assert.match(none.html, /<title>Error: /);
    assert.match(none.html, /class="error-summary"/);
    assert.equal(fieldError(none.html, 'decision'), 'Choose a decision');
    const ask = await approver.submit(page.html, action, { decision: 'information_requested' });
    assert.equal(fieldError(ask.html, 'message'), 'Enter a message to the person in charge');
    const badGroup = await approver.submit(page.html, action, {
      decision: 'approved',
      unixGroup: 'Root!',
      message: 'Welcome',
    });
    assert.equal(badGroup.status, 400);
    assert.match(fieldError(badGroup.html, 'unixGroup') ?? '', /^Enter a group name of lower-case letters/);
    assert.match(badGroup.html, /value="Root!"/);
    assert.match(badGroup.html, /<textarea[^>]*name="message"[^>]*>Welcome<\/textarea>/);
    assert.match(badGroup.html, /id="decision" name="decision" type="radio" value="approved" checked/);
    // The pledge not signed: approval waits for it.
    const other = await approver.get(`/staff/groups/${unsigned.id}`);
    assert.match(other.html, /has not signed the group’s pledge yet/);
    const early = await approver.submit(other.html, `/staff/groups/${unsigned.id}/decision`, { decision: 'approved' });
    assert.match(fieldError(early.html, 'decision') ?? '', /has not signed the group’s pledge/);
    // A group that needs screening is approved with the screening done.
    const screenedPage = await approver.get(`/staff/groups/${screened.id}`);
    assert.match(screenedPage.html, /name="screening"/);
    const noScreening = await approver.submit(screenedPage.html, `/staff/groups/${screened.id}/decision`, {
      decision: 'approved',
    });
    assert.equal(fieldError(noScreening.html, 'screening'), 'Enter the screening done');
    // In Japanese for a member of staff reading Japanese.
    const ja = await signIn(app, approverStaff, 'ja');
    const jaPage = await ja.get(`/staff/groups/${group.id}`);
    assert.match(jaPage.html, /グループの決定/);
    const jaNone = await ja.submit(jaPage.html, action, { decision: 'rejected' });
    assert.equal(fieldError(jaNone.html, 'message'), '担当者へのメッセージを入力してください');
    assert.equal(await state(group.id), 'submitted', 'nothing was decided');
  });

  it('asks again before a group is not approved; going back keeps the message; confirming decides', async () => {
    const page = await approver.get(`/staff/groups/${unsigned.id}`);
    const action = `/staff/groups/${unsigned.id}/decision`;
    const message = 'The course has no responsible person at a FEFTA domestic institution.\nPlease apply again.';
    const asked = await approver.submit(page.html, action, { decision: 'rejected', message });
    assert.equal(asked.status, 200);
    assert.equal(h1Text(decoded(asked.html)), 'Do not approve “Unsigned course”?');
    assert.match(asked.html, /This cannot be undone/);
    assert.equal(await state(unsigned.id), 'submitted', 'asking again decides nothing');
    const back = await approver.submit(asked.html, action, { confirm: 'back' });
    assert.equal(back.status, 200);
    assert.match(decoded(back.html), /<textarea[^>]*name="message"[^>]*>The course has no responsible person/);
    assert.match(back.html, /id="decision-3" name="decision" type="radio" value="rejected" checked/);
    const confirmed = await approver.submit(asked.html, action, { confirm: 'yes' });
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.location, `/staff/groups/${unsigned.id}?done=rejected`);
    const done = await approver.get(confirmed.location as string);
    assert.equal(banner(done.html), 'The group is not approved. The person in charge is mailed.');
    assert.equal(await state(unsigned.id), 'rejected');
    assert.match(decoded(done.html), /Waiting for staff → Not approved/);
    assert.doesNotMatch(done.html, /action="\/staff\/groups\/\d+\/decision"/, 'decided once');
    // The confirmation page of before now answers that the group changed.
    const stale = await approver.submit(asked.html, action, { confirm: 'yes' });
    assert.equal(stale.status, 409);
    assert.match(stale.html, /The group changed since you opened it/);
  });

  it('approves a group, then its participants: chosen ones, every confirmed one, a name taken since named', async () => {
    const page = await approver.get(`/staff/groups/${group.id}`);
    const approved = await approver.submit(page.html, `/staff/groups/${group.id}/decision`, {
      decision: 'approved',
      unixGroup: 'scrna-ws',
      handout: 'post',
    });
    assert.equal(approved.status, 303);
    const done = await approver.get(approved.location as string);
    assert.equal(
      banner(done.html),
      'The group is approved and the person in charge is mailed. Approve its confirmed participants below.',
    );
    assert.match(done.html, /UNIX group<\/dt><dd class="summary-list__value">scrna-ws</);
    const action = `/staff/groups/${group.id}/participants/approve`;
    assert.match(done.html, /Approve every confirmed participant \(3\)/);
    const none = await approver.submit(done.html, action, {});
    assert.equal(none.status, 400);
    assert.match(fieldError(none.html, 'participants') ?? '', /^Choose at least one confirmed participant/);
    const [first, , third] = group.participants as [number, number, number, number];
    const one = await approver.submit(done.html, action, { participant: String(first) });
    assert.equal(one.status, 303);
    const afterOne = await approver.get(one.location as string);
    assert.equal(banner(afterOne.html), 'Participants approved: 1. Their accounts are being made.');
    // The third's name is taken since (an account found in the directory): skipped and named.
    await db()
      .insertInto('posix_id')
      .values({ division: 'ga', kind: 'uid', number: 62_345, name: group.names[2] as string, source: 'found' })
      .execute();
    const all = await approver.submit(afterOne.html, action, { which: 'confirmed' });
    assert.equal(all.status, 303);
    const afterAll = await approver.get(all.location as string);
    assert.equal(
      banner(afterAll.html),
      `Participants approved: 1. Their accounts are being made. Not approved, because the account name they chose has been taken since: ${group.names[2]}. Refuse them with a reason; the person in charge can invite them again.`,
    );
    const states = await db()
      .selectFrom('group_participant')
      .select(['id', 'state'])
      .where('group_id', '=', group.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      states.map((s) => (s.state === 'provisioned' ? 'approved' : s.state)),
      ['approved', 'approved', 'confirmed', 'invited'],
    );
    assert.ok(states.some((s) => s.id === third && s.state === 'confirmed'));
  });

  it('refuses a participant with a reason, once', async () => {
    const third = group.participants[2] as number;
    const url = `/staff/groups/${group.id}/participants/${third}/refuse`;
    const page = await approver.get(url);
    assert.equal(page.status, 200);
    assert.match(h1Text(page.html) ?? '', /^Refuse Given\d+x2 Family\d+x2$/);
    const empty = await approver.submit(page.html, url, { reason: '  ' });
    assert.equal(empty.status, 400);
    assert.equal(fieldError(empty.html, 'reason'), 'Enter the reason for refusing the participant');
    const refused = await approver.submit(page.html, url, { reason: 'Account name taken; asked to apply again.' });
    assert.equal(refused.status, 303);
    const done = await approver.get(refused.location as string);
    assert.match(banner(done.html) ?? '', /^Given\d+x2 Family\d+x2 is refused and removed from the group\.$/);
    assert.match(done.html, /Account name taken; asked to apply again\./, 'the reason is in the history');
    const again = await approver.submit(page.html, url, { reason: 'Again' });
    assert.equal(again.status, 409);
    assert.match(again.html, /cannot be refused/);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'group.participant.refused')
      .execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]?.actor ?? '', /^staff:\d+$/);
    assert.equal((await approver.get(`/staff/groups/${group.id}/participants/999999/refuse`)).status, 404);
  });

  it('decides the extension the person in charge asked for: the day and reason shown, a stale form refused', async () => {
    const endsOn = (
      await db().selectFrom('group_account').select('ends_on').where('id', '=', group.id).executeTakeFirstOrThrow()
    ).ends_on;
    const asked = await requestExtension(groupDeps(app), group.responsible.id, group.id, {
      to: addDays(endsOn, 7),
      reason: 'A second cohort in the same month',
    });
    assert.deepEqual(asked, { ok: true });
    const page = await approver.get(`/staff/groups/${group.id}`);
    assert.match(page.html, /Extension of the end date/);
    assert.match(page.html, /A second cohort in the same month/);
    assert.match(page.html, /Waiting for a decision/);
    const action = `/staff/groups/${group.id}/extension`;
    const none = await approver.submit(page.html, action, { extensionMessage: 'Noted' });
    assert.equal(none.status, 400);
    assert.equal(fieldError(none.html, 'extensionDecision'), 'Choose whether to approve the extension');
    assert.match(none.html, /name="extensionMessage"[^>]*>Noted</);
    const stale = await approver.submit(page.html, action, { extensionDecision: 'approved', version: '1' });
    assert.equal(stale.status, 409);
    assert.match(stale.html, /The group changed since you opened it/);
    const approved = await approver.submit(page.html, action, { extensionDecision: 'approved' });
    assert.equal(approved.status, 303);
    const done = await approver.get(approved.location as string);
    assert.match(
      banner(done.html) ?? '',
      /^The extension is approved: the accounts now end on .+\. The person in charge is mailed\.$/,
    );
    const now = await db()
      .selectFrom('group_account')
      .select(['ends_on', 'extension_state'])
      .where('id', '=', group.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([now.ends_on, now.extension_state], [addDays(endsOn, 7), 'approved']);
    assert.doesNotMatch(done.html, /action="\/staff\/groups\/\d+\/extension"/);
  });

  it('makes a print batch of the group’s certificates once they are ready', async () => {
    // The provisioning jobs of the approved participants run.
    for (let i = 0; i < 100; i++) {
      await app.server.worker.drain();
      const ready = await db()
        .selectFrom('group_participant')
        .select('id')
        .where('group_id', '=', group.id)
        .where('state', '=', 'provisioned')
        .execute();
      if (ready.length === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const page = await approver.get(`/staff/groups/${group.id}`);
    assert.match(page.html, /Certificates of this group ready and not yet in a print batch: 2\./);
    assert.match(page.html, /<td>Account made<\/td><td>g\d+u0<\/td>/);
    const made = await approver.submit(page.html, `/staff/groups/${group.id}/certificates`, {});
    assert.equal(made.status, 303);
    const batch = made.location?.match(/done=batch&batch=(\d+)$/)?.[1];
    assert.ok(batch, made.location ?? '');
    const done = await approver.get(made.location as string);
    assert.equal(banner(done.html), `Print batch ${batch} is made.`);
    assert.match(done.html, new RegExp(`href="/staff/certificates/batches/${batch}.pdf"`));
    assert.match(done.html, /ready and not yet in a print batch: 0\./);
    const pdf = await approver.download(`/staff/certificates/batches/${batch}.pdf`);
    assert.deepEqual([pdf.status, pdf.type], [200, 'application/pdf']);
    const again = await approver.submit(done.html, `/staff/groups/${group.id}/certificates`, {});
    const nothing = await approver.get(again.location as string);
    assert.equal(banner(nothing.html), 'No registration certificate of this group is waiting to be printed.');
    // A reviewer does not make batches.
    assert.equal((await reviewer.submit(page.html, `/staff/groups/${group.id}/certificates`, {})).status, 403);
  });

  it('answers hostile input on every form of a real group without a 5xx', async () => {
    const page = await approver.get(`/staff/groups/${screened.id}`);
    const csrf = page.html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const cookie = approver
      .cookieList()
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const version = page.html.match(/name="version" value="(\d+)"/)?.[1] ?? '0';
    const participant = screened.participants[0];
    const forms = [
      `/staff/groups/${screened.id}/decision`,
      `/staff/groups/${screened.id}/participants/approve`,
      `/staff/groups/${screened.id}/participants/${participant}/refuse`,
      `/staff/groups/${screened.id}/extension`,
      `/staff/groups/${screened.id}/certificates`,
    ];
    const names = [
      'version',
      'decision',
      'unixGroup',
      'handout',
      'screening',
      'message',
      'confirm',
      'participant',
      'which',
      'reason',
      'extensionDecision',
      'extensionMessage',
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        '',
        'approved',
        'rejected',
        'information_requested',
        'confirmed',
        'yes',
        'back',
        'sheet',
        version,
      ),
      fc.constantFrom('\u0000', '\ud800', '-1', '1e309', '99999999999999999999', 'x'.repeat(25_000)),
    );
    let statuses = 0;
    for (const url of forms) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 8 }), async (pairs) => {
          const body = new URLSearchParams(pairs);
          body.append('_csrf', csrf);
          const res = await app.server.app.inject({
            method: 'POST',
            url,
            headers: {
              host: new URL(app.url).host,
              cookie,
              origin: app.url,
              'content-type': 'application/x-www-form-urlencoded',
            },
            payload: body.toString(),
          });
          statuses++;
          assert.ok(res.statusCode < 500, `${url} → ${res.statusCode} for ${body.toString().slice(0, 200)}`);
        }),
        { numRuns: 150 },
      );
    }
    assert.equal(statuses, forms.length * 150);
  });
});
