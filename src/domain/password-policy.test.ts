import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dictionary } from '@zxcvbn-ts/language-common';
import {
  normalisePassword,
  type PasswordProblem,
  passwordProblem,
  USER_PASSWORD_MAX,
  USER_PASSWORD_MIN,
} from './password-policy.js';

const account = 'yamada_t';
const check = (password: string, name = account): PasswordProblem | 'OK' => passwordProblem(password, name) ?? 'OK';

/** `n` code points that are in no list and hold no account name. */
const filler = (n: number) => 'k7#Qv2 m9Zx4&'.repeat(Math.ceil(n / 13)).slice(0, n);

describe('passwordProblem', () => {
  it('has the NIST SP 800-63B limits', () => {
    assert.equal(USER_PASSWORD_MIN, 12);
    assert.equal(USER_PASSWORD_MAX, 256);
  });

  it('requires a password, and white space alone is none', () => {
    assert.equal(check(''), 'required');
    assert.equal(check(' '.repeat(20)), 'required');
    assert.equal(check('\t\n \u3000'.repeat(5)), 'required', 'ideographic spaces too');
  });

  it('counts 11 code points too short, 12 and 256 enough, 257 too long', () => {
    assert.equal(check(filler(11)), 'too_short');
    assert.equal(check(filler(12)), 'OK');
    assert.equal(check(filler(256)), 'OK');
    assert.equal(check(filler(257)), 'too_long');
  });

  it('counts an emoji as one character, not as its UTF-16 units', () => {
    const eleven = `${'🔑'.repeat(6)}${filler(5)}`;
    assert.equal(eleven.length, 17, 'seventeen UTF-16 units');
    assert.equal(check(eleven), 'too_short');
    assert.equal(check(`${eleven}x`), 'OK');
    assert.equal(check('🐉'.repeat(256)), 'OK');
    assert.equal(check('🐉'.repeat(257)), 'too_long');
  });

  it('measures after NFKC normalisation', () => {
    // A decomposed "é" (e + combining acute) is one character after normalisation.
    const decomposed = 'e\u0301'.repeat(11);
    assert.equal([...decomposed].length, 22);
    assert.equal(check(decomposed), 'too_short');
    // Full-width letters are the same password as their ASCII forms.
    assert.equal(normalisePassword('ｐａｓｓｗｏｒｄ１２３４'), 'password1234');
    assert.equal(check('ｐａｓｓｗｏｒｄ１２３４'), 'common');
    // One compatibility character that expands: U+FDFA is 18 code points in NFKC.
    assert.equal(check(`\uFDFA${'a'.repeat(238)}`), 'OK');
    assert.equal(check(`\uFDFA${'a'.repeat(239)}`), 'too_long');
  });

  it('refuses very long input without normalising it', () => {
    assert.equal(check('x'.repeat(1_000_000)), 'too_long');
  });

  it('allows any characters, spaces included, with no composition rules', () => {
    for (const password of [
      'correct horse battery staple',
      'すべての人間は生まれながらにして自由',
      'alllowercaseandnothingelse',
      '   leading and trailing   ',
      '🌋🦒🎻🧲🪁🧊🦔🛶🪗🥨🧿🪐',
    ]) {
      assert.equal(check(password), 'OK', password);
    }
  });

  it('refuses entries of the common-password list, whatever their case', () => {
    const list = new Set(dictionary['passwords-common']);
    for (const entry of [
      'password1234',
      'qwerty123456',
      '1q2w3e4r5t6y',
      'qazwsxedcrfv',
      'leavemealone',
      'jamesbond007',
    ]) {
      assert.ok(list.has(entry), `${entry} is in the list`);
      assert.equal(check(entry), 'common', entry);
      assert.equal(check(entry.toUpperCase()), 'common', entry.toUpperCase());
    }
    assert.equal(check('LeaveMeAlone'), 'common');
  });

  it('refuses a list entry with digits or punctuation stuck on the end', () => {
    for (const password of [
      'password12345',
      'iloveyou2024!',
      'Sunshine1234',
      'dragon!!!!!!',
      'monkey 2024!',
      'football🏈🏈🏈🏈',
    ]) {
      assert.equal(check(password), 'common', password);
    }
  });

  it('accepts a short list entry followed by a long random tail', () => {
    // "dragon" and "monkey" are in the list, but their six letters are outweighed by what follows.
    assert.equal(check('dragon#8!2749$%16'), 'OK');
    assert.equal(check('monkey8273649182'), 'OK');
  });

  it('refuses a password that contains the account name', () => {
    assert.equal(check('my name is yamada_t, ok?'), 'contains_account_name');
    assert.equal(check('YAMADA_T was here!'), 'contains_account_name', 'case-insensitively');
    assert.equal(check('ｙａｍａｄａ＿ｔ at the centre'), 'contains_account_name', 'in full-width letters too');
    assert.equal(check('the taro rabbit jumps', 'taro'), 'contains_account_name');
  });

  it('does not look for account names shorter than 3 characters', () => {
    assert.equal(check('glacier mango violin', 'an'), 'OK');
    assert.equal(check('glacier mango violin', ''), 'OK');
  });

  it('gives the first problem only', () => {
    assert.equal(check('password', 'password'), 'too_short', 'short before common');
    assert.equal(check('password1234', 'password'), 'common', 'common before account name');
    assert.equal(check(`${account}${'x'.repeat(300)}`), 'too_long', 'too long before account name');
  });

  it('accepts a long random passphrase', () => {
    assert.equal(passwordProblem('tundra velvet oxygen ladle sprocket 47 marigold', account), undefined);
  });
});
