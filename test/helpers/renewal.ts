// Holders for renewal tests, made fast: seeded issued applications, each with one
// active GA account (in the database and the app's directory) valid through a given
// fiscal year. No provisioning job runs (a thousand argon2 hashes would take minutes).

import { seedApplications } from '../../src/db/seed.js';
import { accountEntry } from '../../src/domain/provisioning.js';
import type { TestApp } from './app.js';

export interface Holder {
  applicationId: number;
  accountId: number;
  uid: string;
  email: string;
}

let numbers = 30_000;

export async function holders(app: TestApp, count: number, validThrough: number): Promise<Holder[]> {
  const db = app.server.database.db;
  const before = await db
    .selectFrom('application')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  await seedApplications({ db } as Parameters<typeof seedApplications>[0], count, { state: 'issued', noVacuum: true });
  const apps = await db
    .selectFrom('application')
    .select(['id', 'account_name', 'email'])
    .where('id', '>', Number(before.max ?? 0))
    .orderBy('id')
    .execute();
  const directory = app.server.directories.ga;
  await directory.ensureGroup({ cn: 'renewal-lab', gidNumber: 29_999 });
  const rows = apps.map((a) => ({
    application_id: a.id,
    division: 'ga' as const,
    uid: a.account_name as string,
    uid_number: ++numbers,
    group_name: 'renewal-lab',
    gid_number: 29_999,
    state: 'active' as const,
    provisioned_at: new Date(),
    valid_through: validThrough,
  }));
  const made: Holder[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const ids = await db
      .insertInto('account')
      .values(rows.slice(i, i + 500))
      .returning(['id', 'application_id', 'uid'])
      .execute();
    for (const r of ids)
      made.push({
        applicationId: r.application_id,
        accountId: r.id,
        uid: r.uid,
        email: apps.find((a) => a.id === r.application_id)?.email ?? '',
      });
  }
  for (const r of rows)
    await directory.ensureUser(
      accountEntry({
        uid: r.uid,
        uidNumber: r.uid_number,
        gidNumber: r.gid_number,
        givenName: null,
        familyName: null,
        email: `${r.uid}@example.ac.jp`,
      }),
    );
  return made;
}
