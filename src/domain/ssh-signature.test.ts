import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { verifySshSignature } from './ssh-signature.js';

const sshKeygen = '/usr/bin/ssh-keygen';
const namespace = 'sc-account';
const challenge = 'sc-account recovery for taro: 7f3a9c2e-4b1d-4e8f-9a6b-2c5d8e1f0a3b';
const dir = mkdtempSync(join(tmpdir(), 'ssh-signature-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let keyCount = 0;
/** A fresh key made the way a user makes one; `pem` keeps the private key readable by node:crypto. */
function makeKey(type: string, bits?: number, pem = false) {
  keyCount += 1;
  const path = join(dir, `k${keyCount}`);
  const args = ['-q', '-t', type, '-N', '', '-C', `key${keyCount}@example.ac.jp`, '-f', path];
  if (bits !== undefined) args.push('-b', String(bits));
  if (pem) args.push('-m', 'PEM');
  execFileSync(sshKeygen, args, { stdio: 'ignore' });
  return { path, publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

/** What the user pastes after `printf '%s' CHALLENGE | ssh-keygen -Y sign -f KEY -n NAMESPACE`. */
function sshSign(keyPath: string, message: string, signNamespace = namespace): string {
  return execFileSync(sshKeygen, ['-Y', 'sign', '-f', keyPath, '-n', signNamespace], {
    input: message,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore'],
  });
}

function blobOf(armored: string): Buffer {
  const body = armored.trim().split('\n').slice(1, -1).join('');
  return Buffer.from(body, 'base64');
}

function armor(blob: Buffer): string {
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return ['-----BEGIN SSH SIGNATURE-----', ...lines, '-----END SSH SIGNATURE-----', ''].join('\n');
}

function wireString(value: Buffer | string): Buffer {
  const bytes = Buffer.from(value);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An SSHSIG made by hand, to reach choices ssh-keygen never makes (SHA-1, other versions). */
function handMadeRsaSignature(
  keyPath: string,
  publicKey: string,
  options: { hashAlgorithm: string; signatureAlgorithm: string; digest: string; version?: number },
): string {
  const keyBlob = Buffer.from(publicKey.split(' ')[1]!, 'base64');
  const messageHash = createHash(options.hashAlgorithm === 'sha1' ? 'sha1' : options.hashAlgorithm)
    .update(challenge)
    .digest();
  const toSign = Buffer.concat([
    Buffer.from('SSHSIG'),
    wireString(namespace),
    wireString(''),
    wireString(options.hashAlgorithm),
    wireString(messageHash),
  ]);
  const raw = sign(options.digest, toSign, createPrivateKey(readFileSync(keyPath)));
  const version = Buffer.alloc(4);
  version.writeUInt32BE(options.version ?? 1);
  return armor(
    Buffer.concat([
      Buffer.from('SSHSIG'),
      version,
      wireString(keyBlob),
      wireString(namespace),
      wireString(''),
      wireString(options.hashAlgorithm),
      wireString(Buffer.concat([wireString(options.signatureAlgorithm), wireString(raw)])),
    ]),
  );
}

const ed25519 = makeKey('ed25519');
const ecdsa256 = makeKey('ecdsa', 256);
const ecdsa384 = makeKey('ecdsa', 384);
const ecdsa521 = makeKey('ecdsa', 521);
const rsa3072 = makeKey('rsa', 3072, true);
const stranger = makeKey('ed25519');

describe('verifySshSignature', () => {
  for (const [name, key] of [
    ['ed25519', ed25519],
    ['ecdsa P-256', ecdsa256],
    ['ecdsa P-384', ecdsa384],
    ['ecdsa P-521', ecdsa521],
    ['rsa 3072', rsa3072],
  ] as const) {
    it(`accepts a ${name} signature by the registered key`, () => {
      const signature = sshSign(key.path, challenge);
      assert.deepEqual(verifySshSignature(signature, challenge, namespace, [key.publicKey]), { ok: true, keyIndex: 0 });
    });
  }

  it('tells which of several registered keys signed', () => {
    const keys = [ed25519.publicKey, rsa3072.publicKey, ecdsa384.publicKey];
    assert.deepEqual(verifySshSignature(sshSign(rsa3072.path, challenge), challenge, namespace, keys), {
      ok: true,
      keyIndex: 1,
    });
    assert.deepEqual(verifySshSignature(sshSign(ecdsa384.path, challenge), challenge, namespace, keys), {
      ok: true,
      keyIndex: 2,
    });
  });

  it('matches the key blob whatever the comment or spacing of the registered line', () => {
    const [type, blob] = ed25519.publicKey.split(' ');
    const signature = sshSign(ed25519.path, challenge);
    assert.deepEqual(verifySshSignature(signature, challenge, namespace, ['garbage', `  ${type}\t${blob}  `]), {
      ok: true,
      keyIndex: 1,
    });
  });

  it('accepts a signature over the challenge and a newline (echo instead of printf)', () => {
    const signature = sshSign(ed25519.path, `${challenge}\n`);
    assert.deepEqual(verifySshSignature(signature, challenge, namespace, [ed25519.publicKey]), {
      ok: true,
      keyIndex: 0,
    });
  });

  it('tolerates CRLF line ends, indentation and surrounding whitespace from a paste', () => {
    const signature = sshSign(ecdsa256.path, challenge);
    const pasted = `\r\n   ${signature.trim().split('\n').join('\r\n  ')}\r\n\r\n`;
    assert.deepEqual(verifySshSignature(pasted, challenge, namespace, [ecdsa256.publicKey]), { ok: true, keyIndex: 0 });
  });

  it('refuses a signature made in another namespace', () => {
    const signature = sshSign(ed25519.path, challenge, 'other');
    assert.deepEqual(verifySshSignature(signature, challenge, namespace, [ed25519.publicKey]), {
      ok: false,
      problem: 'namespace',
    });
  });

  it('refuses a signature over another message', () => {
    for (const key of [ed25519, ecdsa256, rsa3072]) {
      const signature = sshSign(key.path, 'an older challenge');
      assert.deepEqual(verifySshSignature(signature, challenge, namespace, [key.publicKey]), {
        ok: false,
        problem: 'bad_signature',
      });
    }
  });

  it('refuses a signature by a key that is not registered', () => {
    const signature = sshSign(stranger.path, challenge);
    assert.deepEqual(verifySshSignature(signature, challenge, namespace, [ed25519.publicKey, rsa3072.publicKey]), {
      ok: false,
      problem: 'unknown_key',
    });
    assert.deepEqual(verifySshSignature(signature, challenge, namespace, []), { ok: false, problem: 'unknown_key' });
  });

  it('refuses a signature with a byte changed', () => {
    for (const key of [ed25519, ecdsa384, rsa3072]) {
      const blob = blobOf(sshSign(key.path, challenge));
      blob[blob.length - 1]! ^= 0x01;
      assert.deepEqual(verifySshSignature(armor(blob), challenge, namespace, [key.publicKey]), {
        ok: false,
        problem: 'bad_signature',
      });
    }
  });

  it('refuses garbage as malformed', () => {
    const valid = sshSign(ed25519.path, challenge);
    const blob = blobOf(valid);
    for (const text of [
      '',
      'hello',
      ed25519.publicKey,
      '-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----',
      '-----BEGIN SSH SIGNATURE-----\nnot base64!\n-----END SSH SIGNATURE-----',
      valid.replace('-----END SSH SIGNATURE-----', ''),
      armor(blob.subarray(0, blob.length - 10)),
      armor(Buffer.concat([blob, Buffer.from([0])])),
      armor(Buffer.from('SSHSIG\0\0\0\x01\xff\xff\xff\xff', 'latin1')),
      armor(Buffer.alloc(64)),
      `${valid}${' '.repeat(16_384)}`,
    ]) {
      assert.deepEqual(verifySshSignature(text, challenge, namespace, [ed25519.publicKey]), {
        ok: false,
        problem: 'malformed',
      });
    }
  });

  it('never throws when any byte of a signature is replaced', () => {
    const blob = blobOf(sshSign(ecdsa521.path, challenge));
    for (let position = 0; position < blob.length; position += 1) {
      for (const value of [0x00, 0xff]) {
        const copy = Buffer.from(blob);
        copy[position] = value;
        const result = verifySshSignature(armor(copy), challenge, namespace, [ecdsa521.publicKey]);
        assert.equal(typeof result.ok, 'boolean');
      }
    }
  });

  it('refuses SHA-1: an ssh-rsa signature or a sha1 message hash', () => {
    const sha1Signature = handMadeRsaSignature(rsa3072.path, rsa3072.publicKey, {
      hashAlgorithm: 'sha512',
      signatureAlgorithm: 'ssh-rsa',
      digest: 'sha1',
    });
    assert.deepEqual(verifySshSignature(sha1Signature, challenge, namespace, [rsa3072.publicKey]), {
      ok: false,
      problem: 'algorithm',
    });
    const sha1Hash = handMadeRsaSignature(rsa3072.path, rsa3072.publicKey, {
      hashAlgorithm: 'sha1',
      signatureAlgorithm: 'rsa-sha2-512',
      digest: 'sha512',
    });
    assert.deepEqual(verifySshSignature(sha1Hash, challenge, namespace, [rsa3072.publicKey]), {
      ok: false,
      problem: 'algorithm',
    });
  });

  it('accepts a hand-made rsa-sha2-256 signature over a sha256 hash, and refuses a newer format version', () => {
    const options = { hashAlgorithm: 'sha256', signatureAlgorithm: 'rsa-sha2-256', digest: 'sha256' };
    const good = handMadeRsaSignature(rsa3072.path, rsa3072.publicKey, options);
    assert.deepEqual(verifySshSignature(good, challenge, namespace, [rsa3072.publicKey]), { ok: true, keyIndex: 0 });
    const newer = handMadeRsaSignature(rsa3072.path, rsa3072.publicKey, { ...options, version: 2 });
    assert.deepEqual(verifySshSignature(newer, challenge, namespace, [rsa3072.publicKey]), {
      ok: false,
      problem: 'algorithm',
    });
  });
});
