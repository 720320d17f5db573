// What the holder's usage-plan page and the staff's review page show: the plan of each
// group a holder keeps (its versions, the quotas in force per user and for the group,
// the services booked, the delegates), a plain user's own quotas, and a version beside
// what is in force now. Reads only.
import type { Kysely } from 'kysely';
import { serviceBookingsOfGroups } from '../db/billing.js';
import { listCatalogue } from '../db/prices.js';
import { quotaInputs } from '../db/quotas.js';
import type { Database } from '../db/schema.js';
import {
  getPlan,
  getPlanVersion,
  type PlanVersion,
  planDelegates,
  planOfGroup,
  plansHolderMayKeep,
  planVersionEvents,
  planVersions,
  type UsagePlan,
} from '../db/usage-plans.js';
import { centreDayOf } from '../domain/fiscal-calendar.js';
import { type ExpectedQuota, quotasOn } from '../domain/usage-plan.js';

export interface GroupPlan {
  group: string;
  /** The responsible person keeps the plan and names delegates; a delegate keeps it. */
  as: 'responsible' | 'delegate';
  plan: UsagePlan | undefined;
  versions: PlanVersion[];
  quotas: ExpectedQuota[];
  services: { code: string; quantity: number; from: string; to: string }[];
  delegates: { id: number; uid: string }[];
  users: string[];
}

/** The quotas in force today and the services booked for a group. */
async function inForce(db: Kysely<Database>, group: string, now: Date) {
  const today = centreDayOf(now);
  const input = (await quotaInputs(db, [group], today)).get(group) ?? { uids: [], stretches: [] };
  const bookings = await serviceBookingsOfGroups(db, [group], today, today);
  return {
    users: input.uids,
    quotas: quotasOn(input.uids, input.stretches, today),
    services: bookings.map((b) => ({ code: b.code, quantity: b.quantity, from: b.starts_on, to: b.ends_on })),
  };
}

/** Every group whose plan the holder keeps, with what the page shows of it. */
export async function plansOfHolder(db: Kysely<Database>, accountId: number, now = new Date()): Promise<GroupPlan[]> {
  const kept = await plansHolderMayKeep(db, accountId);
  return Promise.all(
    kept.map(async ({ group, as }) => {
      const plan = await planOfGroup(db, group);
      const [versions, delegates, current] = await Promise.all([
        plan ? planVersions(db, plan.id) : [],
        plan ? planDelegates(db, plan.id) : [],
        inForce(db, group, now),
      ]);
      return { group, as, plan, versions, delegates: delegates.map((d) => ({ id: d.id, uid: d.uid })), ...current };
    }),
  );
}

/** A user's own quotas and their group's, as the approved plan sets them today. */
export async function quotasOfUser(db: Kysely<Database>, uid: string, group: string, now = new Date()) {
  const { quotas } = await inForce(db, group, now);
  return quotas.filter((q) => q.scope === 'group' || q.subject === uid);
}

/** A version for the staff's review: its plan, events, and what is in force now. */
export async function versionForReview(db: Kysely<Database>, versionId: number, now = new Date()) {
  const version = await getPlanVersion(db, versionId);
  if (!version) return undefined;
  const plan = (await getPlan(db, version.plan_id)) as UsagePlan;
  const [events, current, versions, catalogue] = await Promise.all([
    planVersionEvents(db, versionId),
    inForce(db, plan.group_name, now),
    planVersions(db, plan.id),
    listCatalogue(db),
  ]);
  return { version, plan, events, versions, catalogue, ...current };
}
