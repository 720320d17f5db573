// Checks an OpenSSH "SSHSIG" signature (`ssh-keygen -Y sign`) over a recovery challenge, so a
// user who holds a registered SSH key can prove it without a password. Format: PROTOCOL.sshsig.

import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';

export type SshSignatureProblem = 'malformed' | 'namespace' | 'unknown_key' | 'bad_signature' | 'algorithm';
export type SshSignatureCheck = { ok: true; keyIndex: number } | { ok: false; problem: SshSignatureProblem };

/** Far above any real signature (an RSA 16384-bit one is under 6 KB) and small enough that parsing costs nothing. */
const maximumInputLength = 16_384;
const begin = '-----BEGIN SSH SIGNATURE-----';
const end = '-----END SSH SIGNATURE-----';
const magic = Buffer.from('SSHSIG', 'ascii');
const supportedVersion = 1;

const messageHashes: Record<string, 'sha256' | 'sha512'> = { sha256: 'sha256', sha512: 'sha512' };

/** The ECDSA curves OpenSSH signs with: JWK name, field size in bytes, and the hash RFC 5656 ties to each. */
const curves: Record<string, { crv: string; size: number; hash: string }> = {
  nistp256: { crv: 'P-256', size: 32, hash: 'sha256' },
  nistp384: { crv: 'P-384', size: 48, hash: 'sha384' },
  nistp521: { crv: 'P-521', size: 66, hash: 'sha512' },
};

/** RSA signature names allowed for SSHSIG; the legacy SHA-1 `ssh-rsa` is not (PROTOCOL.sshsig says so). */
const rsaSignatureHashes: Record<string, string> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512' };

class Malformed extends Error {}

/** Reads RFC 4253 wire fields; every read is bounds-checked so hostile lengths end in `Malformed`, never a huge slice. */
class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  uint32(): number {
    if (this.offset + 4 > this.bytes.length) throw new Malformed();
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  raw(length: number): Buffer {
    if (length > this.bytes.length - this.offset) throw new Malformed();
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  string(): Buffer {
    return this.raw(this.uint32());
  }

  text(): string {
    const value = this.string();
    // Names and namespaces are printable ASCII in OpenSSH; anything else cannot match ours and is not worth decoding.
    if (!/^[\x21-\x7e]*$/.test(value.toString('latin1'))) throw new Malformed();
    return value.toString('latin1');
  }

  /** A positive mpint without its sign byte; OpenSSH refuses negative ones and so do we. */
  positiveMpint(): Buffer {
    const value = this.string();
    if (value.length > 0 && (value[0]! & 0x80) !== 0) throw new Malformed();
    return stripLeadingZeros(value);
  }

  atEnd(): boolean {
    return this.offset === this.bytes.length;
  }
}

function stripLeadingZeros(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length && value[start] === 0) start += 1;
  return value.subarray(start);
}

function wireString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function base64Strict(text: string): Buffer {
  // Buffer.from(…, 'base64') skips junk silently; a pasted signature with stray characters should not half-decode.
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Malformed();
  return Buffer.from(text, 'base64');
}

/** The base64 body between the armour lines. Browsers turn newlines into CRLF and people paste with indentation. */
function dearmor(armored: string): Buffer {
  const lines = armored
    .trim()
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length < 3 || lines[0] !== begin || lines[lines.length - 1] !== end) throw new Malformed();
  return base64Strict(lines.slice(1, -1).join(''));
}

interface Sshsig {
  publicKey: Buffer;
  namespace: string;
  hashAlgorithm: string;
  signature: Buffer;
}

function parseBlob(blob: Buffer): Sshsig | 'algorithm' {
  const reader = new Reader(blob);
  if (!reader.raw(magic.length).equals(magic)) throw new Malformed();
  const version = reader.uint32();
  if (version > supportedVersion) return 'algorithm';
  if (version !== supportedVersion) throw new Malformed();
  const publicKey = reader.string();
  const namespace = reader.text();
  reader.string(); // reserved: ignored, as PROTOCOL.sshsig asks
  const hashAlgorithm = reader.text();
  const signature = reader.string();
  if (!reader.atEnd() || namespace === '' || publicKey.length === 0) throw new Malformed();
  return { publicKey, namespace, hashAlgorithm, signature };
}

/** The key blob of an OpenSSH public key line, or undefined when the line is not one. */
function keyBlob(line: string): Buffer | undefined {
  if (typeof line !== 'string' || line.length > maximumInputLength) return undefined;
  const [, encoded] = line.trim().split(/\s+/);
  if (encoded === undefined) return undefined;
  try {
    return base64Strict(encoded);
  } catch {
    return undefined;
  }
}

interface Verifier {
  key: KeyObject;
  /** Digest for crypto.verify (null for Ed25519, which hashes internally). */
  hash: string | null;
  /** The raw signature bytes in the form node:crypto expects, or undefined when they cannot be right for this key. */
  signature: Buffer | undefined;
  ieeeP1363: boolean;
}

/**
 * Builds the node:crypto key from the SSH key blob and checks the SSH signature blob names an algorithm that
 * matches it. Returns 'algorithm' for key types or signature schemes we do not accept.
 */
function verifierFor(keyBytes: Buffer, signatureBytes: Buffer): Verifier | 'algorithm' {
  const key = new Reader(keyBytes);
  const keyType = key.text();
  const sig = new Reader(signatureBytes);
  const signatureType = sig.text();
  const rawSignature = sig.string();
  if (!sig.atEnd()) throw new Malformed();

  if (keyType === 'ssh-ed25519') {
    const point = key.string();
    if (!key.atEnd() || point.length !== 32) throw new Malformed();
    if (signatureType !== 'ssh-ed25519') return 'algorithm';
    return {
      key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: point.toString('base64url') }, format: 'jwk' }),
      hash: null,
      signature: rawSignature.length === 64 ? rawSignature : undefined,
      ieeeP1363: false,
    };
  }

  if (keyType.startsWith('ecdsa-sha2-')) {
    const curveName = key.text();
    const curve = curves[curveName];
    if (curve === undefined || keyType !== `ecdsa-sha2-${curveName}`) return 'algorithm';
    const point = key.string();
    if (!key.atEnd() || point.length !== 1 + 2 * curve.size || point[0] !== 0x04) throw new Malformed();
    if (signatureType !== keyType) return 'algorithm';
    return {
      key: createPublicKey({
        key: {
          kty: 'EC',
          crv: curve.crv,
          x: point.subarray(1, 1 + curve.size).toString('base64url'),
          y: point.subarray(1 + curve.size).toString('base64url'),
        },
        format: 'jwk',
      }),
      hash: curve.hash,
      signature: ecdsaSignature(rawSignature, curve.size),
      ieeeP1363: true,
    };
  }

  if (keyType === 'ssh-rsa') {
    const exponent = key.positiveMpint();
    const modulus = key.positiveMpint();
    if (!key.atEnd() || exponent.length === 0 || modulus.length === 0) throw new Malformed();
    const hash = rsaSignatureHashes[signatureType];
    if (hash === undefined) return 'algorithm';
    return {
      key: createPublicKey({
        key: { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') },
        format: 'jwk',
      }),
      hash,
      signature: rsaSignature(rawSignature, modulus.length),
      ieeeP1363: false,
    };
  }

  // DSA, security-key (sk-…) and certificate types: never accepted for registration, so not for recovery either.
  return 'algorithm';
}

/** SSH encodes ECDSA as two mpints r and s; node:crypto takes them as fixed-width r‖s (IEEE P1363). */
function ecdsaSignature(raw: Buffer, size: number): Buffer | undefined {
  try {
    const reader = new Reader(raw);
    const r = reader.positiveMpint();
    const s = reader.positiveMpint();
    if (!reader.atEnd() || r.length > size || s.length > size) return undefined;
    const out = Buffer.alloc(2 * size);
    r.copy(out, size - r.length);
    s.copy(out, 2 * size - s.length);
    return out;
  } catch {
    return undefined;
  }
}

/** OpenSSH accepts an RSA signature shorter than the modulus (leading zeros dropped) and pads it; so do we. */
function rsaSignature(raw: Buffer, modulusLength: number): Buffer | undefined {
  if (raw.length > modulusLength || raw.length === 0) return undefined;
  if (raw.length === modulusLength) return raw;
  const out = Buffer.alloc(modulusLength);
  raw.copy(out, modulusLength - raw.length);
  return out;
}

/** The bytes the SSH key actually signed: preamble, namespace, empty reserved field, hash name, H(message). */
function signedData(namespace: string, hashAlgorithm: 'sha256' | 'sha512', message: Buffer): Buffer {
  return Buffer.concat([
    magic,
    wireString(namespace),
    wireString(''),
    wireString(hashAlgorithm),
    wireString(createHash(hashAlgorithm).update(message).digest()),
  ]);
}

/** Checks `armored` (pasted text; tolerate surrounding whitespace/CRLF) is a valid SSHSIG over `message` in `namespace` by one of `publicKeys` (OpenSSH public key lines "type base64 comment"). A signature over message+"\n" (an `echo` instead of `printf`) is accepted too. */
export function verifySshSignature(
  armored: string,
  message: string,
  namespace: string,
  publicKeys: readonly string[],
): SshSignatureCheck {
  try {
    return check(armored, message, namespace, publicKeys);
  } catch {
    // Malformed from the readers, or node:crypto refusing a key or signature that parsed but is not valid.
    return { ok: false, problem: 'malformed' };
  }
}

function check(armored: string, message: string, namespace: string, publicKeys: readonly string[]): SshSignatureCheck {
  if (typeof armored !== 'string' || armored.length > maximumInputLength) return { ok: false, problem: 'malformed' };
  const parsed = parseBlob(dearmor(armored));
  if (parsed === 'algorithm') return { ok: false, problem: 'algorithm' };
  // The namespace is inside the signed data, so a mismatch could never verify; naming it helps the user fix `-n`.
  if (parsed.namespace !== namespace) return { ok: false, problem: 'namespace' };

  const keyIndex = publicKeys.findIndex((line) => keyBlob(line)?.equals(parsed.publicKey) === true);
  if (keyIndex === -1) return { ok: false, problem: 'unknown_key' };

  const hashAlgorithm = messageHashes[parsed.hashAlgorithm];
  if (hashAlgorithm === undefined) return { ok: false, problem: 'algorithm' };
  const verifier = verifierFor(parsed.publicKey, parsed.signature);
  if (verifier === 'algorithm') return { ok: false, problem: 'algorithm' };
  const { signature } = verifier;
  if (signature === undefined) return { ok: false, problem: 'bad_signature' };

  const key = verifier.ieeeP1363 ? { key: verifier.key, dsaEncoding: 'ieee-p1363' as const } : verifier.key;
  const text = Buffer.from(message, 'utf8');
  // `echo` appends a newline that `printf '%s'` does not; both are the same user proving the same challenge.
  for (const candidate of [text, Buffer.concat([text, Buffer.from('\n')])]) {
    if (verify(verifier.hash, signedData(namespace, hashAlgorithm, candidate), key, signature)) {
      return { ok: true, keyIndex };
    }
  }
  return { ok: false, problem: 'bad_signature' };
}
