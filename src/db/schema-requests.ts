// Tables of account holders' requests (migration 0016).
import type { ColumnType, Generated } from 'kysely';
import type { RequestData, RequestKind, RequestState } from '../domain/account-request.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AccountRequestTables {
  account_request: {
    id: Generated<number>;
    application_id: number;
    account_id: number;
    kind: RequestKind;
    state: ColumnType<RequestState, RequestState | undefined, RequestState>;
    data: ColumnType<RequestData, string, string>;
    version: ColumnType<number, number | undefined, number>;
    question: string | null;
    answer: string | null;
    decision_reason: string | null;
    group_name: string | null;
    effective_at: MaybeTime;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  account_request_event: {
    id: Generated<number>;
    request_id: number;
    from_state: RequestState | null;
    to_state: RequestState;
    at: Timestamp;
    actor: string;
    note: string | null;
  };
}
