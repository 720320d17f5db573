// Helpers for tests of the staff console: a staff account with a known enrolment
// link, enrolment through the pages, and a browser-less client signed in.
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { generate } from 'otplib';
import { appendAudit } from '../../src/db/audit.js';
import type { Database } from '../../src/db/schema.js';
import { createStaff, insertEnrolment } from '../../src/db/staff.js';
import type { StaffRole } from '../../src/domain/staff.js';
import { hashToken, newToken } from '../../src/domain/tokens.js';
import { Browserless } from './browserless.js';

export const STAFF_PASSWORD = 'correct horse battery staple';

/** Where staff sign in: a test app, or any server on a database the test can reach (e.g. behind a proxy). */
export interface Site {
  url: string;
  server: { database: { db: Kysely<Database> } };
}

/** Makes a staff account and its enrolment link (as `sc-account staff create` does); returns the token. */
export async function addStaff(app: Site, email: string, role: StaffRole): Promise<{ id: number; token: string }> {
  const token = newToken();
  const id = await app.server.database.db.transaction().execute(async (trx) => {
    const staff = await createStaff(trx, { email, name: email.split('@')[0] ?? email, role });
    await insertEnrolment(trx, {
      staffId: staff.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + 3600_000),
    });
    await appendAudit(trx, { actor: 'test', action: 'staff.created', subject: `staff:${staff.id}` });
    return staff.id;
  });
  return { id, token };
}

/** The TOTP key the enrolment page shows (grouped by four for reading). */
export const secretOnPage = (html: string) =>
  html.match(/id="totp-secret"[^>]*>([^<]+)</)?.[1]?.replace(/\s+/g, '') ?? '';

/** A code of the time step `stepsAhead` steps from now (within the accepted drift of one step). */
export const totpCode = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

export interface EnrolledStaff {
  email: string;
  secret: string;
  recoveryCodes: string[];
}

/** Goes through the enrolment page with STAFF_PASSWORD; returns the key and the recovery codes shown. */
export async function enrol(app: Site, email: string, role: StaffRole): Promise<EnrolledStaff> {
  const { token } = await addStaff(app, email, role);
  const person = new Browserless(app.url, 'en');
  const page = await person.get(`/staff/enrol?token=${token}`);
  assert.equal(page.status, 200);
  const secret = secretOnPage(page.html);
  const done = await person.submit(page.html, '/staff/enrol', {
    token,
    password: STAFF_PASSWORD,
    password2: STAFF_PASSWORD,
    code: await totpCode(secret),
  });
  assert.equal(done.status, 200, done.html.match(/error-message[^>]*>([^<]*)/)?.[1]);
  const recoveryCodes = [...done.html.matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((m) => m[1] ?? '');
  return { email, secret, recoveryCodes };
}

/** Signs in with the password and the next unused recovery code; returns the client. */
export async function signIn(app: Site, staff: EnrolledStaff, lang: 'ja' | 'en' = 'en'): Promise<Browserless> {
  const person = new Browserless(app.url, lang);
  const login = await person.get('/staff');
  const first = await person.submit(login.html, '/staff', { email: staff.email, password: STAFF_PASSWORD });
  assert.equal(first.location, '/staff/verify');
  const verify = await person.get('/staff/verify');
  const code = staff.recoveryCodes.shift();
  assert.ok(code, 'a recovery code is left');
  const second = await person.submit(verify.html, '/staff/verify', { code });
  assert.equal(second.location, '/staff/applications');
  return person;
}
