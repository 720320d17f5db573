import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applicationReference, applicationReferencePattern, fiscalYearOf } from './application-reference.js';

describe('fiscal year of an instant (Asia/Tokyo)', () => {
  test('April 1 00:00 in Tokyo starts the year; the minute before belongs to the previous one', () => {
    // 2027-04-01 00:00 JST is 2027-03-31 15:00 UTC.
    assert.equal(fiscalYearOf(new Date('2027-03-31T14:59:59.999Z')), 2026);
    assert.equal(fiscalYearOf(new Date('2027-03-31T15:00:00Z')), 2027);
  });
  test('January to March belong to the year that began the April before', () => {
    assert.equal(fiscalYearOf(new Date('2027-01-04T00:00:00+09:00')), 2026);
    assert.equal(fiscalYearOf(new Date('2026-11-25T12:00:00Z')), 2026);
    assert.equal(fiscalYearOf(new Date('2028-02-29T23:59:00+09:00')), 2027);
  });
  test('the same for any instant as a Tokyo wall clock says', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
        const tokyo = new Date(d.getTime() + 9 * 3600_000); // Japan: UTC+9, no DST
        const expected = tokyo.getUTCMonth() >= 3 ? tokyo.getUTCFullYear() : tokyo.getUTCFullYear() - 1;
        assert.equal(fiscalYearOf(d), expected);
      }),
    );
  });
});

describe('application reference', () => {
  test('fiscal year and a six-digit serial', () => {
    assert.equal(applicationReference(2026, 123), 'A2026-000123');
    assert.equal(applicationReference(2026, 1_234_567), 'A2026-1234567');
    assert.match(applicationReference(2027, 1), applicationReferencePattern);
  });
});
