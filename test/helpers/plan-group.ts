// A responsible person's group for tests of usage plans and billing: sent applications
// (seeded) with a provisioned GA account each, the first of them the responsible
// person (same as the applicant), all made on one day.
import type { DatabaseHandle } from '../../src/db/database.js';
import { seedApplications } from '../../src/db/seed.js';
import { centreDayStart } from '../../src/domain/fiscal-calendar.js';

let next = 45_000;

/** `count` GA accounts of group `name` made on `made`; the first is the responsible person's. */
export async function seedPlanGroup(handle: DatabaseHandle, name: string, count: number, made: string) {
  const db = handle.db;
  const before = await db
    .selectFrom('application')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  await seedApplications(handle, count, { state: 'issued', noVacuum: true, seed: next });
  const apps = await db
    .selectFrom('application')
    .select('id')
    .where('id', '>', Number(before.max ?? 0))
    .orderBy('id')
    .execute();
  const rows = await db
    .insertInto('account')
    .values(
      apps.map((a) => ({
        application_id: a.id,
        division: 'ga' as const,
        uid: `${name.replace(/[^a-z]/g, '').slice(0, 6)}${++next}`,
        uid_number: next,
        group_name: name,
        gid_number: 55_000,
        state: 'active' as const,
        provisioned_at: centreDayStart(made),
        valid_through: Number(made.slice(0, 4)) + 1,
      })),
    )
    .returning(['id', 'uid', 'application_id'])
    .execute();
  await db
    .updateTable('responsible_person')
    .set({ same_as_applicant: true })
    .where('application_id', '=', (rows[0] as { application_id: number }).application_id)
    .execute();
  return rows.map((r) => ({ id: r.id, uid: r.uid }));
}

/** The group already uses the PG division: `holder` gets a PG twin account (`uid-pg` in `group-pg`). */
export async function givePgAccount(handle: DatabaseHandle, group: string, holder: { id: number; uid: string }) {
  const db = handle.db;
  const ga = await db
    .selectFrom('account')
    .select('application_id')
    .where('id', '=', holder.id)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('account')
    .values({
      application_id: ga.application_id,
      division: 'pg',
      uid: `${holder.uid}-pg`,
      uid_number: holder.id + 90_000,
      group_name: `${group}-pg`,
      gid_number: 95_000,
      state: 'active',
      provisioned_at: new Date(),
      valid_through: 2099,
    })
    .execute();
}
