// Password hashes the directory verifies on bind, never the password itself:
// `{ARGON2}` with an argon2id PHC string (slapd's argon2 module, libargon2), or
// `{SSHA}` (salted SHA-1, RFC 2307 style) where a directory has no argon2 module.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Argon2Params, argon2idHash, argon2Verify } from '../argon2.js';
import type { PasswordScheme } from '../domain/password-scheme.js';

/**
 * libargon2 (which slapd uses) reads the parameters only in the order m, t, p; the
 * node binding writes m, p, t. Same values, reordered.
 */
const libargon2Order = (phc: string) => phc.replace(/\$m=(\d+),p=(\d+),t=(\d+)\$/, '$m=$1,t=$3,p=$2$');

export async function directoryPasswordHash(
  password: string,
  scheme: PasswordScheme,
  params: Argon2Params,
): Promise<string> {
  if (scheme === 'SSHA') {
    const salt = randomBytes(8);
    const digest = createHash('sha1').update(password).update(salt).digest();
    return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
  }
  return `{ARGON2}${libargon2Order(await argon2idHash(password, params))}`;
}

/** Checks a password against a stored hash of either scheme (the embedded directory's bind). */
export async function verifyDirectoryPassword(hash: string, password: string): Promise<boolean> {
  if (hash.startsWith('{ARGON2}')) return argon2Verify(hash.slice('{ARGON2}'.length), password);
  if (hash.startsWith('{SSHA}')) {
    const raw = Buffer.from(hash.slice('{SSHA}'.length), 'base64');
    if (raw.length <= 20) return false;
    const digest = createHash('sha1').update(password).update(raw.subarray(20)).digest();
    return timingSafeEqual(digest, raw.subarray(0, 20));
  }
  return false;
}
