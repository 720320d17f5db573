// The staff's side of usage plans and billing over HTTP, without JavaScript: the queue
// of versions, a version beside what is in force, the decision (a choice and, to ask
// for changes or refuse, a message), the prices of a fiscal year with their checks,
// the catalogue, bundles, every group's charges and the download for accounting.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { fileUsagePlan, setLargeScale } from '../src/services/usage-plans.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import type { Browserless } from './helpers/browserless.js';
import { seedPlanGroup } from './helpers/plan-group.js';
import { enrol, signIn } from './helpers/staff.js';

const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();

describe('usage plans and billing in the console', () => {
  let app: TestApp;
  let reviewer: Browserless;
  let admin: Browserless;
  let versionId: number;
  const year = fiscalYearOf(new Date());
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
    reviewer = await signIn(app, await enrol(app, 'rev@centre.example.jp', 'reviewer'));
    admin = await signIn(app, await enrol(app, 'admin@centre.example.jp', 'admin'));
    const [person, user] = await seedPlanGroup(app.server.database, 'kimura-lab', 2, `${year}-04-01`);
    assert.ok(person && user);
    const deps = {
      db: app.server.database.db,
      outbox: app.server.app.deps.outbox,
      baseUrl: app.server.app.deps.config.baseUrl,
      pokeJobs: () => {},
    };
    await setLargeScale(deps, 'staff:1', 'kimura-lab', true);
    const filed = await fileUsagePlan(deps, person.id, 'kimura-lab', {
      purpose: 'Metagenome assemblies',
      from: `${year}-04-01`,
      to: `${year + 1}-03-31`,
      storage: [{ scope: 'user', subject: user.uid, kind: 'ga', tenths: 400 }],
    });
    assert.ok(filed.ok);
    versionId = filed.version.id;
  });
  after(() => app.close());

  it('administrators set prices, services and bundles; every check answers at its field', async () => {
    const page = await admin.get(`/staff/billing?year=${year}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /No prices are set for this fiscal year/);
    const bad = await admin.submit(page.html, '/staff/billing/prices', {
      fiscalYear: String(year),
      startsOn: `${year}-05-01`,
      gaFree: '30',
      ga: '40,000',
      pg: '-1',
      archive: 'ten thousand',
      taxPercent: '110',
    });
    assert.equal(bad.status, 400);
    assert.match(fieldError(bad.html, 'pg') ?? '', /in yen as a whole number of 0 or more/);
    assert.match(fieldError(bad.html, 'archive') ?? '', /in yen as a whole number/);
    assert.equal(fieldError(bad.html, 'taxPercent'), 'Enter the consumption tax as a whole number from 0 to 100');
    assert.ok(bad.html.includes('value="ten thousand"'), 'what was typed is kept');
    const notApril = await admin.submit(page.html, '/staff/billing/prices', {
      fiscalYear: String(year),
      startsOn: `${year}-05-01`,
      gaFree: '30',
      ga: '40000',
      pg: '60000',
      archive: '10000',
      taxPercent: '10',
    });
    assert.equal(notApril.status, 400);
    assert.equal(fieldError(notApril.html, 'startsOn'), 'The first prices of a fiscal year start on 1 April');
    const saved = await admin.submit(page.html, '/staff/billing/prices', {
      fiscalYear: String(year),
      startsOn: `${year}-04-01`,
      gaFree: '30',
      ga: '４０,０００',
      pg: '60000',
      archive: '10000',
      taxPercent: '10',
    });
    assert.equal(saved.status, 303);
    const priced = await admin.get(saved.location as string);
    assert.match(priced.html, /¥40,000/);

    const badService = await admin.submit(priced.html, '/staff/billing/catalogue', { code: 'Priority Node' });
    assert.equal(badService.status, 400);
    assert.match(fieldError(badService.html, 'code') ?? '', /lower-case letters/);
    assert.equal(fieldError(badService.html, 'nameJa'), 'Enter Name in Japanese');
    const service = await admin.submit(priced.html, '/staff/billing/catalogue', {
      code: 'priority_node',
      nameJa: '優先ノード',
      nameEn: 'Priority node',
      unitJa: '台',
      unitEn: 'node',
    });
    assert.equal(service.status, 303);

    const badBundle = await admin.submit(priced.html, '/staff/billing/bundles', {
      secondaryGroup: 'rice',
      members: 'kimura-lab nobody-lab',
    });
    assert.equal(badBundle.status, 400);
    assert.equal(fieldError(badBundle.html, 'members'), 'Enter groups that have accounts');

    // A reviewer reads the charges but sees no form to change prices.
    const read = await reviewer.get(`/staff/billing?year=${year}`);
    assert.equal(read.status, 200);
    assert.doesNotMatch(read.html, /action="\/staff\/billing\/prices"/);
    assert.equal((await reviewer.submit(priced.html, '/staff/billing/prices', {})).status, 403);
  });

  it('a version is decided from its page: a choice, a message to ask for changes, then approval', async () => {
    const queue = await reviewer.get('/staff/plans');
    assert.equal(queue.status, 200);
    assert.match(queue.html, new RegExp(`href="/staff/plans/versions/${versionId}"`));
    const page = await reviewer.get(`/staff/plans/versions/${versionId}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Usage plan of kimura-lab, version 1/);
    assert.match(page.html, /Metagenome assemblies/);
    assert.match(page.html, /1 TB<\/td><td class="table__cell--numeric">40 TB/);
    // A reviewer may look, an approver decides.
    assert.doesNotMatch(page.html, /Record the decision/);
    const approver = await signIn(app, await enrol(app, 'appr@centre.example.jp', 'approver'));
    const form = await approver.get(`/staff/plans/versions/${versionId}`);
    const action = `/staff/plans/versions/${versionId}/decision`;
    const none = await approver.submit(form.html, action, {});
    assert.equal(none.status, 400);
    assert.equal(fieldError(none.html, 'decision'), 'Choose a decision');
    const noMessage = await approver.submit(form.html, action, { decision: 'changes_requested' });
    assert.equal(noMessage.status, 400);
    assert.equal(fieldError(noMessage.html, 'message'), 'Enter a message to the sender');
    const approved = await approver.submit(form.html, action, { decision: 'approved' });
    assert.equal(approved.status, 303);
    const done = await approver.get(approved.location as string);
    assert.match(done.html, /The decision is recorded and the sender is mailed/);
    assert.doesNotMatch(done.html, /Record the decision/);
    // The form of before now answers that it changed.
    const stale = await approver.submit(form.html, action, { decision: 'rejected', message: 'no' });
    assert.equal(stale.status, 409);
  });

  it('every group’s charges for the year, one group’s statement, and the download for accounting', async () => {
    const page = await reviewer.get(`/staff/billing?year=${year}`);
    assert.match(page.html, new RegExp(`href="/staff/billing/statements/${year}/kimura-lab"`));
    const statement = await reviewer.get(`/staff/billing/statements/${year}/kimura-lab`);
    assert.equal(statement.status, 200);
    assert.match(statement.html, /GA high-speed storage/);
    assert.equal((await reviewer.get(`/staff/billing/statements/${year}/nobody-lab`)).status, 404);
    const pdf = await reviewer.download(`/staff/billing/statements/${year}/kimura-lab/statement.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    const csv = await reviewer.download(`/staff/billing/statements.csv?year=${year}`);
    assert.equal(csv.status, 200);
    assert.match(csv.type ?? '', /text\/csv/);
    assert.match(csv.body.toString('utf8'), /kimura-lab/);
  });
});
