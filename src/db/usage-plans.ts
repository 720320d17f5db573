// Usage plans (migration 0028): a plan per responsible person's group, its versions
// moved through the domain's state machine with one event row per move, its
// delegates, and the ledger of quotas and bookings its approved versions set.
import { type Kysely, sql, type Transaction } from 'kysely';
import { pgTwinName } from '../domain/account-name.js';
import type { StorageKind } from '../domain/billing.js';
import type { PlanContent, PlanState, QuotaScope } from '../domain/usage-plan.js';
import { planMachine } from '../domain/usage-plan.js';
import { json } from './json.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UsagePlan {
  id: number;
  division: 'ga' | 'pg';
  group_name: string;
  large_scale: boolean;
  alert_yen: number | null;
}

export interface PlanVersion {
  id: number;
  plan_id: number;
  number: number;
  fiscal_year: number;
  state: PlanState;
  content: PlanContent;
  filed_by: string;
  filed_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  staff_message: string | null;
  row_version: number;
}

/** The version was changed by someone else since it was read. */
export class PlanVersionChangedError extends Error {
  readonly code = 'CHANGED';
  constructor(readonly id: number) {
    super(`usage plan version ${id} changed since it was read`);
    this.name = 'PlanVersionChangedError';
  }
}

const planColumns = ['id', 'division', 'group_name', 'large_scale', 'alert_yen'] as const;
const toPlan = (r: { alert_yen: string | number | null } & Omit<UsagePlan, 'alert_yen'>): UsagePlan => ({
  ...r,
  alert_yen: r.alert_yen === null ? null : Number(r.alert_yen),
});

export async function planOfGroup(db: Db, group: string): Promise<UsagePlan | undefined> {
  const row = await db
    .selectFrom('usage_plan')
    .select(planColumns)
    .where('division', '=', 'ga')
    .where('group_name', '=', group)
    .executeTakeFirst();
  return row && toPlan(row);
}

export async function getPlan(db: Db, id: number): Promise<UsagePlan | undefined> {
  const row = await db.selectFrom('usage_plan').select(planColumns).where('id', '=', id).executeTakeFirst();
  return row && toPlan(row);
}

/** The group's plan, made on first use. */
export async function ensurePlan(trx: Transaction<Database>, group: string): Promise<UsagePlan> {
  await trx
    .insertInto('usage_plan')
    .values({ division: 'ga', group_name: group })
    .onConflict((oc) => oc.columns(['division', 'group_name']).doNothing())
    .execute();
  const plan = await planOfGroup(trx, group);
  if (!plan) throw new Error(`usage plan of ${group} not made`);
  return plan;
}

export async function setPlanFlags(
  trx: Transaction<Database>,
  planId: number,
  set: { large_scale?: boolean; alert_yen?: number | null },
): Promise<void> {
  await trx.updateTable('usage_plan').set(set).where('id', '=', planId).execute();
}

export async function planVersions(db: Db, planId: number): Promise<PlanVersion[]> {
  return db
    .selectFrom('usage_plan_version')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('number', 'desc')
    .execute();
}

export async function getPlanVersion(db: Db, id: number): Promise<PlanVersion | undefined> {
  return db.selectFrom('usage_plan_version').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockPlanVersion(trx: Transaction<Database>, id: number): Promise<PlanVersion | undefined> {
  return trx.selectFrom('usage_plan_version').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The versions of a plan in `state` (submitted: at most one; approved: at most one). */
export async function planVersionsIn(db: Db, planId: number, state: PlanState): Promise<PlanVersion[]> {
  return db
    .selectFrom('usage_plan_version')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('state', '=', state)
    .orderBy('number', 'desc')
    .execute();
}

export async function insertPlanVersion(
  trx: Transaction<Database>,
  v: { planId: number; fiscalYear: number; content: PlanContent; filedBy: string },
): Promise<PlanVersion> {
  // The plan's row is locked so that two versions sent at once get different numbers.
  await trx.selectFrom('usage_plan').select('id').where('id', '=', v.planId).forUpdate().execute();
  const last = await trx
    .selectFrom('usage_plan_version')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('plan_id', '=', v.planId)
    .executeTakeFirst();
  const row = await trx
    .insertInto('usage_plan_version')
    .values({
      plan_id: v.planId,
      number: Number(last?.n ?? 0) + 1,
      fiscal_year: v.fiscalYear,
      state: 'submitted',
      content: json(v.content),
      filed_by: v.filedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('usage_plan_event')
    .values({ version_id: row.id, from_state: null, to_state: 'submitted', actor: v.filedBy })
    .execute();
  return row;
}

export async function advancePlanVersion(
  trx: Transaction<Database>,
  version: PlanVersion,
  to: PlanState,
  move: { actor: string; note?: string | null; rowVersion?: number; decided?: boolean },
): Promise<PlanVersion> {
  if (move.rowVersion !== undefined && move.rowVersion !== version.row_version)
    throw new PlanVersionChangedError(version.id);
  planMachine.advance(version.state, to);
  const row = await trx
    .updateTable('usage_plan_version')
    .set({
      state: to,
      row_version: sql`row_version + 1`,
      ...(move.decided ? { decided_at: sql`now()`, decided_by: move.actor, staff_message: move.note ?? null } : {}),
    })
    .where('id', '=', version.id)
    .where('row_version', '=', version.row_version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new PlanVersionChangedError(version.id);
  await trx
    .insertInto('usage_plan_event')
    .values({
      version_id: version.id,
      from_state: version.state,
      to_state: to,
      actor: move.actor,
      note: move.note ?? null,
    })
    .execute();
  return row;
}

export async function planVersionEvents(db: Db, versionId: number) {
  return db.selectFrom('usage_plan_event').selectAll().where('version_id', '=', versionId).orderBy('id').execute();
}

/** The staff queue: versions in the given states with their group, oldest first. */
export async function listPlanVersions(db: Db, states: readonly PlanState[], limit = 500) {
  return db
    .selectFrom('usage_plan_version as v')
    .innerJoin('usage_plan as p', 'p.id', 'v.plan_id')
    .select([
      'v.id',
      'v.number',
      'v.state',
      'v.filed_at',
      'v.filed_by',
      'v.fiscal_year',
      'p.group_name',
      'p.large_scale',
    ])
    .where('v.state', 'in', states)
    .orderBy('v.filed_at')
    .limit(limit)
    .execute();
}

/**
 * The groups an account holder may keep the plan of: the group of the responsible
 * person they are (their application said so, or named their account), and the
 * groups whose plans name them as a delegate.
 */
export async function plansHolderMayKeep(
  db: Db,
  accountId: number,
): Promise<{ group: string; as: 'responsible' | 'delegate' }[]> {
  const own = await db
    .selectFrom('account')
    .innerJoin('responsible_person as r', 'r.application_id', 'account.application_id')
    .select('account.group_name')
    .where('account.id', '=', accountId)
    .where('account.division', '=', 'ga')
    .where((eb) => eb.or([eb('r.same_as_applicant', '=', true), eb('r.account_name', '=', eb.ref('account.uid'))]))
    .execute();
  const delegated = await db
    .selectFrom('usage_plan_delegate as d')
    .innerJoin('usage_plan as p', 'p.id', 'd.plan_id')
    .select('p.group_name')
    .where('d.account_id', '=', accountId)
    .execute();
  const out = new Map<string, 'responsible' | 'delegate'>();
  for (const d of delegated) out.set(d.group_name, 'delegate');
  for (const o of own) out.set(o.group_name, 'responsible');
  return [...out].map(([group, as]) => ({ group, as }));
}

/** The contact of the group's responsible person (their own application), if they hold an account. */
export async function responsibleContact(db: Db, group: string): Promise<{ email: string; lang: string } | undefined> {
  return db
    .selectFrom('account')
    .innerJoin('responsible_person as r', 'r.application_id', 'account.application_id')
    .innerJoin('application', 'application.id', 'account.application_id')
    .select(['application.email', 'application.lang'])
    .where('account.group_name', '=', group)
    .where('account.division', '=', 'ga')
    .where('account.state', 'in', ['active', 'locked'])
    .where((eb) => eb.or([eb('r.same_as_applicant', '=', true), eb('r.account_name', '=', eb.ref('account.uid'))]))
    .orderBy('account.id')
    .executeTakeFirst();
}

export async function planDelegates(db: Db, planId: number) {
  return db
    .selectFrom('usage_plan_delegate as d')
    .innerJoin('account as a', 'a.id', 'd.account_id')
    .select(['a.id', 'a.uid', 'd.added_at'])
    .where('d.plan_id', '=', planId)
    .orderBy('a.uid')
    .execute();
}

export async function putPlanDelegate(trx: Transaction<Database>, planId: number, accountId: number, actor: string) {
  await trx
    .insertInto('usage_plan_delegate')
    .values({ plan_id: planId, account_id: accountId, added_by: actor })
    .onConflict((oc) => oc.columns(['plan_id', 'account_id']).doNothing())
    .execute();
}

export async function removePlanDelegate(trx: Transaction<Database>, planId: number, accountId: number) {
  const gone = await trx
    .deleteFrom('usage_plan_delegate')
    .where('plan_id', '=', planId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(gone.numDeletedRows) > 0;
}

/**
 * From `day` on, the plan's quotas and bookings are those of `versionId`: stretches
 * still in force on `day` end the day before (those not yet begun are dropped), and
 * the new ones start on `day`.
 */
export async function replaceLedgerFrom(
  trx: Transaction<Database>,
  planId: number,
  versionId: number,
  day: string,
  dayBefore: string,
  quotas: { scope: QuotaScope; subject: string; kind: StorageKind; tenths: number }[],
  bookings: { code: string; quantity: number; endsOn: string }[],
): Promise<void> {
  for (const table of ['storage_quota', 'service_booking'] as const) {
    await trx.deleteFrom(table).where('plan_id', '=', planId).where('starts_on', '>=', day).execute();
    await trx
      .updateTable(table)
      .set({ ends_on: dayBefore })
      .where('plan_id', '=', planId)
      .where('starts_on', '<', day)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', day)]))
      .execute();
  }
  if (quotas.length)
    await trx
      .insertInto('storage_quota')
      .values(quotas.map((q) => ({ plan_id: planId, version_id: versionId, ...q, starts_on: day, ends_on: null })))
      .execute();
  const booked = bookings.filter((b) => b.endsOn >= day);
  if (booked.length)
    await trx
      .insertInto('service_booking')
      .values(
        booked.map((b) => ({
          plan_id: planId,
          version_id: versionId,
          code: b.code,
          quantity: b.quantity,
          starts_on: day,
          ends_on: b.endsOn,
        })),
      )
      .execute();
}

/** Whether the group already uses the PG division: a live PG account in its PG twin group (`group-pg`). */
export async function groupUsesPg(db: Db, group: string): Promise<boolean> {
  const account = await db
    .selectFrom('account')
    .select('id')
    .where('division', '=', 'pg')
    .where('group_name', '=', pgTwinName(group))
    .where('state', 'in', ['active', 'locked'])
    .executeTakeFirst();
  return account !== undefined;
}
