// What the staff lists (queue, audit log) share: "YYYY-MM-DD" date filters read as
// whole days in Tokyo, and links to the same view with some parameters changed.
import { parseCentreInput } from '../../domain/notices.js';

/** "YYYY-MM-DD" in Tokyo → the start of that day. */
const day = (v: string | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? parseCentreInput(`${v} 00:00`) : undefined;

/** A "from" and an "until" day as instants; "until" is inclusive (before the start of the next day). */
export function dayRange(from: string | undefined, until: string | undefined): { from?: Date; until?: Date } {
  const end = day(until);
  return { from: day(from), until: end ? new Date(end.getTime() + 24 * 3600_000) : undefined };
}

/** The view's address with some parameters changed (an empty or undefined value removes one). */
export function viewLink(
  path: string,
  current: Record<string, string | undefined>,
  change: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
