// Reading the records staff and the centre's tools look at besides applications: the
// audit log (filtered, keyset pages, and the check of its hash chain), the staff
// accounts, and the notices (closures of the application system, services that take
// no applications), and where holders stand for a fiscal year's renewal. The zod
// schemas here are the API's.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { auditPage, verifyAudit } from '../db/audit.js';
import { listClosures, listServiceAcceptance } from '../db/notices.js';
import { renewalOverview } from '../db/renewal.js';
import type { Database } from '../db/schema.js';
import { listStaff } from '../db/staff.js';
import { dayRange, services } from '../domain/notices.js';
import { type RenewalStanding, renewalStandings } from '../domain/renewal.js';
import { staffRoles } from '../domain/staff.js';
import { centreDay, instant } from './schemas.js';

export const auditQuery = z
  .object({
    action: z.string().max(100).optional().describe('entries whose action starts with this, e.g. `staff.`'),
    actor: z.string().max(100).optional().describe('e.g. `staff:3`, `token:7`, `cli`, `system`'),
    subject: z.string().max(200).optional().describe('e.g. `application:12`'),
    from: centreDay.optional(),
    until: centreDay.optional(),
    before: z
      .string()
      .regex(/^\d{1,18}$/)
      .optional()
      .describe('the `next` of the previous page'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const auditEntries = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        at: instant,
        actor: z.string(),
        action: z.string(),
        subject: z.string().nullable(),
        details: z.record(z.string(), z.unknown()),
        hash: z.string(),
      }),
    ),
    next: z.string().nullable(),
  })
  .meta({ id: 'AuditEntries' });

export const auditVerification = z
  .object({
    whole: z.boolean(),
    entries: z.number().int(),
    brokenAt: z.string().nullable().describe('the first entry whose hash does not follow from those before'),
  })
  .meta({ id: 'AuditVerification' });

export async function readAudit(
  db: Kysely<Database>,
  q: z.infer<typeof auditQuery>,
): Promise<z.infer<typeof auditEntries>> {
  const page = await auditPage(
    db,
    { action: q.action, actor: q.actor, subject: q.subject, ...dayRange(q.from, q.until) },
    q.before,
    q.limit,
  );
  return {
    items: page.rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: r.details,
      hash: r.hash,
    })),
    next: page.next ? String(page.next) : null,
  };
}

export async function checkAudit(db: Kysely<Database>): Promise<z.infer<typeof auditVerification>> {
  const result = await verifyAudit(db);
  return { whole: result.brokenAt === undefined, entries: result.entries, brokenAt: result.brokenAt ?? null };
}

export const staffList = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        email: z.string(),
        name: z.string(),
        role: z.enum(staffRoles),
        state: z.enum(['active', 'enrolment pending', 'disabled']),
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'StaffList' });

export async function readStaff(db: Kysely<Database>): Promise<z.infer<typeof staffList>> {
  return {
    items: (await listStaff(db)).map((s) => ({
      id: s.id,
      email: s.email,
      name: s.name,
      role: s.role,
      state: s.disabled_at ? 'disabled' : s.enrolled_at ? 'active' : 'enrolment pending',
      createdAt: new Date(s.created_at).toISOString(),
    })),
  };
}

export const noticeList = z
  .object({
    closures: z.array(
      z.object({
        id: z.number().int(),
        startsAt: instant,
        endsAt: instant,
        reasonJa: z.string(),
        reasonEn: z.string(),
        loginsAllowed: z.boolean(),
      }),
    ),
    services: z.array(
      z.object({
        service: z.enum(services),
        accepting: z.boolean(),
        noticeJa: z.string().nullable(),
        noticeEn: z.string().nullable(),
        announcementUrl: z.string().nullable(),
        since: instant.nullable(),
      }),
    ),
  })
  .meta({ id: 'Notices' });

/** Closures not yet over and every service's acceptance. */
export async function readNotices(db: Kysely<Database>, now = new Date()): Promise<z.infer<typeof noticeList>> {
  const [closures, acceptance] = await Promise.all([listClosures(db, now), listServiceAcceptance(db)]);
  return {
    closures: closures.map((c) => ({
      ...c,
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
    })),
    services: acceptance.map((s) => ({ ...s, since: s.since?.toISOString() ?? null })),
  };
}

export const renewalParams = z.object({
  year: z.coerce.number().int().min(2000).max(2999).describe('the fiscal year (April to March), e.g. 2027'),
});

export const renewalStatus = z
  .object({
    fiscalYear: z.number().int(),
    counts: z.record(z.enum(renewalStandings), z.number().int()),
    holders: z.array(
      z.object({
        uid: z.string(),
        applicationId: z.number().int(),
        standing: z.enum(renewalStandings),
        validThrough: z.number().int().nullable(),
        institution: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'RenewalStatus' });

/** Where every holder (by their GA account) stands for the renewal of `fy`, with the counts. */
export async function readRenewalStatus(db: Kysely<Database>, fy: number): Promise<z.infer<typeof renewalStatus>> {
  const rows = await renewalOverview(db, fy);
  const counts = Object.fromEntries(renewalStandings.map((s) => [s, 0])) as Record<RenewalStanding, number>;
  for (const r of rows) counts[r.standing]++;
  return {
    fiscalYear: fy,
    counts,
    holders: rows.map((r) => ({
      uid: r.uid,
      applicationId: r.application_id,
      standing: r.standing,
      validThrough: r.valid_through,
      institution: r.institution,
    })),
  };
}
