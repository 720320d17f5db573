// Webhooks: HTTPS endpoints that administrators register for event types; each event
// is delivered to each endpoint as a signed POST (the Standard Webhooks scheme:
// `webhook-id`, `webhook-timestamp`, `webhook-signature`, HMAC-SHA256 with a
// `whsec_` secret), through the job queue with retries. Pure: no I/O.
import { randomBytes } from 'node:crypto';

export const webhookEventTypes = [
  'application.submitted',
  'application.decided',
  'account.provisioned',
  'account.locked',
  'account.unlocked',
  'account.ended',
  'request.decided',
  'renewal.renewed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
export const isWebhookEventType = (v: unknown): v is WebhookEventType =>
  webhookEventTypes.includes(v as WebhookEventType);

/** Tries of one delivery (the queue backs off: 10 s, 20 s, … up to an hour; about 3 hours in all). */
export const WEBHOOK_ATTEMPTS = 12;
/** How long a receiver has to answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** After a rotation the old secret signs too (a second signature) for this long. */
export const WEBHOOK_ROTATION_GRACE_MS = 24 * 3600_000;

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes, base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export type WebhookUrlProblem = 'URL' | 'NOT_HTTPS';

/** An endpoint's address: https, no credentials or fragment, at most 2,000 characters. */
export function checkWebhookUrl(raw: string): { ok: true; url: string } | { ok: false; problem: WebhookUrlProblem } {
  const text = raw.trim();
  if (text.length === 0 || text.length > 2000) return { ok: false, problem: 'URL' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: 'NOT_HTTPS' };
  if (url.username || url.password || url.hash || !url.hostname) return { ok: false, problem: 'URL' };
  return { ok: true, url: url.toString() };
}
