// Tables of staff accounts and the audit log (migration 0005).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { StaffRole } from '../domain/staff.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface StaffTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: StaffRole;
  /** argon2id PHC string; null until enrolment. */
  password_hash: string | null;
  /** Base32 TOTP secret; null until enrolment. */
  totp_secret: string | null;
  totp_last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  enrolled_at: MaybeTime;
  disabled_at: MaybeTime;
  created_at: Timestamp;
}

export interface StaffTables {
  staff: StaffTable;
  staff_enrolment: { token_hash: string; staff_id: number; expires_at: ColumnType<Date, Date | string, Date | string> };
  staff_recovery_code: { id: Generated<number>; staff_id: number; code_hash: string; used_at: MaybeTime };
  audit_log: {
    id: ColumnType<string, never, never>;
    at: ColumnType<Date, Date | string, never>;
    actor: string;
    action: string;
    subject: string | null;
    details: ColumnType<Record<string, unknown>, string, never>;
    previous_hash: string;
    hash: string;
  };
}

export type Staff = Selectable<StaffTable>;
