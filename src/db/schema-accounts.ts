// Tables of provisioning (migration 0014): accounts, the UID/GID numbers given out,
// registration certificates and their print batches, quotas.
import type { ColumnType, Generated } from 'kysely';
import type { AccountLockReason, AccountState, SshKeyState } from '../domain/account-state.js';
import type { Division } from '../domain/provisioning.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint columns come back as strings from pg: read them with Number(). */
type Bytes = ColumnType<string | number, number, number>;

export interface AccountTables {
  account: {
    id: Generated<number>;
    application_id: number;
    division: Division;
    uid: string;
    uid_number: number | null;
    group_name: string;
    gid_number: number | null;
    quota_bytes: ColumnType<string | number | null, number | null | undefined, number | null>;
    state: ColumnType<AccountState, AccountState | undefined, AccountState>;
    provisioned_at: MaybeTime;
    created_at: Timestamp;
    /** Why it is locked (migration 0015): what the locked page says. */
    locked_reason: AccountLockReason | null;
    locked_at: MaybeTime;
    /** The last fiscal year it is renewed for (migration 0018); null until provisioned. */
    valid_through: number | null;
    /** When its password was last changed after provisioning (migration 0033). */
    password_changed_at: MaybeTime;
  };
  /** Every move of an account through its state machine (migration 0025). */
  account_event: {
    id: Generated<number>;
    account_id: number;
    from_state: AccountState | null;
    to_state: AccountState;
    /** Why it was locked or ended, when it was. */
    reason: AccountLockReason | null;
    actor: string;
    at: Timestamp;
  };
  account_ssh_key: {
    id: Generated<number>;
    account_id: number;
    public_key: string;
    fingerprint: string;
    /** adding: not yet in the directory; active: in it; removing: to be taken out. */
    state: SshKeyState;
    added_at: Timestamp;
    applied_at: MaybeTime;
  };
  rate_limit_hit: {
    /** `<route>|<client address>`, or `*|<client address>` for the limit over all pages */
    key: string;
    hits: number;
    window_ends: Timestamp;
  };
  login_throttle: {
    /** account:<name>, pair:<name>|<ip> or ip:<ip> */
    key: string;
    failures: ColumnType<number, number | undefined, number>;
    last_failure_at: Timestamp;
    locked_until: MaybeTime;
    /** account keys: attempts being checked now (they count as failures for the delay) */
    pending: ColumnType<number, number | undefined, number>;
    /** account keys: when the next attempt may be checked */
    next_attempt_at: MaybeTime;
  };
  sign_in_address: {
    /** pair:<name>|<ip> of a sign-in that succeeded */
    key: string;
    last_success_at: Timestamp;
  };
  password_recovery: {
    id: Generated<number>;
    token_hash: string;
    account_id: number | null;
    account_name: string;
    challenge: string;
    created_at: Timestamp;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    verified_at: MaybeTime;
    key_fingerprint: string | null;
    used_at: MaybeTime;
  };
  posix_id: {
    division: string;
    kind: 'uid' | 'gid';
    number: number;
    name: string;
    source: 'allocated' | 'import' | 'found';
    created_at: Timestamp;
  };
  certificate_batch: {
    id: Generated<number>;
    created_by: number;
    created_at: Timestamp;
  };
  registration_certificate: {
    account_id: number;
    sealed_password: Uint8Array | null;
    ready_at: MaybeTime;
    batch_id: number | null;
    posted_at: MaybeTime;
    posted_by: number | null;
    created_at: Timestamp;
    /** The Reissue request this password was made for; null for the first certificate. */
    reissue_request_id: ColumnType<number | null, number | null | undefined, number | null>;
  };
  quota: {
    division: string;
    uid: string;
    bytes: Bytes;
    via: string;
    set_at: Timestamp;
  };
}
