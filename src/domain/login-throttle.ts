// How sign-in failures slow down and stop guessing without letting an attacker lock
// a person out: per account only a delay (at most 8 s), a temporary lock only for
// the pair of account and address that keeps failing, and for an address that fails
// across many accounts (credential stuffing). Failures are forgotten after a quiet while.
// The same rules serve account holders and staff (whose names are `staff:<e-mail>`).
//
// The delay holds across parallel requests and instances: each attempt takes the next
// slot of its account, with the attempts still being checked counted as failures, and
// one whose slot is more than MAX_ATTEMPT_WAIT_MS away is answered at once, unchecked.
// An address the account signed in from (within KNOWN_ADDRESS_MS) skips that queue:
// someone guessing elsewhere slows themselves, not the owner at their usual desk.

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

/** An attempt whose turn is further away than this is refused at once, without being checked. */
export const MAX_ATTEMPT_WAIT_MS = 10_000;

/** An address an account signed in from this recently skips the account's queue. */
export const KNOWN_ADDRESS_MS = 180 * 86_400_000;

/**
 * When the attempt after the others may be checked: the account's next free time (or
 * now) plus the delay for its failures and the attempts in flight.
 */
export function nextAttemptSlot(now: number, nextFree: number | null, failures: number, inFlight: number): number {
  return Math.max(now, nextFree ?? 0) + signInDelayMs(failures + inFlight);
}

/** The name of a staff member in the throttle's keys (apart from account names). */
export const staffSignInName = (email: string): string => `staff:${email.trim().toLowerCase()}`;
