// Delivers one webhook event to one endpoint: a POST of the fixed JSON body, signed
// by the Standard Webhooks scheme (standardwebhooks: `webhook-id` stays the same on
// every try, `webhook-timestamp` is the try's, `webhook-signature` is v1 HMAC-SHA256
// with the endpoint's secret, and with the previous one too during a rotation). Any
// answer but a 2xx, a timeout or a refused connection fails the try: the job queue
// tries again with backoff, up to WEBHOOK_ATTEMPTS.
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { Database } from '../../db/schema.js';
import { deliveryWithEndpoint, recordDeliveryTry, WEBHOOK_JOB } from '../../db/webhooks.js';
import { WEBHOOK_TIMEOUT_MS } from '../../domain/webhooks.js';
import type { SecretBox } from '../../secret-box.js';
import type { JobHandler } from '../worker.js';

export interface WebhookDeps {
  db: Kysely<Database>;
  /** Opens the endpoints' sealed secrets. */
  secrets: SecretBox;
  /** Extra certificate authorities (PEM), besides the system's. */
  ca?: string | undefined;
  now?: () => Date;
}

/** POSTs `body` and resolves with the status, or rejects on a network error or the timeout. */
function post(url: string, headers: Record<string, string>, body: string, ca: string[] | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: WEBHOOK_TIMEOUT_MS,
        ...(ca ? { ca } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function webhookJobHandlers(deps: WebhookDeps): Record<string, JobHandler> {
  // The system's CAs, and the configured ones beside them (worked out once).
  const ca = deps.ca ? [...rootCertificates, deps.ca] : undefined;
  return {
    [WEBHOOK_JOB]: async (job) => {
      const { deliveryId } = job.payload as { deliveryId: number };
      const found = await deliveryWithEndpoint(deps.db, deliveryId);
      if (!found) return;
      const { delivery, endpoint } = found;
      if (endpoint.disabled_at || delivery.delivered_at) return;
      const now = deps.now?.() ?? new Date();
      const secrets = [deps.secrets.open(endpoint.secret_sealed)];
      if (endpoint.previous_secret_sealed && endpoint.previous_until && endpoint.previous_until > now)
        secrets.push(deps.secrets.open(endpoint.previous_secret_sealed));
      const signature = secrets
        .map((secret) => new Webhook(secret).sign(delivery.message_id, now, delivery.payload))
        .join(' ');
      const headers = {
        'webhook-id': delivery.message_id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
        'user-agent': 'sc-account-webhooks/1',
      };
      let status: number;
      try {
        status = await post(endpoint.url, headers, delivery.payload, ca);
      } catch (error) {
        const message = (error as Error).message.slice(0, 500);
        await recordDeliveryTry(deps.db, delivery.id, { status: null, error: message, delivered: false });
        throw new Error(`webhook ${delivery.message_id} to ${endpoint.url}: ${message}`);
      }
      const delivered = status >= 200 && status < 300;
      await recordDeliveryTry(deps.db, delivery.id, {
        status,
        error: delivered ? null : `answered ${status}`,
        delivered,
      });
      if (!delivered) throw new Error(`webhook ${delivery.message_id} to ${endpoint.url}: answered ${status}`);
    },
  };
}
