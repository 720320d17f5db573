// Helpers for tests of the review: a submitted application, and its pledges sent by
// a reviewer and signed from the mailed links, over HTTP as people do it.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import { advanceApplication, getFullApplication } from '../../src/db/applications.js';
import type { DatabaseKind } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { seedApplications } from '../../src/db/seed.js';
import { recordApproval } from '../../src/services/decisions.js';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';
import { completeSteps, mailsTo, openDraft } from './apply.js';

// Where most tests found it first.
export { drainJobs } from './app.js';

import { Browserless } from './browserless.js';
import { createTestDatabase } from './postgres.js';
import { enrol, signIn } from './staff.js';

export interface Submitted {
  id: number;
  email: string;
  reference: string;
}

let n = 0;

/** A submitted application with the usual answers (and `overrides`); returns its id, address and reference. */
export async function submitApplication(
  app: TestApp,
  overrides: { account?: Record<string, string>; [step: string]: Record<string, string> | undefined } = {},
): Promise<Submitted & { accountName: string }> {
  const i = ++n;
  const email = `applicant${i}@univ.example.ac.jp`;
  const accountName = `review_${i}`;
  const person = new Browserless(app.url, 'en');
  await openDraft(app, person, email);
  await completeSteps(person, { ...overrides, account: { accountName, ...overrides.account } });
  const check = await person.get('/apply/check');
  assert.equal((await person.submit(check.html, '/apply/check', { terms: 'yes' })).status, 303);
  const row = await app.server.database.db
    .selectFrom('application')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return { id: row.id, email, reference: row.reference ?? '', accountName };
}

/** The version a staff form of `action` carries on the application page. */
export const versionOf = (html: string, action: string) =>
  html.match(new RegExp(`action="/staff/applications/\\d+/${action}"[\\s\\S]*?name="version" value="(\\d+)"`))?.[1] ??
  '';

/** The reviewer sends the pledges; returns the links mailed for the application's unsigned pledges. */
export async function sendPledges(app: TestApp, reviewer: Browserless, a: Submitted): Promise<string[]> {
  const db = app.server.database.db;
  const responsible = 'suzuki@nig.example.ac.jp';
  const before = [(await mailsTo(app, responsible, 0)).length, (await mailsTo(app, a.email, 0)).length];
  const page = await reviewer.get(`/staff/applications/${a.id}`);
  const version = versionOf(page.html, 'pledge');
  assert.equal((await reviewer.submit(page.html, `/staff/applications/${a.id}/pledge`, { version })).status, 303);
  const unsigned = await db
    .selectFrom('pledge')
    .select('id')
    .where('application_id', '=', a.id)
    .where('signed_at', 'is', null)
    .execute();
  for (const end = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 50))) {
    const mails = [
      ...(await mailsTo(app, responsible, 0)).slice(before[0]),
      ...(await mailsTo(app, a.email, 0)).slice(before[1]),
    ];
    const links = mails
      .filter((m) => m.subject?.includes(a.reference))
      .map((m) => m.text?.match(/\/pledge\?token=[\w-]+/)?.[0])
      .filter((l): l is string => Boolean(l));
    if (links.length >= unsigned.length || Date.now() > end) {
      assert.equal(links.length, unsigned.length, 'a link was mailed for each unsigned pledge');
      return links;
    }
  }
}

/** Signs the pledge a link opens, ticking every declaration; returns the answer. */
export async function signPledge(
  app: Pick<TestApp, 'url'>,
  link: string,
  name = 'Ichiro SUZUKI',
  lang: 'ja' | 'en' = 'en',
) {
  const signer = new Browserless(app.url, lang);
  const form = await signer.get(link);
  if (form.status !== 200) return form;
  const fields: Record<string, string> = { token: link.split('token=')[1] ?? '', name };
  for (let i = 0; i < 20; i++) fields[`d${i}`] = 'yes';
  return signer.submit(form.html, '/pledge', fields);
}

/** Sends the pledges and signs each from its mail: the responsible person's, and a non-resident applicant's own. */
export async function pledgeSigned(app: TestApp, reviewer: Browserless, a: Submitted): Promise<void> {
  for (const link of await sendPledges(app, reviewer, a)) {
    assert.equal((await signPledge(app, link)).status, 200);
  }
}

/** The approver approves (after the pledges and any screening); `fields` add to or replace what the form holds. */
export async function approve(approver: Browserless, a: Submitted, fields: Record<string, string> = {}) {
  const page = await approver.get(`/staff/applications/${a.id}`);
  return approver.submit(page.html, `/staff/applications/${a.id}/decision`, {
    version: versionOf(page.html, 'decision'),
    decision: 'approved',
    ...fields,
  });
}

/**
 * The approver rejects: the reject form (with `fields`: a `reason` or a `template`)
 * leads to the page that asks again, whose "Reject the application" decides.
 */
export async function reject(approver: Browserless, a: Submitted, fields: Record<string, string>) {
  const page = await approver.get(`/staff/applications/${a.id}`);
  const asked = await approver.submit(page.html, `/staff/applications/${a.id}/decision`, {
    version: versionOf(page.html, 'decision'),
    decision: 'rejected',
    ...fields,
  });
  assert.equal(asked.status, 200, 'a rejection is asked again');
  assert.match(asked.html, /name="confirm" value="yes"/);
  return approver.submit(asked.html, `/staff/applications/${a.id}/decision`, { confirm: 'yes' });
}

/**
 * `count` seeded applications with signed pledges, approved one by one as the
 * approval route does it (state, accounts and provisioning job in one transaction).
 */
export async function approveSeeded(db: Kysely<Database>, count: number, group: string): Promise<number[]> {
  await seedApplications({ db } as Parameters<typeof seedApplications>[0], count, {
    state: 'pledge_signed',
    noVacuum: true,
  });
  const ids = (await db.selectFrom('application').select('id').where('state', '=', 'pledge_signed').execute()).map(
    (r) => r.id,
  );
  for (const id of ids) {
    const full = await getFullApplication(db, id);
    if (!full) throw new Error(`no application ${id}`);
    await db.transaction().execute(async (trx) => {
      await advanceApplication(trx, id, 'approved', 'staff:test', null);
      await recordApproval(trx, full, group);
    });
  }
  return ids;
}

/**
 * A running app for a describe() block of review tests on a database kind, with a
 * signed-in reviewer and approver: started before, closed after.
 */
export function useReviewApp(kind: DatabaseKind, options: TestAppOptions = {}) {
  const suite = {} as { app: TestApp; reviewer: Browserless; approver: Browserless };
  before(async () => {
    const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000', ...options.env };
    if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
    suite.app = await startTestApp({ ...options, env });
    suite.reviewer = await signIn(suite.app, await enrol(suite.app, 'rev@centre.example.jp', 'reviewer'));
    suite.approver = await signIn(suite.app, await enrol(suite.app, 'appr@centre.example.jp', 'approver'));
  });
  after(() => suite.app.close());
  return suite;
}
