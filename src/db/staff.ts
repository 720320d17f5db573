// Staff accounts: creation with an enrolment link, credentials (argon2id password
// hash, TOTP secret, hashed recovery codes), sign-in failures and locks.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { StaffRole } from '../domain/staff.js';
import type { Database } from './schema.js';
import type { Staff } from './schema-staff.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function findStaffByEmail(db: Db, email: string): Promise<Staff | undefined> {
  return db
    .selectFrom('staff')
    .selectAll()
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function getStaff(db: Db, id: number): Promise<Staff | undefined> {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listStaff(db: Db): Promise<Staff[]> {
  return db.selectFrom('staff').selectAll().orderBy('id').execute();
}

export async function createStaff(
  trx: Transaction<Database>,
  staff: { email: string; name: string; role: StaffRole },
): Promise<Staff> {
  return trx.insertInto('staff').values(staff).returningAll().executeTakeFirstOrThrow();
}

/** Ends every session of a staff member (signed in, or half way through the second step). */
export async function endStaffSessions(trx: Transaction<Database>, staffId: number): Promise<void> {
  await trx
    .deleteFrom('session')
    .where('audience', 'in', ['staff', 'staff-mfa'])
    .where('subject', '=', String(staffId))
    .execute();
}

/** A new role; the person signs in again (their privileges changed). */
export async function setStaffRole(trx: Transaction<Database>, staffId: number, role: StaffRole): Promise<void> {
  await trx.updateTable('staff').set({ role }).where('id', '=', staffId).execute();
  await endStaffSessions(trx, staffId);
}

/** Disabled: no sign-in, and the sessions end at once. Enabled: may sign in again. */
export async function setStaffDisabled(trx: Transaction<Database>, staffId: number, disabled: boolean): Promise<void> {
  await trx
    .updateTable('staff')
    .set({ disabled_at: disabled ? new Date() : null })
    .where('id', '=', staffId)
    .execute();
  if (disabled) await endStaffSessions(trx, staffId);
}

/** Password, authenticator and recovery codes gone, sessions ended: enrolment starts again. */
export async function resetStaffCredentials(trx: Transaction<Database>, staffId: number): Promise<void> {
  await trx
    .updateTable('staff')
    .set({ password_hash: null, totp_secret: null, totp_last_step: null, enrolled_at: null })
    .where('id', '=', staffId)
    .execute();
  await trx.deleteFrom('staff_recovery_code').where('staff_id', '=', staffId).execute();
  await endStaffSessions(trx, staffId);
}

/** A new enrolment link replaces any earlier one of the same person. */
export async function insertEnrolment(
  trx: Transaction<Database>,
  enrolment: { staffId: number; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await trx.deleteFrom('staff_enrolment').where('staff_id', '=', enrolment.staffId).execute();
  await trx
    .insertInto('staff_enrolment')
    .values({ token_hash: enrolment.tokenHash, staff_id: enrolment.staffId, expires_at: enrolment.expiresAt })
    .execute();
}

/** The staff member an unexpired enrolment link belongs to, without using it up. */
export async function peekEnrolment(db: Db, tokenHash: string, now: Date): Promise<Staff | undefined> {
  return db
    .selectFrom('staff_enrolment')
    .innerJoin('staff', 'staff.id', 'staff_enrolment.staff_id')
    .selectAll('staff')
    .where('staff_enrolment.token_hash', '=', tokenHash)
    .where('staff_enrolment.expires_at', '>', now)
    .where('staff.disabled_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Finishes enrolment: uses the link up (single use, atomically), stores the password
 * hash, the TOTP secret and the hashed recovery codes. False when the link was gone.
 */
export async function completeEnrolment(
  trx: Transaction<Database>,
  e: {
    tokenHash: string;
    staffId: number;
    passwordHash: string;
    totpSecret: string;
    totpStep: number;
    recoveryCodeHashes: string[];
  },
): Promise<boolean> {
  const used = await trx
    .deleteFrom('staff_enrolment')
    .where('token_hash', '=', e.tokenHash)
    .where('staff_id', '=', e.staffId)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('staff_id')
    .executeTakeFirst();
  if (!used) return false;
  await trx
    .updateTable('staff')
    .set({
      password_hash: e.passwordHash,
      totp_secret: e.totpSecret,
      totp_last_step: e.totpStep,
      enrolled_at: sql`now()`,
    })
    .where('id', '=', e.staffId)
    .execute();
  await trx.deleteFrom('staff_recovery_code').where('staff_id', '=', e.staffId).execute();
  await trx
    .insertInto('staff_recovery_code')
    .values(e.recoveryCodeHashes.map((code_hash) => ({ staff_id: e.staffId, code_hash })))
    .execute();
  return true;
}

/** A TOTP code used (to sign in, or to confirm an action): its time step cannot be used again. */
export async function useTotpStep(db: Db, staffId: number, step: number): Promise<void> {
  await db.updateTable('staff').set({ totp_last_step: step }).where('id', '=', staffId).execute();
}

export async function unusedRecoveryCodes(db: Db, staffId: number) {
  return db
    .selectFrom('staff_recovery_code')
    .select(['id', 'code_hash'])
    .where('staff_id', '=', staffId)
    .where('used_at', 'is', null)
    .execute();
}

/** Uses a recovery code up; false when it was used meanwhile. */
export async function useRecoveryCode(db: Db, id: number): Promise<boolean> {
  const row = await db
    .updateTable('staff_recovery_code')
    .set({ used_at: sql`now()` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
