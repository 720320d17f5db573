// Closures of the application system and services that take no applications, as use
// cases for the console's settings (web/staff/settings.tsx), the API
// (POST /api/v1/notices/…) and the CLI (`sc-account notices …`): each change checked
// the same way, made in one transaction with its audit entry.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import { addClosure, removeClosure, setServiceAcceptance } from '../db/notices.js';
import type { Database } from '../db/schema.js';
import { type ClosureWindow, formatCentreInput, type Service, services } from '../domain/notices.js';
import { checkText } from '../domain/text.js';
import { instant } from './schemas.js';

export const closureInput = z
  .object({
    startsAt: instant.describe('when applications close (inclusive)'),
    endsAt: instant.describe('when they open again (exclusive); after startsAt'),
    reasonJa: z.string().max(4000).describe('shown on the pages in Japanese (plain text, at most 500 characters)'),
    reasonEn: z.string().max(4000).describe('shown on the pages in English (plain text, at most 500 characters)'),
    loginsAllowed: z.boolean().default(true).describe('false: account holders cannot log in either'),
  })
  .strict()
  .meta({ id: 'Closure' });

export const serviceAcceptanceInput = z
  .object({
    accepting: z.boolean(),
    noticeJa: z
      .string()
      .max(4000)
      .default('')
      .describe('why not, in Japanese (needed to suspend; at most 1,000 characters)'),
    noticeEn: z
      .string()
      .max(4000)
      .default('')
      .describe('why not, in English (needed to suspend; at most 1,000 characters)'),
    url: z.string().max(2000).default('').describe('an announcement to link to (http or https)'),
  })
  .strict()
  .meta({ id: 'ServiceAcceptanceChange' });

export const serviceParams = z.object({ service: z.enum(services) });

/** A refused value: the field and why. */
export type NoticeField = 'startsAt' | 'endsAt' | 'reasonJa' | 'reasonEn' | 'noticeJa' | 'noticeEn' | 'url';
export type NoticeFieldProblem = 'invalid' | 'order';

export type NoticeOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; fields: Partial<Record<NoticeField, NoticeFieldProblem>> };

/** Closes the application system from `startsAt` until `endsAt`. */
export async function addClosureWindow(
  db: Kysely<Database>,
  actor: string,
  input: { startsAt: Date; endsAt: Date; reasonJa: string; reasonEn: string; loginsAllowed: boolean },
): Promise<NoticeOutcome<ClosureWindow>> {
  const fields: Partial<Record<NoticeField, NoticeFieldProblem>> = {};
  if (Number.isNaN(input.startsAt.getTime())) fields.startsAt = 'invalid';
  if (Number.isNaN(input.endsAt.getTime())) fields.endsAt = 'invalid';
  else if (!fields.startsAt && input.endsAt <= input.startsAt) fields.endsAt = 'order';
  const ja = checkText(input.reasonJa, { max: 500 });
  const en = checkText(input.reasonEn, { max: 500 });
  if (!ja.ok) fields.reasonJa = 'invalid';
  if (!en.ok) fields.reasonEn = 'invalid';
  if (Object.keys(fields).length || !ja.ok || !en.ok) return { ok: false, fields };
  const closure = await db.transaction().execute(async (trx) => {
    const made = await addClosure(trx, {
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reasonJa: ja.value,
      reasonEn: en.value,
      loginsAllowed: input.loginsAllowed,
    });
    await appendAudit(trx, {
      actor,
      action: 'settings.closure.added',
      subject: `closure:${made.id}`,
      details: {
        after: {
          from: formatCentreInput(made.startsAt),
          until: formatCentreInput(made.endsAt),
          loginsAllowed: made.loginsAllowed,
        },
      },
    });
    return made;
  });
  return { ok: true, value: closure };
}

/** Removes a closure; false when there is none with that id. */
export async function removeClosureWindow(db: Kysely<Database>, actor: string, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await removeClosure(trx, id))) return false;
    await appendAudit(trx, { actor, action: 'settings.closure.removed', subject: `closure:${id}` });
    return true;
  });
}

/** Takes applications for a service again, or stops them with the notice the pages show. */
export async function setServiceAccepting(
  db: Kysely<Database>,
  actor: string,
  service: Service,
  raw: z.input<typeof serviceAcceptanceInput>,
): Promise<NoticeOutcome<Service>> {
  const input = serviceAcceptanceInput.parse(raw);
  if (input.accepting) {
    await db.transaction().execute(async (trx) => {
      await setServiceAcceptance(trx, service, { accepting: true, since: new Date() });
      await appendAudit(trx, { actor, action: 'settings.service.resumed', subject: `service:${service}` });
    });
    return { ok: true, value: service };
  }
  const fields: Partial<Record<NoticeField, NoticeFieldProblem>> = {};
  const ja = checkText(input.noticeJa, { max: 1000, multiline: true });
  const en = checkText(input.noticeEn, { max: 1000, multiline: true });
  const url = input.url.trim();
  if (!ja.ok) fields.noticeJa = 'invalid';
  if (!en.ok) fields.noticeEn = 'invalid';
  if (url && !z.url({ protocol: /^https?$/ }).safeParse(url).success) fields.url = 'invalid';
  if (Object.keys(fields).length || !ja.ok || !en.ok) return { ok: false, fields };
  await db.transaction().execute(async (trx) => {
    await setServiceAcceptance(trx, service, {
      accepting: false,
      since: new Date(),
      noticeJa: ja.value,
      noticeEn: en.value,
      announcementUrl: url || null,
    });
    await appendAudit(trx, { actor, action: 'settings.service.suspended', subject: `service:${service}` });
  });
  return { ok: true, value: service };
}
