// What staff see and do on one application: its history with their comments,
// assignment, comments. Every change here is audited by the caller's transaction.
import type { Kysely, Transaction } from 'kysely';
import type { ApplicationState } from '../domain/application-state.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type TimelineItem =
  | { kind: 'move'; at: Date; from: ApplicationState | null; to: ApplicationState; actor: string; note: string | null }
  | { kind: 'comment'; at: Date; staffName: string; body: string }
  | { kind: 'screening'; at: Date; staffName: string; cleared: boolean; reason: string };

/** State changes and internal comments, oldest first. */
export async function timeline(db: Db, applicationId: number): Promise<TimelineItem[]> {
  const [events, comments, screenings] = await Promise.all([
    db.selectFrom('application_event').selectAll().where('application_id', '=', applicationId).orderBy('id').execute(),
    db
      .selectFrom('application_comment')
      .innerJoin('staff', 'staff.id', 'application_comment.staff_id')
      .select(['application_comment.at', 'application_comment.body', 'staff.name'])
      .where('application_comment.application_id', '=', applicationId)
      .orderBy('application_comment.id')
      .execute(),
    db
      .selectFrom('screening')
      .innerJoin('staff', 'staff.id', 'screening.staff_id')
      .select(['screening.at', 'screening.cleared', 'screening.reason', 'staff.name'])
      .where('screening.application_id', '=', applicationId)
      .orderBy('screening.id')
      .execute(),
  ]);
  const items: TimelineItem[] = [
    ...events.map(
      (e): TimelineItem => ({
        kind: 'move',
        at: e.at,
        from: e.from_state,
        to: e.to_state,
        actor: e.actor,
        note: e.note,
      }),
    ),
    ...comments.map((c): TimelineItem => ({ kind: 'comment', at: c.at, staffName: c.name, body: c.body })),
    ...screenings.map(
      (s): TimelineItem => ({ kind: 'screening', at: s.at, staffName: s.name, cleared: s.cleared, reason: s.reason }),
    ),
  ];
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export async function addComment(
  trx: Transaction<Database>,
  c: { applicationId: number; staffId: number; body: string },
): Promise<number> {
  const row = await trx
    .insertInto('application_comment')
    .values({ application_id: c.applicationId, staff_id: c.staffId, body: c.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function assignApplication(trx: Transaction<Database>, applicationId: number, staffId: number | null) {
  await trx.updateTable('application').set({ assigned_to: staffId }).where('id', '=', applicationId).execute();
}

/** Staff names by id, for actors in the history and the assignment list. */
export async function staffNames(db: Db): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The latest screening decision of an application, if any. */
export async function latestScreening(db: Db, applicationId: number) {
  return db
    .selectFrom('screening')
    .innerJoin('staff', 'staff.id', 'screening.staff_id')
    .select(['screening.cleared', 'screening.reason', 'screening.at', 'screening.checklist', 'staff.name'])
    .where('screening.application_id', '=', applicationId)
    .orderBy('screening.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function recordScreening(
  trx: Transaction<Database>,
  s: { applicationId: number; staffId: number; cleared: boolean; checklist: string[]; reason: string },
): Promise<void> {
  await trx
    .insertInto('screening')
    .values({
      application_id: s.applicationId,
      staff_id: s.staffId,
      cleared: s.cleared,
      checklist: JSON.stringify(s.checklist),
      reason: s.reason,
    })
    .execute();
}
