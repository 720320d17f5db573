// The usage plan (利用計画表) of a responsible person (domain.md, "Storage and
// billing"): what their group uses beyond the 1 TB every new GA account gets, and the
// paid services. Every change is a new version; staff approve, ask for changes or
// reject it, and the approved version is what quotas and charges follow. The version's
// states, its content and the checks on what people type are here. Pure.
import type { StorageKind, StorageQuota } from './billing.js';
import { TENTHS_PER_TB } from './billing.js';
import { addDays, type CalendarDay, fiscalYearDays, isCalendarDay } from './fiscal-calendar.js';
import { defineStateMachine } from './state-machine.js';

export const planStates = [
  'submitted',
  'changes_requested',
  'approved',
  'rejected',
  'withdrawn',
  'superseded',
] as const;
export type PlanState = (typeof planStates)[number];

export const planMachine = defineStateMachine<PlanState>('usage plan', {
  // A newer version sent while this one waits supersedes it.
  submitted: ['approved', 'changes_requested', 'rejected', 'withdrawn', 'superseded'],
  // The next approved version takes over; quotas and charges follow it from then.
  approved: ['superseded'],
  // Asked for changes: the filer answers with a new version.
  changes_requested: [],
  rejected: [],
  withdrawn: [],
  superseded: [],
});

/** The default GA quota of every account: 1 TB. More than this is large-scale use. */
export const DEFAULT_USER_TENTHS = 10;
/** The largest figure a plan takes for one line: 10 PB. */
export const MAX_TENTHS = 100_000;
export const MAX_SERVICE_QUANTITY = 1_000;
export const MAX_PLAN_LINES = 500;

export const quotaScopes = ['user', 'group'] as const;
export type QuotaScope = (typeof quotaScopes)[number];

/** Storage for one user (an account under the person) or for the whole group. */
export interface StorageLine {
  scope: QuotaScope;
  /** The account name for a user; the group name for the group. */
  subject: string;
  kind: StorageKind;
  tenths: number;
}

export interface ServiceLine {
  code: string;
  quantity: number;
}

export interface PlanContent {
  purpose: string;
  relatedItems: string;
  from: CalendarDay;
  to: CalendarDay;
  storage: StorageLine[];
  services: ServiceLine[];
}

export type TbProblem = 'required' | 'not_a_number' | 'not_positive' | 'too_precise' | 'too_large';

/**
 * Terabytes as people type them (`2`, `1.5`, `１．５`, ` 20 `) in tenths of a TB: a
 * positive number with at most one decimal, up to 10 PB.
 */
export function parseTb(raw: string): { ok: true; tenths: number } | { ok: false; problem: TbProblem } {
  const text = raw
    .normalize('NFKC')
    .trim()
    .replace(/\s*TB$/i, '');
  if (!text) return { ok: false, problem: 'required' };
  const m = /^(\d{1,7})(?:\.(\d+))?$/.exec(text);
  if (!m) return { ok: false, problem: /^-\d/.test(text) ? 'not_positive' : 'not_a_number' };
  const decimals = (m[2] ?? '').replace(/0+$/, '');
  if (decimals.length > 1) return { ok: false, problem: 'too_precise' };
  const tenths = Number(m[1]) * TENTHS_PER_TB + Number(decimals || '0');
  if (tenths <= 0) return { ok: false, problem: 'not_positive' };
  if (tenths > MAX_TENTHS) return { ok: false, problem: 'too_large' };
  return { ok: true, tenths };
}

/** Tenths of a TB as people read them: 15 → "1.5", 20 → "2". */
export const formatTb = (tenths: number): string =>
  tenths % TENTHS_PER_TB === 0 ? String(tenths / TENTHS_PER_TB) : (tenths / TENTHS_PER_TB).toFixed(1);

export type YenProblem = 'required' | 'not_an_integer' | 'too_large';

/** Yen as people type them (`40000`, `40,000`, `４００００`): a non-negative integer. */
export function parseYen(raw: string): { ok: true; yen: number } | { ok: false; problem: YenProblem } {
  const text = raw
    .normalize('NFKC')
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/,/g, '');
  if (!text) return { ok: false, problem: 'required' };
  if (!/^\d{1,13}$/.test(text)) return { ok: false, problem: 'not_an_integer' };
  const yen = Number(text);
  return yen > 1_000_000_000_000 ? { ok: false, problem: 'too_large' } : { ok: true, yen };
}

export type PeriodProblem = 'from_not_a_day' | 'to_not_a_day' | 'to_before_from' | 'outside_fiscal_year';

/** A plan's period lies within one fiscal year (that of its first day). */
export function periodProblem(from: string, to: string, fiscalYear: number): PeriodProblem | undefined {
  if (!isCalendarDay(from)) return 'from_not_a_day';
  if (!isCalendarDay(to)) return 'to_not_a_day';
  if (to < from) return 'to_before_from';
  const { first, last } = fiscalYearDays(fiscalYear);
  if (from < first || to > last) return 'outside_fiscal_year';
  return undefined;
}

/** Whether a plan asks for GA storage beyond the default: a user above 1 TB, or a group quota. */
export function isLargeScale(storage: readonly StorageLine[]): boolean {
  return storage.some((l) => l.kind === 'ga' && (l.scope === 'group' ? l.tenths > 0 : l.tenths > DEFAULT_USER_TENTHS));
}

export const isQuotaScope = (v: unknown): v is QuotaScope => quotaScopes.includes(v as QuotaScope);

/** The quota each line sets, by `scope:subject:kind`; the last line for one key wins. */
export function quotaKey(l: Pick<StorageLine, 'scope' | 'subject' | 'kind'>): string {
  return `${l.scope}:${l.subject}:${l.kind}`;
}

/** The days an account was in use: from the day it was made to its last day (open while it lives). */
export interface AccountLife {
  uid: string;
  from: CalendarDay;
  to: CalendarDay | null;
}

/** A quota from the ledger: in force from one day to another (open while it lasts). */
export interface QuotaStretch {
  scope: QuotaScope;
  subject: string;
  kind: StorageKind;
  tenths: number;
  from: CalendarDay;
  to: CalendarDay | null;
}

const minDay = (a: CalendarDay, b: CalendarDay) => (a < b ? a : b);
const maxDay = (a: CalendarDay, b: CalendarDay) => (a > b ? a : b);

/**
 * The storage a responsible person is charged for up to `last`: every GA account's
 * 1 TB on the days no approved plan sets that user's GA quota; the plan's quotas of a
 * user only while the account lives; the group's quotas as they are.
 */
export function storageInForce(
  member: string,
  accounts: readonly AccountLife[],
  stretches: readonly QuotaStretch[],
  last: CalendarDay,
): StorageQuota[] {
  const out: StorageQuota[] = [];
  const byUser = new Map<string, QuotaStretch[]>();
  for (const s of stretches) {
    if (s.scope === 'group') out.push({ kind: s.kind, tenths: s.tenths, from: s.from, to: s.to ?? last, member });
    else {
      const mine = byUser.get(s.subject);
      if (mine) mine.push(s);
      else byUser.set(s.subject, [s]);
    }
  }
  for (const account of accounts) {
    const lifeEnd = account.to ?? last;
    if (lifeEnd < account.from) continue;
    const ga: StorageQuota[] = [];
    for (const s of byUser.get(account.uid) ?? []) {
      const own = {
        kind: s.kind,
        tenths: s.tenths,
        from: maxDay(s.from, account.from),
        to: minDay(s.to ?? last, lifeEnd),
        member,
      };
      if (own.from > own.to) continue;
      out.push(own);
      if (own.kind === 'ga') ga.push(own);
    }
    // The default 1 TB fills the days no user GA quota covers.
    let next = account.from;
    for (const s of ga.sort((a, b) => (a.from < b.from ? -1 : 1))) {
      if (s.from > next)
        out.push({ kind: 'ga', tenths: DEFAULT_USER_TENTHS, from: next, to: addDays(s.from, -1), member });
      if (s.to >= next) next = addDays(s.to, 1);
    }
    if (next <= lifeEnd) out.push({ kind: 'ga', tenths: DEFAULT_USER_TENTHS, from: next, to: lifeEnd, member });
  }
  return out;
}

/**
 * The ledger as it would be with `content` approved to take effect on `day`: what was
 * in force ends the day before (what had not begun is dropped), the plan's quotas
 * start on `day` and stay, its services run to the plan's last day.
 */
export function ledgerWith(
  stretches: readonly QuotaStretch[],
  bookings: readonly { code: string; quantity: number; from: CalendarDay; to: CalendarDay }[],
  content: Pick<PlanContent, 'storage' | 'services' | 'to'>,
  day: CalendarDay,
) {
  const before = addDays(day, -1);
  const cut = <T extends { from: CalendarDay; to: CalendarDay | null }>(items: readonly T[]): T[] =>
    items.filter((s) => s.from < day).map((s) => ({ ...s, to: s.to === null || s.to >= day ? before : s.to }));
  return {
    stretches: [...cut(stretches), ...content.storage.map((l) => ({ ...l, from: day, to: null }))] as QuotaStretch[],
    bookings: [
      ...cut(bookings),
      ...(content.to >= day ? content.services.map((s) => ({ ...s, from: day, to: content.to })) : []),
    ],
  };
}

/** A byte count of a quota in tenths of a TB (1 TB = 10^12 bytes). */
export const BYTES_PER_TENTH = 100_000_000_000;

export interface ExpectedQuota {
  scope: QuotaScope;
  subject: string;
  kind: StorageKind;
  tenths: number;
}

/**
 * The quotas a group should have on `day`: every live user's GA quota (1 TB unless the
 * ledger says otherwise), the ledger's other quotas of live users, and the group's.
 */
export function quotasOn(
  liveUids: readonly string[],
  stretches: readonly QuotaStretch[],
  day: CalendarDay,
): ExpectedQuota[] {
  const live = new Set(liveUids);
  const out = new Map<string, ExpectedQuota>();
  for (const uid of liveUids)
    out.set(quotaKey({ scope: 'user', subject: uid, kind: 'ga' }), {
      scope: 'user',
      subject: uid,
      kind: 'ga',
      tenths: DEFAULT_USER_TENTHS,
    });
  for (const s of stretches) {
    if (s.from > day || (s.to !== null && s.to < day)) continue;
    if (s.scope === 'user' && !live.has(s.subject)) continue;
    out.set(quotaKey(s), { scope: s.scope, subject: s.subject, kind: s.kind, tenths: s.tenths });
  }
  return [...out.values()];
}
