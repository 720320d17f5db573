// Closure windows and per-service acceptance of new applications: the rows, and the
// notices in force at a given time (decided by src/domain/notices.ts).
import type { Kysely, Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import {
  type ActiveNotices,
  activeNotices,
  type ClosureWindow,
  type Service,
  type ServiceAcceptance,
  services,
} from '../domain/notices.js';
import type { ClosureWindowTable, Database, ServiceAcceptanceTable } from './schema.js';

function toClosure(row: Selectable<ClosureWindowTable>): ClosureWindow {
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reasonJa: row.reason_ja,
    reasonEn: row.reason_en,
    loginsAllowed: row.logins_allowed,
  };
}

function toAcceptance(row: Selectable<ServiceAcceptanceTable>): ServiceAcceptance {
  return {
    service: row.service,
    accepting: row.accepting,
    noticeJa: row.notice_ja,
    noticeEn: row.notice_en,
    announcementUrl: row.announcement_url,
    since: row.since,
  };
}

/** Every closure window by start time; with `endingAfter`, only those not over by then. */
export async function listClosures(db: Kysely<Database>, endingAfter?: Date): Promise<ClosureWindow[]> {
  let q = db.selectFrom('closure_window').selectAll();
  if (endingAfter) q = q.where('ends_at', '>', endingAfter);
  const rows = await q.orderBy('starts_at').orderBy('id').execute();
  return rows.map(toClosure);
}

export interface NewClosure {
  startsAt: Date;
  endsAt: Date;
  reasonJa: string;
  reasonEn: string;
  loginsAllowed?: boolean;
}

export async function addClosure(db: Kysely<Database>, c: NewClosure): Promise<ClosureWindow> {
  const row = await db
    .insertInto('closure_window')
    .values({
      starts_at: c.startsAt,
      ends_at: c.endsAt,
      reason_ja: c.reasonJa,
      reason_en: c.reasonEn,
      logins_allowed: c.loginsAllowed ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toClosure(row);
}

/** Deletes one closure window; false when there was none with that id. */
export async function removeClosure(db: Kysely<Database>, id: number): Promise<boolean> {
  const rows = await db.deleteFrom('closure_window').where('id', '=', id).returning('id').execute();
  return rows.length > 0;
}

export async function listServiceAcceptance(db: Kysely<Database>): Promise<ServiceAcceptance[]> {
  const rows = await db.selectFrom('service_acceptance').selectAll().execute();
  return rows.map(toAcceptance).sort((a, b) => services.indexOf(a.service) - services.indexOf(b.service));
}

/** A service without a row takes applications. */
export async function getServiceAcceptance(db: Kysely<Database>, service: Service): Promise<ServiceAcceptance> {
  const row = await db.selectFrom('service_acceptance').selectAll().where('service', '=', service).executeTakeFirst();
  return row
    ? toAcceptance(row)
    : { service, accepting: true, noticeJa: null, noticeEn: null, announcementUrl: null, since: null };
}

export type AcceptanceChange =
  | { accepting: true; since: Date }
  | { accepting: false; since: Date; noticeJa: string; noticeEn: string; announcementUrl?: string | null };

/**
 * Suspends or resumes new applications for a service. Resuming clears the notice:
 * an open service has nothing to announce.
 */
export async function setServiceAcceptance(
  db: Kysely<Database>,
  service: Service,
  change: AcceptanceChange,
): Promise<ServiceAcceptance> {
  const values = change.accepting
    ? { accepting: true, notice_ja: null, notice_en: null, announcement_url: null, since: change.since }
    : {
        accepting: false,
        notice_ja: change.noticeJa,
        notice_en: change.noticeEn,
        announcement_url: change.announcementUrl ?? null,
        since: change.since,
      };
  const row = await db
    .insertInto('service_acceptance')
    .values({ service, ...values, updated_at: change.since })
    .onConflict((oc) => oc.column('service').doUpdateSet({ ...values, updated_at: change.since }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAcceptance(row);
}

/**
 * The closure in force at `at` (if any) and the suspended services, in one query:
 * every page of the application asks for them.
 */
export async function activeNoticesAt(db: Kysely<Database>, at: Date): Promise<ActiveNotices> {
  const row = await db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb.selectFrom('closure_window').selectAll().where('starts_at', '<=', at).where('ends_at', '>', at),
      ).as('closures'),
      jsonArrayFrom(eb.selectFrom('service_acceptance').selectAll().where('accepting', '=', false)).as('suspended'),
    ])
    .executeTakeFirstOrThrow();
  // JSON carries times as ISO strings.
  const date = (v: Date | string) => new Date(v);
  const closures = row.closures.map((c) =>
    toClosure({ ...c, starts_at: date(c.starts_at), ends_at: date(c.ends_at), created_at: date(c.created_at) }),
  );
  const acceptance = row.suspended.map((a) =>
    toAcceptance({ ...a, since: a.since === null ? null : date(a.since), updated_at: date(a.updated_at) }),
  );
  return activeNotices(closures, acceptance, at);
}
