// What the staff lists (queue, audit log) share: links to the same view with some
// parameters changed. (Their date filters are read by domain/notices.ts dayRange.)

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
