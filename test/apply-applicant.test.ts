import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addClosure } from '../src/db/notices.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { openDraft, useApplyApp } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';

const purposeJa = (n: number) => 'ゲ'.repeat(n);
const valid = {
  familyName: 'YAMADA',
  givenName: 'Taro',
  nameJa: '山田 太郎',
  nationality: 'JP',
  field: 'Human genetics',
  jobTitle: 'postdoc',
  purpose: purposeJa(150),
  jgaId: '',
  agdId: '',
};

describe('application step 1: about the applicant', () => {
  const suite = useApplyApp();
  const applicant = suite.applicant;

  it('needs the session opened by the mailed link', async () => {
    const stranger = new Browserless(suite.app.url, 'en');
    assert.equal((await stranger.get('/apply/applicant')).status, 401);
  });

  it('keeps every other answer when one field is refused outright (too long, sent twice)', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'overlong@inst.example.jp');
    const page = await person.get('/apply/applicant');
    // Over the form's cap of 20,000 characters: before, the whole form fell back to
    // empty answers, shown and saved over what was stored.
    const res = await person.submit(page.html, '/apply/applicant', { ...valid, jobTitle: 'x'.repeat(20_001) });
    assert.equal(res.status, 400);
    assert.match(res.html, /name="familyName" type="text" value="YAMADA"/);
    assert.match(res.html, /Choose your job title/);
    const row = await applicant('overlong@inst.example.jp');
    assert.equal(row.family_name, 'YAMADA');
    assert.equal(row.purpose, valid.purpose);
    assert.equal(row.job_title, null);
  });

  it('shows every problem in the person’s language, keeps and saves what was typed', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'errors@inst.example.jp');
    const page = await person.get('/apply/applicant');
    assert.equal(page.status, 200);
    assert.equal(h1Text(page.html), 'About you');
    const res = await person.submit(page.html, '/apply/applicant', {
      ...valid,
      familyName: '山田',
      givenName: '',
      nationality: 'XX',
      jobTitle: 'emperor',
      purpose: purposeJa(149),
      jgaId: 'bad id!',
    });
    assert.equal(res.status, 400);
    assert.match(res.html, /<title>Error: About you/);
    for (const message of [
      'Enter the name in Latin letters (A–Z), spaces, hyphens and apostrophes only',
      'Enter your given name',
      'Choose your nationality',
      'Choose your job title',
      'The purpose of use must be at least 150 characters; it has 149',
      'Enter the ID in letters, digits, hyphens and underscores, 64 characters or fewer',
    ]) {
      assert.ok(res.html.includes(message), message);
    }
    assert.match(res.html, /name="familyName" type="text" value="山田"/);
    // Saved although not valid yet: a closed tab loses nothing.
    const row = await applicant('errors@inst.example.jp');
    assert.equal(row.family_name, '山田');
    assert.equal(row.purpose, purposeJa(149));
    assert.deepEqual(row.steps_done, []);
    const ja = new Browserless(suite.app.url, 'ja');
    await openDraft(suite.app, ja, 'errors-ja@inst.example.jp');
    const jaPage = await ja.get('/apply/applicant');
    const jaRes = await ja.submit(jaPage.html, '/apply/applicant', { ...valid, purpose: purposeJa(149) });
    assert.match(jaRes.html, /利用目的は 150 文字以上で入力してください（現在 149 文字）/);
  });

  it('accepts 150 Japanese characters, marks the step done and shows the answers again', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'valid@inst.example.jp');
    const page = await person.get('/apply/applicant');
    const res = await person.submit(page.html, '/apply/applicant', { ...valid, familyName: "O'Neil-Smith" });
    assert.equal(res.status, 303);
    // On to the next step, as the steps are numbered (the task list is for coming back).
    assert.equal(res.location, '/apply/eligibility');
    const row = await applicant('valid@inst.example.jp');
    assert.equal(row.family_name, "O'Neil-Smith");
    assert.equal(row.nationality, 'JP');
    assert.deepEqual(row.steps_done, ['applicant']);
    const overview = await person.get('/apply/application');
    assert.match(overview.html, /href="\/apply\/applicant"[^>]*>About you<\/a>[\s\S]*?Completed/);
    // One button goes on with the first step not done.
    assert.match(overview.html, /<a href="\/apply\/eligibility" class="button">Continue your application<\/a>/);
    const again = await person.get('/apply/applicant');
    assert.match(again.html, /<option value="JP" selected>Japan<\/option>/);
    assert.match(again.html, /<option value="postdoc" selected>Postdoctoral researcher<\/option>/);
  });

  it('normalises input and refuses control characters', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'control@inst.example.jp');
    const page = await person.get('/apply/applicant');
    const res = await person.submit(page.html, '/apply/applicant', {
      ...valid,
      field: 'Genomics\u0007',
      givenName: '  Taro  ',
    });
    assert.equal(res.status, 400);
    assert.match(res.html, /Remove the invisible control characters from this answer/);
    const fixed = await person.submit(res.html, '/apply/applicant', { ...valid, givenName: '  Taro  ' });
    assert.equal(fixed.status, 303);
    assert.equal((await applicant('control@inst.example.jp')).given_name, 'Taro');
  });
});

describe('application steps during a closure', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
  });
  after(() => app.close());

  it('announce the closure on the e-mail step and on every question page', async () => {
    const person = new Browserless(app.url, 'en');
    await openDraft(app, person, 'closure@inst.example.jp');
    await addClosure(app.server.database.db, {
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3_600_000),
      reasonJa: '年末年始のため',
      reasonEn: 'Year-end holidays',
    });
    for (const path of [
      '/apply/email',
      '/apply/applicant',
      '/apply/eligibility',
      '/apply/account',
      '/apply/responsible',
    ]) {
      const page = await person.get(path);
      assert.match(page.html, /id="notice-closure"/, path);
      assert.match(page.html, /Year-end holidays/, path);
    }
  });
});
