// Charges by fiscal year, read from the quota ledger, the accounts' lives and the price
// table, and worked out by the domain (src/domain/billing.ts): the statement of one
// responsible person's group (their part of a bundle's when they are bundled), the
// statements of every group for accounting, and the estimate of a plan before it is
// sent. Reads only.
import type { Kysely } from 'kysely';
import {
  accountDays,
  bundleOf,
  bundles,
  type Groups,
  groupsWithStorage,
  quotaStretchesOfGroups,
  serviceBookingsOfGroups,
} from '../db/billing.js';
import { getPriceTable } from '../db/prices.js';
import type { Database } from '../db/schema.js';
import {
  apportion,
  BillingError,
  type BillingUnit,
  chargeFiscalYear,
  type PriceTable,
  type ServiceUse,
  type Statement,
} from '../domain/billing.js';
import { centreDayOf, centreDayStart, fiscalYearDays, fiscalYearOf } from '../domain/fiscal-calendar.js';
import {
  type AccountLife,
  ledgerWith,
  type PlanContent,
  type QuotaStretch,
  storageInForce,
} from '../domain/usage-plan.js';

export type BillingProblem = 'NO_PRICES' | 'NO_SERVICE_PRICE';

export interface GroupStatement {
  group: string;
  statement: Statement;
  /** When the group is bundled: the bundle's own statement and its members. */
  bundle?: { secondaryGroup: string; members: string[]; statement: Statement };
}

interface GroupLedger {
  lives: AccountLife[];
  stretches: QuotaStretch[];
  bookings: { code: string; quantity: number; from: string; to: string }[];
}

const emptyLedger = (): GroupLedger => ({ lives: [], stretches: [], bookings: [] });

/** Everything the charges of these groups in the fiscal year are worked out from, by group. */
async function ledgers(db: Kysely<Database>, groups: Groups, fiscalYear: number) {
  const { first, last } = fiscalYearDays(fiscalYear);
  const out = new Map<string, GroupLedger>(groups === 'all' ? [] : groups.map((g) => [g, emptyLedger()]));
  const at = (g: string) => out.get(g) ?? (out.set(g, emptyLedger()).get(g) as GroupLedger);
  const [lives, stretches, bookings] = await Promise.all([
    accountDays(db, groups, first, last),
    quotaStretchesOfGroups(db, groups, first, last),
    serviceBookingsOfGroups(db, groups, first, last),
  ]);
  for (const a of lives) at(a.group_name).lives.push({ uid: a.uid, from: a.from_day, to: a.to_day });
  for (const { group, ...stretch } of stretches) at(group).stretches.push(stretch);
  for (const b of bookings)
    at(b.group_name).bookings.push({ code: b.code, quantity: b.quantity, from: b.starts_on, to: b.ends_on });
  return out;
}

function unitOf(members: readonly string[], ledgerOf: (g: string) => GroupLedger, last: string): BillingUnit {
  return {
    members,
    storage: members.flatMap((g) => storageInForce(g, ledgerOf(g).lives, ledgerOf(g).stretches, last)),
    services: members.flatMap((g) => ledgerOf(g).bookings.map((b): ServiceUse => ({ ...b, member: g }))),
  };
}

function charge(prices: PriceTable, unit: BillingUnit): Statement {
  try {
    return chargeFiscalYear(prices, unit);
  } catch (error) {
    if (error instanceof BillingError && error.problem === 'no_service_price')
      throw new ServicePriceMissing(error.message);
    throw error;
  }
}

/** A booked service has no price in the fiscal year: administrators must set one. */
export class ServicePriceMissing extends Error {
  readonly code = 'NO_SERVICE_PRICE';
}

function statementsOf(
  prices: PriceTable,
  members: readonly string[],
  ledgerOf: (g: string) => GroupLedger,
  secondaryGroup?: string,
) {
  const { last } = fiscalYearDays(prices.fiscalYear);
  const bundleStatement = charge(prices, unitOf(members, ledgerOf, last));
  if (members.length === 1)
    return [{ group: members[0] as string, statement: bundleStatement }] satisfies GroupStatement[];
  const parts = apportion(bundleStatement, members);
  return members.map(
    (g): GroupStatement => ({
      group: g,
      statement: parts.get(g) as Statement,
      bundle: { secondaryGroup: secondaryGroup ?? '', members: [...members], statement: bundleStatement },
    }),
  );
}

/** The statement of a responsible person's group for a fiscal year. */
export async function groupStatement(
  db: Kysely<Database>,
  group: string,
  fiscalYear: number,
): Promise<{ ok: true; value: GroupStatement } | { ok: false; problem: BillingProblem }> {
  const prices = await getPriceTable(db, fiscalYear);
  if (!prices) return { ok: false, problem: 'NO_PRICES' };
  const bundle = await bundleOf(db, group);
  const members = bundle?.members ?? [group];
  const ledgerOf = await ledgers(db, members, fiscalYear);
  try {
    const all = statementsOf(prices, members, (g) => ledgerOf.get(g) ?? emptyLedger(), bundle?.secondaryGroup);
    return { ok: true, value: all.find((s) => s.group === group) as GroupStatement };
  } catch (error) {
    if (error instanceof ServicePriceMissing) return { ok: false, problem: 'NO_SERVICE_PRICE' };
    throw error;
  }
}

/** Every group's statement for a fiscal year (accounting's CSV), bundles apportioned. */
export async function allStatements(
  db: Kysely<Database>,
  fiscalYear: number,
): Promise<{ ok: true; value: GroupStatement[] } | { ok: false; problem: BillingProblem }> {
  const prices = await getPriceTable(db, fiscalYear);
  if (!prices) return { ok: false, problem: 'NO_PRICES' };
  const { first, last } = fiscalYearDays(fiscalYear);
  const [groups, ledgerOf] = await Promise.all([groupsWithStorage(db, first, last), ledgers(db, 'all', fiscalYear)]);
  const get = (g: string) => ledgerOf.get(g) ?? emptyLedger();
  const bundled = await bundles(db);
  const inBundle = new Set(bundled.flatMap((b) => b.members));
  const out: GroupStatement[] = [];
  try {
    for (const b of bundled) out.push(...statementsOf(prices, b.members, get, b.secondaryGroup));
    for (const g of groups) if (!inBundle.has(g)) out.push(...statementsOf(prices, [g], get));
  } catch (error) {
    if (error instanceof ServicePriceMissing) return { ok: false, problem: 'NO_SERVICE_PRICE' };
    throw error;
  }
  return { ok: true, value: out.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)) };
}

export interface PlanEstimate {
  fiscalYear: number;
  /** From the day it would take effect (today, or its first day) to the end of the fiscal year, on top of what is in force before. */
  thisYear: Statement;
  /** Had this version been in force the whole fiscal year. */
  fullYear: Statement;
}

/** What a version would cost: this fiscal year if approved today, and a full year. */
export async function estimateUsagePlan(
  db: Kysely<Database>,
  group: string,
  content: Pick<PlanContent, 'storage' | 'services' | 'from' | 'to'>,
  now = new Date(),
): Promise<{ ok: true; value: PlanEstimate } | { ok: false; problem: BillingProblem }> {
  const fiscalYear = fiscalYearOf(centreDayStart(content.from));
  const prices = await getPriceTable(db, fiscalYear);
  if (!prices) return { ok: false, problem: 'NO_PRICES' };
  const { first, last } = fiscalYearDays(fiscalYear);
  const bundle = await bundleOf(db, group);
  const members = bundle?.members ?? [group];
  const ledgerOf = await ledgers(db, members, fiscalYear);
  const today = centreDayOf(now);
  const day = [content.from, today].sort().at(-1) as string;
  const mine = ledgerOf.get(group) ?? emptyLedger();
  const withThis = ledgerWith(mine.stretches, mine.bookings, content, day);
  const wholeYear = ledgerWith([], [], { ...content, to: last }, first);
  const ownPart = (
    g: string,
    replace: { stretches: QuotaStretch[]; bookings: GroupLedger['bookings'] },
    allYear: boolean,
  ) => {
    const base = ledgerOf.get(g) ?? emptyLedger();
    const lives = allYear ? base.lives.filter((l) => l.to === null).map((l) => ({ ...l, from: first })) : base.lives;
    return g === group ? { lives, ...replace } : base;
  };
  try {
    const thisYear = statementsOf(prices, members, (g) => ownPart(g, withThis, false), bundle?.secondaryGroup);
    const fullYear = statementsOf(prices, members, (g) => ownPart(g, wholeYear, true), bundle?.secondaryGroup);
    return {
      ok: true,
      value: {
        fiscalYear,
        thisYear: (thisYear.find((s) => s.group === group) as GroupStatement).statement,
        fullYear: (fullYear.find((s) => s.group === group) as GroupStatement).statement,
      },
    };
  } catch (error) {
    if (error instanceof ServicePriceMissing) return { ok: false, problem: 'NO_SERVICE_PRICE' };
    throw error;
  }
}
