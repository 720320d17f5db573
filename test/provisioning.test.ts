// Provisioning over HTTP, on PGlite and on PostgreSQL with the embedded directories:
// the approval confirms the group and queues the job in its transaction; the job
// makes the group, the user with its key, the membership, the initial password (kept
// sealed), the 1 TB quota (through a recording command), and the application becomes
// `provisioned`, each account exactly once however often the job runs. Numbers taken
// outside sc-account are skipped; an existing group of the responsible person is
// joined; PG applicants also get `name-pg`; a directory that refuses shows
// "provisioning failed" with its answer and a Retry.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allocatePosixId, ForeignNameError } from '../src/db/accounts.js';
import { enqueueJob } from '../src/db/jobs.js';
import { setServiceAcceptance } from '../src/db/notices.js';
import { PROVISION_JOB, provisionJobKey } from '../src/jobs/handlers/provision.js';
import type { TestApp } from './helpers/app.js';
import { completeSteps, openDraft } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { approve, drainJobs, pledgeSigned, type Submitted, submitApplication, useReviewApp } from './helpers/review.js';

const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3b1uJk8Kq2mKc4lH9nQ0hY8e2pA7sT1x4xYQ6d2m4 taro@laptop';

for (const kind of databaseKinds) {
  describe(`provisioning approved applications [${kind}]`, () => {
    // The quota command: a script that records its arguments.
    const scratch = mkdtempSync(join(tmpdir(), 'sc-quota-'));
    const quotaLog = join(scratch, 'quota.log');
    const script = join(scratch, 'setquota');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${quotaLog}'\n`);
    chmodSync(script, 0o755);
    const suite = useReviewApp(kind, {
      env: {
        QUOTA_COMMAND: JSON.stringify([script, '-u', '{user}', '-B', '{bytes}', '/lustre/{division}']),
        UID_RANGE: '20000-20999',
        GID_RANGE: '40000-40999',
      },
      retryBaseMs: 5,
    });
    let app: TestApp;
    let reviewer: Browserless;
    let approver: Browserless;
    before(() => {
      ({ app, reviewer, approver } = suite);
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));
    const db = () => app.server.database.db;
    const ga = () => app.server.directories.ga;
    const stateOf = async (id: number) =>
      (await db().selectFrom('application').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
    const ready = async (overrides = {}) => {
      const a = await submitApplication(app, overrides);
      await pledgeSigned(app, reviewer, a);
      return a;
    };
    const initialPassword = async (a: Submitted, division: 'ga' | 'pg' = 'ga') => {
      const row = await db()
        .selectFrom('registration_certificate')
        .innerJoin('account', 'account.id', 'registration_certificate.account_id')
        .select('sealed_password')
        .where('account.application_id', '=', a.id)
        .where('account.division', '=', division)
        .executeTakeFirstOrThrow();
      return app.server.app.deps.passwords.open(row.sealed_password as Uint8Array);
    };

    it('makes the group, the user with its key and password, the quota; then the application is provisioned', async () => {
      const a = await ready({ account: { sshKey: key } });
      const page = await approver.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /name="group"[^>]*value="suzuki-lab"/, 'the system proposes a group');
      assert.match(page.html, /The group does not exist yet/);
      const bad = await approve(approver, a, { group: 'Root!' });
      assert.equal(bad.status, 400);
      assert.match(bad.html, /Enter a group name of lower-case letters/);
      assert.equal((await approve(approver, a)).status, 303);
      // Approval and job commit together; the job is keyed by the application.
      const jobs = await db()
        .selectFrom('job')
        .select(['kind', 'key'])
        .where('key', '=', provisionJobKey(a.id))
        .execute();
      assert.deepEqual(jobs, [{ kind: PROVISION_JOB, key: provisionJobKey(a.id) }]);
      await drainJobs(app);

      assert.equal(await stateOf(a.id), 'provisioned');
      const user = await ga().getUser(a.accountName);
      assert.ok(user, 'the user is in the directory');
      assert.equal(user.uidNumber, 20000);
      assert.equal(user.gidNumber, 40000);
      assert.equal(user.cn, 'Taro YAMADA');
      assert.equal(user.mail, a.email);
      assert.equal(user.homeDirectory, `/home/${user.uid}`);
      assert.deepEqual(user.sshPublicKeys, [key]);
      assert.deepEqual(await ga().getGroup('suzuki-lab'), {
        cn: 'suzuki-lab',
        gidNumber: 40000,
        memberUid: [user.uid],
      });
      const password = await initialPassword(a);
      assert.match(password, /^[A-HJ-NP-Za-km-z2-9]{16}$/, '16 characters without look-alikes');
      assert.equal(await ga().authenticate(user.uid, password), true);
      const quota = await db().selectFrom('quota').selectAll().where('uid', '=', user.uid).executeTakeFirstOrThrow();
      assert.equal(Number(quota.bytes), 1_000_000_000_000);
      assert.equal(quota.via, 'command');
      assert.match(readFileSync(quotaLog, 'utf8'), new RegExp(`^-u ${user.uid} -B 1000000000000 /lustre/ga$`, 'm'));
      const account = await db()
        .selectFrom('account')
        .selectAll()
        .where('application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(account.state, 'active');
      const certificate = await db()
        .selectFrom('registration_certificate')
        .selectAll()
        .where('account_id', '=', account.id)
        .executeTakeFirstOrThrow();
      assert.ok(certificate.ready_at, 'the certificate can be printed');
      assert.ok(!JSON.stringify(await db().selectFrom('job').selectAll().execute()).includes(password), 'not in jobs');
      const staffPage = await approver.get(`/staff/applications/${a.id}`);
      assert.match(
        staffPage.html,
        new RegExp(`General analysis: ${user.uid} \\(UID 20000\\), group suzuki-lab \\(GID 40000\\) – active`),
      );

      // The same job again (a retry after a crash): the same user, number and password, nothing twice.
      await db().updateTable('application').set({ state: 'approved' }).where('id', '=', a.id).execute();
      await enqueueJob(db(), { kind: PROVISION_JOB, payload: { applicationId: a.id } });
      await drainJobs(app);
      assert.equal(await stateOf(a.id), 'provisioned');
      assert.deepEqual(await ga().getUser(user.uid), user);
      assert.equal(await ga().authenticate(user.uid, password), true);
      assert.equal((await ga().listUsers()).filter((u) => u.uid === user.uid).length, 1);
      const numbers = await db().selectFrom('posix_id').select(['kind', 'number', 'name']).orderBy('number').execute();
      assert.deepEqual(
        numbers,
        [
          { kind: 'uid', number: 20000, name: user.uid },
          { kind: 'gid', number: 40000, name: 'suzuki-lab' },
        ].sort((x, y) => x.number - y.number),
      );
    });

    it('joins the responsible person’s existing group, and skips numbers taken outside sc-account', async () => {
      await ga().ensureGroup({ cn: 'tanaka-grp', gidNumber: 40500 });
      await ga().ensureUser({
        uid: 'legacy',
        uidNumber: 20001,
        gidNumber: 40500,
        givenName: '',
        sn: 'Legacy',
        cn: 'Legacy',
        mail: '',
        homeDirectory: '/home/legacy',
        loginShell: '/bin/bash',
      });
      const a = await ready({ responsible: { groupName: 'tanaka-grp' } });
      const page = await approver.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /name="group"[^>]*value="tanaka-grp"/);
      assert.match(page.html, /The group exists in the directory \(GID 40500\): the applicant joins it\./);
      assert.equal((await approve(approver, a)).status, 303);
      await drainJobs(app);
      const account = await db()
        .selectFrom('account')
        .selectAll()
        .where('application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(account.gid_number, 40500);
      assert.equal(account.uid_number, 20002, '20001 is taken by an entry made outside sc-account');
      assert.deepEqual((await ga().getGroup('tanaka-grp'))?.memberUid, [account.uid]);
      const found = await db().selectFrom('posix_id').selectAll().where('number', '=', 20001).executeTakeFirstOrThrow();
      assert.equal(found.source, 'found');
    });

    it('gives a PG applicant the -pg account too, with its own group, while PG takes applications', async () => {
      await db()
        .transaction()
        .execute((trx) => setServiceAcceptance(trx, 'pg', { accepting: true, since: new Date() }));
      const a = await ready({ account: { usePg: 'yes', pgStorage: '2', pgPaid: 'yes' } });
      assert.equal((await approve(approver, a, { group: 'pg-lab' })).status, 303);
      await drainJobs(app);
      const accounts = await db()
        .selectFrom('account')
        .select(['division', 'uid', 'group_name', 'state'])
        .where('application_id', '=', a.id)
        .orderBy('division')
        .execute();
      const ga = accounts[0]?.uid ?? '';
      assert.deepEqual(accounts, [
        { division: 'ga', uid: ga, group_name: 'pg-lab', state: 'active' },
        { division: 'pg', uid: `${ga}-pg`, group_name: 'pg-lab-pg', state: 'active' },
      ]);
      const pgUser = await app.server.directories.pg.getUser(`${ga}-pg`);
      assert.equal(pgUser?.homeDirectory, `/home/${ga}-pg`);
      assert.equal(await app.server.directories.ga.getUser(`${ga}-pg`), undefined, 'not in the GA directory');
      assert.equal(await app.server.directories.pg.authenticate(`${ga}-pg`, await initialPassword(a, 'pg')), true);
      assert.notEqual(await initialPassword(a, 'pg'), await initialPassword(a, 'ga'));
    });

    it('shows "provisioning failed" with the directory’s answer, and Retry finishes it once the cause is gone', async () => {
      const a = await ready();
      const uid = a.accountName;
      // Someone made an entry of that name outside sc-account, with another number.
      await ga().ensureUser({
        uid,
        uidNumber: 20900,
        gidNumber: 40900,
        givenName: '',
        sn: 'Other',
        cn: 'Someone else',
        mail: '',
        homeDirectory: `/home/${uid}`,
        loginShell: '/bin/sh',
      });
      assert.equal((await approve(approver, a, { group: 'conflict-lab' })).status, 303);
      for (const end = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 20))) {
        await app.server.worker.drain();
        const job = await db()
          .selectFrom('job')
          .select('state')
          .where('key', '=', provisionJobKey(a.id))
          .executeTakeFirstOrThrow();
        if (job.state === 'failed') break;
        assert.ok(Date.now() < end, 'the job fails after its tries');
      }
      assert.equal(await stateOf(a.id), 'approved');
      const page = await approver.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /Provisioning failed after 8 tries/);
      assert.match(page.html, new RegExp(`user ${uid} exists with uidNumber 20900`));
      assert.match(page.html, /Retry provisioning/);
      // Retry is the next action, the page's only primary button, in the status panel.
      assert.deepEqual(
        [...page.html.matchAll(/<button[^>]*class="button"[^>]*>([^<]*)</g)].map((m) => m[1]),
        ['Retry provisioning'],
      );
      assert.match(
        page.html,
        /<section class="status-panel"[\s\S]*?Creating the accounts failed 8 times[\s\S]*?<\/section>/,
      );
      // A reviewer may look but not retry.
      const asReviewer = await reviewer.get(`/staff/applications/${a.id}`);
      assert.doesNotMatch(asReviewer.html, /Retry provisioning/);
      assert.equal(
        (await reviewer.submit(asReviewer.html, `/staff/applications/${a.id}/provision/retry`, {})).status,
        403,
      );

      // The other entry is renamed away by an operator; Retry succeeds, and nothing was made twice.
      await db().deleteFrom('directory_user').where('uid', '=', uid).execute();
      const retried = await approver.submit(page.html, `/staff/applications/${a.id}/provision/retry`, {});
      assert.equal(retried.status, 303);
      assert.equal(retried.location, `/staff/applications/${a.id}?done=retry#provisioning`);
      await drainJobs(app);
      assert.equal(await stateOf(a.id), 'provisioned');
      assert.equal((await ga().getUser(uid))?.cn, 'Taro YAMADA');
      assert.deepEqual((await ga().getGroup('conflict-lab'))?.memberUid, [uid]);
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', `application:${a.id}`)
        .execute();
      assert.ok(audit.some((r) => r.action === 'application.provisioning.retried'));
    });
  });
}

describe('names and numbers that were in the directory before sc-account [pglite]', () => {
  const suite = useReviewApp('pglite', { env: { UID_RANGE: '20000-20999', GID_RANGE: '40000-40999' }, retryBaseMs: 5 });
  const db = () => suite.app.server.database.db;
  const imported = (division: 'ga' | 'pg', name: string, number: number) =>
    db().insertInto('posix_id').values({ division, kind: 'uid', number, name, source: 'import' }).execute();

  it('never hands an imported user to a new account, and a high imported number does not use up the range', async () => {
    await imported('ga', 'legacy1', 20998);
    const next = await allocatePosixId(db(), {
      division: 'ga',
      kind: 'uid',
      name: 'fresh',
      range: { first: 20000, last: 20999 },
      inDirectory: async () => undefined,
    });
    assert.equal(next, 20000);
    await assert.rejects(
      allocatePosixId(db(), {
        division: 'ga',
        kind: 'uid',
        name: 'legacy1',
        range: { first: 20000, last: 20999 },
        inDirectory: async () => undefined,
      }),
      ForeignNameError,
    );
  });

  it('refuses a name whose PG twin is taken, on the form and again at approval', async () => {
    await imported('pg', 'carol-pg', 20997);
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'carol@univ.example.ac.jp');
    await assert.rejects(completeSteps(person, { account: { accountName: 'carol' } }), /already taken/);
    // Taken after the application was sent (an import meanwhile): the approval is refused.
    const a = await submitApplication(suite.app);
    await pledgeSigned(suite.app, suite.reviewer, a);
    await imported('ga', a.accountName, 20996);
    const refused = await approve(suite.approver, a);
    assert.equal(refused.status, 409);
    assert.match(refused.html, new RegExp(`The account name ${a.accountName} has been taken in the directory`));
  });

  it('prints no certificate while one of the accounts is still failing', async () => {
    await db()
      .transaction()
      .execute((trx) => setServiceAcceptance(trx, 'pg', { accepting: true, since: new Date() }));
    const a = await submitApplication(suite.app, { account: { usePg: 'yes', pgStorage: '2', pgPaid: 'yes' } });
    // The PG directory has someone else's entry of that name: GA succeeds, PG fails.
    await suite.app.server.directories.pg.ensureUser({
      uid: `${a.accountName}-pg`,
      uidNumber: 20990,
      gidNumber: 40990,
      givenName: '',
      sn: 'Other',
      cn: 'Other',
      mail: '',
      homeDirectory: '/home/other',
      loginShell: '/bin/sh',
    });
    await pledgeSigned(suite.app, suite.reviewer, a);
    assert.equal((await approve(suite.approver, a, { group: 'half-lab' })).status, 303);
    await drainJobs(suite.app, 300);
    const accounts = await db()
      .selectFrom('account')
      .select(['division', 'state'])
      .where('application_id', '=', a.id)
      .orderBy('division')
      .execute();
    assert.deepEqual(accounts, [
      { division: 'ga', state: 'active' },
      { division: 'pg', state: 'provisioning' },
    ]);
    const list = await suite.approver.get('/staff/certificates');
    assert.ok(!list.html.includes(a.reference), 'not listed while provisioning goes on');
    assert.equal((await suite.approver.download(`/staff/applications/${a.id}/certificate.pdf`)).status, 404);
    const batch = await suite.approver.submit(list.html, '/staff/certificates/batches', {});
    assert.equal(batch.location, '/staff/certificates', 'nothing to print');
  });
});
