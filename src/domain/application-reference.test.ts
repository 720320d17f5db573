import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applicationReference, applicationReferencePattern } from './application-reference.js';

describe('application reference', () => {
  test('fiscal year and a six-digit serial', () => {
    assert.equal(applicationReference(2026, 123), 'A2026-000123');
    assert.equal(applicationReference(2026, 1_234_567), 'A2026-1234567');
    assert.match(applicationReference(2027, 1), applicationReferencePattern);
  });
});
