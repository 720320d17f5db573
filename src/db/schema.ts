// Typed table interfaces for Kysely. Each table's columns as the database has them;
// migrations in ./migrations create exactly these.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { JobState } from '../domain/job-state.js';
import type { Service } from '../domain/notices.js';
import type { AccountTables } from './schema-accounts.js';
import type { ApiTables, WebhookTables } from './schema-api.js';
import type { ApplicationTables } from './schema-applications.js';
import type { DirectoryTables } from './schema-directory.js';
import type { GroupTables } from './schema-groups.js';
import type { PlanTables } from './schema-plans.js';
import type { RenewalTables } from './schema-renewal.js';
import type { AccountRequestTables } from './schema-requests.js';
import type { SettingTables } from './schema-settings.js';
import type { StaffTables } from './schema-staff.js';

/** A timestamptz: read as Date, written as Date or ISO string, defaulted on insert. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb column: read as parsed JSON, written as JSON text (see `json()` in ./json.ts). */
type Json<T> = ColumnType<T, string, string>;

export interface SessionTable {
  /** SHA-256 of the session token, hex. The token itself is never stored. */
  id: string;
  /** Who the session is for: 'anonymous', 'user' or 'staff'. */
  audience: string;
  /** The account name or staff id once signed in. */
  subject: string | null;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** Absolute expiry; the idle expiry is last_seen_at + the idle timeout. */
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** Idempotency key: enqueuing a second job with the same key does nothing. */
  key: string | null;
  payload: Json<Record<string, unknown>>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  run_at: Timestamp;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobEventTable {
  id: Generated<number>;
  job_id: number;
  from_state: JobState | null;
  to_state: JobState;
  at: Timestamp;
  note: string | null;
}

/** A period when the application system takes no applications (times are instants; shown in Asia/Tokyo). */
export interface ClosureWindowTable {
  id: Generated<number>;
  /** In force from here (inclusive)… */
  starts_at: ColumnType<Date, Date | string, Date | string>;
  /** …until here (exclusive). */
  ends_at: ColumnType<Date, Date | string, Date | string>;
  reason_ja: string;
  reason_en: string;
  /** Existing users keep logging in during the closure unless this is false. */
  logins_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

/** Whether a division or service takes new applications, with the notice shown when it does not. */
export interface ServiceAcceptanceTable {
  service: Service;
  accepting: boolean;
  notice_ja: string | null;
  notice_en: string | null;
  announcement_url: string | null;
  since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  updated_at: Timestamp;
}

/** A running instance of the server (src/db/instances.ts). */
export interface InstanceTable {
  /** Random, made at each start. */
  id: string;
  host: string;
  port: number;
  version: string;
  worker: boolean;
  /** HMAC of a fixed text under SESSION_SECRET: equal secrets, equal fingerprints; it tells nothing of the secret. */
  secret_fingerprint: string;
  started_at: Timestamp;
  seen_at: Timestamp;
}

export interface Database
  extends ApplicationTables,
    StaffTables,
    SettingTables,
    DirectoryTables,
    AccountTables,
    AccountRequestTables,
    RenewalTables,
    ApiTables,
    WebhookTables,
    PlanTables,
    GroupTables {
  session: SessionTable;
  job: JobTable;
  job_event: JobEventTable;
  closure_window: ClosureWindowTable;
  service_acceptance: ServiceAcceptanceTable;
  instance: InstanceTable;
}

export type Session = Selectable<SessionTable>;
export type Job = Selectable<JobTable>;
export type NewJob = Insertable<JobTable>;
export type JobEvent = Selectable<JobEventTable>;
