// Reading applications: the staff queue's list (filters, text search, keyset pages)
// and one application with its people and its history. The zod schemas here are the
// API's request and response schemas (and so its OpenAPI document).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { accountsOf } from '../db/accounts.js';
import { getFullApplication } from '../db/applications.js';
import { type QueueCursor, type QueueRow, queuePage } from '../db/queue.js';
import { timeline } from '../db/review.js';
import type { Database } from '../db/schema.js';
import { type ApplicationState, applicationStates } from '../domain/application-state.js';
import { dayRange } from '../domain/notices.js';
import { centreDay, instant } from './schemas.js';

const listedStates = applicationStates.filter((s) => s !== 'draft') as [ApplicationState, ...ApplicationState[]];

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const applicationListQuery = z
  .object({
    state: z.enum(listedStates).optional().describe('only applications in this state'),
    screening: flag.optional().describe('only those whose eligibility answers need export-control screening'),
    pg: flag.optional().describe('only those that also ask for the personal genome division'),
    from: centreDay.optional().describe('sent on or after this day (Asia/Tokyo)'),
    until: centreDay.optional().describe('sent on or before this day (Asia/Tokyo)'),
    assigned: z.enum(['me', 'nobody']).optional().describe('assigned to the token’s staff member, or to nobody'),
    q: z.string().max(200).optional().describe('words found by prefix in reference, address, account name, names'),
    sort: z.enum(['newest', 'oldest']).default('newest'),
    after: z.string().max(100).optional().describe('the `next` of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;

const person = z.object({
  familyName: z.string().nullable(),
  givenName: z.string().nullable(),
  nameJa: z.string().nullable(),
  institution: z.string().nullable(),
});

export const applicationSummary = z
  .object({
    id: z.number().int(),
    reference: z.string().nullable(),
    state: z.enum(applicationStates),
    submittedAt: instant.nullable(),
    email: z.string(),
    accountName: z.string().nullable(),
    needsScreening: z.boolean(),
    usePg: z.boolean(),
    assignedTo: z.number().int().nullable().describe('staff id'),
    applicant: person,
  })
  .meta({ id: 'ApplicationSummary' });
export type ApplicationSummary = z.infer<typeof applicationSummary>;

export const applicationList = z
  .object({
    items: z.array(applicationSummary),
    next: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
  })
  .meta({ id: 'ApplicationList' });

const fullPerson = person.extend({
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  country: z.string().nullable(),
  email: z.string().nullable(),
});

export const applicationDetail = applicationSummary
  .extend({
    version: z.number().int().describe('sent back with a decision, so that two staff members cannot both decide'),
    lang: z.string(),
    unixGroup: z.string().nullable(),
    applicant: fullPerson.extend({ nationality: z.string().nullable(), purpose: z.string().nullable() }),
    responsible: fullPerson.extend({ sameAsApplicant: z.boolean() }),
    accounts: z.array(
      z.object({
        uid: z.string(),
        division: z.enum(['ga', 'pg']),
        state: z.enum(['provisioning', 'active', 'locked', 'ended']),
      }),
    ),
    history: z.array(
      z.object({
        at: instant,
        from: z.enum(applicationStates).nullable(),
        to: z.enum(applicationStates),
        actor: z.string(),
        note: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ApplicationDetail' });
export type ApplicationDetail = z.infer<typeof applicationDetail>;

const encodeCursor = (c: QueueCursor) => Buffer.from(`${c.submittedAt.toISOString()}|${c.id}`).toString('base64url');
/** A cursor as sent back; undefined when it is not one of ours. */
export function decodeCursor(v: string | undefined): QueueCursor | undefined {
  if (!v) return undefined;
  const [iso, id] = Buffer.from(v, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  const n = Number(id);
  const year = at.getUTCFullYear();
  const fits = Number.isInteger(n) && n >= 0 && n <= 2_147_483_647 && year >= 1 && year <= 9999;
  return Number.isNaN(at.getTime()) || !fits ? undefined : { submittedAt: at, id: n };
}
export { encodeCursor };

const summaryOf = (r: QueueRow): ApplicationSummary => ({
  id: r.id,
  reference: r.reference,
  state: r.state,
  submittedAt: r.submitted_at?.toISOString() ?? null,
  email: r.email,
  accountName: r.account_name,
  needsScreening: r.needs_screening,
  usePg: r.use_pg,
  assignedTo: r.assigned_to,
  applicant: { familyName: r.family_name, givenName: r.given_name, nameJa: r.name_ja, institution: r.institution },
});

/** One page of the queue. `staffId` is whose "assigned to me" it is. Undefined `after` that is not a cursor: the first page. */
export async function listApplications(
  db: Kysely<Database>,
  staffId: number | null,
  query: ApplicationListQuery,
): Promise<z.infer<typeof applicationList>> {
  const page = await queuePage(
    db,
    {
      state: query.state,
      screening: query.screening,
      pg: query.pg,
      ...dayRange(query.from, query.until),
      assigned: query.assigned === 'me' && staffId === null ? undefined : query.assigned,
      q: query.q,
      oldestFirst: query.sort === 'oldest',
    },
    staffId ?? 0,
    decodeCursor(query.after),
    query.limit,
  );
  return { items: page.rows.map(summaryOf), next: page.next ? encodeCursor(page.next) : null };
}

/** One sent application with its people, accounts and history; undefined for drafts and unknown ids. */
export async function applicationDetailOf(db: Kysely<Database>, id: number): Promise<ApplicationDetail | undefined> {
  const full = await getFullApplication(db, id);
  if (!full || full.application.state === 'draft') return undefined;
  const { application: a, applicant: p, responsible: r } = full;
  const [accounts, events] = await Promise.all([accountsOf(db, id), timeline(db, id)]);
  const people = (x: typeof p | typeof r) => ({
    familyName: x.family_name,
    givenName: x.given_name,
    nameJa: x.name_ja,
    institution: x.institution,
    jobTitle: x.job_title,
    department: x.department,
    country: x.country,
  });
  return {
    id: a.id,
    reference: a.reference,
    state: a.state,
    submittedAt: a.submitted_at ? new Date(a.submitted_at).toISOString() : null,
    email: a.email,
    accountName: a.account_name,
    needsScreening: a.needs_screening,
    usePg: a.use_pg,
    assignedTo: a.assigned_to,
    version: a.version,
    lang: a.lang,
    unixGroup: a.unix_group,
    applicant: { ...people(p), email: a.email, nationality: p.nationality, purpose: p.purpose },
    responsible: { ...people(r), email: r.same_as_applicant ? a.email : r.email, sameAsApplicant: r.same_as_applicant },
    accounts: accounts.map((x) => ({ uid: x.uid, division: x.division, state: x.state })),
    history: events.flatMap((e) =>
      e.kind === 'move'
        ? [{ at: new Date(e.at).toISOString(), from: e.from, to: e.to, actor: e.actor, note: e.note }]
        : [],
    ),
  };
}
