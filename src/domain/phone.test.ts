import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExtension, checkPhone, formatPhone } from './phone.js';

describe('telephone numbers', () => {
  it('accepts Japanese numbers written in the usual ways and stores E.164', () => {
    for (const input of ['055-981-6800', '0559816800', '０５５－９８１－６８００', '+81 55-981-6800']) {
      assert.deepEqual(checkPhone(input, 'JP'), { ok: true, e164: '+81559816800' }, input);
    }
  });

  it('reads a number in the country of the address', () => {
    assert.deepEqual(checkPhone('(202) 555-0143', 'US'), { ok: true, e164: '+12025550143' });
    assert.deepEqual(checkPhone('030 901820', 'DE'), { ok: true, e164: '+4930901820' });
  });

  it('refuses empty, too long and impossible numbers', () => {
    assert.deepEqual(checkPhone('', 'JP'), { ok: false, code: 'REQUIRED' });
    assert.deepEqual(checkPhone('12', 'JP'), { ok: false, code: 'INVALID' });
    assert.deepEqual(checkPhone('9'.repeat(41), 'JP'), { ok: false, code: 'INVALID' });
    assert.deepEqual(checkPhone('not a number', 'JP'), { ok: false, code: 'INVALID' });
  });

  it('accepts extensions of up to 10 digits', () => {
    assert.deepEqual(checkExtension('１２３'), { ok: true, value: '123' });
    assert.deepEqual(checkExtension(''), { ok: true, value: '' });
    assert.deepEqual(checkExtension('12345678901'), { ok: false });
    assert.deepEqual(checkExtension('12a'), { ok: false });
  });

  it('shows a stored number as its country writes it, a foreign one internationally', () => {
    assert.equal(formatPhone('+81471363984', 'JP'), '04-7136-3984');
    assert.equal(formatPhone('+81559816800', 'JP'), '055-981-6800');
    assert.equal(formatPhone('+81559816800', 'DE'), '+81 55 981 6800');
    assert.equal(formatPhone('+442079460000', 'GB'), '020 7946 0000');
    assert.equal(formatPhone('not a number', 'JP'), 'not a number');
    assert.equal(formatPhone(null, 'JP'), '');
    // What is shown reads back as the same number.
    assert.deepEqual(checkPhone(formatPhone('+81471363984', 'JP'), 'JP'), { ok: true, e164: '+81471363984' });
  });
});
