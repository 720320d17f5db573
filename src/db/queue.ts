// The staff queue: applications sent (not drafts) with filters, a text search,
// counts per state, and keyset pages (newest or oldest first), on PGlite and PostgreSQL alike.
import { type Kysely, sql } from 'kysely';
import type { ApplicationState } from '../domain/application-state.js';
import type { Database } from './schema.js';

export interface QueueFilter {
  state?: ApplicationState | undefined;
  /** Only applications whose eligibility answers need screening. */
  screening?: boolean | undefined;
  /** Only applications that also ask for the personal genome division. */
  pg?: boolean | undefined;
  /** Sent on or after / before these instants. */
  from?: Date | undefined;
  until?: Date | undefined;
  /** `me`: assigned to `staffId`; `nobody`: not assigned. */
  assigned?: 'me' | 'nobody' | undefined;
  /** Words to find in reference, e-mail address, account name, names, institution (each by prefix). */
  q?: string | undefined;
  /** Newest first (the default) or oldest first: the order staff work through a backlog. */
  oldestFirst?: boolean | undefined;
}

/** Where a page ends: the next page starts after it. */
export interface QueueCursor {
  submittedAt: Date;
  id: number;
}

export interface QueueRow {
  id: number;
  reference: string | null;
  state: ApplicationState;
  submitted_at: Date | null;
  email: string;
  account_name: string | null;
  needs_screening: boolean;
  use_pg: boolean;
  assigned_to: number | null;
  family_name: string | null;
  given_name: string | null;
  name_ja: string | null;
  institution: string | null;
}

/** The words of a search as a prefix tsquery (`yamada:* & nig:*`), or undefined when none is left. */
export function searchQuery(q: string): string | undefined {
  const words = q
    .normalize('NFKC')
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}@._-]/gu, '').replace(/^[-.]+|[-.]+$/g, ''))
    .filter((w) => w.length > 0)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : undefined;
}

function filtered(db: Kysely<Database>, filter: QueueFilter, staffId: number) {
  let query = db
    .selectFrom('application')
    .innerJoin('applicant', 'applicant.application_id', 'application.id')
    .where('application.state', '!=', 'draft');
  if (filter.state) query = query.where('application.state', '=', filter.state);
  if (filter.screening) query = query.where('application.needs_screening', '=', true);
  if (filter.pg) query = query.where('application.use_pg', '=', true);
  if (filter.from) query = query.where('application.submitted_at', '>=', filter.from);
  if (filter.until) query = query.where('application.submitted_at', '<', filter.until);
  if (filter.assigned === 'me') query = query.where('application.assigned_to', '=', staffId);
  if (filter.assigned === 'nobody') query = query.where('application.assigned_to', 'is', null);
  const tsquery = filter.q ? searchQuery(filter.q) : undefined;
  if (tsquery) query = query.where(sql<boolean>`application.search @@ to_tsquery('simple', ${tsquery})`);
  return query;
}

export async function queuePage(
  db: Kysely<Database>,
  filter: QueueFilter,
  staffId: number,
  after: QueueCursor | undefined,
  limit: number,
): Promise<{ rows: QueueRow[]; next: QueueCursor | undefined }> {
  let query = filtered(db, filter, staffId);
  const beyond = filter.oldestFirst ? '>' : '<';
  const direction = filter.oldestFirst ? 'asc' : 'desc';
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('application.submitted_at', beyond, after.submittedAt),
        eb.and([eb('application.submitted_at', '=', after.submittedAt), eb('application.id', beyond, after.id)]),
      ]),
    );
  }
  const rows = await query
    .select([
      'application.id',
      'application.reference',
      'application.state',
      'application.submitted_at',
      'application.email',
      'application.account_name',
      'application.needs_screening',
      'application.use_pg',
      'application.assigned_to',
      'applicant.family_name',
      'applicant.given_name',
      'applicant.name_ja',
      'applicant.institution',
    ])
    .orderBy('application.submitted_at', direction)
    .orderBy('application.id', direction)
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = rows.length > limit && last?.submitted_at ? { submittedAt: last.submitted_at, id: last.id } : undefined;
  return { rows: page, next };
}

/** How many applications are in each state (drafts are not counted). */
export async function stateCounts(db: Kysely<Database>): Promise<Map<ApplicationState, number>> {
  const rows = await db
    .selectFrom('application')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('state', '!=', 'draft')
    .groupBy('state')
    .execute();
  return new Map(rows.map((r) => [r.state, Number(r.n)]));
}

/** Every row of the filter, page by page (for the CSV export). */
export async function* allQueueRows(db: Kysely<Database>, filter: QueueFilter, staffId: number) {
  let after: QueueCursor | undefined;
  for (;;) {
    const page = await queuePage(db, filter, staffId, after, 1000);
    yield* page.rows;
    if (!page.next) return;
    after = page.next;
  }
}
