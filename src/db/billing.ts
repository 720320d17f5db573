// What charges are worked out from, read for many groups at once: the quota ledger and
// the bookings by group, the groups with any storage in a fiscal year, and the bundles
// (groups sharing a secondary group, charged together).
import type { Kysely, Transaction } from 'kysely';
import type { QuotaStretch } from '../domain/usage-plan.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The quotas of these groups' plans in force on any day from `first` to `last`, with their group. */
export async function quotaStretchesOfGroups(
  db: Db,
  groups: readonly string[],
  first: string,
  last: string,
): Promise<(QuotaStretch & { group: string })[]> {
  if (!groups.length) return [];
  const rows = await db
    .selectFrom('storage_quota as q')
    .innerJoin('usage_plan as p', 'p.id', 'q.plan_id')
    .select(['p.group_name', 'q.scope', 'q.subject', 'q.kind', 'q.tenths', 'q.starts_on', 'q.ends_on'])
    .where('p.group_name', 'in', groups)
    .where('q.starts_on', '<=', last)
    .where((eb) => eb.or([eb('q.ends_on', 'is', null), eb('q.ends_on', '>=', first)]))
    .orderBy('q.id')
    .execute();
  return rows.map((r) => ({
    group: r.group_name,
    scope: r.scope,
    subject: r.subject,
    kind: r.kind,
    tenths: r.tenths,
    from: r.starts_on,
    to: r.ends_on,
  }));
}

export async function serviceBookingsOfGroups(db: Db, groups: readonly string[], first: string, last: string) {
  if (!groups.length) return [];
  return db
    .selectFrom('service_booking as b')
    .innerJoin('usage_plan as p', 'p.id', 'b.plan_id')
    .select(['p.group_name', 'b.code', 'b.quantity', 'b.starts_on', 'b.ends_on'])
    .where('p.group_name', 'in', groups)
    .where('b.starts_on', '<=', last)
    .where('b.ends_on', '>=', first)
    .orderBy('b.id')
    .execute();
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
