// Staff administration as use cases, the same for the console (web/staff/people.tsx)
// and the command line (cli/staff.ts), and a staff member's own enrolment: each is
// one transaction with its audit entry.
// The actor is `staff:<id>` in the console and `cli` on the command line.
import type { Kysely, Transaction } from 'kysely';
import type { Argon2Params } from '../argon2.js';
import { hashPassword, hashRecoveryCode, newRecoveryCodes } from '../credentials.js';
import { appendAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import type { Staff } from '../db/schema-staff.js';
import {
  completeEnrolment,
  createStaff,
  insertEnrolment,
  resetStaffCredentials,
  setStaffDisabled,
  setStaffRole,
} from '../db/staff.js';
import { STAFF_ENROLMENT_LIFETIME_MS, type StaffRole } from '../domain/staff.js';
import { hashToken, newToken } from '../domain/tokens.js';

/** A new one-time enrolment link for `staffId` (replacing any earlier one), in `trx`; audited. */
async function enrolmentLink(trx: Transaction<Database>, actor: string, staffId: number, baseUrl: URL) {
  const token = newToken();
  await insertEnrolment(trx, {
    staffId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + STAFF_ENROLMENT_LIFETIME_MS),
  });
  await appendAudit(trx, { actor, action: 'staff.enrolment_link', subject: `staff:${staffId}` });
  return new URL(`/staff/enrol?token=${encodeURIComponent(token)}`, baseUrl).toString();
}

/** A staff account and its one-time enrolment link (72 h). The address must be free (checked before). */
export async function createStaffMember(
  db: Kysely<Database>,
  actor: string,
  input: { email: string; name: string; role: StaffRole },
  baseUrl: URL,
): Promise<{ staff: Staff; enrolmentUrl: string }> {
  return db.transaction().execute(async (trx) => {
    const staff = await createStaff(trx, input);
    await appendAudit(trx, {
      actor,
      action: 'staff.created',
      subject: `staff:${staff.id}`,
      details: { role: input.role },
    });
    return { staff, enrolmentUrl: await enrolmentLink(trx, actor, staff.id, baseUrl) };
  });
}

/** Password, authenticator and recovery codes to be set again: the old ones stop working. The new link. */
export async function resetStaffMember(
  db: Kysely<Database>,
  actor: string,
  staffId: number,
  baseUrl: URL,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await resetStaffCredentials(trx, staffId);
    await appendAudit(trx, { actor, action: 'staff.reset', subject: `staff:${staffId}` });
    return enrolmentLink(trx, actor, staffId, baseUrl);
  });
}

/** Stops (or lets again) a staff account from signing in; its sessions end at once when disabled. */
export async function setStaffMemberDisabled(
  db: Kysely<Database>,
  actor: string,
  staffId: number,
  disabled: boolean,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setStaffDisabled(trx, staffId, disabled);
    await appendAudit(trx, {
      actor,
      action: disabled ? 'staff.disabled' : 'staff.enabled',
      subject: `staff:${staffId}`,
    });
  });
}

/** A new role for a staff member. */
export async function changeStaffRole(
  db: Kysely<Database>,
  actor: string,
  staff: Staff,
  role: StaffRole,
): Promise<void> {
  if (role === staff.role) return;
  await db.transaction().execute(async (trx) => {
    await setStaffRole(trx, staff.id, role);
    await appendAudit(trx, {
      actor,
      action: 'staff.role_changed',
      subject: `staff:${staff.id}`,
      details: { before: staff.role, after: role },
    });
  });
}

/**
 * A staff member's enrolment completed from their one-time link: the password, the
 * authenticator (its secret and the step of the code they typed) and ten recovery
 * codes, returned once. Undefined when the link was used or expired meanwhile.
 */
export async function completeStaffEnrolment(
  db: Kysely<Database>,
  input: {
    staffId: number;
    tokenHash: string;
    password: string;
    totpSecret: string;
    totpStep: number;
    argon2: Argon2Params;
  },
): Promise<string[] | undefined> {
  const codes = newRecoveryCodes();
  const passwordHash = await hashPassword(input.password, input.argon2);
  const done = await db.transaction().execute(async (trx) => {
    const ok = await completeEnrolment(trx, {
      tokenHash: input.tokenHash,
      staffId: input.staffId,
      passwordHash,
      totpSecret: input.totpSecret,
      totpStep: input.totpStep,
      recoveryCodeHashes: codes.map(hashRecoveryCode),
    });
    if (ok)
      await appendAudit(trx, {
        actor: `staff:${input.staffId}`,
        action: 'staff.enrolled',
        subject: `staff:${input.staffId}`,
      });
    return ok;
  });
  return done ? codes : undefined;
}
