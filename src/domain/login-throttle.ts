// How sign-in failures slow down and stop guessing without letting an attacker lock
// a person out: per account only a delay (at most 8 s), a temporary lock only for
// the pair of account and address that keeps failing, and for an address that fails
// across many accounts (credential stuffing). Failures are forgotten after a quiet while.

/**
 * How long to wait before answering a sign-in after `failures` failures in a row:
 * nothing for the first three, then 1, 2, 4 … seconds, at most 8. Slows guessing
 * without making a person who mistyped wait long.
 */
export function signInDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(8_000, 1000 * 2 ** (failures - 3));
}

/** Failures older than this (since the last one) no longer count. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** How long a pair or an address stays locked. */
export const THROTTLE_LOCK_MS = 15 * 60_000;

export type ThrottleScope = 'account' | 'pair' | 'ip';

/** Failures after which a scope is locked for THROTTLE_LOCK_MS; the account itself is never locked. */
export const lockAfter: Record<ThrottleScope, number | null> = { account: null, pair: 10, ip: 50 };

export const throttleKey = (scope: ThrottleScope, accountName: string, ip: string): string =>
  scope === 'account' ? `account:${accountName}` : scope === 'pair' ? `pair:${accountName}|${ip}` : `ip:${ip}`;
