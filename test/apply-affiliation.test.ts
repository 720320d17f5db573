import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDraft, useApplyApp } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';

const valid = {
  institution: 'National Institute of Genetics',
  department: 'Bioinformation and DDBJ Center',
  country: 'JP',
  postalCode: '４１１８５４０',
  address: '1111 Yata, Mishima, Shizuoka',
  phone: '055-981-6800',
  extension: '１２３',
};

describe('application step 3: institution and address', () => {
  const suite = useApplyApp();
  const row = suite.applicant;

  it('normalises the postal code and stores the telephone number in E.164', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'affil@inst.example.jp');
    const page = await person.get('/apply/affiliation');
    assert.equal(h1Text(page.html), 'Your institution');
    assert.match(page.html, /The account registration certificate is posted to this address/);
    assert.match(page.html, /<option value="JP" selected>/, 'Japan is preselected');
    const res = await person.submit(page.html, '/apply/affiliation', valid);
    assert.equal(res.status, 303);
    const saved = await row('affil@inst.example.jp');
    assert.equal(saved.postal_code, '411-8540');
    assert.equal(saved.phone, '+81559816800');
    assert.equal(saved.phone_extension, '123');
    assert.deepEqual(saved.steps_done, ['affiliation']);
  });

  it('explains each problem in Japanese and keeps the answers', async () => {
    const person = new Browserless(suite.app.url, 'ja');
    await openDraft(suite.app, person, 'affil-ja@inst.example.jp');
    const page = await person.get('/apply/affiliation');
    const res = await person.submit(page.html, '/apply/affiliation', {
      ...valid,
      institution: '',
      postalCode: '41185',
      phone: '12',
      extension: '内線5',
    });
    assert.equal(res.status, 400);
    for (const message of [
      '所属機関名を入力してください',
      '日本の郵便番号を 7 桁で入力してください（例：411-8540）',
      '住所の国で使われている形式の電話番号を入力してください（例：055-981-6800）',
      '内線は 10 桁以内の数字で入力してください',
    ]) {
      assert.ok(res.html.includes(message), message);
    }
    assert.match(res.html, /name="postalCode" type="text" value="41185"/);
    assert.equal((await row('affil-ja@inst.example.jp')).postal_code, '41185');
  });

  it('reads the postal code and telephone number by the country of the address', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'abroad@inst.example.de');
    const page = await person.get('/apply/affiliation');
    const res = await person.submit(page.html, '/apply/affiliation', {
      ...valid,
      country: 'DE',
      postalCode: '10115',
      phone: '030 901820',
      extension: '',
    });
    assert.equal(res.status, 303);
    const saved = await row('abroad@inst.example.de');
    assert.equal(saved.postal_code, '10115');
    assert.equal(saved.phone, '+4930901820');
    assert.equal(saved.phone_extension, null);
  });
});
