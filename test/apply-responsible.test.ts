import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDraft, useApplyApp } from './helpers/apply.js';
import { Browserless, h1Text } from './helpers/browserless.js';

const about = (jobTitle: string) => ({
  familyName: 'SATO',
  givenName: 'Hanako',
  nationality: 'JP',
  field: 'Genomics',
  jobTitle,
  purpose: 'ゲ'.repeat(150),
});

const other = {
  familyName: 'SUZUKI',
  givenName: 'Ichiro',
  jobTitle: 'professor',
  institution: 'University of Example',
  email: 'suzuki@univ.example.ac.jp',
  address: '1-1 Example, Tokyo',
  phone: '03-1234-5678',
  accountName: '',
  groupName: '',
  unknown: 'yes',
};

describe('application step 5: the responsible person', () => {
  const suite = useApplyApp();
  const responsible = (email: string) =>
    suite.app.server.database.db
      .selectFrom('responsible_person')
      .innerJoin('application', 'application.id', 'responsible_person.application_id')
      .selectAll('responsible_person')
      .select('application.steps_done')
      .where('application.email', '=', email)
      .executeTakeFirstOrThrow();

  it('lets a faculty applicant be their own responsible person, copying their answers', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'prof@univ.example.ac.jp');
    const step1 = await person.get('/apply/applicant');
    assert.equal((await person.submit(step1.html, '/apply/applicant', about('professor'))).status, 303);
    const page = await person.get('/apply/responsible');
    assert.equal(h1Text(page.html), 'Responsible person');
    const res = await person.submit(page.html, '/apply/responsible', { self: 'yes' });
    assert.equal(res.status, 303);
    const row = await responsible('prof@univ.example.ac.jp');
    assert.equal(row.same_as_applicant, true);
    assert.equal(row.family_name, 'SATO');
    assert.equal(row.email, 'prof@univ.example.ac.jp');
    assert.ok(row.steps_done.includes('responsible'));
  });

  it('refuses a student as their own responsible person', async () => {
    const person = new Browserless(suite.app.url, 'ja');
    await openDraft(suite.app, person, 'student@univ.example.ac.jp');
    const step1 = await person.get('/apply/applicant');
    await person.submit(step1.html, '/apply/applicant', about('doctoral_student'));
    const page = await person.get('/apply/responsible');
    const res = await person.submit(page.html, '/apply/responsible', { self: 'yes' });
    assert.equal(res.status, 400);
    assert.match(res.html, /自分が責任者になれるのは教員・研究者の方のみです/);
  });

  it('takes another responsible person with an institutional address and a faculty title', async () => {
    const person = new Browserless(suite.app.url, 'en');
    await openDraft(suite.app, person, 'postdoc@univ.example.ac.jp');
    const page = await person.get('/apply/responsible');
    const bad = await person.submit(page.html, '/apply/responsible', {
      ...other,
      jobTitle: 'postdoc',
      email: 'suzuki@gmail.com',
      phone: '1',
      groupName: 'Bad Group',
    });
    assert.equal(bad.status, 400);
    for (const message of [
      'Choose the responsible person’s job title: it must be a faculty position',
      'Enter the responsible person’s e-mail address at their institution (not a free mail service)',
      'Enter the responsible person’s telephone number, like 055-981-6800',
      'Enter a group name of lower-case letters, digits, _ and -, 32 characters or fewer',
    ]) {
      assert.ok(bad.html.includes(message), message);
    }
    const ok = await person.submit(page.html, '/apply/responsible', other);
    assert.equal(ok.status, 303);
    const row = await responsible('postdoc@univ.example.ac.jp');
    assert.equal(row.same_as_applicant, false);
    assert.equal(row.email, 'suzuki@univ.example.ac.jp');
    assert.equal(row.phone, '+81312345678');
    assert.equal(row.account_unknown, true);
    const again = await person.get('/apply/responsible');
    assert.match(again.html, /name="familyName" type="text" value="SUZUKI"/);
  });
});
