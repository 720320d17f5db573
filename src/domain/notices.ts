// Closures of the application system and suspended services: which are in force at
// a given instant, and how their times read in Asia/Tokyo. Pure: no I/O, no clock.
//
// Times are instants (Date). The centre's local time is Asia/Tokyo; Japan has had no
// daylight saving time since 1951, so its local time is always UTC+09:00.

export const services = ['ga_account', 'ga_large_storage', 'pg', 'workshop'] as const;
export type Service = (typeof services)[number];

export function isService(value: unknown): value is Service {
  return typeof value === 'string' && (services as readonly string[]).includes(value);
}

export const centreTimeZone = 'Asia/Tokyo';

export interface ClosureWindow {
  id: number;
  startsAt: Date;
  endsAt: Date;
  reasonJa: string;
  reasonEn: string;
  /** Existing users may still log in during the closure (the usual case). */
  loginsAllowed: boolean;
}

export interface ServiceAcceptance {
  service: Service;
  accepting: boolean;
  noticeJa: string | null;
  noticeEn: string | null;
  announcementUrl: string | null;
  /** When the current state (accepting or suspended) began. */
  since: Date | null;
}

/** In force from its start (inclusive) until its end (exclusive). */
export function isInForce(closure: Pick<ClosureWindow, 'startsAt' | 'endsAt'>, at: Date): boolean {
  const t = at.getTime();
  return closure.startsAt.getTime() <= t && t < closure.endsAt.getTime();
}

/**
 * The closure in force at `at`, if any. When windows overlap, the one that ends last
 * is the one to show: its end is when applications open again.
 */
export function closureInForce<C extends ClosureWindow>(closures: readonly C[], at: Date): C | undefined {
  let found: C | undefined;
  for (const c of closures) {
    if (isInForce(c, at) && (!found || c.endsAt.getTime() > found.endsAt.getTime())) found = c;
  }
  return found;
}

/** The services not accepting new applications, in the order of `services`. */
export function suspendedServices(rows: readonly ServiceAcceptance[]): ServiceAcceptance[] {
  return rows.filter((r) => !r.accepting).sort((a, b) => services.indexOf(a.service) - services.indexOf(b.service));
}

export interface ActiveNotices {
  closure: ClosureWindow | undefined;
  suspended: ServiceAcceptance[];
  /** New account applications can be started and submitted now. */
  applicationsOpen: boolean;
}

export function activeNotices(
  closures: readonly ClosureWindow[],
  acceptance: readonly ServiceAcceptance[],
  at: Date,
): ActiveNotices {
  const closure = closureInForce(closures, at);
  const suspended = suspendedServices(acceptance);
  const gaClosed = suspended.some((s) => s.service === 'ga_account');
  return { closure, suspended, applicationsOpen: !closure && !gaClosed };
}

export function isAccepting(notices: ActiveNotices, service: Service): boolean {
  return !notices.suspended.some((s) => s.service === service);
}

// --- Asia/Tokyo display and input ---------------------------------------------------

type DisplayLang = 'ja' | 'en';

const displayOptions: Intl.DateTimeFormatOptions = {
  timeZone: centreTimeZone,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

const displayFormats: Record<DisplayLang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', displayOptions),
  en: new Intl.DateTimeFormat('en-GB', displayOptions),
};

/** e.g. "2027年1月9日(土) 12:00" / "Sat, 9 January 2027 at 12:00", in Asia/Tokyo. */
export function formatCentreTime(at: Date, lang: DisplayLang): string {
  return displayFormats[lang].format(at);
}

const dateFormats: Record<DisplayLang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: centreTimeZone, dateStyle: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: centreTimeZone, dateStyle: 'long' }),
};

/** e.g. "2027年1月9日" / "9 January 2027", the day in Asia/Tokyo. */
export function formatCentreDate(at: Date, lang: DisplayLang): string {
  return dateFormats[lang].format(at);
}

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: centreTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "YYYY-MM-DD HH:MM" in Asia/Tokyo: the form operators type and read on the command line. */
export function formatCentreInput(at: Date): string {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const inputPattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/**
 * Reads "YYYY-MM-DD HH:MM" (or with a "T") as Asia/Tokyo local time. Returns undefined
 * for anything else, including dates that do not exist (2026-02-30, 24:00).
 */
export function parseCentreInput(text: string): Date | undefined {
  const m = inputPattern.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:00+09:00`);
  if (Number.isNaN(at.getTime())) return undefined;
  // Date rolls 2026-02-30 over into March; reading it back in Tokyo catches that.
  if (formatCentreInput(at) !== `${y}-${mo}-${d} ${h}:${mi}`) return undefined;
  return at;
}

/** "YYYY-MM-DD" in Tokyo → the start of that day; undefined for anything else. */
const centreDay = (v: string | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? parseCentreInput(`${v} 00:00`) : undefined;

/**
 * A "from" and an "until" day of a list's filter as instants, read as whole days in
 * Tokyo: "until" is inclusive (before the start of the next day).
 */
export function dayRange(from: string | undefined, until: string | undefined): { from?: Date; until?: Date } {
  const end = centreDay(until);
  return { from: centreDay(from), until: end ? new Date(end.getTime() + 24 * 3600_000) : undefined };
}
