import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sshpk from 'sshpk';
import { privateKeyForms } from '../../test/helpers/private-keys.js';
import { containsPrivateKey } from './private-key.js';

const forms = privateKeyForms();
const publicLines = ['ed25519', 'ec', 'rsa'].map((type) => {
  const pair =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
        : generateKeyPairSync('rsa', { modulusLength: 4096 });
  const key = sshpk.parseKey(pair.publicKey.export({ type: 'spki', format: 'pem' }), 'pem');
  key.comment = 'hanako@example.ac.jp';
  return key.toString('ssh');
});

/** Words, punctuation and line breaks a person might paste around a key. */
const surrounding = fc.oneof(
  fc.constantFrom('', 'my key:', 'here it is', '秘密鍵です：', '-----', 'Key:', '>>>', 'MIIE', 'AAAA', 'abc'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.base64String({ maxLength: 80 }),
  fc.constantFrom(...publicLines),
);
const separator = fc.constantFrom('\n', ' ', '\r\n', '\t', ': ', '\n\n', '');

describe('containsPrivateKey', () => {
  it('finds every type and form, whole and as its bare body', () => {
    for (const form of forms) {
      assert.ok(containsPrivateKey(form.text), form.what);
      assert.ok(containsPrivateKey(form.body), `${form.what}, body only`);
      assert.ok(containsPrivateKey(form.body.replace(/\n/g, '')), `${form.what}, body on one line`);
      assert.ok(containsPrivateKey(form.body.replace(/\n/g, '\r\n')), `${form.what}, body with \\r\\n`);
    }
  });

  it('finds the cases from the report: after a public key line, after "my key:", an EC body', () => {
    const find = (what: string) => forms.find((form) => form.what === what)?.body ?? '';
    assert.ok(containsPrivateKey(`${publicLines[0]}\n${find('Ed25519 PKCS#8 PEM')}`));
    assert.ok(containsPrivateKey(`my key:\n${find('RSA 3072 PKCS#1 PEM')}`));
    assert.ok(containsPrivateKey(find('ECDSA P-256 SEC1 PEM')));
  });

  it('finds a key body in any surroundings (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...forms),
        fc.boolean(),
        surrounding,
        separator,
        surrounding,
        separator,
        (form, whole, before, sep1, after, sep2) => {
          // PuTTY's private lines are found on lines of their own
          const s1 = form.needsOwnLines ? '\n' : sep1;
          const s2 = form.needsOwnLines ? '\n' : sep2;
          const text = `${before}${s1}${whole ? form.text : form.body}${s2}${after}`;
          assert.ok(containsPrivateKey(text), `${form.what} in ${JSON.stringify(text.slice(0, 60))}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('does not take public keys, signatures, prose or random base64 for one (property)', () => {
    for (const line of publicLines) assert.equal(containsPrivateKey(line), false, line);
    assert.equal(containsPrivateKey(publicLines.join('\n')), false);
    assert.equal(containsPrivateKey('my purpose of use is genome assembly of 12 plant species'), false);
    assert.equal(containsPrivateKey(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'abc' })), false);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.base64String({ minLength: 40, maxLength: 4000 }),
          fc.string({ unit: 'grapheme', maxLength: 400 }),
          fc.array(fc.constantFrom(...publicLines), { maxLength: 4 }).map((lines) => lines.join('\n')),
        ),
        (text) => assert.equal(containsPrivateKey(text), false, JSON.stringify(text.slice(0, 80))),
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        assert.equal(typeof containsPrivateKey(text), 'boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('takes time linear in the text, even for many short base64 words', () => {
    // 60,000 characters of "AA " once took minutes (every word a possible start of a PuTTY blob)
    assert.equal(containsPrivateKey('AA '.repeat(20_000)), false);
    assert.equal(containsPrivateKey('AAAA'.repeat(50_000)), false);
  });
});
