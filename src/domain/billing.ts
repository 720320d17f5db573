// What a responsible person (or a bundle of them) is charged in a fiscal year for
// storage and paid services (domain.md, "Storage and billing"), as statement lines
// that explain themselves. Pure: the price table and the quotas in, lines out.
//
// - GA high-speed storage: the first 30 TB per responsible person are free (a bundle
//   of several persons sharing a secondary group gets one allowance per person, on
//   their total); above that, per started 10 TB. PG storage and archive storage: per
//   started 10 TB from the first terabyte.
// - A line is a stretch of days in which the total and the price stay the same: a
//   quota that changes mid-year, or a dated price revision, starts a new line.
//   Storage counts in tenths of a terabyte, so every figure is an integer.
// - The rounding rule (docs/billing.md): a line's exact amount is
//   units × yearly rate × days ÷ days in the fiscal year. A statement's subtotal is
//   the sum of the exact amounts rounded down to the yen, once (per tax rate). Each
//   line shows its exact amount rounded down, and the yen that rounding down line by
//   line loses against the subtotal go, one each, to the lines with the largest
//   fractions (ties: the earlier line). So lines add up to the subtotal and the
//   subtotal is never more than the exact sum nor a yen below it. Consumption tax is
//   the subtotal × rate, rounded down, once per rate (as a qualified invoice does).
// - A bundle's lines are apportioned to its members by their share of the quantity
//   (tenths of a TB, or units of a service) with the same largest-remainder rule, so
//   the parts add up exactly to the bundle's amounts.
import type { CalendarDay } from './fiscal-calendar.js';
import { dayNumber as calendarDayNumber, dayOfNumber, fiscalYearDays, isCalendarDay } from './fiscal-calendar.js';

export const storageKinds = ['ga', 'pg', 'archive'] as const;
export type StorageKind = (typeof storageKinds)[number];
export const isStorageKind = (v: unknown): v is StorageKind => storageKinds.includes(v as StorageKind);

/** Storage is kept in tenths of a terabyte; the billing unit is 10 TB. */
export const TENTHS_PER_TB = 10;
export const TENTHS_PER_BLOCK = 100;
/** The GA allowance of the published price list: 30 TB per responsible person. */
export const DEFAULT_GA_FREE_TENTHS = 300;

/** Prices from a day of the fiscal year on (the first revision starts on April 1). */
export interface PriceRevision {
  from: CalendarDay;
  /** Yen per 10 TB per year, tax excluded. */
  storage: Readonly<Record<StorageKind, number>>;
  /** Yen per unit per year, tax excluded, by catalogue code. */
  services: Readonly<Record<string, number>>;
  /** Consumption tax in whole percent. */
  taxPercent: number;
}

export interface PriceTable {
  fiscalYear: number;
  /** The free GA storage per responsible person, in tenths of a TB. */
  gaFreeTenths: number;
  /** Sorted by `from`; the first is April 1 of the fiscal year. */
  revisions: readonly PriceRevision[];
}

/** A quota in force over some days; `member` is the responsible person it counts for. */
export interface StorageQuota {
  kind: StorageKind;
  tenths: number;
  from: CalendarDay;
  to: CalendarDay;
  member: string;
}

export interface ServiceUse {
  code: string;
  quantity: number;
  from: CalendarDay;
  to: CalendarDay;
  member: string;
}

/** Who is charged together: one responsible person, or a bundle sharing a secondary group. */
export interface BillingUnit {
  members: readonly string[];
  storage: readonly StorageQuota[];
  services: readonly ServiceUse[];
}

export type ChargeItem = { type: 'storage'; kind: StorageKind } | { type: 'service'; code: string };

/** Why a line costs nothing. */
export type ZeroReason = 'free_allowance' | 'no_quantity' | 'free_price';

export interface ChargeLine {
  item: ChargeItem;
  from: CalendarDay;
  to: CalendarDay;
  days: number;
  daysInYear: number;
  /** Storage: the total in tenths of a TB; a service: its units. */
  quantity: number;
  /** The free GA storage deducted, in tenths of a TB (0 for everything else). */
  freeTenths: number;
  /** The whole free allowance the line had (GA: 30 TB per responsible person), in tenths of a TB. */
  allowanceTenths: number;
  /** Charged blocks of 10 TB (started blocks count), or service units. */
  units: number;
  /** Yen per unit per year, tax excluded. */
  rate: number;
  taxPercent: number;
  /** The exact amount is exactNumerator ÷ daysInYear yen. */
  exactNumerator: bigint;
  amount: number;
  /** This line received one of the yen the rounding rule gives back. */
  roundedUp: boolean;
  zero?: ZeroReason;
  /** Each member's quantity within `quantity`. */
  shares: Readonly<Record<string, number>>;
  /** On a member's statement: their part of a bundle's line. */
  share?: { quantity: number; of: number; bundleAmount: number };
}

export interface TaxSubtotal {
  taxPercent: number;
  subtotal: number;
  tax: number;
}

export interface Statement {
  fiscalYear: number;
  lines: ChargeLine[];
  taxes: TaxSubtotal[];
  subtotal: number;
  tax: number;
  total: number;
}

export class BillingError extends Error {
  constructor(
    readonly problem: 'no_prices' | 'no_service_price' | 'bad_input',
    detail: string,
  ) {
    super(`billing: ${problem}: ${detail}`);
    this.name = 'BillingError';
  }
}

const dayNumber = (day: CalendarDay): number => {
  if (!isCalendarDay(day)) throw new BillingError('bad_input', `not a day: ${day}`);
  return calendarDayNumber(day);
};
const dayOf = dayOfNumber;

/** The number of days of a fiscal year (366 when it holds a February 29). */
export function daysInFiscalYear(fiscalYear: number): number {
  const { first, last } = fiscalYearDays(fiscalYear);
  return dayNumber(last) - dayNumber(first) + 1;
}

/** The started 10 TB blocks charged for `tenths`, after `freeTenths`. */
export function chargedBlocks(tenths: number, freeTenths: number): number {
  return Math.ceil(Math.max(0, tenths - freeTenths) / TENTHS_PER_BLOCK);
}

interface Span {
  from: number;
  to: number;
  quantity: number;
  member: string;
}

interface Stretch {
  from: number;
  to: number;
  revision: PriceRevision;
  quantity: number;
  shares: Record<string, number>;
}

/**
 * Cut the fiscal year where any span starts or ends or a price revision starts, and
 * sum the spans over each piece; neighbouring pieces with the same total, shares and
 * prices become one stretch. Pieces with nothing in force are left out.
 */
function stretches(spans: Span[], revisionStarts: number[], revisions: readonly PriceRevision[]) {
  // A sweep over the days where something starts or ends: what is in force is kept up
  // to date event by event instead of summed again for every piece.
  const events: { day: number; span: Span; delta: 1 | -1 }[] = [];
  const cuts = new Set<number>(revisionStarts);
  for (const span of spans) {
    events.push({ day: span.from, span, delta: 1 }, { day: span.to + 1, span, delta: -1 });
    cuts.add(span.from);
    cuts.add(span.to + 1);
  }
  events.sort((a, b) => a.day - b.day);
  const points = [...cuts].sort((a, b) => a - b);
  const count = new Map<string, number>();
  const sum = new Map<string, number>();
  let active = 0;
  let quantity = 0;
  let next = 0;
  let r = 0;
  const out: Stretch[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i] as number;
    const to = (points[i + 1] as number) - 1;
    for (; next < events.length && (events[next] as (typeof events)[number]).day <= from; next++) {
      const { span, delta } = events[next] as (typeof events)[number];
      active += delta;
      quantity += delta * span.quantity;
      count.set(span.member, (count.get(span.member) ?? 0) + delta);
      sum.set(span.member, (sum.get(span.member) ?? 0) + delta * span.quantity);
    }
    if (active === 0) continue;
    while (r + 1 < revisionStarts.length && (revisionStarts[r + 1] as number) <= from) r++;
    const revision = revisions[r] as PriceRevision;
    const last = out.at(-1);
    if (
      last &&
      last.to + 1 === from &&
      last.revision === revision &&
      last.quantity === quantity &&
      sameShares(last.shares, count, sum)
    ) {
      last.to = to;
      continue;
    }
    const shares: Record<string, number> = {};
    for (const [member, n] of count) if (n > 0) shares[member] = sum.get(member) ?? 0;
    out.push({ from, to, revision, quantity, shares });
  }
  return out;
}

/** Whether the shares of a stretch are those in force: the same members, the same quantities. */
function sameShares(a: Record<string, number>, count: Map<string, number>, sum: Map<string, number>): boolean {
  let members = 0;
  for (const [member, n] of count) {
    if (n <= 0) continue;
    members++;
    if (a[member] !== sum.get(member)) return false;
  }
  return members === Object.keys(a).length;
}

/** Spans clipped to the fiscal year; those with no day left are dropped. */
function clip<T extends { from: CalendarDay; to: CalendarDay; member: string }>(
  items: readonly T[],
  first: number,
  last: number,
  quantity: (t: T) => number,
): Span[] {
  const out: Span[] = [];
  for (const item of items) {
    const from = Math.max(dayNumber(item.from), first);
    const to = Math.min(dayNumber(item.to), last);
    const q = quantity(item);
    if (!Number.isSafeInteger(q) || q < 0) throw new BillingError('bad_input', `quantity ${q}`);
    if (from <= to) out.push({ from, to, quantity: q, member: item.member });
  }
  return out;
}

/** The statement of one billing unit (a person or a bundle) for the price table's fiscal year. */
export function chargeFiscalYear(prices: PriceTable, unit: BillingUnit): Statement {
  const { first: firstDay, last: lastDay } = fiscalYearDays(prices.fiscalYear);
  const first = dayNumber(firstDay);
  const last = dayNumber(lastDay);
  const daysInYear = last - first + 1;
  if (!prices.revisions.length || prices.revisions[0]?.from !== firstDay)
    throw new BillingError('no_prices', `fiscal year ${prices.fiscalYear} has no prices from ${firstDay}`);
  const revisionStarts = prices.revisions.map((r) => dayNumber(r.from));
  for (let i = 1; i < revisionStarts.length; i++) {
    const at = revisionStarts[i] as number;
    if (at <= (revisionStarts[i - 1] as number) || at > last)
      throw new BillingError('bad_input', 'price revisions out of order or outside the fiscal year');
  }
  const cut = [...revisionStarts, last + 1];
  const lines: ChargeLine[] = [];

  const byKind = new Map<StorageKind, StorageQuota[]>();
  for (const q of unit.storage) {
    const list = byKind.get(q.kind);
    if (list) list.push(q);
    else byKind.set(q.kind, [q]);
  }
  for (const kind of storageKinds) {
    const quotas = byKind.get(kind);
    if (!quotas) continue;
    const spans = clip(quotas, first, last, (q) => q.tenths);
    const free = kind === 'ga' ? prices.gaFreeTenths * unit.members.length : 0;
    for (const s of stretches(spans, cut, prices.revisions)) {
      const rate = s.revision.storage[kind];
      const units = chargedBlocks(s.quantity, free);
      lines.push(
        line(
          { type: 'storage', kind },
          s,
          daysInYear,
          { deducted: Math.min(free, s.quantity), allowance: free },
          units,
          rate,
        ),
      );
    }
  }

  const codes = [...new Set(unit.services.map((u) => u.code))].sort();
  for (const code of codes) {
    const spans = clip(
      unit.services.filter((u) => u.code === code),
      first,
      last,
      (u) => u.quantity,
    );
    for (const s of stretches(spans, cut, prices.revisions)) {
      const rate = s.revision.services[code];
      if (rate === undefined) throw new BillingError('no_service_price', `${code} has no price from ${dayOf(s.from)}`);
      lines.push(line({ type: 'service', code }, s, daysInYear, { deducted: 0, allowance: 0 }, s.quantity, rate));
    }
  }
  return settle(prices.fiscalYear, lines, round);
}

function line(
  item: ChargeItem,
  s: Stretch,
  daysInYear: number,
  free: { deducted: number; allowance: number },
  units: number,
  rate: number,
): ChargeLine {
  if (!Number.isSafeInteger(rate) || rate < 0) throw new BillingError('bad_input', `rate ${rate}`);
  const days = s.to - s.from + 1;
  const exactNumerator = BigInt(units) * BigInt(rate) * BigInt(days);
  const zero: ZeroReason | undefined =
    units > 0 ? (rate === 0 ? 'free_price' : undefined) : free.deducted > 0 ? 'free_allowance' : 'no_quantity';
  return {
    item,
    from: dayOf(s.from),
    to: dayOf(s.to),
    days,
    daysInYear,
    quantity: s.quantity,
    freeTenths: free.deducted,
    allowanceTenths: free.allowance,
    units,
    rate,
    taxPercent: s.revision.taxPercent,
    exactNumerator,
    amount: 0,
    roundedUp: false,
    ...(zero ? { zero } : {}),
    shares: s.shares,
  };
}

/**
 * Split `total` over `weights` (bigints) by the largest-remainder rule: each part is
 * total × weight ÷ Σweights rounded down, and what is left goes one by one to the
 * largest fractions (ties: the earlier). The parts add up to `total` exactly.
 */
export function largestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, fraction: (total * w) % sum }))
    .sort((a, b) => (b.fraction > a.fraction ? 1 : b.fraction < a.fraction ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left--;
  }
  return parts;
}

/** The rounding rule on a bundle's own lines: one rounding of the subtotal per tax rate. */
function round(group: ChargeLine[]): void {
  const daysInYear = BigInt(group[0]?.daysInYear ?? 1);
  const exact = group.reduce((a, l) => a + l.exactNumerator, 0n);
  const subtotal = exact / daysInYear;
  const floors = group.map((l) => l.exactNumerator / daysInYear);
  let left = subtotal - floors.reduce((a, b) => a + b, 0n);
  const order = group
    .map((l, i) => ({ i, fraction: l.exactNumerator % daysInYear }))
    .sort((a, b) => (b.fraction > a.fraction ? 1 : b.fraction < a.fraction ? -1 : a.i - b.i));
  group.forEach((l, i) => {
    l.amount = Number(floors[i]);
  });
  for (const { i } of order) {
    if (left <= 0n) break;
    const l = group[i] as ChargeLine;
    l.amount += 1;
    l.roundedUp = true;
    left--;
  }
}

function settle(fiscalYear: number, lines: ChargeLine[], rounding?: (group: ChargeLine[]) => void): Statement {
  const rates = [...new Set(lines.map((l) => l.taxPercent))].sort((a, b) => a - b);
  const taxes: TaxSubtotal[] = rates.map((taxPercent) => {
    const group = lines.filter((l) => l.taxPercent === taxPercent);
    rounding?.(group);
    const subtotal = group.reduce((a, l) => a + l.amount, 0);
    return { taxPercent, subtotal, tax: Math.floor((subtotal * taxPercent) / 100) };
  });
  const subtotal = taxes.reduce((a, t) => a + t.subtotal, 0);
  const tax = taxes.reduce((a, t) => a + t.tax, 0);
  return { fiscalYear, lines, taxes, subtotal, tax, total: subtotal + tax };
}

/**
 * Each member's statement: their part of every line they have a share in, by the
 * largest-remainder rule on their quantity. The parts of a line add up to its amount.
 */
export function apportion(bundle: Statement, members: readonly string[]): Map<string, Statement> {
  const own = new Map<string, ChargeLine[]>(members.map((m) => [m, []]));
  for (const l of bundle.lines) {
    const weights = members.map((m) => BigInt(l.shares[m] ?? 0));
    const parts = largestRemainder(BigInt(l.amount), weights);
    members.forEach((m, i) => {
      const quantity = l.shares[m] ?? 0;
      if (quantity === 0) return;
      own.get(m)?.push({
        ...l,
        amount: Number(parts[i]),
        share: { quantity, of: l.quantity, bundleAmount: l.amount },
      });
    });
  }
  return new Map(members.map((m) => [m, settle(bundle.fiscalYear, own.get(m) ?? [])]));
}
