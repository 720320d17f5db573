// Queries of the embedded directory (src/directory/embedded-directory.ts): users and
// groups per directory name, each write idempotent like an LDAP "ensure".
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DirectoryGroup, DirectoryUser, NewDirectoryUser } from '../domain/directory-entry.js';
import type { Database } from './schema.js';
import type { DirectoryTables } from './schema-directory.js';

type UserRow = Selectable<DirectoryTables['directory_user']>;

export const toDirectoryUser = (r: UserRow): DirectoryUser => ({
  uid: r.uid,
  uidNumber: r.uid_number,
  gidNumber: r.gid_number,
  givenName: r.given_name,
  sn: r.sn,
  cn: r.cn,
  mail: r.mail,
  homeDirectory: r.home_directory,
  loginShell: r.login_shell,
  sshPublicKeys: r.ssh_public_keys,
  locked: r.locked,
});

const toGroup = (r: Selectable<DirectoryTables['directory_group']>): DirectoryGroup => ({
  cn: r.cn,
  gidNumber: r.gid_number,
  memberUid: r.member_uid,
});

export async function directoryUser(db: Kysely<Database>, directory: string, uid: string) {
  return db
    .selectFrom('directory_user')
    .selectAll()
    .where('directory', '=', directory)
    .where('uid', '=', uid)
    .executeTakeFirst();
}

export async function directoryGroup(db: Kysely<Database>, directory: string, cn: string) {
  const row = await db
    .selectFrom('directory_group')
    .selectAll()
    .where('directory', '=', directory)
    .where('cn', '=', cn)
    .executeTakeFirst();
  return row ? toGroup(row) : undefined;
}

/** Inserts the group unless one of that name exists; returns the one stored. */
export async function insertDirectoryGroup(
  db: Kysely<Database>,
  directory: string,
  g: { cn: string; gidNumber: number },
) {
  await db
    .insertInto('directory_group')
    .values({ directory, cn: g.cn, gid_number: g.gidNumber })
    .onConflict((oc) => oc.columns(['directory', 'cn']).doNothing())
    .execute();
  return directoryGroup(db, directory, g.cn);
}

/** Inserts the user unless one of that name exists (then its attributes follow `u` when its uidNumber is the same). */
export async function upsertDirectoryUser(db: Kysely<Database>, directory: string, u: NewDirectoryUser) {
  const attributes = {
    gid_number: u.gidNumber,
    given_name: u.givenName,
    sn: u.sn,
    cn: u.cn,
    mail: u.mail,
    home_directory: u.homeDirectory,
    login_shell: u.loginShell,
  };
  await db
    .insertInto('directory_user')
    .values({ directory, uid: u.uid, uid_number: u.uidNumber, ssh_public_keys: u.sshPublicKeys ?? [], ...attributes })
    .onConflict((oc) =>
      oc
        .columns(['directory', 'uid'])
        .doUpdateSet({ ...attributes, updated_at: sql`now()` })
        .where('directory_user.uid_number', '=', u.uidNumber),
    )
    .execute();
  return directoryUser(db, directory, u.uid);
}

/** Changes columns of one user; false when there is no such user. */
export async function updateDirectoryUser(
  db: Kysely<Database>,
  directory: string,
  uid: string,
  set: { ssh_public_keys?: string[]; password_hash?: string; locked?: boolean },
): Promise<boolean> {
  const r = await db
    .updateTable('directory_user')
    .set({ ...set, updated_at: sql`now()` })
    .where('directory', '=', directory)
    .where('uid', '=', uid)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Adds or removes one member of a group (nothing when already so); false when there is no such group. */
export async function changeGroupMember(
  db: Kysely<Database>,
  directory: string,
  cn: string,
  uid: string,
  add: boolean,
): Promise<boolean> {
  const members = add
    ? sql<string[]>`case when ${uid} = any(member_uid) then member_uid else array_append(member_uid, ${uid}) end`
    : sql<string[]>`array_remove(member_uid, ${uid})`;
  const r = await db
    .updateTable('directory_group')
    .set({ member_uid: members })
    .where('directory', '=', directory)
    .where('cn', '=', cn)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function listDirectoryUsers(db: Kysely<Database>, directory: string) {
  return db.selectFrom('directory_user').selectAll().where('directory', '=', directory).orderBy('uid').execute();
}

export async function listDirectoryGroups(db: Kysely<Database>, directory: string): Promise<DirectoryGroup[]> {
  const rows = await db
    .selectFrom('directory_group')
    .selectAll()
    .where('directory', '=', directory)
    .orderBy('cn')
    .execute();
  return rows.map(toGroup);
}

/** The user (uid) or group (gid) holding a number in the embedded directory. */
export async function directoryNameByNumber(
  db: Kysely<Database>,
  directory: string,
  kind: 'uid' | 'gid',
  n: number,
): Promise<string | undefined> {
  const row =
    kind === 'uid'
      ? await db
          .selectFrom('directory_user')
          .select('uid as name')
          .where('directory', '=', directory)
          .where('uid_number', '=', n)
          .executeTakeFirst()
      : await db
          .selectFrom('directory_group')
          .select('cn as name')
          .where('directory', '=', directory)
          .where('gid_number', '=', n)
          .executeTakeFirst();
  return row?.name;
}
