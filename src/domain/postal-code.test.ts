import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkPostalCode, normaliseJapanesePostalCode, type PostalCodeCheck } from './postal-code.js';

describe('Japanese postal codes', () => {
  it('accepts NNN-NNNN typed in any of the usual ways and returns NNN-NNNN', () => {
    const typed = [
      '411-8540',
      '4118540',
      ' 411-8540 ',
      '４１１－８５４０',
      '４１１８５４０',
      '411ー8540',
      '411−8540',
      '411‐8540',
      '411 8540',
      '〒411-8540',
      '〒 411-8540',
    ];
    for (const raw of typed) assert.deepEqual(checkPostalCode(raw, 'JP'), { ok: true, postalCode: '411-8540' }, raw);
    assert.deepEqual(checkPostalCode('4118540', 'jp'), { ok: true, postalCode: '411-8540' }, 'country in any case');
  });

  it('answers JAPAN_FORMAT for anything else', () => {
    for (const raw of [
      '411-854',
      '41-18540',
      '411--8540',
      '4118-540',
      '411-85400',
      'ABC-DEFG',
      '411_8540',
      '٤١١-٨٥٤٠',
    ]) {
      assert.deepEqual(checkPostalCode(raw, 'JP'), { ok: false, code: 'JAPAN_FORMAT' }, raw);
    }
  });

  it('answers REQUIRED when nothing is typed', () => {
    for (const raw of ['', '  ', '\u3000', undefined, null]) {
      assert.deepEqual(checkPostalCode(raw, 'JP'), { ok: false, code: 'REQUIRED' });
      assert.deepEqual(checkPostalCode(raw, 'GB'), { ok: false, code: 'REQUIRED' });
    }
  });

  it('reads every seven digits with or without a hyphen, full-width or not (property)', () => {
    const digits = fc.stringMatching(/^\d{7}$/);
    const fullWidth = (s: string) => s.replace(/[0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(digits, fc.boolean(), fc.boolean(), (d, hyphen, wide) => {
        const expected = `${d.slice(0, 3)}-${d.slice(3)}`;
        const typed = hyphen ? expected : d;
        assert.equal(normaliseJapanesePostalCode(wide ? fullWidth(typed) : typed), expected);
      }),
    );
  });
});

describe('postal codes of other countries', () => {
  it('accepts 2–12 letters, digits, spaces and hyphens, in upper-case with single spaces', () => {
    const cases: [string, string, string][] = [
      ['GB', 'sw1a  1aa', 'SW1A 1AA'],
      ['US', '20500-0003', '20500-0003'],
      ['DE', '69117', '69117'],
      ['NL', '1012 JS', '1012 JS'],
      ['CA', 'k1a 0b1', 'K1A 0B1'],
      ['FR', '７５００７', '75007'],
      ['XX', 'ab', 'AB'],
      ['XX', '123456789012', '123456789012'],
    ];
    for (const [country, raw, postalCode] of cases) {
      assert.deepEqual(checkPostalCode(raw, country), { ok: true, postalCode }, raw);
    }
  });

  it('answers INVALID for anything else', () => {
    for (const raw of ['1', '1234567890123', '-12', '12-', 'SW1A_1AA', 'ßß', 'ıı', '〒411', 'SW1A\n1AA!', 'n°75007']) {
      assert.deepEqual(checkPostalCode(raw, 'FR'), { ok: false, code: 'INVALID' }, raw);
    }
  });

  it('only ever returns codes made of the allowed characters (property)', () => {
    const anyCountry = fc.constantFrom('JP', 'jp', 'US', 'GB', 'FR', 'CN');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 16 }), anyCountry, (raw, country) => {
        const result: PostalCodeCheck = checkPostalCode(raw, country);
        if (!result.ok) return;
        if (country.toUpperCase() === 'JP') assert.match(result.postalCode, /^\d{3}-\d{4}$/);
        else assert.match(result.postalCode, /^[A-Z0-9][A-Z0-9 -]{0,10}[A-Z0-9]$/);
        assert.deepEqual(checkPostalCode(result.postalCode, country), result);
      }),
    );
  });
});
