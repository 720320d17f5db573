// Usage plans, prices and charges as the API, the command line and the console's
// downloads read them: the zod schemas (the API's), the records made from the plan
// rows and from the domain's statements (bigints become decimal strings), and the CSV
// files for accounting, every cell through neutraliseCell (CSV injection). Reads only.
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { bundles, groupHasAccounts } from '../db/billing.js';
import { type CatalogueEntry, getPriceTable } from '../db/prices.js';
import type { Database } from '../db/schema.js';
import {
  getPlan,
  getPlanVersion,
  listPlanVersions,
  type PlanVersion,
  planDelegates,
  planOfGroup,
  planVersionEvents,
  planVersions,
} from '../db/usage-plans.js';
import { type ChargeLine, type Statement, storageKinds } from '../domain/billing.js';
import { groupNamePattern } from '../domain/provisioning.js';
import { neutraliseCell } from '../domain/spreadsheet-cell.js';
import { formatTb, planStates, quotaScopes } from '../domain/usage-plan.js';
import { allStatements, type BillingProblem, type GroupStatement, groupStatement } from './billing.js';
import type { BundleProblem, PriceProblem } from './prices.js';
import { centreDay, instant, isoTime } from './schemas.js';

const int = z.number().int();

export const fiscalYearParam = z.coerce
  .number()
  .int()
  .min(2000)
  .max(2100)
  .describe('the fiscal year (April to March), e.g. 2026');
export const groupName = z.string().regex(groupNamePattern).describe('a responsible person’s UNIX group');
export const planGroupParams = z.object({ group: groupName });
export const fiscalYearParams = z.object({ fiscalYear: fiscalYearParam });
export const statementParams = z.object({ fiscalYear: fiscalYearParam, group: groupName });

export const planQueueQuery = z
  .object({ state: z.enum(planStates).default('submitted').describe('the versions in this state') })
  .strict();

export const largeScaleInput = z
  .object({ largeScale: z.boolean().describe('the group used GA storage beyond 1 TB a user before sc-account') })
  .strict()
  .meta({ id: 'LargeScale' });

// ---- usage plans -------------------------------------------------------------

const planEvent = z.object({
  at: instant,
  from: z.enum(planStates).nullable(),
  to: z.enum(planStates),
  actor: z.string(),
  note: z.string().nullable(),
});

export const planVersionRecord = z
  .object({
    id: int,
    group: z.string(),
    number: int.describe('1, 2, … within the group’s plan'),
    fiscalYear: int,
    state: z.enum(planStates),
    rowVersion: int.describe('send it back with a decision: another’s move since is a 409'),
    content: z.object({
      purpose: z.string(),
      relatedItems: z.string(),
      from: centreDay,
      to: centreDay,
      storage: z.array(
        z.object({
          scope: z.enum(quotaScopes),
          subject: z.string().describe('the account name, or the group’s name'),
          kind: z.enum(storageKinds),
          tenths: int.describe('tenths of a TB'),
        }),
      ),
      services: z.array(z.object({ code: z.string(), quantity: int })),
    }),
    filedBy: z.string().describe('`account:<id>` of the holder who sent it'),
    filedAt: instant,
    decidedAt: instant.nullable(),
    decidedBy: z.string().nullable(),
    staffMessage: z.string().nullable().describe('the changes asked for, or why it was refused'),
    events: z.array(planEvent).describe('its moves, oldest first'),
  })
  .meta({ id: 'UsagePlanVersionDetail' });
export type PlanVersionRecord = z.infer<typeof planVersionRecord>;

export const planRecord = z
  .object({
    group: z.string(),
    largeScale: z.boolean().describe('may ask for GA storage beyond 1 TB a user while new large-scale use is closed'),
    alertYen: int.nullable().describe('the yearly amount (tax included) above which the person is told'),
    delegates: z.array(z.string()).describe('account names that keep the plan besides the responsible person'),
    versions: z.array(planVersionRecord).describe('newest first'),
  })
  .meta({ id: 'UsagePlan' });
export type PlanRecord = z.infer<typeof planRecord>;

export const planQueue = z
  .object({
    items: z.array(
      z.object({
        id: int,
        group: z.string(),
        number: int,
        state: z.enum(planStates),
        fiscalYear: int,
        filedAt: instant,
        filedBy: z.string(),
        largeScale: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'UsagePlanQueue' });

type Db = Kysely<Database>;

async function versionRecord(db: Db, group: string, v: PlanVersion): Promise<PlanVersionRecord> {
  const events = await planVersionEvents(db, v.id);
  return {
    id: v.id,
    group,
    number: v.number,
    fiscalYear: v.fiscal_year,
    state: v.state,
    rowVersion: v.row_version,
    content: v.content,
    filedBy: v.filed_by,
    filedAt: isoTime(v.filed_at) as string,
    decidedAt: isoTime(v.decided_at),
    decidedBy: v.decided_by,
    staffMessage: v.staff_message,
    events: events.map((e) => ({
      at: isoTime(e.at) as string,
      from: e.from_state,
      to: e.to_state,
      actor: e.actor,
      note: e.note,
    })),
  };
}

/** Whether the group is one charges and plans are kept for: it has GA accounts, or a plan. */
export async function groupKnown(db: Db, group: string): Promise<boolean> {
  return (await planOfGroup(db, group)) !== undefined || (await groupHasAccounts(db, group));
}

/** The versions in a state, oldest first (the staff queue). */
export async function readPlanQueue(db: Db, state: (typeof planStates)[number]): Promise<z.infer<typeof planQueue>> {
  const rows = await listPlanVersions(db, [state]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      group: r.group_name,
      number: r.number,
      state: r.state,
      fiscalYear: r.fiscal_year,
      filedAt: isoTime(r.filed_at) as string,
      filedBy: r.filed_by,
      largeScale: r.large_scale,
    })),
  };
}

/** The group's plan with every version; undefined for a group sc-account does not know. */
export async function readPlan(db: Db, group: string): Promise<PlanRecord | undefined> {
  const plan = await planOfGroup(db, group);
  if (!plan) {
    if (!(await groupKnown(db, group))) return undefined;
    return { group, largeScale: false, alertYen: null, delegates: [], versions: [] };
  }
  const versions = await planVersions(db, plan.id);
  return {
    group,
    largeScale: plan.large_scale,
    alertYen: plan.alert_yen,
    delegates: (await planDelegates(db, plan.id)).map((d) => d.uid),
    versions: await Promise.all(versions.map((v) => versionRecord(db, group, v))),
  };
}

export async function readPlanVersion(db: Db, id: number): Promise<PlanVersionRecord | undefined> {
  const version = await getPlanVersion(db, id);
  const plan = version && (await getPlan(db, version.plan_id));
  return version && plan ? versionRecord(db, plan.group_name, version) : undefined;
}

/** What staff are told of a refused decision's message. */
export const decisionMessageProblem =
  'asking for changes or refusing needs a message in plain text (at most 2,000 characters)';

/** A quota an approval would set below what is in use (the BELOW_USAGE problem's list). */
export const loweredQuotaRecord = z
  .object({
    scope: z.enum(quotaScopes),
    subject: z.string(),
    kind: z.enum(storageKinds),
    fromBytes: int,
    toBytes: int,
    usedBytes: int,
  })
  .meta({ id: 'LoweredQuota' });

// ---- prices ------------------------------------------------------------------

const yen = int.describe('yen, tax excluded');

export const priceTableRecord = z
  .object({
    fiscalYear: int,
    gaFreeTenths: int.describe('free GA storage per responsible person, tenths of a TB'),
    revisions: z
      .array(
        z.object({
          startsOn: centreDay,
          storage: z.object({ ga: yen, pg: yen, archive: yen }).describe('yen per 10 TB per year'),
          services: z.record(z.string(), yen).describe('yen per unit per year, by catalogue code'),
          taxPercent: int,
        }),
      )
      .describe('each from its first day to the day before the next'),
  })
  .meta({ id: 'PriceTable' });
export type PriceTableRecord = z.infer<typeof priceTableRecord>;

export async function readPriceTable(db: Db, fiscalYear: number): Promise<PriceTableRecord | undefined> {
  const table = await getPriceTable(db, fiscalYear);
  if (!table) return undefined;
  return {
    fiscalYear,
    gaFreeTenths: table.gaFreeTenths,
    revisions: table.revisions.map((r) => ({
      startsOn: r.from,
      storage: { ...r.storage },
      services: { ...r.services },
      taxPercent: r.taxPercent,
    })),
  };
}

export const catalogueRecord = z
  .object({
    code: z.string(),
    nameJa: z.string(),
    nameEn: z.string(),
    unitJa: z.string(),
    unitEn: z.string(),
    active: z.boolean().describe('plans may ask for it'),
  })
  .meta({ id: 'CatalogueService' });

export const catalogueRecordOf = (e: CatalogueEntry): z.infer<typeof catalogueRecord> => ({
  code: e.code,
  nameJa: e.name_ja,
  nameEn: e.name_en,
  unitJa: e.unit_ja,
  unitEn: e.unit_en,
  active: e.active,
});

export const bundleList = z
  .object({ items: z.array(z.object({ secondaryGroup: z.string(), members: z.array(z.string()) })) })
  .meta({ id: 'BillingBundles' });

export async function readBundles(db: Db): Promise<z.infer<typeof bundleList>> {
  return { items: (await bundles(db)).map((b) => ({ secondaryGroup: b.secondaryGroup, members: b.members })) };
}

/** Why a price revision's field was refused, for the API's problems and the command line. */
export const priceProblemText: Record<PriceProblem, string> = {
  not_a_day: 'a day, YYYY-MM-DD',
  outside_fiscal_year: 'a day of the fiscal year (April 1 to March 31)',
  in_the_past: 'prices in force are history: a revision starts today or later',
  first_not_april: 'the first prices of a fiscal year start on its April 1',
  unknown_service: 'a service code that is not in the catalogue',
};

export const bundleProblemText: Record<BundleProblem, string> = {
  not_a_group_name: 'not a UNIX group name',
  unknown_group: 'a group with no GA accounts and no plan',
  in_another_bundle: 'a group already in another bundle',
  too_few: 'a bundle charges two groups or more together (none removes it)',
};

// ---- statements --------------------------------------------------------------

/** Exact yen (numerator ÷ denominator) cut to two decimals: 14560000 ÷ 365 → "39890.41". */
export function exactYen(numerator: bigint, denominator: number): string {
  const cents = (numerator * 100n) / BigInt(denominator);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

const chargeLineRecord = z.object({
  item: z.discriminatedUnion('type', [
    z.object({ type: z.literal('storage'), kind: z.enum(storageKinds) }),
    z.object({ type: z.literal('service'), code: z.string() }),
  ]),
  from: centreDay,
  to: centreDay,
  days: int,
  daysInYear: int,
  quantity: int.describe('storage: the total in tenths of a TB; a service: its units'),
  freeTenths: int.describe('the free GA storage deducted, tenths of a TB'),
  allowanceTenths: int.describe('the whole free allowance of the line (GA: per responsible person), tenths of a TB'),
  units: int.describe('charged blocks of 10 TB (started blocks count), or service units'),
  rate: yen.describe('yen per unit per year, tax excluded'),
  taxPercent: int,
  exactNumerator: z
    .string()
    .regex(/^\d+$/)
    .describe('the exact amount is exactNumerator ÷ daysInYear yen (units × rate × days), as a decimal integer'),
  exact: z
    .string()
    .regex(/^\d+\.\d\d$/)
    .describe('the exact amount in yen cut to two decimals; on a member’s part of a bundle’s line, the bundle line’s'),
  amount: int.describe('yen charged, after the rounding rule (docs/billing.md)'),
  roundedUp: z.boolean().describe('this line received one of the yen the rounding rule gives back'),
  zero: z.enum(['free_allowance', 'no_quantity', 'free_price']).nullable().describe('why the line costs nothing'),
  shares: z.record(z.string(), int).describe('each bundled group’s quantity within `quantity`'),
  share: z
    .object({ quantity: int, of: int, bundleAmount: int })
    .nullable()
    .describe('on a bundled group’s statement: its part of the bundle’s line'),
});

export const statementRecord = z
  .object({
    fiscalYear: int,
    lines: z.array(chargeLineRecord),
    taxes: z.array(z.object({ taxPercent: int, subtotal: int, tax: int })),
    subtotal: int,
    tax: int,
    total: int,
  })
  .meta({ id: 'Statement' });
export type StatementRecord = z.infer<typeof statementRecord>;

export const groupStatementRecord = z
  .object({
    group: z.string(),
    statement: statementRecord,
    bundle: z
      .object({ secondaryGroup: z.string(), members: z.array(z.string()), statement: statementRecord })
      .nullable()
      .describe('when the group is charged with others: the bundle and its own statement'),
  })
  .meta({ id: 'GroupStatement' });
export type GroupStatementRecord = z.infer<typeof groupStatementRecord>;

export const statementList = z
  .object({ fiscalYear: int, items: z.array(groupStatementRecord).describe('by group') })
  .meta({ id: 'StatementList' });
export type StatementListRecord = z.infer<typeof statementList>;

const lineRecord = (l: ChargeLine): z.infer<typeof chargeLineRecord> => ({
  item: l.item,
  from: l.from,
  to: l.to,
  days: l.days,
  daysInYear: l.daysInYear,
  quantity: l.quantity,
  freeTenths: l.freeTenths,
  allowanceTenths: l.allowanceTenths,
  units: l.units,
  rate: l.rate,
  taxPercent: l.taxPercent,
  exactNumerator: l.exactNumerator.toString(),
  exact: exactYen(l.exactNumerator, l.daysInYear),
  amount: l.amount,
  roundedUp: l.roundedUp,
  zero: l.zero ?? null,
  shares: { ...l.shares },
  share: l.share ? { ...l.share } : null,
});

export const statementRecordOf = (s: Statement): StatementRecord => ({
  fiscalYear: s.fiscalYear,
  lines: s.lines.map(lineRecord),
  taxes: s.taxes.map((t) => ({ ...t })),
  subtotal: s.subtotal,
  tax: s.tax,
  total: s.total,
});

export const groupStatementRecordOf = (g: GroupStatement): GroupStatementRecord => ({
  group: g.group,
  statement: statementRecordOf(g.statement),
  bundle: g.bundle
    ? { ...g.bundle, members: [...g.bundle.members], statement: statementRecordOf(g.bundle.statement) }
    : null,
});

export type StatementOutcome<T> = { ok: true; value: T } | { ok: false; problem: BillingProblem | 'NOT_FOUND' };

/** One group's statement for a fiscal year; NOT_FOUND for a group sc-account does not know. */
export async function readGroupStatement(
  db: Db,
  group: string,
  fiscalYear: number,
): Promise<StatementOutcome<GroupStatementRecord>> {
  if (!(await groupKnown(db, group))) return { ok: false, problem: 'NOT_FOUND' };
  const found = await groupStatement(db, group, fiscalYear);
  return found.ok ? { ok: true, value: groupStatementRecordOf(found.value) } : found;
}

/** Every group's statement for a fiscal year (bundles apportioned), by group. */
export async function readAllStatements(db: Db, fiscalYear: number): Promise<StatementOutcome<StatementListRecord>> {
  const all = await allStatements(db, fiscalYear);
  return all.ok ? { ok: true, value: { fiscalYear, items: all.value.map(groupStatementRecordOf) } } : all;
}

// ---- CSV for accounting ------------------------------------------------------

const csv = (records: Record<string, unknown>[], columns: string[], bom: boolean) =>
  stringify(records, { bom, header: true, columns, cast: { string: neutraliseCell, boolean: (b) => (b ? '1' : '0') } });

const lineColumns = [
  'fiscal_year',
  'group',
  'item',
  'from',
  'to',
  'days',
  'days_in_year',
  'quantity',
  'unit',
  'free_tb',
  'charged_units',
  'rate_yen',
  'tax_percent',
  'exact_yen',
  'amount_yen',
  'rounded_up',
  'zero_reason',
  'share_quantity',
  'share_of',
  'bundle_amount_yen',
];

/**
 * One group's statement lines, one row each. Storage quantities are in TB (`unit`
 * TB), services in their units; `exact_yen` is cut to two decimals.
 */
export function statementLinesCsv(g: GroupStatementRecord, options: { bom?: boolean } = {}): string {
  const storage = (l: z.infer<typeof chargeLineRecord>) => l.item.type === 'storage';
  const amount = (n: number, l: z.infer<typeof chargeLineRecord>) => (storage(l) ? formatTb(n) : n);
  const rows = g.statement.lines.map((l) => ({
    fiscal_year: g.statement.fiscalYear,
    group: g.group,
    item: l.item.type === 'storage' ? `storage:${l.item.kind}` : `service:${l.item.code}`,
    from: l.from,
    to: l.to,
    days: l.days,
    days_in_year: l.daysInYear,
    quantity: amount(l.quantity, l),
    unit: storage(l) ? 'TB' : 'unit',
    free_tb: formatTb(l.freeTenths),
    charged_units: l.units,
    rate_yen: l.rate,
    tax_percent: l.taxPercent,
    exact_yen: l.exact,
    amount_yen: l.amount,
    rounded_up: l.roundedUp,
    zero_reason: l.zero ?? '',
    share_quantity: l.share ? amount(l.share.quantity, l) : '',
    share_of: l.share ? amount(l.share.of, l) : '',
    bundle_amount_yen: l.share?.bundleAmount ?? '',
  }));
  return csv(rows, lineColumns, options.bom ?? false);
}

const listColumns = [
  'fiscal_year',
  'group',
  'bundle',
  'subtotal_yen',
  'tax_yen',
  'total_yen',
  ...storageKinds.map((k) => `${k}_yen`),
  'services_yen',
];

/**
 * The centre-wide list for accounting: one row per group with its bundle (secondary
 * group), subtotal, tax and total, and the subtotal by GA, PG, archive and services.
 */
export function statementListCsv(list: StatementListRecord, options: { bom?: boolean } = {}): string {
  const rows = list.items.map((g) => {
    const by = (match: (l: z.infer<typeof chargeLineRecord>) => boolean) =>
      g.statement.lines.filter(match).reduce((a, l) => a + l.amount, 0);
    return {
      fiscal_year: list.fiscalYear,
      group: g.group,
      bundle: g.bundle?.secondaryGroup ?? '',
      subtotal_yen: g.statement.subtotal,
      tax_yen: g.statement.tax,
      total_yen: g.statement.total,
      ...Object.fromEntries(
        storageKinds.map((k) => [`${k}_yen`, by((l) => l.item.type === 'storage' && l.item.kind === k)]),
      ),
      services_yen: by((l) => l.item.type === 'service'),
    };
  });
  return csv(rows, listColumns, options.bom ?? false);
}
