// Staff credentials: argon2id password hashes, TOTP (RFC 6238 through otplib; a code
// works once: the time step used is remembered) and single-use recovery codes
// (random, so stored as SHA-256 like session tokens).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32, base32nopad } from '@scure/base';
import { generateURI, verify } from 'otplib';
import { type Argon2Params, argon2idHash, argon2Verify } from './argon2.js';
import { RECOVERY_CODE_COUNT } from './domain/staff.js';

export const hashPassword = (password: string, params: Argon2Params): Promise<string> => argon2idHash(password, params);

// Verified against when the address is unknown, so an unknown address takes as long as
// a wrong password: one per cost, as the configured cost is what a real hash has.
const dummyHashes = new Map<string, Promise<string>>();

export async function verifyPassword(hash: string | null, password: string, params: Argon2Params): Promise<boolean> {
  if (!hash) {
    const key = `${params.memoryCost}/${params.timeCost}/${params.parallelism}`;
    let dummy = dummyHashes.get(key);
    if (!dummy) {
      dummy = hashPassword(randomBytes(16).toString('hex'), params);
      dummyHashes.set(key, dummy);
    }
    await argon2Verify(await dummy, password);
    return false;
  }
  return argon2Verify(hash, password);
}

/**
 * The TOTP secret offered with an enrolment link: derived from the instance's secret
 * and the link, so the page can show it again (a reload, an error) without storing
 * it before enrolment succeeds. 160 bits, as RFC 4226 recommends.
 */
export function enrolmentTotpSecret(sessionSecret: string, enrolmentTokenHash: string): string {
  return base32.encode(
    createHmac('sha256', sessionSecret).update(`totp:${enrolmentTokenHash}`).digest().subarray(0, 20),
  );
}

export function totpUri(secret: string, email: string, issuer: string): string {
  return generateURI({ issuer, label: email, secret });
}

/** The time step of a valid, unused code (within one step of clock drift), or undefined. */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({
    secret,
    token,
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Ten codes like `k7dq4-m2xzp` (50 bits each, base32), shown once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = base32nopad.encode(randomBytes(7)).toLowerCase().slice(0, 10);
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export const hashRecoveryCode = (code: string): string =>
  createHash('sha256').update(code.trim().toLowerCase().replace(/\s+/g, '')).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
