// A pasted SSH public key becomes the applicant's way into the gateways, and a pasted
// private key must be refused before anything keeps it: both decisions are made here.

import sshpk from 'sshpk';
import { containsPrivateKey } from './private-key.js';
import { findControlCharacter } from './text.js';

export type SshPublicKeyProblem =
  | 'EMPTY'
  | 'PRIVATE_KEY'
  | 'NOT_OPENSSH_FORMAT'
  | 'UNSUPPORTED_TYPE'
  | 'RSA_TOO_SHORT'
  | 'MULTIPLE_KEYS';

export type SshKeyAlgorithm =
  | 'ssh-ed25519'
  | 'ecdsa-sha2-nistp256'
  | 'ecdsa-sha2-nistp384'
  | 'ecdsa-sha2-nistp521'
  | 'ssh-rsa';

export interface SshPublicKey {
  readonly type: 'ed25519' | 'ecdsa' | 'rsa';
  /** The OpenSSH name at the start of the line. */
  readonly algorithm: SshKeyAlgorithm;
  readonly bits: number;
  /** `SHA256:` and unpadded base64, as `ssh-keygen -l` shows it. */
  readonly fingerprint: string;
  /** The text after the key ('' when none). */
  readonly comment: string;
  /** The key as one line: algorithm, canonical base64, comment. */
  readonly line: string;
}

export type SshPublicKeyCheck = { ok: true; key: SshPublicKey } | { ok: false; code: SshPublicKeyProblem };

export const minimumRsaBits = 3072;
/** An RSA 16384-bit public key line is under 3,000 characters; this leaves room for a comment. */
export const maximumKeyTextLength = 16_384;

const algorithms: Record<SshKeyAlgorithm, SshPublicKey['type']> = {
  'ssh-ed25519': 'ed25519',
  'ecdsa-sha2-nistp256': 'ecdsa',
  'ecdsa-sha2-nistp384': 'ecdsa',
  'ecdsa-sha2-nistp521': 'ecdsa',
  'ssh-rsa': 'rsa',
};

/** Type, base64 blob (every blob starts with `AAAA`: a short length), optional comment. */
const keyLine = /^([A-Za-z0-9@._-]+)[ \t]+(AAAA[A-Za-z0-9+/]*={0,2})(?:[ \t]+(.*))?$/;
/** The start of a key anywhere in a text, to tell two pasted keys from one with a comment. */
const keyStart = /(?:^|\s)(?:ssh|ecdsa|sk|x509v3)-[A-Za-z0-9@._-]+[ \t]+AAAA/g;
/** OpenSSH names of other key types (DSA, security keys, certificates, Ed448…). */
const otherSshAlgorithm = /^(?:ssh|ecdsa|sk|x509v3)-/;

/**
 * Checks a pasted public key, in this order: EMPTY; PRIVATE_KEY (before any other reading
 * of the text); MULTIPLE_KEYS; NOT_OPENSSH_FORMAT (not one line `type base64 [comment]`,
 * or a blob that does not decode to a key of that type); UNSUPPORTED_TYPE (DSA, security
 * keys `sk-…`, certificates, other curves); RSA_TOO_SHORT. Only sshpk's 'ssh' format is
 * used: its 'auto' format accepts a private key and quietly returns the public half.
 * Never throws.
 */
export function checkSshPublicKey(raw: string | null | undefined): SshPublicKeyCheck {
  try {
    return check(raw ?? '');
  } catch {
    return { ok: false, code: 'NOT_OPENSSH_FORMAT' };
  }
}

function check(raw: string): SshPublicKeyCheck {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (text === '') return { ok: false, code: 'EMPTY' };
  if (containsPrivateKey(text)) return { ok: false, code: 'PRIVATE_KEY' };
  if (text.length > maximumKeyTextLength) return { ok: false, code: 'NOT_OPENSSH_FORMAT' };
  if ((text.match(keyStart) ?? []).length > 1) return { ok: false, code: 'MULTIPLE_KEYS' };
  if (text.includes('\n') || findControlCharacter(text, { multiline: true }) !== -1) {
    return { ok: false, code: 'NOT_OPENSSH_FORMAT' };
  }
  const match = keyLine.exec(text);
  if (!match) return { ok: false, code: 'NOT_OPENSSH_FORMAT' };
  const [, name = '', blob = '', rest = ''] = match;
  if (!Object.hasOwn(algorithms, name)) {
    return {
      ok: false,
      code: otherSshAlgorithm.test(name) ? 'UNSUPPORTED_TYPE' : 'NOT_OPENSSH_FORMAT',
    };
  }
  const algorithm = name as SshKeyAlgorithm;
  const comment = rest.trim();

  let parsed: sshpk.Key;
  try {
    parsed = sshpk.parseKey(`${algorithm} ${blob}`, 'ssh');
  } catch {
    return { ok: false, code: 'NOT_OPENSSH_FORMAT' };
  }
  // sshpk reads a key without a comment leniently (trailing bytes, a curve other than the
  // name says): the line must be exactly what the key writes back.
  const [canonicalName, canonicalBlob = ''] = parsed.toString('ssh').split(' ');
  if (canonicalName !== algorithm || canonicalBlob.replace(/=+$/, '') !== blob.replace(/=+$/, '')) {
    return { ok: false, code: 'NOT_OPENSSH_FORMAT' };
  }
  const type = algorithms[algorithm];
  if (type === 'rsa' && parsed.size < minimumRsaBits) return { ok: false, code: 'RSA_TOO_SHORT' };
  return {
    ok: true,
    key: {
      type,
      algorithm,
      bits: type === 'ed25519' ? 256 : parsed.size,
      fingerprint: parsed.fingerprint('sha256').toString(),
      comment,
      line: comment === '' ? `${algorithm} ${canonicalBlob}` : `${algorithm} ${canonicalBlob} ${comment}`,
    },
  };
}
