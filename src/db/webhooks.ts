// Queries of webhooks: endpoints, and the deliveries of events to them. An event is
// queued in the transaction of the change it reports, in one statement: a delivery
// for each endpoint that takes its type, and a job for each delivery.
import { type Kysely, sql, type Transaction } from 'kysely';
import { WEBHOOK_ATTEMPTS, type WebhookEventType } from '../domain/webhooks.js';
import type { Database } from './schema.js';
import type { WebhookDelivery, WebhookEndpoint } from './schema-api.js';

type Db = Kysely<Database> | Transaction<Database>;

export const WEBHOOK_JOB = 'webhook.deliver';
/** A delivery's job is keyed `webhook:<delivery id>` (here, and in the statements below). */
const KEY_PREFIX = 'webhook:';
export const webhookJobKey = (deliveryId: number) => `${KEY_PREFIX}${deliveryId}`;

/**
 * Queues `type` with `data` for every enabled endpoint that takes it. The body is
 * fixed now (`{ type, timestamp, data }`), and so is each delivery's `webhook-id`.
 */
export async function queueWebhookEvent(
  db: Db,
  type: WebhookEventType,
  data: Record<string, unknown>,
  at = new Date(),
) {
  await queueWebhookEvents(db, [{ type, data }], at);
}

/** Several events in one statement (a batch of accounts locked). */
export async function queueWebhookEvents(
  db: Db,
  events: { type: WebhookEventType; data: Record<string, unknown> }[],
  at: Date = new Date(),
): Promise<void> {
  if (events.length === 0) return;
  const timestamp = at.toISOString();
  const list = JSON.stringify(
    events.map((e) => ({ type: e.type, payload: JSON.stringify({ type: e.type, timestamp, data: e.data }) })),
  );
  await sql`
    with event as (
      select x.value->>'type' as type, x.value->>'payload' as payload, x.n
      from jsonb_array_elements(${list}::jsonb) with ordinality as x(value, n)
    ), delivery as (
      insert into webhook_delivery (endpoint_id, message_id, event_type, payload)
      select e.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), event.type, event.payload
      from event join webhook_endpoint e on e.disabled_at is null and event.type = any(e.event_types)
      order by event.n, e.id
      returning id
    ), queued as (
      insert into job (kind, key, payload, max_attempts)
      select ${WEBHOOK_JOB}, ${KEY_PREFIX}::text || delivery.id, jsonb_build_object('deliveryId', delivery.id), ${WEBHOOK_ATTEMPTS}::integer
      from delivery
      returning id
    )
    insert into job_event (job_id, from_state, to_state)
    select id, null, 'queued' from queued
  `.execute(db);
}

export async function insertWebhookEndpoint(
  trx: Transaction<Database>,
  e: { url: string; description: string; eventTypes: WebhookEventType[]; secretSealed: Uint8Array; createdBy: string },
): Promise<WebhookEndpoint> {
  return trx
    .insertInto('webhook_endpoint')
    .values({
      url: e.url,
      description: e.description,
      event_types: e.eventTypes,
      secret_sealed: e.secretSealed,
      created_by: e.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  return db.selectFrom('webhook_endpoint').selectAll().orderBy('id').execute();
}

export async function getWebhookEndpoint(db: Db, id: number): Promise<WebhookEndpoint | undefined> {
  return db.selectFrom('webhook_endpoint').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A new secret; the old one keeps signing beside it until `previousUntil`. */
export async function rotateWebhookSecret(
  trx: Transaction<Database>,
  id: number,
  secretSealed: Uint8Array,
  previousUntil: Date,
): Promise<boolean> {
  const row = await trx
    .updateTable('webhook_endpoint')
    .set((eb) => ({
      previous_secret_sealed: eb.ref('secret_sealed'),
      previous_until: previousUntil,
      secret_sealed: secretSealed,
    }))
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setWebhookEndpointDisabled(trx: Transaction<Database>, id: number, disabled: boolean) {
  const row = await trx
    .updateTable('webhook_endpoint')
    .set({ disabled_at: disabled ? sql`coalesce(disabled_at, now())` : null })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A delivery with its endpoint, for its job. */
export async function deliveryWithEndpoint(db: Db, deliveryId: number) {
  const delivery = await db.selectFrom('webhook_delivery').selectAll().where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery) return undefined;
  const endpoint = await getWebhookEndpoint(db, delivery.endpoint_id);
  return endpoint ? { delivery, endpoint } : undefined;
}

/** What the last try got: the status (or none) and why it failed; delivered when it succeeded. */
export async function recordDeliveryTry(
  db: Db,
  id: number,
  result: { status: number | null; error: string | null; delivered: boolean },
) {
  await db
    .updateTable('webhook_delivery')
    .set({
      last_status: result.status,
      last_error: result.error,
      ...(result.delivered ? { delivered_at: sql`now()` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export type DeliveryListing = WebhookDelivery & {
  url: string;
  job_id: number | null;
  job_state: string | null;
  attempts: number | null;
  max_attempts: number | null;
  run_at: Date | null;
};

/** The latest deliveries, newest first, with their job's state and tries. */
export async function latestDeliveries(db: Db, limit = 50): Promise<DeliveryListing[]> {
  return db
    .selectFrom('webhook_delivery as d')
    .innerJoin('webhook_endpoint as e', 'e.id', 'd.endpoint_id')
    .leftJoin('job', (j) => j.on('job.key', '=', sql<string>`${KEY_PREFIX}::text || d.id`))
    .selectAll('d')
    .select(['e.url', 'job.id as job_id', 'job.state as job_state', 'job.attempts', 'job.max_attempts', 'job.run_at'])
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute() as Promise<DeliveryListing[]>;
}
