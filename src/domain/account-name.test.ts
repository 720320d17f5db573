import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type AccountNameProblem,
  accountNameMaxLength,
  accountNameMinLength,
  checkAccountName,
  defaultReservedNames,
  isReservedName,
  pgTwinName,
} from './account-name.js';

const reserved = defaultReservedNames;

function codeOf(raw: string, list: readonly string[] = reserved): AccountNameProblem | 'OK' {
  const result = checkAccountName(raw, list);
  return result.ok ? 'OK' : result.code;
}

/** Names the rules accept, from the full alphabet of each position. */
const validName = fc
  .stringMatching(/^[a-z][a-z0-9_]{2,15}$/)
  .filter((name) => !isReservedName(name, reserved) && !name.endsWith('-pg'));

describe('checkAccountName', () => {
  it('accepts names of 3 to 16 lower-case letters, digits and underscores starting with a letter', () => {
    for (const name of ['tar', 'taro', 'yamada_t', 'y2024', 'a_b_c', 'abcdefghijklmnop', 'taro_pg', 'pgtaro']) {
      assert.deepEqual(checkAccountName(name, reserved), { ok: true, name }, name);
    }
  });

  it('trims the white space around the name and changes nothing else', () => {
    assert.deepEqual(checkAccountName('  taro\t', reserved), { ok: true, name: 'taro' });
    assert.equal(codeOf('Taro'), 'ACCOUNT_NAME_INVALID_CHARACTERS');
    assert.equal(codeOf('ｔａｒｏ'), 'ACCOUNT_NAME_INVALID_CHARACTERS', 'full-width letters are not converted');
  });

  it('has one code per rule', () => {
    const cases: [string, AccountNameProblem][] = [
      ['', 'ACCOUNT_NAME_REQUIRED'],
      ['   ', 'ACCOUNT_NAME_REQUIRED'],
      ['taro-pg', 'ACCOUNT_NAME_ENDS_IN_PG'],
      ['taro.y', 'ACCOUNT_NAME_INVALID_CHARACTERS'],
      ['taro yamada', 'ACCOUNT_NAME_INVALID_CHARACTERS'],
      ['tarö', 'ACCOUNT_NAME_INVALID_CHARACTERS'],
      ['たろう', 'ACCOUNT_NAME_INVALID_CHARACTERS'],
      ['taro-y', 'ACCOUNT_NAME_INVALID_CHARACTERS'],
      ['1taro', 'ACCOUNT_NAME_MUST_START_WITH_LETTER'],
      ['_taro', 'ACCOUNT_NAME_MUST_START_WITH_LETTER'],
      ['ta', 'ACCOUNT_NAME_TOO_SHORT'],
      ['abcdefghijklmnopq', 'ACCOUNT_NAME_TOO_LONG'],
      ['root', 'ACCOUNT_NAME_RESERVED'],
      ['postgres', 'ACCOUNT_NAME_RESERVED'],
    ];
    for (const [raw, code] of cases) assert.equal(codeOf(raw), code, JSON.stringify(raw));
  });

  it('checks the rules in a fixed order: the first rule broken is the answer', () => {
    // -pg wins over the character rule it also breaks, and over length and case.
    assert.equal(codeOf('a-pg'), 'ACCOUNT_NAME_ENDS_IN_PG');
    assert.equal(codeOf('-pg'), 'ACCOUNT_NAME_ENDS_IN_PG');
    assert.equal(codeOf('Taro-PG'), 'ACCOUNT_NAME_ENDS_IN_PG');
    assert.equal(codeOf(`${'a'.repeat(20)}-pg`), 'ACCOUNT_NAME_ENDS_IN_PG');
    // characters before the first letter, before length
    assert.equal(codeOf('1-'), 'ACCOUNT_NAME_INVALID_CHARACTERS');
    assert.equal(codeOf('A'), 'ACCOUNT_NAME_INVALID_CHARACTERS');
    assert.equal(codeOf('Abcdefghijklmnopqrstu'), 'ACCOUNT_NAME_INVALID_CHARACTERS');
    // the first letter before length
    assert.equal(codeOf('1a'), 'ACCOUNT_NAME_MUST_START_WITH_LETTER');
    assert.equal(codeOf('_'.repeat(30)), 'ACCOUNT_NAME_MUST_START_WITH_LETTER');
    // length before the reserved list
    assert.equal(codeOf('ab', ['ab']), 'ACCOUNT_NAME_TOO_SHORT');
  });

  it('takes the reserved list as data: exact names and prefix* entries, in any case', () => {
    assert.equal(codeOf('root', []), 'OK');
    assert.equal(codeOf('taro', ['Taro']), 'ACCOUNT_NAME_RESERVED');
    assert.equal(codeOf('taro', [' taro ']), 'ACCOUNT_NAME_RESERVED');
    assert.equal(codeOf('systemd_net', reserved), 'ACCOUNT_NAME_RESERVED');
    assert.equal(codeOf('admin2', ['admin*']), 'ACCOUNT_NAME_RESERVED');
    assert.equal(codeOf('admin', ['admin*']), 'ACCOUNT_NAME_RESERVED');
    assert.equal(codeOf('administrat', ['admin']), 'OK');
    assert.equal(codeOf('taro', ['', '*']), 'OK', 'an empty or bare * entry reserves nothing');
  });

  it('seeds the reserved list with the system names of the issue', () => {
    for (const name of ['root', 'admin', 'daemon', 'bin', 'sys', 'nobody', 'www-data', 'postgres', 'sshd', 'ldap']) {
      assert.ok(isReservedName(name, defaultReservedNames), name);
    }
    assert.ok(isReservedName('systemd-resolve', defaultReservedNames));
    assert.equal(new Set(defaultReservedNames).size, defaultReservedNames.length, 'no duplicates');
    for (const entry of defaultReservedNames) assert.equal(entry, entry.trim().toLowerCase(), entry);
  });

  it('accepts every name that follows the rules, and never its PG twin (property)', () => {
    fc.assert(
      fc.property(validName, (name) => {
        assert.deepEqual(checkAccountName(name, reserved), { ok: true, name });
        assert.equal(codeOf(pgTwinName(name)), 'ACCOUNT_NAME_ENDS_IN_PG');
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a name with an upper-case letter, a space or any other character in it (property)', () => {
    const other = fc.oneof(
      fc.constantFrom(' ', '-', '.', '@', '\u3000', 'é', 'ａ', '０', '研', '\n', '\u0000', '😀'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !/^[a-z0-9_]$/.test(c)),
      fc.stringMatching(/^[A-Z]$/),
    );
    fc.assert(
      fc.property(validName, other, fc.nat(), (name, char, at) => {
        const i = 1 + (at % (name.length - 1));
        const spoiled = name.slice(0, i) + char + name.slice(i);
        const result = checkAccountName(spoiled, reserved);
        assert.equal(result.ok, false, JSON.stringify(spoiled));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every name outside the length bounds (property)', () => {
    const tooShort = fc.stringMatching(new RegExp(`^[a-z][a-z0-9_]{0,${accountNameMinLength - 2}}$`));
    const tooLong = fc.stringMatching(new RegExp(`^[a-z][a-z0-9_]{${accountNameMaxLength},40}$`));
    fc.assert(fc.property(tooShort, (name) => assert.equal(codeOf(name), 'ACCOUNT_NAME_TOO_SHORT')));
    fc.assert(fc.property(tooLong, (name) => assert.equal(codeOf(name), 'ACCOUNT_NAME_TOO_LONG')));
  });

  it('never throws and always answers one of its codes (property)', () => {
    const codes = new Set<string>([
      'OK',
      'ACCOUNT_NAME_REQUIRED',
      'ACCOUNT_NAME_ENDS_IN_PG',
      'ACCOUNT_NAME_INVALID_CHARACTERS',
      'ACCOUNT_NAME_MUST_START_WITH_LETTER',
      'ACCOUNT_NAME_TOO_SHORT',
      'ACCOUNT_NAME_TOO_LONG',
      'ACCOUNT_NAME_RESERVED',
    ] satisfies (AccountNameProblem | 'OK')[]);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (raw) => assert.ok(codes.has(codeOf(raw)))));
  });
});

describe('pgTwinName', () => {
  it('appends -pg to the general analysis name', () => {
    assert.equal(pgTwinName('taro'), 'taro-pg');
  });
});
