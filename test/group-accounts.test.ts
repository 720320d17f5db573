// Group and workshop accounts as use cases, on PGlite and PostgreSQL: a workshop of 40
// from a CSV with 5 bad rows (fixed and sent again), participants answering their
// one-time links, the responsible person's pledge, staff's review and bulk approval,
// provisioning into the group's UNIX group with each participant's key, the initial
// passwords' sheet (once), the end date's mails and lock with the clock moved, one
// extension, and the deletion list.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { calendarLookup } from '../src/db/settings.js';
import { createEmbeddedDirectory } from '../src/directory/embedded-directory.js';
import { addDays, centreDayOf, centreDayStart, fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { GROUP_END_JOB, groupJobHandlers } from '../src/jobs/handlers/groups.js';
import { PROVISION_JOB, provisionJobHandlers } from '../src/jobs/handlers/provision.js';
import type { JobHandler } from '../src/jobs/worker.js';
import { createOutbox } from '../src/mail/outbox.js';
import { createQuotaSetter } from '../src/quota/quota-setter.js';
import { createSecretBox } from '../src/secret-box.js';
import {
  addParticipants,
  answerInvitation,
  approveParticipants,
  createGroup,
  decideGroup,
  findInvitation,
  type GroupInput,
  refuseParticipant,
  remindParticipant,
  removeParticipant,
  signGroupPledge,
  submitGroup,
} from '../src/services/group-accounts.js';
import { decideExtension, openPasswordSheet, requestExtension } from '../src/services/group-lifecycle.js';
import { forEachDatabase } from './helpers/databases.js';
import { ed25519 } from './helpers/group.js';
import { seedPlanGroup } from './helpers/plan-group.js';

const reviewer = 'staff:2';
const baseUrl = new URL('https://sc.example.jp/');

/** A CSV of `n` participants (lines 2…n+1 after the header). */
const csvOf = (rows: string[][]) =>
  ['family name,given name,e-mail,institution', ...rows.map((r) => r.join(','))].join('\r\n');
const person = (i: number) => [`Family${i}`, `Given${i}`, `p${i}@univ.example.ac.jp`, 'Example University'];

forEachDatabase('group and workshop accounts', (handle) => {
  const outbox = createOutbox({ from: 'sc@centre.example.jp', baseUrl });
  const deps = () => ({
    db: handle().db,
    outbox,
    baseUrl,
    pokeJobs: () => {},
    freeMailDomains: async () => ['gmail.com'],
  });
  const passwords = createSecretBox('x'.repeat(48), 'initial passwords');
  const mails = async (template: string) =>
    (await handle().db.selectFrom('job').select('payload').where('kind', '=', 'mail.send').orderBy('id').execute())
      .map((j) => j.payload as { template: string; message: { to: string; text: string; subject: string } })
      .filter((p) => p.template === template)
      .map((p) => p.message);
  const tokenFor = async (to: string) => {
    const sent = (await mails('groupInvitation')).filter((m) => m.to === to).at(-1);
    const match = sent && /\/group-invitation\?token=([A-Za-z0-9_-]+)/.exec(sent.text);
    assert.ok(match, `an invitation to ${to}`);
    return match[1] as string;
  };
  const runJobs = async (handlers: Record<string, JobHandler>, kind: string) => {
    const jobs = await handle()
      .db.selectFrom('job')
      .selectAll()
      .where('kind', '=', kind)
      .where('state', '=', 'queued')
      .orderBy('id')
      .execute();
    for (const job of jobs) {
      await (handlers[kind] as JobHandler)(job as never);
      await handle().db.updateTable('job').set({ state: 'done' }).where('id', '=', job.id).execute();
    }
    return jobs.length;
  };

  let responsible: { id: number; uid: string };
  let member: { id: number; uid: string };
  let groupId = 0;
  const today = centreDayOf(new Date());
  const details = (over: Partial<GroupInput> = {}): GroupInput => ({
    title: 'NGS analysis workshop 2026',
    kind: 'workshop',
    purpose: 'Hands-on training in variant calling for 40 graduate students.',
    startsOn: today,
    endsOn: addDays(today, 20),
    responsibleGroup: 'ngslab',
    needsScreening: false,
    ...over,
  });

  it('a holder who keeps the responsible person’s group applies; others may not; fields are checked', async () => {
    [responsible, member] = (await seedPlanGroup(handle(), 'ngslab', 2, '2026-04-01')) as [
      { id: number; uid: string },
      { id: number; uid: string },
    ];
    const refused = await createGroup(deps(), member.id, details(), 'en');
    assert.deepEqual(refused, { ok: false, problem: 'INVALID', fields: { responsibleGroup: 'not_yours' } });
    const bad = await createGroup(
      deps(),
      responsible.id,
      details({ title: '', startsOn: '2026-02-30', endsOn: addDays(today, -1) }),
      'en',
    );
    assert.deepEqual(bad, {
      ok: false,
      problem: 'INVALID',
      fields: { title: 'required', startsOn: 'not_a_day', endsOn: 'past' },
    });
    const made = await createGroup(deps(), responsible.id, details(), 'en');
    assert.ok(made.ok);
    groupId = made.group.id;
    assert.equal(made.group.state, 'draft');
  });

  it('a CSV of 40 with 5 bad rows: 35 invited, each bad row named; the 5 fixed and sent again', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => person(i + 1));
    rows[3] = ['Family4', 'Given4', 'not-an-address', ''];
    rows[9] = ['Family10', 'Given10', 'p1@univ.example.ac.jp', ''];
    rows[14] = ['Family15', 'Given15', 'someone@gmail.com', ''];
    rows[19] = ['=HYPERLINK("x")', 'Given20', 'p20@univ.example.ac.jp', ''];
    rows[24] = ['Family25', '', 'p25@univ.example.ac.jp', ''];
    const first = await addParticipants(deps(), responsible.id, groupId, { csv: csvOf(rows) }, 'en');
    assert.ok(first.ok);
    assert.equal(first.added, 35);
    const failed = first.rows.filter((r) => !r.ok);
    assert.deepEqual(
      failed.map((r) => (r.ok ? null : [r.line, r.field, r.problem])),
      [
        [4, 'email', 'not_an_address'],
        [10, 'email', 'duplicate'],
        [15, 'email', 'free_mail'],
        [20, 'familyName', 'formula'],
        [25, 'givenName', 'required'],
      ],
    );
    assert.equal((await mails('groupInvitation')).length, 35);
    // Fixed: a real address, another person, a reason for the free mail, a plain name, a given name.
    const fixed = [
      ['Family4', 'Given4', 'p4@univ.example.ac.jp', ''],
      ['Family10', 'Given10', 'p10@univ.example.ac.jp', ''],
      ['Family15', 'Given15', 'someone@gmail.com', '', 'Visiting student without a university address'],
      ['Family20', 'Given20', 'p20@univ.example.ac.jp', ''],
      ['Family25', 'Given25', 'p25@univ.example.ac.jp', ''],
    ];
    const again = await addParticipants(deps(), responsible.id, groupId, { csv: csvOf(fixed) }, 'ja');
    assert.ok(again.ok);
    assert.equal(again.added, 5);
    assert.ok(again.rows.every((r) => r.ok));
    // Sending the same rows a third time adds nobody: each is already in the group.
    const third = await addParticipants(deps(), responsible.id, groupId, { csv: csvOf(fixed) }, 'ja');
    assert.ok(third.ok);
    assert.equal(third.added, 0);
    assert.ok(third.rows.every((r) => !r.ok && r.problem === 'already_invited'));
    // One typed by hand whose address already holds an account is refused as such.
    const holderEmail = await handle()
      .db.selectFrom('application')
      .innerJoin('account', 'account.application_id', 'application.id')
      .select('application.email')
      .where('account.id', '=', member.id)
      .executeTakeFirstOrThrow();
    const typed = await addParticipants(
      deps(),
      responsible.id,
      groupId,
      { rows: [['Member', 'Existing', holderEmail.email]] },
      'en',
    );
    assert.ok(typed.ok);
    assert.deepEqual(
      typed.rows.map((r) => (r.ok ? 'ok' : r.problem)),
      ['already_holder'],
    );
    // The Japanese invitations are in Japanese first.
    const ja = (await mails('groupInvitation')).find((m) => m.to === 'p4@univ.example.ac.jp');
    assert.match(ja?.subject ?? '', /^NGS analysis workshop 2026 のアカウント/);
  });

  it('participants answer their one-time link: rules of the application, a name once, the link used up', async () => {
    const token1 = await tokenFor('p1@univ.example.ac.jp');
    assert.ok(await findInvitation(handle().db, token1));
    const bad = await answerInvitation(deps(), token1, {
      accountName: 'Root',
      sshKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----',
      terms: false,
    });
    assert.deepEqual(bad, {
      ok: false,
      problem: 'INVALID',
      fields: { accountName: 'ACCOUNT_NAME_INVALID_CHARACTERS', sshKey: 'PRIVATE_KEY', terms: 'TERMS_REQUIRED' },
    });
    const terms = await handle()
      .db.selectFrom('terms_text')
      .select('version')
      .where('kind', '=', 'terms_of_use')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const answer = (i: number) => ({
      accountName: `ws26p${i}`,
      sshKey: ed25519(i),
      terms: true,
      termsVersion: terms?.version ?? '',
    });
    assert.deepEqual(await answerInvitation(deps(), token1, answer(1)), { ok: true });
    // Used up.
    assert.equal(await findInvitation(handle().db, token1), undefined);
    assert.deepEqual(await answerInvitation(deps(), token1, answer(1)), { ok: false, problem: 'GONE' });
    // The name is claimed: another participant cannot take it.
    const token2 = await tokenFor('p2@univ.example.ac.jp');
    assert.deepEqual(await answerInvitation(deps(), token2, answer(1)), {
      ok: false,
      problem: 'INVALID',
      fields: { accountName: 'ACCOUNT_NAME_TAKEN' },
    });
    // 38 more answer; one (p40) does not, and one (p39) is removed by the person in charge.
    for (let i = 2; i <= 38; i++) {
      const address = i === 15 ? 'someone@gmail.com' : `p${i}@univ.example.ac.jp`;
      const outcome = await answerInvitation(deps(), await tokenFor(address), answer(i));
      assert.deepEqual(outcome, { ok: true }, `p${i}`);
    }
    const p39 = await handle()
      .db.selectFrom('group_participant')
      .select('id')
      .where('email', '=', 'p39@univ.example.ac.jp')
      .executeTakeFirstOrThrow();
    assert.deepEqual(await removeParticipant(deps(), responsible.id, groupId, p39.id), { ok: true });
    // p40 is reminded: a new link, the old one no longer works.
    const p40 = await handle()
      .db.selectFrom('group_participant')
      .select('id')
      .where('email', '=', 'p40@univ.example.ac.jp')
      .executeTakeFirstOrThrow();
    const old = await tokenFor('p40@univ.example.ac.jp');
    assert.deepEqual(await remindParticipant(deps(), responsible.id, groupId, p40.id), { ok: true });
    assert.equal(await findInvitation(handle().db, old), undefined);
    assert.notEqual(await tokenFor('p40@univ.example.ac.jp'), old);
  });

  it('sent, the pledge signed by the responsible person only, approved by staff once', async () => {
    const group = () =>
      handle().db.selectFrom('group_account').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
    const sent = await submitGroup(deps(), responsible.id, groupId);
    assert.ok(sent.ok);
    // Not signed yet: staff cannot approve.
    const early = await decideGroup(deps(), reviewer, groupId, {
      version: (await group()).version,
      decision: 'approved',
    });
    assert.deepEqual(early, { ok: false, problem: 'PLEDGE' });
    // A holder of the group who is not its responsible person cannot sign.
    assert.deepEqual(await signGroupPledge(deps(), member.id, groupId, ['supervise'], 'x'), {
      ok: false,
      problem: 'NOT_FOUND',
    });
    assert.deepEqual(await signGroupPledge(deps(), responsible.id, groupId, ['supervise', 'terms'], 'x'), {
      ok: false,
      problem: 'UNTICKED',
      missing: ['eligibility', 'end'],
    });
    assert.deepEqual(
      await signGroupPledge(deps(), responsible.id, groupId, ['supervise', 'terms', 'eligibility', 'end'], 'pledge'),
      { ok: true },
    );
    const approved = await decideGroup(deps(), reviewer, groupId, {
      version: (await group()).version,
      decision: 'approved',
      unixGroup: 'ws-ngs26',
      handout: 'sheet',
    });
    assert.ok(approved.ok);
    assert.equal(approved.group.unix_group, 'ws-ngs26');
    const decided = await mails('groupDecided');
    assert.equal(decided.length, 1);
    // Refusing a participant needs a reason in plain text.
    assert.deepEqual(await refuseParticipant(deps(), reviewer, groupId, 1, ' '), { ok: false, problem: 'REASON' });
    assert.deepEqual(await refuseParticipant(deps(), reviewer, 999_999, 1, 'x'), { ok: false, problem: 'NOT_FOUND' });
  });

  it('bulk approval: each confirmed participant provisioned into the workshop group with their key', async () => {
    const outcome = await approveParticipants(deps(), reviewer, groupId, 'confirmed');
    assert.deepEqual(outcome, { ok: true, approved: 38, skipped: [] });
    // A second run finds nobody left to approve.
    assert.deepEqual(await approveParticipants(deps(), reviewer, groupId, 'confirmed'), {
      ok: true,
      approved: 0,
      skipped: [],
    });
    const directory = createEmbeddedDirectory(handle().db);
    const handlers = provisionJobHandlers({
      db: handle().db,
      directories: { ga: directory, pg: directory },
      passwordSchemes: { ga: 'SSHA', pg: 'SSHA' },
      argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
      quota: createQuotaSetter(undefined),
      passwords,
      uidRange: { first: 30_000, last: 39_999 },
      gidRange: { first: 50_000, last: 59_999 },
      calendar: () => calendarLookup(handle().db, '01-04'),
    });
    assert.equal(await runJobs(handlers, PROVISION_JOB), 38);
    const group = await directory.getGroup('ws-ngs26');
    assert.ok(group);
    const user = await directory.getUser('ws26p7');
    assert.equal(user?.gidNumber, group.gidNumber);
    assert.deepEqual(user?.sshPublicKeys, [ed25519(7)]);
    const states = await handle()
      .db.selectFrom('group_participant')
      .select(['state'])
      .where('group_id', '=', groupId)
      .execute();
    const count = (s: string) => states.filter((r) => r.state === s).length;
    assert.deepEqual([count('provisioned'), count('invited'), count('removed')], [38, 1, 1]);
    // The sheet: every initial password once, then nothing; the hand-out is audited.
    const sheet = await openPasswordSheet({ ...deps(), passwords }, responsible.id, groupId);
    assert.ok(sheet.ok);
    assert.equal(sheet.rows.length, 38);
    const row = sheet.rows.find((r) => r.uid === 'ws26p7');
    assert.ok(row && (await directory.authenticate('ws26p7', row.password)));
    const second = await openPasswordSheet({ ...deps(), passwords }, responsible.id, groupId);
    assert.deepEqual(second, { ok: true, rows: [] });
    assert.deepEqual(await openPasswordSheet({ ...deps(), passwords }, 999_999, groupId), {
      ok: false,
      problem: 'NOT_FOUND',
    });
    const audit = await handle()
      .db.selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'group.passwords.handed_out')
      .execute();
    assert.equal(audit.length, 1);
  });

  it('one extension; mails 14 and 3 days ahead; after the end date the accounts lock and are listed for deletion', async () => {
    const group = () =>
      handle().db.selectFrom('group_account').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
    const endsOn = (await group()).ends_on;
    // Into the next fiscal year: the accounts are valid through it (no renewal is asked of them).
    const to = `${fiscalYearOf(centreDayStart(endsOn)) + 1}-05-31`;
    const validThrough = () =>
      handle()
        .db.selectFrom('account')
        .innerJoin('application', 'application.id', 'account.application_id')
        .select('account.valid_through')
        .where('application.group_account_id', '=', groupId)
        .execute();
    const before = await validThrough();
    assert.ok(before.every((a) => (a.valid_through ?? 0) >= fiscalYearOf(centreDayStart(endsOn))));
    const asked = await requestExtension(deps(), responsible.id, groupId, { to, reason: 'Two more sessions' });
    assert.deepEqual(asked, { ok: true });
    assert.deepEqual(
      await requestExtension(deps(), responsible.id, groupId, { to: addDays(endsOn, 20), reason: 'Again' }),
      {
        ok: false,
        problem: 'ASKED',
      },
    );
    assert.deepEqual(
      await decideExtension(deps(), reviewer, groupId, { version: (await group()).version, decision: 'approved' }),
      { ok: true },
    );
    const end = (await group()).ends_on;
    assert.equal(end, to);
    assert.ok((await validThrough()).every((a) => a.valid_through === fiscalYearOf(centreDayStart(to))));

    let clock = centreDayStart(addDays(end, -14), 1);
    const handlers = groupJobHandlers({ db: handle().db, outbox, baseUrl, now: () => clock });
    const run = () => (handlers[GROUP_END_JOB] as JobHandler)({ id: 0, payload: {} } as never);
    await run();
    await run();
    // 38 participants and the person in charge, once however often the job runs.
    assert.equal((await mails('groupEnding')).length, 39);
    clock = centreDayStart(addDays(end, -3), 1);
    await run();
    assert.equal((await mails('groupEnding')).length, 78);
    clock = centreDayStart(end, 23);
    await run();
    assert.equal((await group()).state, 'approved');
    clock = centreDayStart(addDays(end, 1), 0);
    await run();
    assert.equal((await group()).state, 'ended');
    const accounts = await handle()
      .db.selectFrom('account')
      .innerJoin('application', 'application.id', 'account.application_id')
      .select(['account.state', 'account.locked_reason'])
      .where('application.group_account_id', '=', groupId)
      .execute();
    assert.equal(accounts.length, 38);
    assert.ok(accounts.every((a) => a.state === 'locked' && a.locked_reason === 'group_ended'));
    assert.equal((await mails('groupEnded')).length, 39);
    const locks = await handle().db.selectFrom('job').select('id').where('kind', '=', 'account.lock').execute();
    assert.ok(locks.length >= 38);
    // The year's deletion list takes them (once).
    const { listHomeDeletions } = await import('../src/db/renewal.js');
    const listed = await handle()
      .db.transaction()
      .execute((trx) => listHomeDeletions(trx, 2027));
    assert.equal(listed.length, 38);
  });
});
