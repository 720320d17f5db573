// Tables of provisioning (migration 0014): accounts, the UID/GID numbers given out,
// registration certificates and their print batches, quotas.
import type { ColumnType, Generated } from 'kysely';
import type { Division } from '../domain/provisioning.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint columns come back as strings from pg: read them with Number(). */
type Bytes = ColumnType<string | number, number, number>;

export type AccountState = 'provisioning' | 'active' | 'locked' | 'ended';

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
  };
  quota: {
    division: string;
    uid: string;
    bytes: Bytes;
    via: string;
    set_at: Timestamp;
  };
}
