import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkPurposeOfUse,
  checkText,
  findControlCharacter,
  maxCodeUnitsPerCharacter,
  normaliseText,
  visibleLength,
} from './text.js';

/** `count` Japanese characters (each one grapheme, one code unit). */
function japanese(count: number): string {
  const sentence = '本研究ではゲノム配列データを用いて疾患の原因となる変異を解析します。';
  return sentence.repeat(Math.ceil(count / sentence.length)).slice(0, count);
}

describe('normaliseText', () => {
  it('composes to NFC and trims every kind of white space, including U+3000', () => {
    assert.equal(normaliseText('\u3000 か\u3099 \t\n'), 'が');
    assert.equal(normaliseText('\u00a0Zu\u0308rich\ufeff'), 'Zürich');
  });

  it('turns \\r\\n and lone \\r into \\n, and U+2028/U+2029 in multi-line text', () => {
    assert.equal(normaliseText('a\r\nb\rc'), 'a\nb\nc');
    assert.equal(normaliseText('a\u2028b\u2029c', { multiline: true }), 'a\nb\nc');
    assert.equal(normaliseText('a\u2028b'), 'a\u2028b');
  });
});

describe('findControlCharacter', () => {
  it('refuses C0, DEL and C1 controls', () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f']) {
      assert.equal(findControlCharacter(`a${c}b`), 1, JSON.stringify(c));
      assert.equal(findControlCharacter(`a${c}b`, { multiline: true }), 1, JSON.stringify(c));
    }
  });

  it('allows \\n and \\t only in multi-line text', () => {
    assert.equal(findControlCharacter('a\nb\tc', { multiline: true }), -1);
    assert.equal(findControlCharacter('a\nb'), 1);
    assert.equal(findControlCharacter('a\tb'), 1);
  });

  it('refuses bidirectional overrides and isolates, and lone surrogates', () => {
    for (const c of ['\u202a', '\u202e', '\u2066', '\u2069', '\ud800', '\udfff']) {
      assert.equal(findControlCharacter(`ab${c}`), 2, JSON.stringify(c));
    }
    assert.equal(findControlCharacter('\ud83d'), 0);
  });

  it('allows ordinary text: Japanese, accents, emoji with joiners, flags', () => {
    assert.equal(findControlCharacter('山田 太郎 Zoë 👩🏽‍🔬 🇯🇵 👨‍👩‍👧‍👦'), -1);
  });
});

describe('visibleLength', () => {
  it('counts characters as a person sees them', () => {
    assert.equal(visibleLength('研究'), 2);
    assert.equal(visibleLength('👩🏽‍🔬'), 1);
    assert.equal(visibleLength('👨‍👩‍👧‍👦'), 1);
    assert.equal(visibleLength('🇯🇵'), 1);
    assert.equal(visibleLength('か\u3099'), 1);
    assert.equal(visibleLength('が'), 1);
    assert.equal(visibleLength('a b'), 3, 'spaces count');
    assert.equal(visibleLength(''), 0);
  });

  it('does not count line breaks', () => {
    assert.equal(visibleLength('研究\n\n目的\r\nです\r'), 6);
  });

  it('does not count what shows nothing, and counts a run of spaces once', () => {
    assert.equal(visibleLength('\u200b'.repeat(150)), 0, 'zero-width spaces');
    assert.equal(visibleLength('\u3164'.repeat(150)), 0, 'Hangul fillers');
    assert.equal(visibleLength('\uffa0\u115f\u1160\u2800\u2060\ufeff\u00ad\u200d'), 0);
    assert.equal(visibleLength(`a${' '.repeat(148)}b`), 3, 'two letters around 148 spaces');
    assert.equal(visibleLength(`研究${'\u3000'.repeat(40)}目的`), 5, 'ideographic spaces');
    assert.equal(visibleLength('a \n b'), 3);
    assert.equal(visibleLength('a\u200bb'), 2);
  });

  it('never exceeds the number of code units and adds up over whole graphemes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        assert.ok(visibleLength(s) <= s.length);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('研', 'a', '👩🏽‍🔬', '🇯🇵', 'が', 'é', 'a ')), (parts) => {
        const spaces = parts.filter((part) => part === 'a ').length;
        assert.equal(visibleLength(parts.join('')), parts.length + spaces);
      }),
    );
  });
});

describe('checkText', () => {
  const rule = { min: 2, max: 5 };

  it('returns the normalised text', () => {
    assert.deepEqual(checkText('  か\u3099くせい ', rule), { ok: true, value: 'がくせい' });
  });

  it('answers REQUIRED for empty, missing or white-space-only input, unless optional', () => {
    for (const raw of ['', '   ', '\u3000', '\n', undefined, null]) {
      assert.deepEqual(checkText(raw, rule), { ok: false, code: 'REQUIRED' });
      assert.deepEqual(checkText(raw, { ...rule, optional: true }), { ok: true, value: '' });
    }
  });

  it('applies min and max to visible characters', () => {
    assert.deepEqual(checkText('研', rule), { ok: false, code: 'TOO_SHORT' });
    assert.deepEqual(checkText('研究', rule), { ok: true, value: '研究' });
    assert.deepEqual(checkText('👩🏽‍🔬👩🏽‍🔬👩🏽‍🔬👩🏽‍🔬👩🏽‍🔬', rule), {
      ok: true,
      value: '👩🏽‍🔬👩🏽‍🔬👩🏽‍🔬👩🏽‍🔬👩🏽‍🔬',
    });
    assert.deepEqual(checkText('研究目的です', rule), { ok: false, code: 'TOO_LONG' });
    assert.deepEqual(checkText('x', { max: 5, optional: true }), { ok: true, value: 'x' });
  });

  it('refuses control characters, with line breaks only in multi-line fields', () => {
    assert.deepEqual(checkText('ab\u0000', rule), { ok: false, code: 'CONTROL_CHARACTERS' });
    assert.deepEqual(checkText('a\r\nb', rule), { ok: false, code: 'CONTROL_CHARACTERS' });
    assert.deepEqual(checkText('a\r\nb\tc', { ...rule, multiline: true }), { ok: true, value: 'a\nb\tc' });
    assert.deepEqual(checkText('a\u202eb', { ...rule, multiline: true }), { ok: false, code: 'CONTROL_CHARACTERS' });
  });

  it('refuses hidden bulk: one visible character made of hundreds of combining marks', () => {
    const zalgo = `a${'\u0301'.repeat(5 * maxCodeUnitsPerCharacter)}`;
    assert.equal(visibleLength(zalgo), 1);
    assert.deepEqual(checkText(zalgo, rule), { ok: false, code: 'TOO_LONG' });
    assert.deepEqual(checkText('x'.repeat(10_000_000), rule), { ok: false, code: 'TOO_LONG' });
  });

  it('accepts only normalised, bounded text, and accepts its own output unchanged (property)', () => {
    const anyRule = fc.record({
      min: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
      max: fc.integer({ min: 1, max: 12 }),
      multiline: fc.boolean(),
      optional: fc.boolean(),
    });
    const anyText = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(anyText, anyRule, (raw, r) => {
        const result = checkText(raw, r);
        if (!result.ok) return;
        const { value } = result;
        assert.equal(value, value.normalize('NFC'));
        assert.equal(value, value.trim());
        assert.equal(findControlCharacter(value, r), -1);
        assert.ok(!value.includes('\r'));
        assert.ok(visibleLength(value) <= r.max);
        if (value !== '') assert.ok(visibleLength(value) >= (r.min ?? 0));
        assert.deepEqual(checkText(value, r), result);
      }),
    );
  });

  it('refuses any text with a control character inside it (property)', () => {
    const control = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), control, fc.boolean(), (text, code, multiline) => {
        fc.pre(!(multiline && [0x09, 0x0a, 0x0d].includes(code)));
        const raw = `x${text}${String.fromCharCode(code)}${text}x`;
        assert.deepEqual(checkText(raw, { max: 100, multiline }), { ok: false, code: 'CONTROL_CHARACTERS' });
      }),
    );
  });
});

describe('purpose of use', () => {
  it('is refused when 150 characters are there but cannot be seen', () => {
    assert.deepEqual(checkPurposeOfUse('\u200b'.repeat(150)), { ok: false, code: 'TOO_SHORT' });
    assert.deepEqual(checkPurposeOfUse('\u3164'.repeat(150)), { ok: false, code: 'TOO_SHORT' });
    assert.deepEqual(checkPurposeOfUse(`a${' '.repeat(148)}b`), { ok: false, code: 'TOO_SHORT' });
    // 49 times two characters and a space, then two: 149
    assert.deepEqual(checkPurposeOfUse(`${'研究 '.repeat(49)}目的`), { ok: false, code: 'TOO_SHORT' });
    assert.equal(checkPurposeOfUse(`${'研究 '.repeat(49)}目的。`).ok, true);
  });

  it('needs 150 characters: 149 Japanese characters are too few, 150 are enough', () => {
    assert.equal(japanese(149).length, 149);
    assert.deepEqual(checkPurposeOfUse(japanese(149)), { ok: false, code: 'TOO_SHORT' });
    assert.deepEqual(checkPurposeOfUse(japanese(150)), { ok: true, value: japanese(150) });
  });

  it('counts decomposed kana as the characters they show, and not the line breaks', () => {
    const decomposed = 'か\u3099'.repeat(150);
    assert.equal(decomposed.length, 300);
    assert.equal(checkPurposeOfUse(decomposed.slice(0, 298)).ok, false);
    assert.deepEqual(checkPurposeOfUse(decomposed), { ok: true, value: 'が'.repeat(150) });
    const lines = `${japanese(100)}\r\n\r\n${japanese(49)}`;
    assert.deepEqual(checkPurposeOfUse(lines), { ok: false, code: 'TOO_SHORT' });
    assert.equal(checkPurposeOfUse(`${lines}。`).ok, true);
  });

  it('does not let padding count: surrounding white space is trimmed first', () => {
    assert.deepEqual(checkPurposeOfUse(`\u3000\u3000${japanese(149)}\n\n  `), { ok: false, code: 'TOO_SHORT' });
  });

  it('has an upper bound', () => {
    assert.deepEqual(checkPurposeOfUse(japanese(4001)), { ok: false, code: 'TOO_LONG' });
    assert.equal(checkPurposeOfUse(japanese(4000)).ok, true);
  });
});
