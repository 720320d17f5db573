import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyPairKeyObjectResult } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sshpk from 'sshpk';
import { containsPrivateKey } from './private-key.js';
import { checkSshPublicKey, type SshPublicKeyProblem } from './ssh-public-key.js';

/** A fresh key pair: the public key as an OpenSSH line, the private key in PEM, OpenSSH and PuTTY form. */
function keyPair(pair: KeyPairKeyObjectResult, comment = 'taro@example.ac.jp') {
  const publicKey = sshpk.parseKey(pair.publicKey.export({ type: 'spki', format: 'pem' }), 'pem');
  publicKey.comment = comment;
  const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const privateKey = sshpk.parsePrivateKey(pkcs8, 'pem');
  return {
    line: publicKey.toString('ssh'),
    fingerprint: publicKey.fingerprint('sha256').toString(),
    pkcs8,
    openssh: privateKey.toString('ssh-private'),
    opensshEncrypted: privateKey.toString('ssh-private', { passphrase: 'correct horse' }),
    // sshpk writes PuTTY files; its type definitions do not list the format
    putty: privateKey.toString('putty' as sshpk.PrivateKeyFormatType),
  };
}

const ed25519 = keyPair(generateKeyPairSync('ed25519'));
const p256 = keyPair(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
const p384 = keyPair(generateKeyPairSync('ec', { namedCurve: 'P-384' }), '');
const rsa2048 = keyPair(generateKeyPairSync('rsa', { modulusLength: 2048 }));
const rsa3072 = keyPair(generateKeyPairSync('rsa', { modulusLength: 3072 }));
const rsaPkcs1 = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
}).privateKey;
const ecSec1 = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'sec1', format: 'pem' },
}).privateKey;
const encryptedPkcs8 = generateKeyPairSync('ed25519', {
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
}).privateKey;
const dsa = keyPair(generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }));

function codeOf(raw: string): SshPublicKeyProblem | 'OK' {
  const result = checkSshPublicKey(raw);
  return result.ok ? 'OK' : result.code;
}

/** The lines of a private key long enough to identify it (not the armour alone). */
function secretLines(privateKey: string): string[] {
  return privateKey
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
}

describe('checkSshPublicKey: accepted keys', () => {
  it('accepts ed25519 with its type, size, SHA256 fingerprint, comment and the line', () => {
    assert.deepEqual(checkSshPublicKey(ed25519.line), {
      ok: true,
      key: {
        type: 'ed25519',
        algorithm: 'ssh-ed25519',
        bits: 256,
        fingerprint: ed25519.fingerprint,
        comment: 'taro@example.ac.jp',
        line: ed25519.line,
      },
    });
    assert.match(ed25519.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('accepts ECDSA on NIST P-256 and P-384, with or without a comment', () => {
    const result256 = checkSshPublicKey(p256.line);
    assert.ok(result256.ok);
    assert.equal(result256.key.algorithm, 'ecdsa-sha2-nistp256');
    assert.equal(result256.key.bits, 256);
    const result384 = checkSshPublicKey(p384.line);
    assert.ok(result384.ok);
    assert.deepEqual([result384.key.type, result384.key.bits, result384.key.comment], ['ecdsa', 384, '']);
    assert.equal(result384.key.fingerprint, p384.fingerprint);
  });

  it('accepts RSA of 3072 bits and refuses 2048', () => {
    const result = checkSshPublicKey(rsa3072.line);
    assert.ok(result.ok);
    assert.deepEqual([result.key.type, result.key.algorithm, result.key.bits], ['rsa', 'ssh-rsa', 3072]);
    assert.equal(codeOf(rsa2048.line), 'RSA_TOO_SHORT');
  });

  it('normalises the line: trimmed, \\r\\n, tabs and runs of spaces between the parts', () => {
    const [type, blob] = ed25519.line.split(' ');
    const result = checkSshPublicKey(`\r\n  ${type}\t ${blob}   Taro Yamada's laptop  \r\n`);
    assert.ok(result.ok);
    assert.equal(result.key.comment, "Taro Yamada's laptop");
    assert.equal(result.key.line, `${type} ${blob} Taro Yamada's laptop`);
    assert.equal(result.key.fingerprint, ed25519.fingerprint);
  });

  it('keeps a Japanese comment in NFC', () => {
    const [type, blob] = ed25519.line.split(' ');
    const result = checkSshPublicKey(`${type} ${blob} 研究室のか\u3099くせい`);
    assert.ok(result.ok);
    assert.equal(result.key.comment, '研究室のがくせい');
  });
});

describe('checkSshPublicKey: refused keys', () => {
  it('answers EMPTY for nothing or white space', () => {
    for (const raw of ['', '  \n\t ', undefined, null]) {
      assert.deepEqual(checkSshPublicKey(raw), { ok: false, code: 'EMPTY' });
    }
  });

  it('refuses DSA, security keys, certificates and unknown curves as UNSUPPORTED_TYPE', () => {
    assert.equal(codeOf(dsa.line), 'UNSUPPORTED_TYPE');
    const [, blob] = ed25519.line.split(' ');
    for (const type of ['sk-ssh-ed25519@openssh.com', 'ssh-ed25519-cert-v01@openssh.com', 'ecdsa-sha2-nistp192']) {
      assert.equal(codeOf(`${type} ${blob} x`), 'UNSUPPORTED_TYPE', type);
    }
  });

  it('refuses anything that is not one OpenSSH line as NOT_OPENSSH_FORMAT', () => {
    const [type, blob = '', comment] = ed25519.line.split(' ');
    const rsaBlob = rsa3072.line.split(' ')[1];
    const p384Blob = p384.line.split(' ')[1];
    const cases = {
      'a PEM public key': generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'an RFC 4716 (SSH2) public key': `---- BEGIN SSH2 PUBLIC KEY ----\n${blob}\n---- END SSH2 PUBLIC KEY ----`,
      'the base64 alone': blob,
      'a key wrapped over two lines': `${type} ${blob.slice(0, 30)}\n${blob.slice(30)} ${comment}`,
      'authorized_keys options': `restrict,from="10.0.0.1" ${ed25519.line}`,
      'a blob of another type': `${type} ${rsaBlob}`,
      'a blob of another curve': `ecdsa-sha2-nistp256 ${p384Blob}`,
      'trailing bytes in the blob': `${type} ${Buffer.concat([Buffer.from(blob, 'base64'), Buffer.from('xyz')]).toString('base64')}`,
      'a truncated blob': `${type} ${blob.slice(0, 40)}`,
      'a control character in the comment': `${ed25519.line}\u0007`,
      'an unknown type': `foo-bar ${blob}`,
      prose: 'my key is on my laptop',
      'too long': `${ed25519.line} ${'x'.repeat(20_000)}`,
    };
    for (const [what, raw] of Object.entries(cases)) assert.equal(codeOf(raw), 'NOT_OPENSSH_FORMAT', what);
  });

  it('refuses two keys, on two lines or on one, as MULTIPLE_KEYS', () => {
    assert.equal(codeOf(`${ed25519.line}\n${p256.line}`), 'MULTIPLE_KEYS');
    assert.equal(codeOf(`${ed25519.line}\n\n${ed25519.line}\n`), 'MULTIPLE_KEYS');
    assert.equal(codeOf(`${ed25519.line} ${rsa3072.line}`), 'MULTIPLE_KEYS');
    assert.equal(codeOf(`${p384.line}${dsa.line}`), 'NOT_OPENSSH_FORMAT', 'no space: not two keys, one bad line');
  });
});

describe('private keys', () => {
  const privateKeys: Record<string, string> = {
    'ed25519 PKCS#8 PEM': ed25519.pkcs8,
    'ed25519 OpenSSH': ed25519.openssh,
    'ed25519 OpenSSH, encrypted': ed25519.opensshEncrypted,
    'ed25519 PuTTY': ed25519.putty,
    'ed25519 PKCS#8 PEM, encrypted': encryptedPkcs8,
    'ECDSA OpenSSH': p256.openssh,
    'ECDSA SEC1 PEM': ecSec1,
    'RSA PKCS#1 PEM': rsaPkcs1,
    'RSA 3072 OpenSSH': rsa3072.openssh,
    'DSA OpenSSH': dsa.openssh,
  };
  const withoutArmour = (key: string) => secretLines(key).join('\n');
  const variants: Record<string, string> = {
    ...privateKeys,
    'OpenSSH body without its armour lines': withoutArmour(ed25519.openssh),
    'PKCS#8 body without its armour lines': withoutArmour(ed25519.pkcs8),
    'PKCS#1 body without its armour lines': withoutArmour(rsaPkcs1),
    'SEC1 body without its armour lines': withoutArmour(ecSec1),
    'encrypted PKCS#8 body without its armour lines': withoutArmour(encryptedPkcs8),
    'armour in lower-case with the public key above it': `${ed25519.line}\n${ed25519.openssh.toLowerCase()}`,
    'public and private key pasted together': `${ed25519.line}\n${ed25519.openssh}`,
    'private key with \\r\\n line ends': ed25519.openssh.replace(/\n/g, '\r\n'),
    'a JWK with its private part': JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'abc', d: 'def' }),
  };

  it('are refused as PRIVATE_KEY in every form', () => {
    for (const [what, raw] of Object.entries(variants)) {
      assert.deepEqual(checkSshPublicKey(raw), { ok: false, code: 'PRIVATE_KEY' }, what);
      assert.ok(containsPrivateKey(raw), what);
    }
  });

  it('leave no line of the key in the answer', () => {
    for (const [what, raw] of Object.entries(variants)) {
      let result: unknown;
      assert.doesNotThrow(() => {
        result = checkSshPublicKey(raw);
      }, what);
      const answer = JSON.stringify(result);
      for (const line of secretLines(raw)) assert.ok(!answer.includes(line), what);
      assert.ok(!answer.includes('BEGIN') && !answer.includes('PuTTY'), what);
    }
  });

  it("would pass sshpk's 'auto' format, which is why it is never used", () => {
    const derived = sshpk.parseKey(ed25519.openssh, 'auto');
    assert.equal(derived.fingerprint('sha256').toString(), ed25519.fingerprint);
  });

  it('are not mistaken for public keys, and public keys are not mistaken for them', () => {
    for (const key of [ed25519, p256, p384, rsa2048, rsa3072, dsa]) assert.equal(containsPrivateKey(key.line), false);
    assert.equal(containsPrivateKey('my purpose of use is genome assembly'), false);
    assert.equal(containsPrivateKey(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'abc' })), false);
  });
});

describe('checkSshPublicKey never throws', () => {
  it('answers one of its codes for any text, and no answer carries the input (property)', () => {
    const codes = new Set<string>([
      'OK',
      'EMPTY',
      'PRIVATE_KEY',
      'NOT_OPENSSH_FORMAT',
      'UNSUPPORTED_TYPE',
      'RSA_TOO_SHORT',
      'MULTIPLE_KEYS',
    ] satisfies (SshPublicKeyProblem | 'OK')[]);
    const [type, blob = ''] = ed25519.line.split(' ');
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme-ascii' }),
      fc.string({ unit: 'grapheme-ascii' }).map((s) => `${type} ${blob.slice(0, 20)}${s}`),
      fc.base64String({ minLength: 4 }).map((s) => `${type} AAAA${s}`),
    );
    fc.assert(
      fc.property(text, (raw) => {
        const result = checkSshPublicKey(raw);
        assert.ok(codes.has(result.ok ? 'OK' : result.code), JSON.stringify(result));
        if (!result.ok) assert.deepEqual(Object.keys(result), ['ok', 'code']);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every line it returns back to the same key (property)', () => {
    const accepted = [ed25519, p256, p384, rsa3072].map((k) => k.line);
    const comment = fc.string({ unit: 'grapheme', maxLength: 30 });
    fc.assert(
      fc.property(fc.constantFrom(...accepted), comment, (line, extra) => {
        const first = checkSshPublicKey(`${line} ${extra}`);
        if (!first.ok) return;
        const again = checkSshPublicKey(first.key.line);
        assert.deepEqual(again, first);
      }),
    );
  });
});
