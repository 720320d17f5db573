// What charges are worked out from, read for many groups at once: the quota ledger and
// the bookings by group, the groups with any storage in a fiscal year, and the bundles
// (groups sharing a secondary group, charged together).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { StorageKind } from '../domain/billing.js';
import type { QuotaScope, QuotaStretch } from '../domain/usage-plan.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Some groups, or every group (a statement for each, for accounting). */
export type Groups = readonly string[] | 'all';

/**
 * The quotas of these groups' plans in force on any day from `first` to `last`, with
 * their group. One row per group with its stretches joined in one text: for every group
 * at once (tens of thousands of stretches) that is read several times faster than a
 * row per stretch.
 */
export async function quotaStretchesOfGroups(
  db: Db,
  groups: Groups,
  first: string,
  last: string,
): Promise<(QuotaStretch & { group: string })[]> {
  if (!groups.length) return [];
  let query = db
    .selectFrom('storage_quota as q')
    .innerJoin('usage_plan as p', 'p.id', 'q.plan_id')
    .select([
      'p.group_name',
      // Names, kinds and days hold no comma or semicolon (their checks say so).
      sql<string>`string_agg(concat_ws(',', q.scope, q.subject, q.kind, q.tenths, q.starts_on, q.ends_on), ';')`.as(
        'stretches',
      ),
    ]);
  if (groups !== 'all') query = query.where('p.group_name', 'in', groups);
  const rows = await query
    .where('q.starts_on', '<=', last)
    .where((eb) => eb.or([eb('q.ends_on', 'is', null), eb('q.ends_on', '>=', first)]))
    .groupBy('p.group_name')
    .execute();
  const out: (QuotaStretch & { group: string })[] = [];
  for (const row of rows) {
    for (const item of row.stretches.split(';')) {
      const [scope, subject, kind, tenths, from, to] = item.split(',') as [
        QuotaScope,
        string,
        StorageKind,
        string,
        string,
        string?,
      ];
      out.push({ group: row.group_name, scope, subject, kind, tenths: Number(tenths), from, to: to ?? null });
    }
  }
  return out;
}

export async function serviceBookingsOfGroups(db: Db, groups: Groups, first: string, last: string) {
  if (!groups.length) return [];
  let query = db
    .selectFrom('service_booking as b')
    .innerJoin('usage_plan as p', 'p.id', 'b.plan_id')
    .select(['p.group_name', 'b.code', 'b.quantity', 'b.starts_on', 'b.ends_on']);
  if (groups !== 'all') query = query.where('p.group_name', 'in', groups);
  return query.where('b.starts_on', '<=', last).where('b.ends_on', '>=', first).orderBy('b.id').execute();
}

/**
 * The days the groups' GA accounts were in use within `first`..`last`: from the day
 * (Asia/Tokyo) each was made to the day before it ended, as 'YYYY-MM-DD' (worked out
 * here, where the timestamps are).
 */
export async function accountDays(db: Db, groups: Groups, first: string, last: string) {
  if (!groups.length) return [];
  const japanDay = (column: string) =>
    sql<string>`((${sql.ref(column)} at time zone 'UTC') + interval '9 hours')::date`;
  let query = db
    .selectFrom('account')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('account_event')
          .select(['account_id', (e) => e.fn.max('at').as('ended_at')])
          .where('to_state', '=', 'ended')
          .groupBy('account_id')
          .as('ended'),
      (join) => join.onRef('ended.account_id', '=', 'account.id'),
    )
    .select([
      'account.group_name',
      sql<
        [string, string, string | null][]
      >`json_agg(json_build_array(account.uid, ${japanDay('account.provisioned_at')}::text, (${japanDay('ended.ended_at')} - 1)::text))`.as(
        'lives',
      ),
    ])
    .where('account.division', '=', 'ga')
    .where('account.provisioned_at', 'is not', null);
  if (groups !== 'all') query = query.where('account.group_name', 'in', groups);
  // One row per group with its accounts as a JSON array (as the quotas, above).
  const rows = await query
    .where(japanDay('account.provisioned_at'), '<=', sql<string>`${last}::date`)
    .where((eb) =>
      eb.or([eb('ended.ended_at', 'is', null), eb(sql`${japanDay('ended.ended_at')} - 1`, '>=', sql`${first}::date`)]),
    )
    .groupBy('account.group_name')
    .execute();
  const out: { group_name: string; uid: string; from_day: string; to_day: string | null }[] = [];
  for (const row of rows) {
    const list = typeof row.lives === 'string' ? JSON.parse(row.lives) : row.lives;
    for (const [uid, from, to] of list as typeof row.lives)
      out.push({ group_name: row.group_name, uid, from_day: from, to_day: to });
  }
  return out;
}

/** Whether any GA account belongs to the group. */
export async function groupHasAccounts(db: Db, group: string): Promise<boolean> {
  const row = await db
    .selectFrom('account')
    .select('id')
    .where('division', '=', 'ga')
    .where('group_name', '=', group)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The groups with a GA account or a plan's quota in force on any day of the range. */
export async function groupsWithStorage(db: Db, first: string, last: string): Promise<string[]> {
  const rows = await db
    .selectFrom('account')
    .select('group_name')
    .distinct()
    .where('division', '=', 'ga')
    .where('provisioned_at', 'is not', null)
    .union(
      db
        .selectFrom('storage_quota as q')
        .innerJoin('usage_plan as p', 'p.id', 'q.plan_id')
        .select('p.group_name')
        .where('q.starts_on', '<=', last)
        .where((eb) => eb.or([eb('q.ends_on', 'is', null), eb('q.ends_on', '>=', first)])),
    )
    .execute();
  return rows.map((r) => r.group_name).sort();
}

export interface Bundle {
  id: number;
  secondaryGroup: string;
  members: string[];
}

export async function bundles(db: Db): Promise<Bundle[]> {
  const rows = await db
    .selectFrom('billing_bundle as b')
    .innerJoin('billing_bundle_member as m', 'm.bundle_id', 'b.id')
    .select(['b.id', 'b.secondary_group', 'm.group_name'])
    .orderBy('b.secondary_group')
    .orderBy('m.group_name')
    .execute();
  const out = new Map<number, Bundle>();
  for (const r of rows) {
    const b = out.get(r.id) ?? { id: r.id, secondaryGroup: r.secondary_group, members: [] };
    b.members.push(r.group_name);
    out.set(r.id, b);
  }
  return [...out.values()];
}

export async function bundleOf(db: Db, group: string): Promise<Bundle | undefined> {
  const member = await db
    .selectFrom('billing_bundle_member')
    .select('bundle_id')
    .where('group_name', '=', group)
    .executeTakeFirst();
  if (!member) return undefined;
  return (await bundles(db)).find((b) => b.id === member.bundle_id);
}

/** Sets a bundle's members (an empty list removes the bundle). */
export async function putBundle(
  trx: Transaction<Database>,
  secondaryGroup: string,
  members: readonly string[],
  actor: string,
): Promise<void> {
  const existing = await trx
    .selectFrom('billing_bundle')
    .select('id')
    .where('secondary_group', '=', secondaryGroup)
    .executeTakeFirst();
  if (existing) await trx.deleteFrom('billing_bundle_member').where('bundle_id', '=', existing.id).execute();
  if (!members.length) {
    if (existing) await trx.deleteFrom('billing_bundle').where('id', '=', existing.id).execute();
    return;
  }
  const id =
    existing?.id ??
    (
      await trx
        .insertInto('billing_bundle')
        .values({ secondary_group: secondaryGroup, created_by: actor })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await trx
    .insertInto('billing_bundle_member')
    .values(members.map((group_name) => ({ bundle_id: id, group_name })))
    .execute();
}
