import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AUDIT_GENESIS, type AuditEntry, auditHash, canonicalJson, firstBrokenLink } from './audit.js';

const entry = (n: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 10, 25, 12, 0, n)).toISOString(),
  actor: 'staff:1',
  action: 'application.approved',
  subject: `application:${n}`,
  details: { from: 'screening', to: 'approved', n },
});

function chain(entries: AuditEntry[]) {
  let previous = AUDIT_GENESIS;
  return entries.map((e) => {
    const link = { previousHash: previous, hash: auditHash(previous, e), entry: e };
    previous = link.hash;
    return link;
  });
}

describe('audit hash chain', () => {
  test('canonical JSON does not depend on key order (jsonb reorders keys)', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }),
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        assert.equal(canonicalJson(reversed), canonicalJson(obj));
      }),
    );
  });

  test('a whole chain verifies; a change, a removal or a swap is found at its place', () => {
    const links = chain([0, 1, 2, 3, 4].map(entry));
    assert.equal(firstBrokenLink(links), -1);
    const changed = links.map((l, i) => (i === 2 ? { ...l, entry: { ...l.entry, actor: 'staff:2' } } : l));
    assert.equal(firstBrokenLink(changed), 2);
    assert.equal(firstBrokenLink(links.filter((_, i) => i !== 1)), 1);
    const swapped = [links[0], links[2], links[1], links[3]].filter((l) => l !== undefined);
    assert.equal(firstBrokenLink(swapped), 1);
    // Recomputing one hash after a change still breaks the next link.
    const forged = [...links];
    const e = { ...entry(2), details: { forged: true } };
    forged[2] = { previousHash: links[1]?.hash ?? '', hash: auditHash(links[1]?.hash ?? '', e), entry: e };
    assert.equal(firstBrokenLink(forged), 3);
  });

  test('a chain verified from a later start continues from that hash', () => {
    const links = chain([0, 1, 2, 3].map(entry));
    assert.equal(firstBrokenLink(links.slice(2), links[1]?.hash), -1);
    assert.equal(firstBrokenLink(links.slice(2)), 0);
  });
});
