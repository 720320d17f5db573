// Private key material is recognised by what its bytes are, not by its armour lines: a
// key body pasted without its BEGIN/END lines, after a public key line or after "my key:",
// is as secret as the whole file. Every field that takes keys or signatures asks here
// before it keeps, shows or logs anything (and the web edge asks for every form field).

/**
 * Text markers of key files whose bodies are not recognisable by their bytes alone (a PuTTY
 * file's encrypted private lines), and PEM armour of any private key (PKCS#1, PKCS#8, SEC1,
 * OpenSSH, SSH2, PGP).
 */
const privateMarkers = /PRIVATE KEY|BEGIN[A-Z0-9 ]*PRIVATE KEY|PuTTY-User-Key-File-|Private-Lines:|Private-MAC:/i;

/** `openssh-key-v1\0`: how the body of every OpenSSH private key begins. */
const opensshMagic = Buffer.from('openssh-key-v1\0', 'latin1');

/** OID prefixes of password-based encryption (PKCS#5 1.2.840.113549.1.5, PKCS#12 1.2.840.113549.1.12.1). */
const pbeOids = [
  Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05]),
  Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01]),
];

/**
 * True when the text holds private key material in any form we know: PEM or PuTTY files,
 * and, anywhere in the text, base64 whose bytes are an OpenSSH private key
 * (`openssh-key-v1`), a PKCS#1 / DSA, PKCS#8 (also encrypted) or SEC1 private key
 * structure, a PuTTY private blob, or a JWK with its private part. It never throws and
 * never puts the text into an error. Its work is linear in the length of the text.
 */
export function containsPrivateKey(text: string): boolean {
  if (privateMarkers.test(text)) return true;
  if (/"kty"/.test(text) && /"(?:d|p|q|k|dp|dq|qi)"\s*:/.test(text)) return true;
  // Every run of base64 characters, read from each of the four positions a body can start
  // at: whatever surrounds a key body (other words, a public key line, armour, line breaks),
  // one of the four readings holds its bytes from its first byte on.
  const compact = text.replace(/[^A-Za-z0-9+/]+/g, '');
  if (compact.length >= 40) {
    for (let offset = 0; offset < 4; offset++) {
      if (
        holdsPrivateKey(
          Buffer.from(compact.slice(offset, offset + Math.floor((compact.length - offset) / 4) * 4), 'base64'),
        )
      )
        return true;
    }
  }
  // The same in base64url (a JWK's or a URL's alphabet).
  const compactUrl = text.replace(/[^A-Za-z0-9_-]+/g, '');
  if (compactUrl !== compact && compactUrl.length >= 40) {
    for (let offset = 0; offset < 4; offset++) {
      const slice = compactUrl.slice(offset, offset + Math.floor((compactUrl.length - offset) / 4) * 4);
      if (holdsPrivateKey(Buffer.from(slice, 'base64url'))) return true;
    }
  }
  // A PuTTY file's private lines on their own: base64 lines of SSH wire-format fields.
  for (const chunk of text.split(/[^A-Za-z0-9+/=\s]/)) {
    if (chunk.length >= 48 && hasPuttyPrivateBlob(chunk.split(/\s+/).filter((token) => token !== ''))) return true;
  }
  return false;
}

function holdsPrivateKey(bytes: Buffer): boolean {
  if (bytes.includes(opensshMagic)) return true;
  for (let at = bytes.indexOf(0x30); at !== -1; at = bytes.indexOf(0x30, at + 1)) {
    if (isPrivateKeyStructure(bytes, at)) return true;
  }
  return false;
}

interface Der {
  tag: number;
  /** Where the value starts. */
  start: number;
  length: number;
}

/** The DER header at `at` (definite lengths of up to four bytes), or undefined. */
function der(bytes: Buffer, at: number): Der | undefined {
  if (at + 2 > bytes.length) return undefined;
  const tag = bytes[at] as number;
  const first = bytes[at + 1] as number;
  if (first < 0x80) return { tag, start: at + 2, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 4 || at + 2 + count > bytes.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[at + 2 + i] as number);
  // DER's shortest form: a long form is used only for 128 and more
  if (length < 0x80 || (count > 1 && bytes[at + 2] === 0)) return undefined;
  return { tag, start: at + 2 + count, length };
}

/**
 * A private key's DER structure at `at` (the body may be cut short after its first fields):
 * - PKCS#1 RSA and OpenSSL DSA: SEQUENCE { INTEGER 0|1, INTEGER of 64 bytes or more, … }
 * - PKCS#8: SEQUENCE { INTEGER 0|1, SEQUENCE { OID, … }, OCTET STRING, … }
 * - SEC1: SEQUENCE { INTEGER 1, OCTET STRING of 16–80 bytes, … }
 * - encrypted PKCS#8: SEQUENCE { SEQUENCE { OID of password-based encryption, … }, OCTET STRING }
 * (A public key is SEQUENCE { SEQUENCE { OID }, BIT STRING } or SEQUENCE { INTEGER n, INTEGER e }.)
 */
function isPrivateKeyStructure(bytes: Buffer, at: number): boolean {
  const outer = der(bytes, at);
  if (outer?.tag !== 0x30 || outer.length < 32) return false;
  const first = der(bytes, outer.start);
  if (!first) return false;
  if (first.tag === 0x02) {
    if (first.length !== 1) return false;
    const version = bytes[first.start];
    if (version !== 0 && version !== 1) return false;
    const second = der(bytes, first.start + 1);
    if (!second) return false;
    if (second.tag === 0x02) return second.length >= 64;
    if (second.tag === 0x04) return version === 1 && second.length >= 16 && second.length <= 80;
    if (second.tag === 0x30) {
      const oid = der(bytes, second.start);
      return oid?.tag === 0x06 && oid.length >= 3 && oid.length <= 16;
    }
    return false;
  }
  if (first.tag === 0x30) {
    const oid = der(bytes, first.start);
    if (oid?.tag !== 0x06) return false;
    const value = bytes.subarray(oid.start, oid.start + oid.length);
    return pbeOids.some((prefix) => value.subarray(0, prefix.length).equals(prefix));
  }
  return false;
}

/**
 * PuTTY's private blob starting at one of the lines (base64, each decoded on its own): one
 * to six SSH wire-format strings (the private exponent and primes, or the private scalar)
 * that end where a line ends, at least 36 bytes in all, the first not a key type's name
 * (as a public key blob's is). The lines are decoded once; each start costs six reads.
 */
function hasPuttyPrivateBlob(lines: string[]): boolean {
  const decoded = lines.map((line) => Buffer.from(line, 'base64'));
  const bytes = Buffer.concat(decoded);
  const starts: number[] = [];
  const ends = new Set<number>();
  let total = 0;
  for (const part of decoded) {
    starts.push(total);
    total += part.length;
    ends.add(total);
  }
  for (let i = 0; i < lines.length; i++) {
    // a first length under 2^20 starts with `AA`
    if (!lines[i]?.startsWith('AA')) continue;
    const start = starts[i] as number;
    let at = start;
    for (let fields = 0; fields < 6; fields++) {
      if (at + 4 > bytes.length) break;
      const length = bytes.readUInt32BE(at);
      if (length === 0 || at + 4 + length > bytes.length) break;
      if (fields === 0 && /^[\x21-\x7e]+$/.test(bytes.toString('latin1', at + 4, Math.min(at + 4 + length, at + 68))))
        break;
      at += 4 + length;
      if (at - start >= 36 && ends.has(at)) return true;
    }
  }
  return false;
}
