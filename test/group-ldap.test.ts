// A workshop's accounts in a real OpenLDAP on a real PostgreSQL: participants invited
// and answering their links, the group approved into a workshop group and its
// participants approved in bulk; ldapsearch shows each user with their SSH key in the
// workshop's UNIX group, and the initial password binds. With the clock moved past
// the end date, the accounts lock here and in the directory: the password no longer
// binds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, centreDayOf, centreDayStart } from '../src/domain/fiscal-calendar.js';
import { GROUP_END_JOB, groupJobHandlers } from '../src/jobs/handlers/groups.js';
import type { JobHandler } from '../src/jobs/worker.js';
import {
  addParticipants,
  answerInvitation,
  approveParticipants,
  createGroup,
  decideGroup,
  signGroupPledge,
  submitGroup,
} from '../src/services/group-accounts.js';
import { provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { ed25519 } from './helpers/group.js';
import { createTestDatabase } from './helpers/postgres.js';
import { drainJobs } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';

describe('a workshop in OpenLDAP', () => {
  let slapd: TestSlapd;
  let app: TestApp;
  let person: TestAccount;
  let groupId = 0;
  before(async () => {
    slapd = await startSlapd();
    app = await startTestApp({
      env: {
        DATABASE_URL: await createTestDatabase(),
        ...slapd.env,
        UID_RANGE: '21000-21999',
        GID_RANGE: '41000-41999',
        RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
      },
    });
    [person] = (await provisionedAccounts(app, 1)) as [TestAccount];
    await app.server.database.db
      .updateTable('responsible_person')
      .set({ same_as_applicant: true })
      .where('application_id', '=', person.applicationId)
      .execute();
  });
  after(async () => {
    await app.close();
    await slapd.stop();
  });
  const db = () => app.server.database.db;
  const deps = () => ({
    db: db(),
    outbox: app.server.app.deps.outbox,
    baseUrl: app.server.app.deps.config.baseUrl,
    pokeJobs: () => app.server.worker.poke(),
    freeMailDomains: async () => [],
  });
  const search = (filter: string, ...attributes: string[]) =>
    slapd.ldap('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-b', slapd.baseDn, filter, ...attributes]);

  it('participants approved in bulk are users in the workshop group with their keys; the initial password binds', async () => {
    const responsibleGroup = (
      await db().selectFrom('account').select('group_name').where('id', '=', person.id).executeTakeFirstOrThrow()
    ).group_name;
    const today = centreDayOf(new Date());
    const made = await createGroup(
      deps(),
      person.id,
      {
        title: 'Variant calling workshop',
        kind: 'workshop',
        purpose: 'Two days of hands-on training',
        startsOn: today,
        endsOn: addDays(today, 5),
        responsibleGroup,
        needsScreening: false,
      },
      'en',
    );
    assert.ok(made.ok);
    groupId = made.group.id;
    const rows = [1, 2, 3].map((i) => [`Family${i}`, `Given${i}`, `ws${i}@univ.example.ac.jp`]);
    const added = await addParticipants(deps(), person.id, groupId, { rows }, 'en');
    assert.ok(added.ok && added.added === 3);
    const terms = await db()
      .selectFrom('terms_text')
      .select('version')
      .where('kind', '=', 'terms_of_use')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    for (const i of [1, 2, 3]) {
      const [mail] = await mailsTo(app, `ws${i}@univ.example.ac.jp`);
      const token = /group-invitation\?token=([A-Za-z0-9_-]+)/.exec(String(mail?.text))?.[1];
      assert.ok(token);
      const answered = await answerInvitation(deps(), token, {
        accountName: `wsldap${i}`,
        sshKey: ed25519(i),
        terms: true,
        termsVersion: terms.version,
      });
      assert.deepEqual(answered, { ok: true });
    }
    assert.deepEqual(
      await signGroupPledge(deps(), person.id, groupId, ['supervise', 'terms', 'eligibility', 'end'], 'pledge'),
      { ok: true },
    );
    assert.ok((await submitGroup(deps(), person.id, groupId)).ok);
    const group = await db()
      .selectFrom('group_account')
      .selectAll()
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    const decided = await decideGroup(deps(), 'staff:1', groupId, {
      version: group.version,
      decision: 'approved',
      unixGroup: 'ws-variant',
      handout: 'post',
    });
    assert.ok(decided.ok);
    assert.deepEqual(await approveParticipants(deps(), 'staff:1', groupId, 'confirmed'), {
      ok: true,
      approved: 3,
      skipped: [],
    });
    await drainJobs(app);
    const groupEntry = search('(cn=ws-variant)', 'memberUid', 'gidNumber');
    for (const i of [1, 2, 3]) assert.match(groupEntry, new RegExp(`memberUid: wsldap${i}`));
    const gid = /gidNumber: (\d+)/.exec(groupEntry)?.[1];
    const user = search('(uid=wsldap2)', 'sshPublicKey', 'gidNumber');
    assert.match(user, new RegExp(`gidNumber: ${gid}`));
    assert.ok(user.includes(`sshPublicKey: ${ed25519(2)}`), user);
    // The certificates wait for one print batch of the group.
    const sealed = await db()
      .selectFrom('registration_certificate as c')
      .innerJoin('account', 'account.id', 'c.account_id')
      .select(['account.uid', 'c.sealed_password'])
      .where('account.uid', '=', 'wsldap2')
      .executeTakeFirstOrThrow();
    const password = app.server.app.deps.passwords.open(sealed.sealed_password as Uint8Array);
    assert.equal(slapd.binds('wsldap2', password), true);
  });

  it('after the end date the accounts lock in the directory: the password no longer binds', async () => {
    const group = await db()
      .selectFrom('group_account')
      .selectAll()
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    const handlers = groupJobHandlers({
      db: db(),
      outbox: app.server.app.deps.outbox,
      baseUrl: app.server.app.deps.config.baseUrl,
      now: () => centreDayStart(addDays(group.ends_on, 1), 0),
    });
    await (handlers[GROUP_END_JOB] as JobHandler)({ id: 0, payload: {} } as never);
    await drainJobs(app);
    const sealed = await db()
      .selectFrom('registration_certificate as c')
      .innerJoin('account', 'account.id', 'c.account_id')
      .select(['account.uid', 'account.state', 'c.sealed_password'])
      .where('account.uid', '=', 'wsldap2')
      .executeTakeFirstOrThrow();
    assert.equal(sealed.state, 'locked');
    const password = app.server.app.deps.passwords.open(sealed.sealed_password as Uint8Array);
    assert.equal(slapd.binds('wsldap2', password), false);
    const ended = await db()
      .selectFrom('group_account')
      .select('state')
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    assert.equal(ended.state, 'ended');
  });
});
