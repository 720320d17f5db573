// Tables of the public account application (migrations 0003 and 0004).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ApplicationState } from '../domain/application-state.js';
import type { PledgeKind, PledgeSummary } from '../domain/pledge.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Text = string | null;

/** One answer that changed after a request for information. */
export interface AnswerChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface ApplicationTable {
  id: Generated<number>;
  reference: Text;
  state: ColumnType<ApplicationState, ApplicationState | undefined, ApplicationState>;
  email: string;
  email_special_reason: Text;
  lang: string;
  account_name: Text;
  ssh_public_key: Text;
  ssh_fingerprint: Text;
  use_pg: ColumnType<boolean, boolean | undefined, boolean>;
  fefta_resident: boolean | null;
  non_resident_reason: Text;
  meti_specific_category: boolean | null;
  career: Text;
  employment: Text;
  intended_period: Text;
  needs_screening: ColumnType<boolean, boolean | undefined, boolean>;
  terms_version: Text;
  criteria_version: Text;
  steps_done: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  submitted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Raised by every state change: a staff action names the version it saw. */
  version: ColumnType<number, number | undefined, number>;
  assigned_to: number | null;
  /** SHA-256 of the token in the applicant's withdrawal link. */
  withdraw_token_hash: Text;
  /** The UNIX group the approver confirmed (migration 0014). */
  unix_group: Text;
  /** The group or workshop the account was applied for through (migration 0030). */
  group_account_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The PG storage (tenths of a TB) an application asking for PG states its group needs (migration 0031). */
  pg_storage_tenths: ColumnType<number | null, number | null | undefined, number | null>;
  /** The applicant confirmed that the PG division is a paid service. */
  pg_paid_confirmed: ColumnType<boolean, boolean | undefined, boolean>;
  /** The staff queue's text search (see migration 0007); written with SQL only. */
  search: ColumnType<string | null, never, never>;
}

export interface ApplicationEventTable {
  id: Generated<number>;
  application_id: number;
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  at: Timestamp;
  /** 'applicant', 'system' or a staff member's id. */
  actor: string;
  note: Text;
}

interface PersonColumns {
  application_id: number;
  family_name: Text;
  given_name: Text;
  name_ja: Text;
  job_title: Text;
  institution: Text;
  department: Text;
  country: Text;
  postal_code: Text;
  address: Text;
  phone: Text;
  phone_extension: Text;
}

export interface ApplicantTable extends PersonColumns {
  nationality: Text;
  field: Text;
  purpose: Text;
  jga_id: Text;
  agd_id: Text;
}

export interface ResponsiblePersonTable extends PersonColumns {
  same_as_applicant: ColumnType<boolean, boolean | undefined, boolean>;
  email: Text;
  account_name: Text;
  group_name: Text;
  account_unknown: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface EmailLinkTable {
  id: Generated<number>;
  /** SHA-256 of the token in the mailed link. */
  token_hash: string;
  application_id: number;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ApplicationTables {
  application: ApplicationTable;
  application_event: ApplicationEventTable;
  applicant: ApplicantTable;
  responsible_person: ResponsiblePersonTable;
  email_link: EmailLinkTable;
  free_mail_domain: { domain: string; added_at: Timestamp };
  reserved_account_name: { name: string; added_at: Timestamp };
  application_reference_counter: { fiscal_year: number; last_serial: number };
  pledge_text: {
    id: Generated<number>;
    kind: PledgeKind;
    version: string;
    title_ja: string;
    title_en: string;
    declarations: ColumnType<{ ja: string; en: string }[], string, string>;
    created_at: Timestamp;
  };
  pledge: {
    id: Generated<number>;
    application_id: number;
    kind: PledgeKind;
    email: string;
    token_hash: string;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    sent_at: Timestamp;
    signed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    text_id: number | null;
    text_sha256: string | null;
    signer_name: string | null;
    signer_ip: string | null;
    signer_user_agent: string | null;
    /** The application's summary as the signer saw it. */
    shown: ColumnType<PledgeSummary | null, string | null | undefined, string | null>;
    /** A new responsible person's pledge for a Manager Modification (migration 0016). */
    request_id: ColumnType<number | null, number | null | undefined, number | null>;
  };
  pledge_document: {
    pledge_id: number;
    pdf: Uint8Array;
    sha256: string;
    created_at: Timestamp;
  };
  screening: {
    id: Generated<number>;
    application_id: number;
    staff_id: number;
    cleared: boolean;
    checklist: ColumnType<string[], string, string>;
    reason: string;
    at: Timestamp;
  };
  information_request: {
    id: Generated<number>;
    application_id: number;
    staff_id: number;
    message: string;
    steps: ColumnType<string[], string[], string[]>;
    token_hash: string;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    created_at: Timestamp;
    before: ColumnType<Record<string, string | null>, string, string>;
    answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    changes: ColumnType<AnswerChange[] | null, string | null | undefined, string | null>;
  };
  application_comment: {
    id: Generated<number>;
    application_id: number;
    staff_id: number;
    body: string;
    at: Timestamp;
  };
}

export type Application = Selectable<ApplicationTable>;
