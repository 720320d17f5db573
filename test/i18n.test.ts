import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogues, labelled, languages, sentences, translator } from '../src/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in every language', () => {
    const [first, ...rest] = languages.map((l) => Object.keys(catalogues[l]).sort());
    for (const [i, keys] of rest.entries()) {
      const missing = first?.filter((k) => !keys.includes(k)) ?? [];
      const extra = keys.filter((k) => !first?.includes(k));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `language ${languages[i + 1]}`);
    }
  });

  it('have no empty message and the same placeholders in every language', () => {
    for (const key of Object.keys(catalogues.en) as (keyof typeof catalogues.en)[]) {
      for (const lang of languages) assert.ok(catalogues[lang][key].trim(), `${lang} ${key} is empty`);
      assert.deepEqual(placeholders(catalogues.ja[key]), placeholders(catalogues.en[key]), key);
    }
  });

  it('fill placeholders and leave unknown ones visible', () => {
    const t = translator('en');
    assert.equal(
      t('error.server.reference', { reference: 'abc' }),
      'If you contact the centre about this, quote this reference: abc',
    );
    assert.match(t('error.server.reference'), /\{reference\}/);
  });

  it('write Japanese with full-width punctuation: no half-width colon after Japanese, sentences joined by 。', () => {
    assert.equal(labelled('ja', '状況', '承認済み'), '状況：承認済み');
    assert.equal(labelled('en', 'Status', 'Approved'), 'Status: Approved');
    assert.equal(
      sentences('ja', '6 桁のコード', 'リカバリーコードは1回だけ使えます。'),
      '6 桁のコード。リカバリーコードは1回だけ使えます。',
    );
    assert.equal(
      sentences('en', 'Six-digit code', 'A recovery code works once.'),
      'Six-digit code. A recovery code works once.',
    );
    // Every Japanese message: a colon right after Japanese text or a placeholder is full-width.
    const halfWidth = Object.entries(catalogues.ja).filter(([, text]) =>
      /[\u3040-\u30ff\u3400-\u9fff）}]: /.test(text),
    );
    assert.deepEqual(halfWidth, []);
  });
});
