import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { needsScreening } from '../src/domain/eligibility.js';
import { openDraft, useApplyApp } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';

describe('eligibility rule', () => {
  it('asks for screening for a non-resident or a person in the specific categories only', () => {
    assert.equal(needsScreening({ resident: true, specificCategory: false }), false);
    assert.equal(needsScreening({ resident: false, specificCategory: false }), true);
    assert.equal(needsScreening({ resident: true, specificCategory: true }), true);
    assert.equal(needsScreening({ resident: null, specificCategory: null }), false);
  });
});

describe('application step 2: eligibility (FEFTA)', () => {
  const suite = useApplyApp();
  const application = suite.application;

  it('accepts a resident outside the specific categories without screening', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'resident@inst.example.jp');
    const page = await person.get('/apply/eligibility');
    assert.equal(h1Text(page.html), 'Eligibility under export control (FEFTA)');
    const res = await person.submit(page.html, '/apply/eligibility', { resident: 'yes', specific: 'no' });
    assert.equal(res.status, 303);
    const row = await application('resident@inst.example.jp');
    assert.equal(row.fefta_resident, true);
    assert.equal(row.meti_specific_category, false);
    assert.equal(row.needs_screening, false);
    assert.deepEqual(row.steps_done, ['eligibility']);
    const again = await person.get('/apply/eligibility');
    assert.match(again.html, /name="resident" type="radio" value="yes" checked/);
  });

  it('asks a non-resident why and for (a)–(c), and marks the application for screening', async () => {
    const person = new Browserless(suite.app.url, 'ja');
    await openDraft(suite.app, person, 'visitor@inst.example.jp');
    const page = await person.get('/apply/eligibility');
    // Without JavaScript the follow-up questions are not on the page at first.
    assert.match(page.html, /id="reason-conditional"[^>]*hidden/);
    const asked = await person.submit(page.html, '/apply/eligibility', { resident: 'no', specific: 'no' });
    // Asked, not refused: the reason and (a)–(c) are shown now, with no error.
    assert.equal(asked.status, 200);
    assert.doesNotMatch(asked.html, /error-message/);
    assert.doesNotMatch(asked.html, /id="reason-conditional"[^>]*hidden/);
    assert.match(asked.html, /ご回答の内容から、もう少し情報が必要です/);
    assert.equal((await application('visitor@inst.example.jp')).needs_screening, true);
    // Answered in part: the rest is refused by field.
    const res = await person.submit(asked.html, '/apply/eligibility', {
      resident: 'no',
      specific: 'no',
      period: ' ',
      career: 'x'.repeat(3),
    });
    assert.equal(res.status, 400);
    for (const message of [
      '居住者でない理由を選択してください',
      '雇用主と、常勤か非常勤かを入力してください',
      '利用予定期間を入力してください',
    ]) {
      assert.ok(res.html.includes(message), message);
    }
    const ok = await person.submit(res.html, '/apply/eligibility', {
      resident: 'no',
      reason: 'less_than_six_months',
      specific: 'no',
      career: 'PhD in genetics, 2024; postdoc since 2025.',
      employment: 'Univ. of Example, full-time',
      period: '2027年4月〜2028年3月',
    });
    assert.equal(ok.status, 303);
    const row = await application('visitor@inst.example.jp');
    assert.equal(row.non_resident_reason, 'less_than_six_months');
    assert.equal(row.intended_period, '2027年4月〜2028年3月');
    assert.deepEqual(row.steps_done, ['eligibility']);
  });

  it('requires every question and un-marks the step when answers stop passing', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'undecided@inst.example.jp');
    const page = await person.get('/apply/eligibility');
    const done = await person.submit(page.html, '/apply/eligibility', { resident: 'yes', specific: 'no' });
    assert.equal(done.status, 303);
    const res = await person.submit(page.html, '/apply/eligibility', { resident: 'maybe' });
    assert.equal(res.status, 400);
    assert.match(res.html, /Select yes if you are a resident of Japan under the act/);
    assert.match(res.html, /Select yes if you fall under one of the specific categories/);
    assert.deepEqual((await application('undecided@inst.example.jp')).steps_done, []);
  });
});
