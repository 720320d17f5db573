// The personal genome (PG) division's path, both ways, against two real OpenLDAP
// servers (GA and PG) on a real PostgreSQL:
// - suspended (the default since 2022-05-13): the tick is disabled with the notice; a
//   group without PG users cannot ask for PG storage in its usage plan, a group that
//   already has a PG account can;
// - open: the PG tick asks for the group's PG storage and the paid service's
//   confirmation (errors by field), the check page shows them, and the approval makes
//   `name-pg` with its key in the PG directory in `group-pg` alongside the GA account,
//   and a usage-plan version with the group's PG line, approved with it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setServiceAcceptance } from '../src/db/notices.js';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { fileUsagePlan } from '../src/services/usage-plans.js';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { completeSteps, openDraft } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { givePgAccount } from './helpers/plan-group.js';
import { createTestDatabase } from './helpers/postgres.js';
import { approve, drainJobs, pledgeSigned } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';
import { enrol, signIn } from './helpers/staff.js';

const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3b1uJk8Kq2mKc4lH9nQ0hY8e2pA7sT1x4xYQ6d2m4 genome@laptop';
const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();

describe('the PG division’s path', () => {
  let ga: TestSlapd;
  let pg: TestSlapd;
  let app: TestApp;
  let holders: TestAccount[];
  before(async () => {
    [ga, pg] = await Promise.all([startSlapd(), startSlapd()]);
    const pgEnv = Object.fromEntries(Object.entries(pg.env).map(([k, v]) => [k.replace(/^LDAP_/, 'PG_LDAP_'), v]));
    app = await startTestApp({
      env: {
        DATABASE_URL: await createTestDatabase(),
        ...ga.env,
        ...pgEnv,
        UID_RANGE: '22000-22999',
        GID_RANGE: '42000-42999',
        RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
      },
    });
    holders = await provisionedAccounts(app, 2);
  });
  after(async () => {
    await app.close();
    await Promise.all([ga.stop(), pg.stop()]);
  });
  const db = () => app.server.database.db;
  const planDeps = () => ({
    db: db(),
    outbox: app.server.app.deps.outbox,
    baseUrl: app.server.app.deps.config.baseUrl,
    pokeJobs: () => {},
  });

  it('suspended: the tick is disabled; only a group already using PG may ask for PG storage', async () => {
    const person = new Browserless(app.url, 'en');
    await openDraft(app, person, 'closed@univ.example.ac.jp');
    const page = await person.get('/apply/account');
    assert.match(page.html, /name="usePg"[^>]*disabled/);
    assert.doesNotMatch(page.html, /name="pgStorage"/);

    const [holder] = holders as [TestAccount];
    const group = (
      await db().selectFrom('account').select('group_name').where('id', '=', holder.id).executeTakeFirstOrThrow()
    ).group_name;
    await db()
      .updateTable('responsible_person')
      .set({ same_as_applicant: true })
      .where('application_id', '=', holder.applicationId)
      .execute();
    const year = fiscalYearOf(new Date());
    const input = {
      purpose: 'Variant calling on controlled-access data',
      from: new Date().toISOString().slice(0, 10),
      to: `${year + 1}-03-31`,
      storage: [{ scope: 'group' as const, subject: group, kind: 'pg' as const, tenths: 50 }],
    };
    const refused = await fileUsagePlan(planDeps(), holder.id, group, input);
    assert.deepEqual(refused, { ok: false, problem: 'INVALID', fields: { 'storage.0': 'pg_suspended' } });
    // The holder's plan page says why, in Japanese.
    const browser = await logIn(app, holder, 'ja');
    const form = await browser.get(`/account/usage-plan/new?group=${group}`);
    const sent = await browser.submit(form.html, `/account/usage-plan/new?group=${group}`, {
      purpose: input.purpose,
      g_pg: '5',
      action: 'check',
    });
    assert.equal(sent.status, 400);
    assert.match(fieldError(sent.html, 'g_pg') ?? '', /現在、個人ゲノム解析区画は新規の利用を受け付けていません/);
    // An existing PG user's group may ask for more.
    await givePgAccount(app.server.database, group, holder);
    const accepted = await fileUsagePlan(planDeps(), holder.id, group, input);
    assert.ok(accepted.ok, JSON.stringify(accepted));
  });

  it('open: the paid service asked for, then name-pg in the PG directory with its key and the group’s PG plan line', async () => {
    await setServiceAcceptance(db(), 'pg', { accepting: true, since: new Date() });
    const person = new Browserless(app.url, 'en');
    const email = 'genome@univ.example.ac.jp';
    await openDraft(app, person, email);
    await completeSteps(person, { account: { accountName: 'genome', sshKey: key } });
    const page = await person.get('/apply/account');
    assert.match(page.html, /name="pgStorage"/);
    const missing = await person.submit(page.html, '/apply/account', {
      accountName: 'genome',
      sshKey: key,
      usePg: 'yes',
    });
    assert.equal(missing.status, 400);
    assert.equal(fieldError(missing.html, 'pgStorage'), 'Enter the PG storage your group needs, in TB');
    assert.equal(
      fieldError(missing.html, 'pgPaid'),
      'Tick the box to confirm that the personal genome division is a paid service',
    );
    const bad = await person.submit(page.html, '/apply/account', {
      accountName: 'genome',
      sshKey: key,
      usePg: 'yes',
      pgStorage: '2.55',
      pgPaid: 'yes',
    });
    assert.equal(
      fieldError(bad.html, 'pgStorage'),
      'Enter the PG storage as a number of TB with at most one decimal, like 5 or 2.5',
    );
    const done = await person.submit(page.html, '/apply/account', {
      accountName: 'genome',
      sshKey: key,
      usePg: 'yes',
      pgStorage: '2.5',
      pgPaid: 'yes',
    });
    assert.equal(done.status, 303);
    const check = await person.get('/apply/check');
    assert.match(check.html, /PG storage for the group<\/dt><dd class="summary-list__value">2\.5 TB/);
    assert.match(check.html, /Confirmed: the responsible person agrees to the charges/);
    assert.equal((await person.submit(check.html, '/apply/check', { terms: 'yes' })).status, 303);
    const row = await db().selectFrom('application').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    assert.equal(row.pg_storage_tenths, 25);
    const submitted = { id: row.id, email, reference: row.reference ?? '' };

    const reviewer = await signIn(app, await enrol(app, 'rev@centre.example.jp', 'reviewer'));
    const approver = await signIn(app, await enrol(app, 'appr@centre.example.jp', 'approver'));
    await pledgeSigned(app, reviewer, submitted);
    const staffPage = await approver.get(`/staff/applications/${row.id}`);
    assert.match(staffPage.html, /PG storage for the group<\/dt><dd class="summary-list__value">2\.5 TB/);
    // The PG checks at the top: what approving does.
    assert.match(staffPage.html, /id="pg-checks"[\s\S]*?2\.5 TB of PG storage for the group; paid service: Confirmed/);
    assert.equal((await approve(approver, submitted, { group: 'genome-lab' })).status, 303);
    await drainJobs(app);

    const inPg = pg.ldap('ldapsearch', [
      '-LLL',
      '-o',
      'ldif-wrap=no',
      '-b',
      pg.baseDn,
      '(uid=genome-pg)',
      'sshPublicKey',
      'gidNumber',
    ]);
    assert.ok(inPg.includes(`sshPublicKey: ${key}`), inPg);
    const pgGroup = pg.ldap('ldapsearch', ['-LLL', '-b', pg.baseDn, '(cn=genome-lab-pg)', 'memberUid']);
    assert.match(pgGroup, /memberUid: genome-pg/);
    assert.match(ga.ldap('ldapsearch', ['-LLL', '-b', ga.baseDn, '(uid=genome)', 'uid']), /uid: genome/);
    assert.doesNotMatch(ga.ldap('ldapsearch', ['-LLL', '-b', ga.baseDn, '(uid=genome-pg)', 'uid']), /uid: genome-pg/);
    // The group's usage plan has the PG line, approved with the application.
    const version = await db()
      .selectFrom('usage_plan_version as v')
      .innerJoin('usage_plan as p', 'p.id', 'v.plan_id')
      .select(['v.state', 'v.content'])
      .where('p.group_name', '=', 'genome-lab')
      .executeTakeFirstOrThrow();
    assert.equal(version.state, 'approved');
    assert.deepEqual((version.content as { storage: unknown[] }).storage, [
      { scope: 'group', subject: 'genome-lab', kind: 'pg', tenths: 25 },
    ]);
    const accounts = await db()
      .selectFrom('account')
      .select(['division', 'uid', 'state'])
      .where('application_id', '=', row.id)
      .orderBy('division')
      .execute();
    assert.deepEqual(accounts, [
      { division: 'ga', uid: 'genome', state: 'active' },
      { division: 'pg', uid: 'genome-pg', state: 'active' },
    ]);
  });
});
