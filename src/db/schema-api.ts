// Tables of the REST API (migration 0026): tokens and the log of calls made with them.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { StaffAction } from '../domain/staff.js';
import type { WebhookEventType } from '../domain/webhooks.js';

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

export interface WebhookTables {
  webhook_endpoint: {
    id: Generated<number>;
    url: string;
    description: string;
    event_types: WebhookEventType[];
    secret_sealed: Uint8Array;
    /** The secret before the last rotation: it signs too until `previous_until`. */
    previous_secret_sealed: Uint8Array | null;
    previous_until: MaybeTime;
    created_by: string;
    created_at: Timestamp;
    disabled_at: MaybeTime;
  };
  webhook_delivery: {
    id: Generated<number>;
    endpoint_id: number;
    /** The `webhook-id` of every try: the receiver's key to ignore a repeat. */
    message_id: string;
    event_type: WebhookEventType;
    /** The JSON body, fixed when the event happened. */
    payload: string;
    created_at: Timestamp;
    last_status: number | null;
    last_error: string | null;
    delivered_at: MaybeTime;
  };
}

export type WebhookEndpoint = Selectable<WebhookTables['webhook_endpoint']>;
export type WebhookDelivery = Selectable<WebhookTables['webhook_delivery']>;

export type ApiToken = Selectable<ApiTables['api_token']>;
