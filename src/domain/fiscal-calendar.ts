// The fiscal year (April–March, Asia/Tokyo) and its renewal calendar (domain.md, "The
// fiscal year"). Renewal for fiscal year F (Continuation) opens on January 4 of the
// calendar year F; an account not renewed for F by March 31 is locked from April 1
// (the first day of F); its home directory is due for deletion after June 30, so the
// list is made on July 1. Administrators may move any of the three days for one
// fiscal year (a holiday); the day renewal opens has a configurable default.
//
// An account is valid through a fiscal year (`validThrough`): the one it was
// registered in, or the next when it was registered after that one's renewal opened;
// a Continuation moves it on. Everything here is a function of the instant given: no
// clock, no I/O, and no dependence on the server's time zone (Japan keeps +09:00 all
// year, so a day there is 24 hours and days can be counted in milliseconds).
import { centreTimeZone } from './notices.js';

/** A calendar day, 'YYYY-MM-DD'. */
export type CalendarDay = string;

export interface RenewalCalendar {
  /** The fiscal year a Continuation in this window is for. */
  fiscalYear: number;
  /** Renewal opens at 00:00 (Asia/Tokyo) of this day. */
  opensOn: CalendarDay;
  /** Accounts not renewed are locked from 00:00 of this day. */
  lockOn: CalendarDay;
  /** The home directories of accounts still not renewed are listed for deletion at 00:00 of this day. */
  deletionOn: CalendarDay;
}

/** What administrators may change for one fiscal year; what is left out keeps the default. */
export type CalendarOverride = Partial<Pick<RenewalCalendar, 'opensOn' | 'lockOn' | 'deletionOn'>>;

/** The day renewal opens unless an administrator moved it: 'MM-DD' (RENEWAL_OPENS_ON). */
export const DEFAULT_RENEWAL_OPENS = '01-04';
export const DEFAULT_LOCK = '04-01';
export const DEFAULT_DELETION = '07-01';

const DAY_MS = 86_400_000;
const CENTRE_OFFSET_MS = 9 * 3_600_000;
/** Reminder mails go out at 09:00 of their day, not at midnight. */
const REMINDER_HOUR = 9;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthDayPattern = /^(\d{2})-(\d{2})$/;

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

// A year's statements meet the same few hundred days again and again: each day string
// is read (and each day number written) once, up to a bound.
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, CalendarDay>();
const MEMO_LIMIT = 50_000;

/** Days since 1970-01-01 of a real day (year 1000 to 9999), else undefined. */
function dayIndex(day: string): number | undefined {
  const known = dayNumbers.get(day);
  if (known !== undefined) return known;
  const m = dayPattern.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const length = mo === 2 && isLeap(y) ? 29 : monthLengths[mo - 1];
  if (y < 1000 || length === undefined || d < 1 || d > length) return undefined;
  const n = Date.UTC(y, mo - 1, d) / DAY_MS;
  if (dayNumbers.size < MEMO_LIMIT) dayNumbers.set(day, n);
  return n;
}

/** Whether `day` is a real day ('2028-02-29' is, '2027-02-29' is not). */
export function isCalendarDay(day: string): boolean {
  return dayIndex(day) !== undefined;
}

/** Days since 1970-01-01 of `day`; a RangeError for what is not a day. */
export function dayNumber(day: CalendarDay): number {
  const n = dayIndex(day);
  if (n === undefined) throw new RangeError(`not a day: ${day}`);
  return n;
}

/** The day `n` days after 1970-01-01. */
export function dayOfNumber(n: number): CalendarDay {
  const known = dayStrings.get(n);
  if (known !== undefined) return known;
  const day = new Date(n * DAY_MS).toISOString().slice(0, 10);
  if (dayStrings.size < MEMO_LIMIT) dayStrings.set(n, day);
  return day;
}

/**
 * A day from the parts people type in a date input (`1`, `01`, full-width digits), or
 * undefined when they are not a real day.
 */
export function dayFromParts(day: string, month: string, year: string): CalendarDay | undefined {
  const [d, m, y] = [day, month, year].map((v) => v.normalize('NFKC').trim());
  if (!/^\d{1,2}$/.test(d ?? '') || !/^\d{1,2}$/.test(m ?? '') || !/^\d{4}$/.test(y ?? '')) return undefined;
  const candidate = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isCalendarDay(candidate) ? candidate : undefined;
}

/** Whether 'MM-DD' is a day every year has (February 29 is not). */
export function isMonthDay(monthDay: string): boolean {
  return monthDayPattern.test(monthDay) && isCalendarDay(`2027-${monthDay}`);
}

/** 00:00 Asia/Tokyo of `day` (plus `hours`), as an instant. */
export function centreDayStart(day: CalendarDay, hours = 0): Date {
  return new Date(dayNumber(day) * DAY_MS - CENTRE_OFFSET_MS + hours * 3_600_000);
}

/** The day (Asia/Tokyo) an instant falls on. */
export function centreDayOf(at: Date): CalendarDay {
  return new Date(at.getTime() + CENTRE_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative: earlier). */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  return dayOfNumber(dayNumber(day) + days);
}

const yearMonth = new Intl.DateTimeFormat('en-CA', { timeZone: centreTimeZone, year: 'numeric', month: 'numeric' });

/** The fiscal year (April–March, Asia/Tokyo) that contains the instant `at`. */
export function fiscalYearOf(at: Date): number {
  const parts = yearMonth.formatToParts(at);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return month >= 4 ? year : year - 1;
}

/** The first and the last day of a fiscal year. */
export function fiscalYearDays(fiscalYear: number): { first: CalendarDay; last: CalendarDay } {
  return { first: `${fiscalYear}-04-01`, last: `${fiscalYear + 1}-03-31` };
}

/** The calendar of a fiscal year's renewal: the defaults with an administrator's override. */
export function renewalCalendar(
  fiscalYear: number,
  override: CalendarOverride = {},
  opensDefault: string = DEFAULT_RENEWAL_OPENS,
): RenewalCalendar {
  return {
    fiscalYear,
    opensOn: override.opensOn ?? `${fiscalYear}-${opensDefault}`,
    lockOn: override.lockOn ?? `${fiscalYear}-${DEFAULT_LOCK}`,
    deletionOn: override.deletionOn ?? `${fiscalYear}-${DEFAULT_DELETION}`,
  };
}

export type CalendarProblem =
  | 'not_a_day'
  | 'opens_range'
  | 'lock_range'
  | 'deletion_range'
  | 'opens_too_close'
  | 'deletion_before_lock';

/**
 * What is wrong with a fiscal year's calendar, field by field. Renewal opens between
 * December 1 before and March 1 of that year, at least 30 days before the lock; the
 * lock falls between March 15 and April 30; the deletion list between June 1 and
 * September 30, after the lock.
 */
export function calendarProblems(c: RenewalCalendar): Partial<Record<keyof CalendarOverride, CalendarProblem>> {
  const problems: Partial<Record<keyof CalendarOverride, CalendarProblem>> = {};
  const y = c.fiscalYear;
  const within = (day: string, from: string, to: string) => day >= from && day <= to;
  for (const field of ['opensOn', 'lockOn', 'deletionOn'] as const)
    if (!isCalendarDay(c[field])) problems[field] = 'not_a_day';
  if (!problems.opensOn && !within(c.opensOn, `${y - 1}-12-01`, `${y}-03-01`)) problems.opensOn = 'opens_range';
  if (!problems.lockOn && !within(c.lockOn, `${y}-03-15`, `${y}-04-30`)) problems.lockOn = 'lock_range';
  if (!problems.deletionOn && !within(c.deletionOn, `${y}-06-01`, `${y}-09-30`)) problems.deletionOn = 'deletion_range';
  if (!problems.opensOn && !problems.lockOn && addDays(c.opensOn, 30) > c.lockOn) problems.opensOn = 'opens_too_close';
  if (!problems.lockOn && !problems.deletionOn && c.deletionOn <= c.lockOn)
    problems.deletionOn = 'deletion_before_lock';
  return problems;
}

/** Looks up the calendar of any fiscal year (the defaults and the overrides stored). */
export type CalendarLookup = (fiscalYear: number) => RenewalCalendar;

export const renewalOpensAt = (c: RenewalCalendar) => centreDayStart(c.opensOn);
export const lockAt = (c: RenewalCalendar) => centreDayStart(c.lockOn);
export const deletionAt = (c: RenewalCalendar) => centreDayStart(c.deletionOn);

/** The things that happen on their own in a renewal cycle, each once. */
export const renewalEventKinds = ['opened', 'reminder30', 'reminder7', 'lock', 'deletions'] as const;
export type RenewalEventKind = (typeof renewalEventKinds)[number];

export interface RenewalEvent {
  kind: RenewalEventKind;
  fiscalYear: number;
  at: Date;
}

/**
 * The cycle of one fiscal year's renewal, in order: the opening mail (09:00 of the
 * day it opens), reminders 30 and 7 days before the lock (09:00; one that would not
 * come after the opening mail is left out), the lock (00:00, with its mail), the
 * deletion list.
 */
export function renewalEvents(c: RenewalCalendar): RenewalEvent[] {
  const fy = c.fiscalYear;
  const opened = centreDayStart(c.opensOn, REMINDER_HOUR);
  const reminder = (days: number) => centreDayStart(addDays(c.lockOn, -days), REMINDER_HOUR);
  const events: RenewalEvent[] = [
    { kind: 'opened', fiscalYear: fy, at: opened },
    { kind: 'reminder30', fiscalYear: fy, at: reminder(30) },
    { kind: 'reminder7', fiscalYear: fy, at: reminder(7) },
    { kind: 'lock', fiscalYear: fy, at: lockAt(c) },
    { kind: 'deletions', fiscalYear: fy, at: deletionAt(c) },
  ];
  return events.filter((e) => !e.kind.startsWith('reminder') || e.at > opened);
}

/** The fiscal year whose lock has passed most recently at `at` (the lock may be moved into March). */
export function lockedThrough(at: Date, calendar: CalendarLookup): number {
  const fy = fiscalYearOf(at);
  if (at >= lockAt(calendar(fy + 1))) return fy + 1;
  if (at >= lockAt(calendar(fy))) return fy;
  return fy - 1;
}

/** The fiscal year an account registered at `at` is valid through. */
export function validThroughAtRegistration(at: Date, calendar: CalendarLookup): number {
  const through = lockedThrough(at, calendar);
  return at >= renewalOpensAt(calendar(through + 1)) ? through + 1 : through;
}

/**
 * An account valid through `validThrough`, at `at`: `valid` (nothing to do), `due` (a
 * Continuation is open and not sent yet), `locked` (its lock has passed: renewing
 * restores it), or `deletion` (locked and past the deletion day). With the fiscal year a
 * Continuation sent now is for.
 */
export type RenewalStatus =
  | { status: 'valid' }
  | { status: 'due' | 'locked' | 'deletion'; renewFor: number; lockAt: Date };

export function renewalStatus(validThrough: number, at: Date, calendar: CalendarLookup): RenewalStatus {
  const through = lockedThrough(at, calendar);
  const next = calendar(through + 1);
  if (validThrough < through) {
    // Late: renewing is for the year locked (or for the next one once its window is
    // open); the lock and the deletion day are those of the first year missed.
    const missed = calendar(validThrough + 1);
    const renewFor = at >= renewalOpensAt(next) ? through + 1 : through;
    const status = at >= deletionAt(missed) ? 'deletion' : 'locked';
    return { status, renewFor, lockAt: lockAt(missed) };
  }
  if (validThrough < through + 1 && at >= renewalOpensAt(next))
    return { status: 'due', renewFor: through + 1, lockAt: lockAt(next) };
  return { status: 'valid' };
}
