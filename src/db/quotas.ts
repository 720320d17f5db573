// The quotas sc-account last applied per user and group (migration 0029), and what a
// group's quotas are worked out from: its live accounts and its plan's ledger.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { StorageKind } from '../domain/billing.js';
import type { QuotaScope, QuotaStretch } from '../domain/usage-plan.js';
import { quotaStretchesOfGroups } from './billing.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AppliedQuota {
  scope: QuotaScope;
  subject: string;
  kind: StorageKind;
  group_name: string;
  bytes: number;
  via: string;
}

export async function appliedQuotas(db: Db, groups?: readonly string[]): Promise<AppliedQuota[]> {
  let q = db.selectFrom('applied_quota').select(['scope', 'subject', 'kind', 'group_name', 'bytes', 'via']);
  if (groups) {
    if (!groups.length) return [];
    q = q.where('group_name', 'in', groups);
  }
  const rows = await q.orderBy('group_name').orderBy('scope').orderBy('subject').orderBy('kind').execute();
  return rows.map((r) => ({ ...r, bytes: Number(r.bytes) }));
}

export async function recordAppliedQuota(db: Db, q: AppliedQuota): Promise<void> {
  await db
    .insertInto('applied_quota')
    .values(q)
    .onConflict((oc) =>
      oc
        .columns(['scope', 'subject', 'kind'])
        .doUpdateSet({ bytes: q.bytes, via: q.via, group_name: q.group_name, set_at: sql`now()` }),
    )
    .execute();
}

/** A group's live GA accounts and its plan's ledger on `day`: what its quotas follow. */
export async function quotaInputs(db: Db, groups: readonly string[], day: string) {
  if (!groups.length) return new Map<string, { uids: string[]; stretches: QuotaStretch[] }>();
  const accounts = await db
    .selectFrom('account')
    .select(['uid', 'group_name'])
    .where('division', '=', 'ga')
    .where('group_name', 'in', groups)
    .where('state', 'in', ['active', 'locked'])
    .orderBy('uid')
    .execute();
  const out = new Map(groups.map((g) => [g, { uids: [] as string[], stretches: [] as QuotaStretch[] }]));
  for (const a of accounts) out.get(a.group_name)?.uids.push(a.uid);
  for (const { group, ...stretch } of await quotaStretchesOfGroups(db, groups, day, day))
    out.get(group)?.stretches.push(stretch);
  return out;
}

/** The groups that have a usage plan. */
export async function groupsWithPlans(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('usage_plan').select('group_name').orderBy('group_name').execute();
  return rows.map((r) => r.group_name);
}
