// Tables of the REST API (migration 0026): tokens and the log of calls made with them.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { StaffAction } from '../domain/staff.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ApiTables {
  api_token: {
    id: Generated<number>;
    /** What it is for, as its maker named it. */
    name: string;
    /** The staff member it acts for, or null for a service account. */
    staff_id: number | null;
    service_account: string | null;
    scopes: StaffAction[];
    /** SHA-256 of the token, hex. */
    token_hash: string;
    created_by: string;
    created_at: Timestamp;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    last_used_at: MaybeTime;
    revoked_at: MaybeTime;
    revoked_by: string | null;
  };
  api_call: {
    id: ColumnType<string, never, never>;
    token_id: number;
    at: ColumnType<Date, Date | string, never>;
    method: string;
    /** The route's pattern (`/api/v1/applications/:id`), not the URL with its values. */
    route: string;
    status: number;
    request_id: string;
    ip: string;
  };
}

export type ApiToken = Selectable<ApiTables['api_token']>;
