// Webhook endpoints as use cases (the console's Webhooks page; administrators):
// register one (its secret shown once), rotate its secret, disable and enable it,
// and send a failed delivery again. Each is one transaction with its audit entry.
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.js';
import { jobByKey, retryFailedJob } from '../db/jobs.js';
import type { Database } from '../db/schema.js';
import {
  getWebhookEndpoint,
  insertWebhookEndpoint,
  latestDeliveries,
  listWebhookEndpoints,
  rotateWebhookSecret,
  setWebhookEndpointDisabled,
  webhookJobKey,
} from '../db/webhooks.js';
import {
  checkWebhookUrl,
  isWebhookEventType,
  newWebhookSecret,
  WEBHOOK_ROTATION_GRACE_MS,
  type WebhookEventType,
  type WebhookUrlProblem,
} from '../domain/webhooks.js';
import type { SecretBox } from '../secret-box.js';

export { latestDeliveries, listWebhookEndpoints };

export type NewEndpointProblem = WebhookUrlProblem | 'DESCRIPTION' | 'NO_EVENTS';

export async function createWebhookEndpoint(
  db: Kysely<Database>,
  secrets: SecretBox,
  actor: string,
  input: { url: string; description: string; eventTypes: string[] },
): Promise<{ ok: true; id: number; secret: string } | { ok: false; problem: NewEndpointProblem }> {
  const url = checkWebhookUrl(input.url);
  if (!url.ok) return { ok: false, problem: url.problem };
  const description = input.description.trim();
  if (description.length < 1 || description.length > 200) return { ok: false, problem: 'DESCRIPTION' };
  const eventTypes = [...new Set(input.eventTypes)].filter(isWebhookEventType).sort() as WebhookEventType[];
  if (eventTypes.length === 0 || eventTypes.length !== new Set(input.eventTypes).size)
    return { ok: false, problem: 'NO_EVENTS' };
  const secret = newWebhookSecret();
  const endpoint = await db.transaction().execute(async (trx) => {
    const row = await insertWebhookEndpoint(trx, {
      url: url.url,
      description,
      eventTypes,
      secretSealed: secrets.seal(secret),
      createdBy: actor,
    });
    await appendAudit(trx, {
      actor,
      action: 'webhook.created',
      subject: `webhook:${row.id}`,
      details: { url: row.url, eventTypes },
    });
    return row;
  });
  return { ok: true, id: endpoint.id, secret };
}

/** A new secret, shown once; the old one signs beside it for a day, so receivers can switch. */
export async function rotateWebhookEndpointSecret(
  db: Kysely<Database>,
  secrets: SecretBox,
  actor: string,
  id: number,
  now = new Date(),
): Promise<string | undefined> {
  const secret = newWebhookSecret();
  const done = await db.transaction().execute(async (trx) => {
    if (
      !(await rotateWebhookSecret(trx, id, secrets.seal(secret), new Date(now.getTime() + WEBHOOK_ROTATION_GRACE_MS)))
    )
      return false;
    await appendAudit(trx, { actor, action: 'webhook.secret_rotated', subject: `webhook:${id}` });
    return true;
  });
  return done ? secret : undefined;
}

export async function setWebhookEndpointEnabled(db: Kysely<Database>, actor: string, id: number, enabled: boolean) {
  return db.transaction().execute(async (trx) => {
    if (!(await setWebhookEndpointDisabled(trx, id, !enabled))) return false;
    await appendAudit(trx, {
      actor,
      action: enabled ? 'webhook.enabled' : 'webhook.disabled',
      subject: `webhook:${id}`,
    });
    return true;
  });
}

/** Sends a delivery whose tries are used up again (from its first try's delay). False when it has not failed. */
export async function retryWebhookDelivery(db: Kysely<Database>, actor: string, deliveryId: number) {
  const job = await jobByKey(db, webhookJobKey(deliveryId));
  if (job?.state !== 'failed') return false;
  await db.transaction().execute(async (trx) => {
    await retryFailedJob(trx, job.id);
    await appendAudit(trx, { actor, action: 'webhook.retried', subject: `webhook_delivery:${deliveryId}` });
  });
  return true;
}

export { getWebhookEndpoint };
