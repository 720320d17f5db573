// Staff reviewing one application over HTTP, on PGlite and on PostgreSQL: the detail
// page, comments, assignment, decisions with their mails and audit entries, and two
// staff acting at once (the version column lets exactly one through).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo, openDraft } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';
import { reject, type Submitted, pledgeSigned as signPledges, submitApplication, versionOf } from './helpers/review.js';
import { enrol, signIn } from './helpers/staff.js';

for (const kind of databaseKinds) {
  describe(`staff review of an application [${kind}]`, () => {
    let app: TestApp;
    let reviewer: Browserless;
    let approver: Browserless;
    let approver2: Browserless;
    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env });
      reviewer = await signIn(app, await enrol(app, 'rev@centre.example.jp', 'reviewer'));
      approver = await signIn(app, await enrol(app, 'appr@centre.example.jp', 'approver'));
      approver2 = await signIn(app, await enrol(app, 'appr2@centre.example.jp', 'approver'), 'ja');
    });
    after(() => app.close());
    const db = () => app.server.database.db;

    const submitted = (overrides = {}) => submitApplication(app, overrides);

    it('shows every answer, the history and only the actions the role allows', async () => {
      const a = await submitted();
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      assert.equal(page.status, 200);
      assert.equal(h1Text(page.html), 'Taro YAMADA');
      assert.ok(page.html.includes(a.reference));
      assert.match(page.html, /Population genomics/);
      assert.match(page.html, /National Institute of Genetics/);
      assert.match(page.html, /Draft started/);
      assert.match(page.html, /Draft → Submitted/);
      assert.match(page.html, /action="\/staff\/applications\/\d+\/comment"/);
      assert.doesNotMatch(page.html, /\/decision"/, 'a reviewer has no decision form');
      const asApprover = await approver.get(`/staff/applications/${a.id}`);
      assert.match(asApprover.html, /\/decision"/);
      assert.match(asApprover.html, /value="rejected"/);
      assert.doesNotMatch(asApprover.html, /value="approved"/, 'no approval before the pledge is signed');
      // Drafts are not for staff.
      const draft = new Browserless(app.url, 'en');
      await openDraft(app, draft, `draft-${kind}@univ.example.ac.jp`);
      const draftRow = await db()
        .selectFrom('application')
        .select('id')
        .where('email', '=', `draft-${kind}@univ.example.ac.jp`)
        .executeTakeFirstOrThrow();
      assert.equal((await reviewer.get(`/staff/applications/${draftRow.id}`)).status, 404);
      assert.equal((await reviewer.get('/staff/applications/abc')).status, 404);
      // The queue links to it.
      assert.match((await reviewer.get('/staff/applications')).html, new RegExp(`href="/staff/applications/${a.id}"`));
    });

    it('marks eligibility answers that need screening', async () => {
      const a = await submitted({
        eligibility: {
          resident: 'no',
          reason: 'living_abroad',
          specific: 'no',
          career: 'PhD',
          employment: 'Full-time',
          period: '2027',
        },
      });
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /The eligibility answers need screening under export control/);
      assert.match(page.html, /summary-card summary-card--highlight" id="eligibility"/);
    });

    it('adds internal comments and assigns, audited', async () => {
      const a = await submitted();
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      const empty = await reviewer.submit(page.html, `/staff/applications/${a.id}/comment`, { comment: '  ' });
      assert.equal(empty.status, 400);
      assert.match(empty.html, /Enter a comment/);
      const ok = await reviewer.submit(page.html, `/staff/applications/${a.id}/comment`, {
        comment: 'Phone the lab to check the address.',
      });
      assert.equal(ok.location, `/staff/applications/${a.id}?done=comment`);
      const after = await reviewer.get(ok.location ?? '');
      assert.match(after.html, /notification-banner--success[\s\S]*The comment is added\./);
      assert.match(after.html, /Phone the lab to check the address\./);
      const revId = await db()
        .selectFrom('staff')
        .select('id')
        .where('email', '=', 'rev@centre.example.jp')
        .executeTakeFirstOrThrow();
      await reviewer.submit(after.html, `/staff/applications/${a.id}/assign`, { staff: String(revId.id) });
      const row = await db()
        .selectFrom('application')
        .select('assigned_to')
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.assigned_to, revId.id);
      const audit = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('subject', '=', `application:${a.id}`)
        .execute();
      assert.deepEqual(
        audit.map((e) => e.action),
        ['application.commented', 'application.assigned'],
      );
      assert.ok(!JSON.stringify(audit).includes('Phone the lab'), 'comments stay out of the audit log');
    });

    it('rejects with a reason: state, history, bilingual mails to applicant and responsible person, audit', async () => {
      const a = await submitted();
      const page = await approver.get(`/staff/applications/${a.id}`);
      const noReason = await approver.submit(page.html, `/staff/applications/${a.id}/decision`, {
        version: page.html.match(/name="version" value="(\d+)"/)?.[1] ?? '',
        decision: 'rejected',
      });
      assert.equal(noReason.status, 400);
      assert.match(noReason.html, /Choose a usual reason or write the reason for the rejection/);
      const version = page.html.match(/name="version" value="(\d+)"/)?.[1] ?? '';
      const done = await reject(approver, a, { reason: 'The purpose of use is outside the centre’s remit.' });
      assert.equal(done.status, 303);
      assert.equal(done.location, `/staff/applications/${a.id}?done=rejected`);
      const row = await db().selectFrom('application').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'rejected');
      assert.equal(row.version, Number(version) + 1);
      const event = await db()
        .selectFrom('application_event')
        .selectAll()
        .where('application_id', '=', a.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(event.to_state, 'rejected');
      assert.match(event.actor, /^staff:\d+$/);
      assert.equal(event.note, 'The purpose of use is outside the centre’s remit.');
      const mail = (await mailsTo(app, a.email, 3))[2];
      assert.ok(mail?.subject?.includes(`Your application ${a.reference} has not been approved`));
      assert.match(mail?.text ?? '', /outside the centre’s remit[\s\S]*承認されませんでした/);
      assert.ok((await mailsTo(app, 'suzuki@nig.example.ac.jp')).some((m) => m.subject?.includes(a.reference)));
      const audit = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('subject', '=', `application:${a.id}`)
        .execute();
      assert.deepEqual(audit.at(-1)?.details, { from: 'submitted', to: 'rejected' });
    });

    it('approves once the pledge is signed (and screening done when needed)', async () => {
      const a = await submitted();
      await db().updateTable('application').set({ state: 'pledge_signed' }).where('id', '=', a.id).execute();
      const page = await approver.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /value="approved"/);
      const version = page.html.match(/name="version" value="(\d+)"/)?.[1] ?? '';
      const done = await approver.submit(page.html, `/staff/applications/${a.id}/decision`, {
        version,
        decision: 'approved',
      });
      assert.equal(done.status, 303);
      const row = await db().selectFrom('application').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'approved');

      const screened = await submitted();
      await db()
        .updateTable('application')
        .set({ state: 'pledge_signed', needs_screening: true })
        .where('id', '=', screened.id)
        .execute();
      const p2 = await approver.get(`/staff/applications/${screened.id}`);
      assert.doesNotMatch(p2.html, /value="approved"/);
      const v2 = p2.html.match(/name="version" value="(\d+)"/)?.[1] ?? '';
      const refused = await approver.submit(p2.html, `/staff/applications/${screened.id}/decision`, {
        version: v2,
        decision: 'approved',
      });
      assert.equal(refused.status, 409);
      assert.match(refused.html, /This cannot be done while the application is “Pledge signed”/);
    });

    it('tells the second of two staff that the application changed, also when both act at once', async () => {
      const a = await submitted();
      const [p1, p2] = await Promise.all([
        approver.get(`/staff/applications/${a.id}`),
        approver2.get(`/staff/applications/${a.id}`),
      ]);
      const version = p1.html.match(/name="version" value="(\d+)"/)?.[1] ?? '';
      const results = await Promise.all([
        approver.submit(p1.html, `/staff/applications/${a.id}/decision`, {
          version,
          decision: 'rejected',
          reason: 'one',
          confirm: 'yes',
        }),
        approver2.submit(p2.html, `/staff/applications/${a.id}/decision`, {
          version,
          decision: 'rejected',
          reason: 'two',
          confirm: 'yes',
        }),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
      const loser = results.find((r) => r.status === 409);
      assert.match(
        loser?.html ?? '',
        /この申請は開いた後に変更され、現在は「不承認」です|This application changed since you opened it/,
      );
      const events = await db()
        .selectFrom('application_event')
        .select('to_state')
        .where('application_id', '=', a.id)
        .where('to_state', '=', 'rejected')
        .execute();
      assert.equal(events.length, 1, 'one move only');
      // Later, with the old page: also refused.
      const stale = await approver.submit(p1.html, `/staff/applications/${a.id}/decision`, {
        version,
        decision: 'rejected',
        reason: 'again',
        confirm: 'yes',
      });
      assert.equal(stale.status, 409);
    });

    it('sends the pledge, sends it again (the old link stops), and the responsible person signs it', async () => {
      const a = await submitted();
      const before = (await mailsTo(app, 'suzuki@nig.example.ac.jp')).length;
      const reviewed = await reviewer.get(`/staff/applications/${a.id}`);
      assert.match(reviewed.html, /Send the pledge to the responsible person/);
      const version =
        reviewed.html.match(/action="\/staff\/applications\/\d+\/pledge">[\s\S]*?name="version" value="(\d+)"/)?.[1] ??
        '';
      assert.equal(
        (await reviewer.submit(reviewed.html, `/staff/applications/${a.id}/pledge`, { version })).status,
        303,
      );
      const stale = await reviewer.submit(reviewed.html, `/staff/applications/${a.id}/pledge`, { version });
      assert.equal(stale.status, 409, 'a second click on the old page is refused');
      const linkIn = async (count: number) => {
        const mails = (await mailsTo(app, 'suzuki@nig.example.ac.jp', count)).filter((m) =>
          m.subject?.includes(a.reference),
        );
        const link = mails.at(-1)?.text?.match(/https?:\/\/\S+\/pledge\?token=[\w-]+/)?.[0];
        assert.ok(link, 'the mail carries the link');
        return new URL(link).pathname + new URL(link).search;
      };
      const first = await linkIn(before + 1);
      const again = await reviewer.get(`/staff/applications/${a.id}`);
      assert.match(again.html, /Send the pledge again/);
      const v2 =
        again.html.match(/action="\/staff\/applications\/\d+\/pledge">[\s\S]*?name="version" value="(\d+)"/)?.[1] ?? '';
      assert.equal(
        (await reviewer.submit(again.html, `/staff/applications/${a.id}/pledge`, { version: v2 })).status,
        303,
      );
      const second = await linkIn(before + 2);
      assert.notEqual(second, first);

      const signer = new Browserless(app.url, 'ja');
      assert.equal((await signer.get(first)).status, 410, 'the first link stopped working');
      const page = await signer.get(second);
      assert.equal(page.status, 200);
      assert.match(page.html, /誓約書（責任者が申請者について誓約する場合）/);
      assert.match(page.html, /Pledge \(the responsible person vouches for the applicant\)/);
      assert.match(page.html, /申請者の利用内容を理解し/);
      assert.match(page.html, /I understand how the applicant will use the account/);
      assert.ok(page.html.includes(a.reference));
      const token = second.split('token=')[1] ?? '';
      const missing = await signer.submit(page.html, '/pledge', { token, d0: 'yes', name: '' });
      assert.equal(missing.status, 400);
      // Each statement not ticked is named in the summary by its number and first words.
      const summary = missing.html.match(/<ul class="error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? '';
      const items = [...summary.matchAll(/<a href="#(d\d)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(
        items.map(([id]) => id),
        ['d1', 'd2', 'd3'],
      );
      assert.match(items[0]?.[1] ?? '', /^誓約事項 2（「.+」）にチェックを入れてください$/);
      assert.equal(new Set(items.map(([, text]) => text)).size, 3, 'three different messages');
      assert.match(missing.html, /署名するには氏名を入力してください/);
      const done = await signer.submit(page.html, '/pledge', {
        token,
        d0: 'yes',
        d1: 'yes',
        d2: 'yes',
        d3: 'yes',
        name: '鈴木 一郎',
      });
      assert.equal(done.status, 200);
      assert.match(done.html, /誓約書に署名しました/);
      assert.equal((await signer.get(second)).status, 410, 'signed: the link is spent');

      const row = await db()
        .selectFrom('pledge')
        .selectAll()
        .where('application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.signer_name, '鈴木 一郎');
      assert.equal(row.kind, 'vouch');
      assert.match(row.text_sha256 ?? '', /^[0-9a-f]{64}$/);
      assert.ok(row.signer_ip && row.signer_user_agent !== null);
      const app1 = await db()
        .selectFrom('application')
        .select('state')
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(app1.state, 'pledge_signed');
      const signedMail = (await mailsTo(app, 'suzuki@nig.example.ac.jp', before + 3)).find((m) =>
        m.subject?.startsWith(`誓約書に署名されました：${a.reference}`),
      );
      assert.ok(signedMail, 'the signer gets a confirmation');

      // Now the approver can approve.
      const decide = await approver.get(`/staff/applications/${a.id}`);
      assert.match(decide.html, /Signed by 鈴木 一郎/);
      const v3 =
        decide.html
          .match(/name="version" value="(\d+)"/g)
          ?.at(-1)
          ?.match(/\d+/)?.[0] ?? '';
      const approved = await approver.submit(decide.html, `/staff/applications/${a.id}/decision`, {
        version: v3,
        decision: 'approved',
      });
      assert.equal(approved.status, 303);
    });

    it('uses the own-pledge text when the applicant is their own responsible person', async () => {
      const a = await submitted({ applicant: { jobTitle: 'professor' }, responsible: { self: 'yes' } });
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      const version =
        page.html.match(/action="\/staff\/applications\/\d+\/pledge">[\s\S]*?name="version" value="(\d+)"/)?.[1] ?? '';
      await reviewer.submit(page.html, `/staff/applications/${a.id}/pledge`, { version });
      const row = await db()
        .selectFrom('pledge')
        .selectAll()
        .where('application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.kind, 'self');
      assert.equal(row.email, a.email);
      const mails = await mailsTo(app, a.email, 3);
      assert.ok(mails.some((m) => m.text?.includes('/pledge?token=')));
    });

    /** Sends the pledge of `a` and signs it from the mailed link, as the two people would. */
    const pledgeSigned = (a: Submitted) => signPledges(app, reviewer, a);

    it('screens when the eligibility answers need it: checklist, cleared, then approval', async () => {
      const a = await submitted({
        eligibility: {
          resident: 'no',
          reason: 'less_than_six_months',
          specific: 'no',
          career: 'MSc',
          employment: 'Part-time',
          period: '2027',
        },
      });
      await pledgeSigned(a);
      const state = await db()
        .selectFrom('application')
        .select('state')
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(state.state, 'screening', 'signing sends it to screening at once');
      const asApprover = await approver.get(`/staff/applications/${a.id}`);
      assert.doesNotMatch(asApprover.html, /value="approved"/, 'no approval before the screening clears it');

      const page = await reviewer.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /Export-control screening/);
      const version = versionOf(page.html, 'screening');
      const partial = await reviewer.submit(page.html, `/staff/applications/${a.id}/screening`, {
        version,
        check_residence: 'yes',
        cleared: 'yes',
        screeningReason: 'Arrived in April; research at NIG.',
      });
      assert.equal(partial.status, 400);
      assert.match(partial.html, /Tick every point of the checklist/);
      const all: Record<string, string> = {
        version,
        cleared: 'yes',
        screeningReason: 'Arrived in April; research at NIG.',
      };
      for (const c of ['residence', 'specificCategories', 'career', 'employment', 'period']) all[`check_${c}`] = 'yes';
      assert.equal((await reviewer.submit(page.html, `/staff/applications/${a.id}/screening`, all)).status, 303);
      const after = await approver.get(`/staff/applications/${a.id}`);
      assert.match(after.html, /Cleared – rev/);
      assert.match(after.html, /value="approved"/);
      const approved = await approver.submit(after.html, `/staff/applications/${a.id}/decision`, {
        version: versionOf(after.html, 'decision'),
        decision: 'approved',
      });
      assert.equal(approved.status, 303);
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', `application:${a.id}`)
        .execute();
      assert.ok(audit.some((e) => e.action === 'screening.cleared'));
    });

    it('a screening that does not clear leaves only rejection', async () => {
      const a = await submitted({
        eligibility: { resident: 'yes', specific: 'yes', career: 'x', employment: 'y', period: 'z' },
      });
      await pledgeSigned(a);
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      await reviewer.submit(page.html, `/staff/applications/${a.id}/screening`, {
        version: versionOf(page.html, 'screening'),
        cleared: 'no',
        screeningReason: 'Falls under a specific category.',
      });
      const after = await approver.get(`/staff/applications/${a.id}`);
      assert.match(after.html, /Not cleared – rev/);
      assert.doesNotMatch(after.html, /value="approved"/);
      const forced = await approver.submit(after.html, `/staff/applications/${a.id}/decision`, {
        version: versionOf(after.html, 'decision'),
        decision: 'approved',
      });
      assert.equal(forced.status, 409);
    });

    it('reminds half-way with a fresh link and expires an unsigned pledge; a signed one is left alone', async () => {
      const jobs = (id: number) =>
        db().selectFrom('job').selectAll().where('key', 'like', `%:${id}:%`).orderBy('run_at').execute();
      const runNow = async (id: number, kind: string) => {
        await db().updateTable('job').set({ run_at: new Date() }).where('key', 'like', `${kind}:${id}:%`).execute();
        await app.server.worker.drain();
      };
      const a = await submitted();
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      const sentAt = Date.now();
      await reviewer.submit(page.html, `/staff/applications/${a.id}/pledge`, {
        version: versionOf(page.html, 'pledge'),
      });
      const [reminder, expiry] = await jobs(a.id);
      const day = 24 * 3600_000;
      assert.equal(reminder?.kind, 'application.reminder');
      assert.ok(Math.abs((reminder?.run_at.getTime() ?? 0) - (sentAt + 15 * day)) < 60_000, 'reminder after 15 days');
      assert.equal(expiry?.kind, 'application.expire');
      assert.ok(Math.abs((expiry?.run_at.getTime() ?? 0) - (sentAt + 30 * day)) < 60_000, 'expiry after 30 days');

      const before = (await mailsTo(app, 'suzuki@nig.example.ac.jp')).length;
      await runNow(a.id, 'reminder');
      const remind = (await mailsTo(app, 'suzuki@nig.example.ac.jp', before + 1)).at(-1);
      assert.match(remind?.subject ?? '', /^【再送】/);
      assert.match(remind?.text ?? '', /\/pledge\?token=/);
      await runNow(a.id, 'expire');
      const row = await db().selectFrom('application').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'expired');
      assert.ok((await mailsTo(app, a.email, 3)).some((m) => m.subject?.includes('has expired')));

      // Signed in time: the expiry finds a newer version and does nothing.
      const b = await submitted();
      await pledgeSigned(b);
      await runNow(b.id, 'expire');
      const rowB = await db()
        .selectFrom('application')
        .select('state')
        .where('id', '=', b.id)
        .executeTakeFirstOrThrow();
      assert.equal(rowB.state, 'pledge_signed');
    });

    it('asks the applicant for information: only the named steps reopen, the changes come back as a diff', async () => {
      const a = await submitted();
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      const version = versionOf(page.html, 'request-information');
      const empty = await reviewer.submit(page.html, `/staff/applications/${a.id}/request-information`, { version });
      assert.equal(empty.status, 400);
      assert.match(empty.html, /Write what the applicant should add or change/);
      assert.match(empty.html, /Choose at least one step to reopen/);
      const asked = await reviewer.submit(page.html, `/staff/applications/${a.id}/request-information`, {
        version,
        message: 'Please give your department.',
        steps_affiliation: 'yes',
      });
      assert.equal(asked.status, 303);
      const mail = (await mailsTo(app, a.email, 3)).at(-1);
      assert.match(mail?.text ?? '', /Please give your department\./);
      const link = mail?.text?.match(/\/apply\/information\?token=[\w-]+/)?.[0] ?? '';
      assert.ok(link);

      const person = new Browserless(app.url, 'en');
      const open = await person.get(link);
      assert.match(open.html, /Please give your department\./);
      const opened = await person.submit(open.html, '/apply/information', { token: link.split('token=')[1] ?? '' });
      assert.equal(opened.location, '/apply/check');
      const check = await person.get('/apply/check');
      assert.match(check.html, /Change your application as staff asked/);
      assert.match(check.html, /href="\/apply\/affiliation"/);
      assert.doesNotMatch(check.html, /href="\/apply\/applicant"/, 'only the named steps have a Change link');
      assert.equal((await person.get('/apply/applicant')).status, 401, 'other steps stay closed');
      const step = await person.get('/apply/affiliation');
      const changed = await person.submit(step.html, '/apply/affiliation', {
        institution: 'National Institute of Genetics',
        department: 'Department of Informatics',
        country: 'JP',
        postalCode: '411-8540',
        address: '1111 Yata, Mishima, Shizuoka',
        phone: '055-981-6800',
        extension: '',
      });
      assert.equal(changed.location, '/apply/check');
      const back = await person.get('/apply/check');
      const sent = await person.submit(back.html, '/apply/check', {});
      assert.equal(sent.location, '/apply/submitted');
      const row = await db().selectFrom('application').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'submitted');
      assert.equal((await person.get('/apply/affiliation')).status, 401, 'the steps close again');
      assert.equal((await person.get(link)).status, 410, 'the link is spent');

      const detail = await reviewer.get(`/staff/applications/${a.id}`);
      assert.match(
        detail.html,
        /applicant\.department<\/td><td class="diff-before">Bioinformation and DDBJ Center<\/td><td class="diff-after">Department of Informatics/,
      );
      assert.match(detail.html, /Information requested → Submitted/);
    });

    it('rejects with a usual reason, quoted in both languages', async () => {
      const a = await submitted();
      const page = await approver.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /The applicant already has an account\./);
      const done = await reject(approver, a, { template: 'duplicate' });
      assert.equal(done.status, 303);
      const event = await db()
        .selectFrom('application_event')
        .select('note')
        .where('application_id', '=', a.id)
        .where('to_state', '=', 'rejected')
        .executeTakeFirstOrThrow();
      assert.equal(event.note, '申請者はすでにアカウントを持っています。\nThe applicant already has an account.');
    });
  });
}
