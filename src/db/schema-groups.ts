// Tables of group and workshop accounts (migration 0030).
import type { ColumnType, Generated } from 'kysely';
import type { GroupChange, GroupKind, GroupState, ParticipantState } from '../domain/group-account.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Text = string | null;

export type ExtensionState = 'requested' | 'approved' | 'refused';

export interface GroupTables {
  group_account: {
    id: Generated<number>;
    title: string;
    kind: GroupKind;
    purpose: string;
    starts_on: string;
    ends_on: string;
    state: ColumnType<GroupState, GroupState | undefined, GroupState>;
    responsible_group: string;
    in_charge_account_id: number;
    lang: string;
    needs_screening: ColumnType<boolean, boolean | undefined, boolean>;
    screening_note: Text;
    pledge_signed_at: MaybeTime;
    pledge_signed_by: number | null;
    pledge_text: Text;
    unix_group: Text;
    handout: ColumnType<'post' | 'sheet', 'post' | 'sheet' | undefined, 'post' | 'sheet'>;
    decision_note: Text;
    extension_to: Text;
    extension_reason: Text;
    extension_state: ExtensionState | null;
    version: ColumnType<number, number | undefined, number>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  group_participant: {
    id: Generated<number>;
    group_id: number;
    family_name: string;
    given_name: string;
    email: string;
    email_key: string;
    institution: ColumnType<string, string | undefined, string>;
    free_mail_reason: ColumnType<string, string | undefined, string>;
    state: ColumnType<ParticipantState, ParticipantState | undefined, ParticipantState>;
    token_hash: Text;
    token_expires_at: MaybeTime;
    invited_at: Timestamp;
    reminders: ColumnType<number, number | undefined, number>;
    confirmed_at: MaybeTime;
    account_name: Text;
    ssh_public_key: Text;
    ssh_fingerprint: Text;
    terms_version: Text;
    lang: string;
    application_id: number | null;
    created_at: Timestamp;
  };
  group_event: {
    id: Generated<number>;
    group_id: number;
    participant_id: number | null;
    from_state: string | null;
    to_state: string;
    actor: string;
    /** What a person wrote (a decision's message, a refusal's reason). */
    note: Text;
    /** What changed besides a move, as a code (migration 0034). */
    change: ColumnType<GroupChange | null, GroupChange | null | undefined, GroupChange | null>;
    at: Timestamp;
  };
}
