// The staff console's access over HTTP: enrolment, sign-in with password and a
// second factor, locks after repeated failures, roles on every route of the route
// table, and the audit trail of it all.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { generate } from 'otplib';
import { verifyAudit } from '../src/db/audit.js';
import { can, type StaffRole } from '../src/domain/staff.js';
import { type StaffAccess, staffRouteTable } from '../src/web/staff/route-table.js';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { openDraft } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';
import {
  addStaff,
  type EnrolledStaff,
  enrol,
  STAFF_PASSWORD,
  secretOnPage,
  signIn,
  totpCode,
} from './helpers/staff.js';

describe('staff console access', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
  });
  after(() => app.close());
  const db = () => app.server.database.db;
  const audit = (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  it('enrols from the link: password rules, the authenticator code, ten recovery codes, single use', async () => {
    const { id, token } = await addStaff(app, 'reviewer.one@centre.example.jp', 'reviewer');
    const person = new Browserless(app.url, 'ja');
    const page = await person.get(`/staff/enrol?token=${token}`);
    assert.equal(h1Text(page.html), 'スタッフアカウントの設定');
    const secret = secretOnPage(page.html);
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const qr = await fetch(`${app.url}/staff/enrol/qr.svg?token=${token}`);
    assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
    assert.match(await qr.text(), /^<svg/);

    const bad = await person.submit(page.html, '/staff/enrol', {
      token,
      password: 'short',
      password2: 'short',
      code: '000000',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /パスワードは 12 文字以上にしてください/);
    assert.match(bad.html, /認証アプリに今表示されている 6 桁のコードを入力してください/);
    const mismatch = await person.submit(bad.html, '/staff/enrol', {
      token,
      password: STAFF_PASSWORD,
      password2: `${STAFF_PASSWORD}!`,
      code: await totpCode(secret),
    });
    assert.match(mismatch.html, /2 つのパスワードが一致しません/);
    const withName = await person.submit(bad.html, '/staff/enrol', {
      token,
      password: 'my name is reviewer.one',
      password2: 'my name is reviewer.one',
      code: await totpCode(secret),
    });
    assert.match(withName.html, /パスワードにメールアドレスを含めないでください/);

    const done = await person.submit(bad.html, '/staff/enrol', {
      token,
      password: STAFF_PASSWORD,
      password2: STAFF_PASSWORD,
      code: await totpCode(secret),
    });
    assert.equal(done.status, 200);
    assert.equal([...done.html.matchAll(/<code>[a-z2-7]{5}-[a-z2-7]{5}<\/code>/g)].length, 10);
    const row = await db().selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.match(row.password_hash ?? '', /^\$argon2id\$/);
    assert.ok(!JSON.stringify(row).includes(STAFF_PASSWORD));
    const codes = await db().selectFrom('staff_recovery_code').selectAll().where('staff_id', '=', id).execute();
    assert.equal(codes.length, 10);
    assert.ok(
      codes.every((c) => /^[0-9a-f]{64}$/.test(c.code_hash)),
      'recovery codes are stored hashed',
    );
    assert.equal((await person.get(`/staff/enrol?token=${token}`)).status, 410, 'the link works once');
    assert.equal((await audit('staff.enrolled')).length, 1);
  });

  it('signs in with password and TOTP; a code works once; the session rotates; sign-out ends it', async () => {
    const staff = await enrol(app, 'approver.one@centre.example.jp', 'approver');
    const person = new Browserless(app.url, 'en');
    const login = await person.get('/staff');
    assert.equal(h1Text(login.html), 'Staff sign-in');
    const wrong = await person.submit(login.html, '/staff', { email: staff.email, password: 'wrong password!!' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.html, /Sign-in failed\. Check your e-mail address and password/);
    const unknown = await person.submit(login.html, '/staff', { email: 'nobody@centre.example.jp', password: 'x' });
    assert.equal(
      unknown.html.match(/error-message[^>]*>([^<]*)/)?.[1],
      wrong.html.match(/error-message[^>]*>([^<]*)/)?.[1],
    );

    const first = await person.submit(login.html, '/staff', { email: staff.email, password: STAFF_PASSWORD });
    assert.equal(first.location, '/staff/verify');
    // Between the factors nothing of the console opens.
    assert.equal((await person.get('/staff/applications')).location, '/staff');
    const verify = await person.get('/staff/verify');
    // The code used at enrolment (its time step is stored) is spent, whatever the clock says now.
    const row = await db()
      .selectFrom('staff')
      .select('totp_last_step')
      .where('email', '=', staff.email)
      .executeTakeFirstOrThrow();
    const step = Number(row.totp_last_step);
    const codeOf = (s: number) => generate({ secret: staff.secret, epoch: s * 30 });
    const reused = await person.submit(verify.html, '/staff/verify', { code: await codeOf(step) });
    assert.equal(reused.status, 401);
    assert.match(reused.html, /The code is not right, or it was used already/);
    const next = await codeOf(step + 1);
    const ok = await person.submit(reused.html, '/staff/verify', { code: next });
    assert.equal(ok.location, '/staff/applications');
    const queue = await person.get('/staff/applications');
    assert.equal(queue.status, 200);
    assert.match(queue.html, /Signed in as approver\.one \(approver\)/);

    // The same code again, in another browser, is refused.
    const other = new Browserless(app.url, 'en');
    const l2 = await other.get('/staff');
    await other.submit(l2.html, '/staff', { email: staff.email, password: STAFF_PASSWORD });
    const v2 = await other.get('/staff/verify');
    assert.equal((await other.submit(v2.html, '/staff/verify', { code: next })).status, 401);

    const out = await person.submit(queue.html, '/staff/logout', {});
    assert.equal(out.location, '/staff');
    assert.equal((await person.get('/staff/applications')).location, '/staff');
    const logins = await audit('staff.login');
    assert.equal(logins.at(-1)?.details.factor, 'totp');
    assert.ok((await audit('staff.login.failed')).length >= 3);
    assert.equal((await audit('staff.logout')).length, 1);
  });

  it('takes each recovery code once', async () => {
    const staff = await enrol(app, 'reviewer.two@centre.example.jp', 'reviewer');
    const code = staff.recoveryCodes[0] ?? '';
    await signIn(app, { ...staff, recoveryCodes: [code] });
    const person = new Browserless(app.url, 'en');
    const login = await person.get('/staff');
    await person.submit(login.html, '/staff', { email: staff.email, password: STAFF_PASSWORD });
    const verify = await person.get('/staff/verify');
    assert.equal((await person.submit(verify.html, '/staff/verify', { code })).status, 401);
    assert.equal((await audit('staff.login')).at(-1)?.details.factor, 'recovery code');
  });

  it('shows administrators the audit log, filtered and as CSV; reviewers may not see it', async () => {
    const admin = await signIn(app, await enrol(app, 'admin.one@centre.example.jp', 'admin'));
    const page = await admin.get('/staff/audit?action=staff.login');
    assert.equal(page.status, 200);
    assert.match(page.html, /<td>staff\.login\.failed<\/td>/);
    assert.doesNotMatch(page.html, /<td>staff\.enrolled<\/td>/);
    const csv = await admin.get('/staff/audit.csv?action=staff.enrolled');
    const records = parse(csv.html, { columns: true }) as Record<string, string>[];
    assert.ok(records.length >= 3);
    assert.ok(records.every((r) => r.action === 'staff.enrolled' && /^[0-9a-f]{64}$/.test(r.hash ?? '')));
    const reviewer = await signIn(app, await enrol(app, 'reviewer.three@centre.example.jp', 'reviewer'));
    assert.equal((await reviewer.get('/staff/audit')).status, 403);
    assert.doesNotMatch((await reviewer.get('/staff/applications')).html, /href="\/staff\/audit"/);
  });

  it('lets administrators manage closures, service acceptance and the lists, audited', async () => {
    const admin = await signIn(app, await enrol(app, 'admin.two@centre.example.jp', 'admin'));
    const page = await admin.get('/staff/settings');
    assert.equal(page.status, 200);
    const bad = await admin.submit(page.html, '/staff/settings/closures', {
      from: '2026-13-01 10:00',
      until: '2026-12-01 10:00',
      reasonJa: '',
      reasonEn: 'Holidays',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /Enter a time like 2026-12-27 17:00/);
    assert.match(bad.html, /value="Holidays"/, 'what was typed is kept');
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const tokyo = (d: Date) => {
      const j = new Date(d.getTime() + 9 * 3600_000);
      return `${j.getUTCFullYear()}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())} ${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}`;
    };
    const added = await admin.submit(page.html, '/staff/settings/closures', {
      from: tokyo(new Date(now.getTime() - 3600_000)),
      until: tokyo(new Date(now.getTime() + 3600_000)),
      reasonJa: '設備点検',
      reasonEn: 'Maintenance',
    });
    assert.equal(added.status, 303);
    assert.match((await new Browserless(app.url, 'en').get('/apply')).html, /Maintenance/);
    const closure = await db().selectFrom('closure_window').select('id').executeTakeFirstOrThrow();
    await admin.submit(page.html, `/staff/settings/closures/${closure.id}/remove`, {});
    assert.doesNotMatch((await new Browserless(app.url, 'en').get('/apply')).html, /Maintenance/);

    const noNotice = await admin.submit(page.html, '/staff/settings/services/workshop', { accepting: 'no' });
    assert.equal(noNotice.status, 400);
    await admin.submit(page.html, '/staff/settings/services/workshop', {
      accepting: 'no',
      noticeJa_workshop: '受付停止中',
      noticeEn_workshop: 'Not taking new workshop accounts',
      url_workshop: 'https://centre.example.jp/news/1',
    });
    const ws = await db()
      .selectFrom('service_acceptance')
      .selectAll()
      .where('service', '=', 'workshop')
      .executeTakeFirstOrThrow();
    assert.equal(ws.accepting, false);
    await admin.submit(page.html, '/staff/settings/services/workshop', { accepting: 'yes' });

    assert.equal(
      (
        await admin.submit(page.html, '/staff/settings/lists/reserved-names', {
          'entry_reserved-names': 'Bad Name',
          action: 'add',
        })
      ).status,
      400,
    );
    await admin.submit(page.html, '/staff/settings/lists/reserved-names', {
      'entry_reserved-names': 'gpuadmin',
      action: 'add',
    });
    assert.ok(
      (await db().selectFrom('reserved_account_name').select('name').execute()).some((r) => r.name === 'gpuadmin'),
    );
    await admin.submit(page.html, '/staff/settings/lists/free-mail', {
      'entry_free-mail': 'gmail.com',
      action: 'remove',
    });
    assert.ok(
      !(await db().selectFrom('free_mail_domain').select('domain').execute()).some((r) => r.domain === 'gmail.com'),
    );

    const actions = (
      await db().selectFrom('audit_log').select('action').where('action', 'like', 'settings.%').execute()
    ).map((r) => r.action);
    assert.deepEqual(actions, [
      'settings.closure.added',
      'settings.closure.removed',
      'settings.service.suspended',
      'settings.service.resumed',
      'settings.list.added',
      'settings.list.removed',
    ]);
  });

  it('lets administrators add staff (link shown once), change roles, disable and reset, but not themselves', async () => {
    const admin = await signIn(app, await enrol(app, 'admin.three@centre.example.jp', 'admin'));
    const page = await admin.get('/staff/people');
    assert.equal(page.status, 200);
    const bad = await admin.submit(page.html, '/staff/people', { email: 'x', name: '', role: 'boss' });
    assert.equal(bad.status, 400);
    const made = await admin.submit(page.html, '/staff/people', {
      email: 'new.one@centre.example.jp',
      name: 'New One',
      role: 'reviewer',
    });
    assert.equal(made.status, 200);
    const link = made.html.match(/id="enrolment-link"[^>]*>([^<]+)</)?.[1] ?? '';
    assert.match(link, /\/staff\/enrol\?token=/);
    const person = await db()
      .selectFrom('staff')
      .selectAll()
      .where('email', '=', 'new.one@centre.example.jp')
      .executeTakeFirstOrThrow();
    assert.equal((await new Browserless(app.url, 'en').get(new URL(link).pathname + new URL(link).search)).status, 200);

    await admin.submit(page.html, `/staff/people/${person.id}`, { action: 'role', role: 'approver' });
    assert.equal(
      (await db().selectFrom('staff').select('role').where('id', '=', person.id).executeTakeFirstOrThrow()).role,
      'approver',
    );
    await admin.submit(page.html, `/staff/people/${person.id}`, { action: 'disable' });
    assert.ok(
      (await db().selectFrom('staff').select('disabled_at').where('id', '=', person.id).executeTakeFirstOrThrow())
        .disabled_at,
    );
    const me = await db()
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'admin.three@centre.example.jp')
      .executeTakeFirstOrThrow();
    assert.equal((await admin.submit(page.html, `/staff/people/${me.id}`, { action: 'disable' })).status, 403);
    const actions = (
      await db().selectFrom('audit_log').select('action').where('subject', '=', `staff:${person.id}`).execute()
    ).map((r) => r.action);
    assert.deepEqual(actions, ['staff.created', 'staff.enrolment_link', 'staff.role_changed', 'staff.disabled']);
  });

  it('the audit chain of all this is whole', async () => {
    const result = await verifyAudit(db());
    assert.equal(result.brokenAt, undefined);
    assert.ok(result.entries > 10);
    const entries = await db().selectFrom('audit_log').select(['details', 'actor']).execute();
    assert.ok(!JSON.stringify(entries).includes(STAFF_PASSWORD), 'no secret in the audit log');
  });
});

describe('staff authorization matrix (every route of the route table)', () => {
  let app: TestApp;
  const visitors: Record<string, Browserless> = {};
  before(async () => {
    // Six visitors × every route, each with a form to fetch first: more than one client's usual minute.
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000', RATE_LIMIT_PER_MINUTE: '100000' } });
    visitors.anonymous = new Browserless(app.url, 'en');
    visitors.applicant = new Browserless(app.url, 'en');
    await openDraft(app, visitors.applicant, 'applicant@univ.example.ac.jp');
    // An account holder logged in to the account page is no staff member either.
    visitors.user = await logIn(app, ((await provisionedAccounts(app, 1)) as [TestAccount])[0]);
    for (const role of ['reviewer', 'approver', 'admin'] as StaffRole[]) {
      const staff: EnrolledStaff = await enrol(app, `${role}@centre.example.jp`, role);
      visitors[role] = await signIn(app, staff);
    }
  });
  after(() => app.close());

  const expected = (access: StaffAccess, visitor: string): 'allowed' | 'refused' => {
    if (access === 'public') return 'allowed';
    if (!['reviewer', 'approver', 'admin'].includes(visitor)) return 'refused';
    return access === 'signed-in' || can(visitor as StaffRole, access) ? 'allowed' : 'refused';
  };

  // Signing out ends the session the later routes need: it goes last.
  const routes = (Object.entries(staffRouteTable) as [string, StaffAccess][]).sort(
    ([a], [b]) => Number(a === 'POST /staff/logout') - Number(b === 'POST /staff/logout'),
  );
  for (const [route, access] of routes) {
    const [method, url] = route.split(' ') as [string, string];
    it(`${route} (${access})`, async () => {
      for (const [name, visitor] of Object.entries(visitors)) {
        // A fresh page for the CSRF token of each POST.
        const form = await visitor.get('/apply/email');
        const res = method === 'GET' ? await visitor.get(url) : await visitor.submit(form.html, url, {});
        // Refused: a page is sent to the sign-in; an action is forbidden.
        const refusedAnswer =
          method === 'GET'
            ? (res.status === 303 && res.location === '/staff') || res.status === 403
            : res.status === 403;
        if (expected(access, name) === 'refused') {
          assert.ok(refusedAnswer, `${name}: ${route} answered ${res.status} ${res.location ?? ''}`);
        } else if (access !== 'public') {
          assert.ok(
            !refusedAnswer && res.status < 500,
            `${name}: ${route} answered ${res.status} ${res.location ?? ''}`,
          );
        } else {
          assert.ok(res.status < 500, `${name}: ${route} answered ${res.status}`);
        }
      }
    });
  }

  it('a /staff route missing from the table stops the app from starting', async () => {
    await assert.rejects(
      startTestApp({
        plugins: [
          async (instance) => {
            instance.get('/staff/forgotten', async () => 'x');
          },
        ],
      }),
    );
  });
});
