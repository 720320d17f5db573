// Usage plans, prices and charges as use cases, on PGlite and PostgreSQL: who may file
// a plan, the checks on it (the group's users, the catalogue, the suspension of GA
// large-scale storage), staff decisions and the quota ledger they leave, and the
// statements and estimates worked out from that ledger with the 2025 price list.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { createEmbeddedDirectory } from '../src/directory/embedded-directory.js';
import { centreDayStart } from '../src/domain/fiscal-calendar.js';
import { QUOTA_JOB, quotaJobHandlers } from '../src/jobs/handlers/quota.js';
import type { JobHandler } from '../src/jobs/worker.js';
import { createOutbox } from '../src/mail/outbox.js';
import { createQuotaSetter } from '../src/quota/quota-setter.js';
import { allStatements, estimateUsagePlan, groupStatement } from '../src/services/billing.js';
import { putCatalogueService, setBillingBundle, setPriceRevision } from '../src/services/prices.js';
import { quotaDrifts, reconcileDivision } from '../src/services/reconcile.js';
import {
  decideUsagePlan,
  fileUsagePlan,
  type PlanInput,
  setLargeScale,
  setPlanAlert,
  setPlanDelegate,
  withdrawUsagePlan,
} from '../src/services/usage-plans.js';
import { forEachDatabase } from './helpers/databases.js';
import { seedPlanGroup } from './helpers/plan-group.js';

const admin = 'staff:1';
const reviewer = 'staff:2';
const at = (day: string, hour = 10) => centreDayStart(day, hour);

// A file system's quota commands, as scripts: `set` logs each call and keeps the
// quota; `used` prints what a test put in used-<scope>-<target>-<storage> (else 0).
const fsDir = mkdtempSync(join(tmpdir(), 'sc-quota-'));
after(() => rmSync(fsDir, { recursive: true, force: true }));
const setScript = join(fsDir, 'set');
const usedScript = join(fsDir, 'used');
writeFileSync(setScript, `#!/bin/sh\necho "$1 $2 $3 $4" >> ${fsDir}/log\n`);
writeFileSync(usedScript, `#!/bin/sh\ncat ${fsDir}/used-$1-$2-$3 2>/dev/null || echo 0\n`);
chmodSync(setScript, 0o755);
chmodSync(usedScript, 0o755);
const quota = createQuotaSetter(
  [setScript, '{scope}', '{target}', '{storage}', '{bytes}'],
  [usedScript, '{scope}', '{target}', '{storage}'],
);
const setCalls = () => {
  const file = join(fsDir, 'log');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
  rmSync(file, { force: true });
  return lines;
};
const TB = 10 ** 12;

const prices2025 = {
  fiscalYear: 2025,
  startsOn: '2025-04-01',
  gaFreeTenths: 300,
  storage: { ga: 40_000, pg: 60_000, archive: 10_000 },
  services: {},
  taxPercent: 10,
};

const plan = (over: Partial<PlanInput> = {}): PlanInput => ({
  purpose: 'Whole-genome assemblies of 300 rice accessions',
  relatedItems: 'JSPS KAKENHI 25H00001',
  from: '2025-10-01',
  to: '2026-03-31',
  storage: [],
  services: [],
  ...over,
});

/** Staff approve a version as last read, on `day`. */
const approve = (
  d: Parameters<typeof decideUsagePlan>[0],
  version: { id: number; row_version: number },
  day: string,
  extra: { confirmLower?: boolean } = {},
) =>
  decideUsagePlan(
    d,
    reviewer,
    version.id,
    { rowVersion: version.row_version, decision: 'approved', ...extra },
    at(day),
  );

forEachDatabase('usage plans and charges', (handle) => {
  const outbox = createOutbox({ from: 'sc@centre.example.jp', baseUrl: new URL('https://sc.example.jp/') });
  const deps = () => ({ db: handle().db, pokeJobs: () => {}, outbox, baseUrl: new URL('https://sc.example.jp/') });
  const audited = (action: string) =>
    handle().db.selectFrom('audit_log').select(['subject', 'details']).where('action', '=', action).execute();

  it('prices: the first of a year from April 1, later ones dated from today on, services from the catalogue', async () => {
    const d = deps();
    const refused = await setPriceRevision(d, admin, { ...prices2025, startsOn: '2025-05-01' }, at('2025-03-01'));
    assert.deepEqual(refused, { ok: false, fields: { startsOn: 'first_not_april' } });
    assert.deepEqual(await setPriceRevision(d, admin, { ...prices2025, startsOn: '2026-04-01' }, at('2025-03-01')), {
      ok: false,
      fields: { startsOn: 'outside_fiscal_year' },
    });
    assert.deepEqual(await setPriceRevision(d, admin, { ...prices2025, services: { gpu_node: 1 } }, at('2025-03-01')), {
      ok: false,
      fields: { services: 'unknown_service' },
    });
    await putCatalogueService(d, admin, {
      code: 'priority_node',
      nameJa: '優先利用ノード',
      nameEn: 'Priority node',
      unitJa: '台',
      unitEn: 'node',
    });
    const set = await setPriceRevision(
      d,
      admin,
      { ...prices2025, services: { priority_node: 1_200_000 } },
      at('2025-03-01'),
    );
    assert.deepEqual(set, { ok: true });
    // Prices in force are history: a revision must start today or later.
    assert.deepEqual(await setPriceRevision(d, admin, { ...prices2025, startsOn: '2025-06-01' }, at('2025-07-01')), {
      ok: false,
      fields: { startsOn: 'in_the_past' },
    });
    assert.equal((await audited('billing.prices.set')).length, 1);
    assert.equal((await audited('billing.catalogue.set')).length, 1);
  });

  it('a plan is filed by the responsible person or a delegate, and checked against the group', async () => {
    const d = deps();
    const [person, user, other] = await seedPlanGroup(handle(), 'tanaka-lab', 3, '2025-04-01');
    assert.ok(person && user && other);
    // Someone else's group, or a user who is not the responsible person: not theirs to file.
    assert.deepEqual(await fileUsagePlan(d, user.id, 'tanaka-lab', plan(), at('2025-09-01')), {
      ok: false,
      problem: 'NOT_ALLOWED',
    });
    const bad = await fileUsagePlan(
      d,
      person.id,
      'tanaka-lab',
      plan({
        purpose: ' ',
        from: '2025-10-01',
        to: '2026-04-30',
        storage: [
          { scope: 'user', subject: 'stranger', kind: 'ga', tenths: 10 },
          { scope: 'user', subject: user.uid, kind: 'pg', tenths: 20 },
          { scope: 'user', subject: user.uid.toUpperCase(), kind: 'pg', tenths: 30 },
        ],
        services: [{ code: 'nothing_like_it', quantity: 1 }],
      }),
      at('2025-09-01'),
    );
    assert.deepEqual(bad, {
      ok: false,
      problem: 'INVALID',
      fields: {
        purpose: 'required',
        to: 'outside_fiscal_year',
        'storage.0': 'not_in_group',
        // New PG use is closed (since 2022-05-13) and the group has no PG account.
        'storage.1': 'pg_suspended',
        'storage.2': 'duplicate',
        'services.0': 'unknown_service',
      },
    });
    // More than 1 TB of GA per user while new large-scale use is suspended (since 2022-05-13).
    const big = plan({ storage: [{ scope: 'user', subject: user.uid, kind: 'ga', tenths: 200 }] });
    assert.deepEqual(await fileUsagePlan(d, person.id, 'tanaka-lab', big, at('2025-09-01')), {
      ok: false,
      problem: 'INVALID',
      fields: { storage: 'suspended' },
    });
    // A group that was a large-scale user before is not turned away.
    await setLargeScale(d, admin, 'tanaka-lab', true);
    const filed = await fileUsagePlan(d, person.id, 'tanaka-lab', big, at('2025-09-01'));
    assert.equal(filed.ok, true);
    // A delegate may keep it too; a new version supersedes the one waiting.
    assert.deepEqual(await setPlanDelegate(d, person.id, 'tanaka-lab', other.uid, true), { ok: true });
    const second = await fileUsagePlan(d, other.id, 'tanaka-lab', big, at('2025-09-02'));
    assert.ok(second.ok && filed.ok);
    assert.equal(second.version.number, 2);
    const first = await handle()
      .db.selectFrom('usage_plan_version')
      .select('state')
      .where('id', '=', filed.version.id)
      .executeTakeFirstOrThrow();
    assert.equal(first.state, 'superseded');
    assert.deepEqual(await withdrawUsagePlan(d, other.id, second.version.id), { ok: true });
    assert.deepEqual(await withdrawUsagePlan(d, other.id, second.version.id), { ok: false, problem: 'CONFLICT' });
    assert.equal((await audited('usage_plan.filed')).length, 2);
  });

  it('approval sets the ledger from its day; the charges follow it, prorated, with the 30 TB allowance', async () => {
    const d = deps();
    const [person, u1, u2] = await seedPlanGroup(handle(), 'sato-lab', 3, '2025-04-01');
    assert.ok(person && u1 && u2);
    await setLargeScale(d, admin, 'sato-lab', true);
    const filed = await fileUsagePlan(
      d,
      person.id,
      'sato-lab',
      plan({
        storage: [
          { scope: 'user', subject: u1.uid, kind: 'ga', tenths: 200 },
          { scope: 'user', subject: u2.uid, kind: 'ga', tenths: 150 },
        ],
      }),
      at('2025-09-20'),
    );
    assert.ok(filed.ok);
    // Before approval: the estimate. This year from October 1: 36 TB (two plan quotas and
    // the person's own 1 TB) − 30 TB free = one block for 182 of 365 days.
    const estimate = await estimateUsagePlan(handle().db, 'sato-lab', filed.version.content, at('2025-09-20'));
    assert.ok(estimate.ok);
    assert.equal(estimate.value.thisYear.subtotal, 19_945);
    assert.equal(estimate.value.fullYear.subtotal, 40_000);

    const stale = await decideUsagePlan(d, reviewer, filed.version.id, { rowVersion: 0, decision: 'approved' });
    assert.deepEqual(stale, { ok: false, problem: 'CONFLICT' });
    const noReason = await decideUsagePlan(d, reviewer, filed.version.id, {
      rowVersion: filed.version.row_version,
      decision: 'changes_requested',
    });
    assert.deepEqual(noReason, { ok: false, problem: 'INVALID', fields: { message: 'required' } });
    const approved = await approve(d, filed.version, '2025-10-01');
    assert.ok(approved.ok);
    assert.equal(approved.version.state, 'approved');
    // The holder who sent it is mailed the decision.
    const mails = await handle().db.selectFrom('job').select('payload').where('kind', '=', 'mail.send').execute();
    const decided = mails.map((m) => m.payload as { template: string; message: { text: string } });
    assert.ok(decided.some((m) => m.template === 'planDecided' && m.message.text.includes('sato-lab')));

    const statement = await groupStatement(handle().db, 'sato-lab', 2025);
    assert.ok(statement.ok);
    assert.deepEqual(
      statement.value.statement.lines.map((l) => [l.from, l.to, l.quantity, l.units, l.amount, l.zero ?? '']),
      [
        ['2025-04-01', '2025-09-30', 30, 0, 0, 'free_allowance'],
        ['2025-10-01', '2026-03-31', 360, 1, 19_945, ''],
      ],
    );
    assert.equal(statement.value.statement.total, 19_945 + 1_994);

    // An alert amount below the projected charges: the person and the centre are mailed, once.
    const alerting = { ...d, contactEmail: 'sc@centre.example.jp' };
    assert.deepEqual(await setPlanAlert(alerting, person.id, 'sato-lab', 20_000, at('2025-10-02')), { ok: true });
    assert.deepEqual(await setPlanAlert(alerting, person.id, 'sato-lab', 20_000, at('2025-10-03')), { ok: true });
    const alerts = (await handle().db.selectFrom('job').select('payload').where('kind', '=', 'mail.send').execute())
      .map((m) => m.payload as { template: string; message: { to: string; text: string } })
      .filter((m) => m.template === 'planAlert');
    assert.equal(alerts.length, 2);
    assert.ok(alerts.some((m) => m.message.to === 'sc@centre.example.jp'));
    assert.ok(alerts.every((m) => /21,939/.test(m.message.text) && /20,000/.test(m.message.text)));
    // Above the projection: nothing more.
    assert.deepEqual(await setPlanAlert(alerting, person.id, 'sato-lab', 30_000, at('2025-10-03')), { ok: true });
    const after = await handle().db.selectFrom('job').select('payload').where('kind', '=', 'mail.send').execute();
    assert.equal(after.filter((m) => (m.payload as { template: string }).template === 'planAlert').length, 2);

    // A later version lowers u1 from January 1: the old quota ends the day before.
    const lower = await fileUsagePlan(
      d,
      person.id,
      'sato-lab',
      plan({ from: '2026-01-01', storage: [{ scope: 'user', subject: u1.uid, kind: 'ga', tenths: 100 }] }),
      at('2025-12-01'),
    );
    assert.ok(lower.ok);
    const done = await approve(d, lower.version, '2025-12-05');
    assert.ok(done.ok);
    const ledger = await handle()
      .db.selectFrom('storage_quota')
      .select(['subject', 'tenths', 'starts_on', 'ends_on'])
      .orderBy('id')
      .execute();
    const mine = ledger.filter((r) => r.subject === u1.uid || r.subject === u2.uid);
    assert.deepEqual(
      mine.map((r) => [r.subject === u1.uid ? 'u1' : 'u2', r.tenths, r.starts_on, r.ends_on]),
      [
        ['u1', 200, '2025-10-01', '2025-12-31'],
        ['u2', 150, '2025-10-01', '2025-12-31'],
        ['u1', 100, '2026-01-01', null],
      ],
    );
    const first = await handle()
      .db.selectFrom('usage_plan_version')
      .select('state')
      .where('id', '=', filed.version.id)
      .executeTakeFirstOrThrow();
    assert.equal(first.state, 'superseded');
    assert.equal((await audited('usage_plan.approved')).length, 2);
  });

  it('quotas follow the approved plan by an idempotent job; lowering below what is in use needs staff to confirm', async () => {
    const d = { ...deps(), quota };
    const [person, u1] = await seedPlanGroup(handle(), 'mori-lab', 2, '2025-04-01');
    assert.ok(person && u1);
    await setLargeScale(d, admin, 'mori-lab', true);
    const runJob = (day: string) =>
      (quotaJobHandlers({ db: handle().db, quota, now: () => at(day) })[QUOTA_JOB] as JobHandler)({
        payload: { group: 'mori-lab' },
      } as never);
    const filed = await fileUsagePlan(
      d,
      person.id,
      'mori-lab',
      plan({
        storage: [
          { scope: 'user', subject: u1.uid, kind: 'ga', tenths: 200 },
          { scope: 'group', subject: '', kind: 'archive', tenths: 500 },
        ],
      }),
      at('2025-09-20'),
    );
    assert.ok(filed.ok);
    const approved = await approve(d, filed.version, '2025-10-01');
    assert.ok(approved.ok);
    const job = await handle()
      .db.selectFrom('job')
      .select(['kind', 'key'])
      .where('key', '=', `quota:mori-lab:${filed.version.id}`)
      .executeTakeFirst();
    assert.equal(job?.kind, QUOTA_JOB);
    // Until the job has run, reconcile reports the quotas as never set.
    const pending = await quotaDrifts(handle().db, 'ga', at('2025-10-01'));
    assert.deepEqual(
      pending.filter((q) => q.group === 'mori-lab').map((q) => [q.scope, q.kind, q.expectedBytes, q.appliedBytes]),
      [
        ['user', 'ga', TB, null],
        ['user', 'ga', 20 * TB, null],
        ['group', 'archive', 50 * TB, null],
      ],
    );
    await runJob('2025-10-01');
    assert.deepEqual(
      (await quotaDrifts(handle().db, 'ga', at('2025-10-01'))).filter((q) => q.group === 'mori-lab'),
      [],
    );
    assert.deepEqual(setCalls().sort(), [
      `group mori-lab archive ${50 * TB}`,
      `user ${person.uid} ga ${TB}`,
      `user ${u1.uid} ga ${20 * TB}`,
    ]);
    await runJob('2025-10-02');
    assert.deepEqual(setCalls(), [], 'a second run sets nothing already set');

    // 15 TB in use: a version that lowers u1 to 10 TB (and drops the archive) is held.
    writeFileSync(join(fsDir, `used-user-${u1.uid}-ga`), String(15 * TB));
    const lower = await fileUsagePlan(
      d,
      person.id,
      'mori-lab',
      plan({ storage: [{ scope: 'user', subject: u1.uid, kind: 'ga', tenths: 100 }] }),
      at('2025-11-01'),
    );
    assert.ok(lower.ok);
    const held = await approve(d, lower.version, '2025-11-02');
    assert.deepEqual(held, {
      ok: false,
      problem: 'BELOW_USAGE',
      lowered: [
        { scope: 'user', subject: u1.uid, kind: 'ga', fromBytes: 20 * TB, toBytes: 10 * TB, usedBytes: 15 * TB },
      ],
    });
    const confirmed = await approve(d, lower.version, '2025-11-02', { confirmLower: true });
    assert.ok(confirmed.ok);
    await runJob('2025-11-02');
    assert.deepEqual(setCalls().sort(), [`group mori-lab archive 0`, `user ${u1.uid} ga ${10 * TB}`]);
    const applied = await handle()
      .db.selectFrom('applied_quota')
      .select(['scope', 'subject', 'kind', 'bytes', 'via'])
      .where('group_name', '=', 'mori-lab')
      .orderBy('subject')
      .execute();
    assert.equal(applied.length, 3);
    assert.ok(applied.every((a) => a.via === 'command'));
    // Someone changed a quota behind sc-account's back: reconcile tells, and --fix queues the job.
    await handle().db.updateTable('applied_quota').set({ bytes: 7 }).where('subject', '=', u1.uid).execute();
    const drift = await reconcileDivision(handle().db, createEmbeddedDirectory(handle().db), 'ga', {
      fix: true,
      actor: 'cli',
      now: at('2025-11-03'),
    });
    assert.ok(drift.quotas.some((q) => q.subject === u1.uid && q.appliedBytes === 7 && q.expectedBytes === 10 * TB));
    assert.ok(drift.fixed?.includes("quota job queued for group mori-lab (the running server's worker applies it)"));
    await runJob('2025-11-03');
    assert.deepEqual(setCalls(), [`user ${u1.uid} ga ${10 * TB}`]);
  });

  it('a bundle is charged on its total and each group pays its share; the centre-wide list adds up', async () => {
    const d = deps();
    await seedPlanGroup(handle(), 'ito-lab', 2, '2025-04-01');
    await seedPlanGroup(handle(), 'kato-lab', 1, '2025-04-01');
    const refused = await setBillingBundle(d, admin, {
      secondaryGroup: 'rice-consortium',
      members: ['ito-lab', 'nobody-lab'],
    });
    assert.deepEqual(refused, { ok: false, fields: { members: 'unknown_group' } });
    assert.deepEqual(
      await setBillingBundle(d, admin, { secondaryGroup: 'rice-consortium', members: ['ito-lab', 'kato-lab'] }),
      {
        ok: true,
      },
    );
    const ito = await groupStatement(handle().db, 'ito-lab', 2025);
    assert.ok(ito.ok);
    assert.deepEqual(ito.value.bundle?.members, ['ito-lab', 'kato-lab']);
    assert.deepEqual(ito.value.statement.lines[0]?.share, { quantity: 20, of: 30, bundleAmount: 0 });
    // sato-lab, after its second version: 36 TB from October 1 to December 31 (92 days), 12 TB after.
    const all = await allStatements(handle().db, 2025);
    assert.ok(all.ok);
    const groups = all.value.map((s) => s.group);
    assert.ok(groups.includes('ito-lab') && groups.includes('kato-lab') && groups.includes('sato-lab'));
    assert.equal(all.value.find((s) => s.group === 'sato-lab')?.statement.subtotal, 10_082);
    assert.deepEqual(await groupStatement(handle().db, 'ito-lab', 2030), { ok: false, problem: 'NO_PRICES' });
  });
});
