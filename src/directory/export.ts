// `sc-account directory export`: the embedded directory as LDIF that `ldapadd` loads
// into an LDAP server — the people and group OUs (with the suffix entry before them,
// for an empty server), every user with its password hash, SSH keys and lock, and
// every group with its members.
import type { Kysely } from 'kysely';
import { listDirectoryGroups, listDirectoryUsers, toDirectoryUser } from '../db/directory.js';
import type { Database } from '../db/schema.js';
import {
  containerEntries,
  type DirectoryLayout,
  fullUserEntry,
  groupAttributes,
  groupDn,
  groupsDn,
  ouAttributes,
  peopleDn,
  userDn,
} from './entries.js';
import { type LdifEntry, toLdif } from './ldif.js';

export async function exportDirectoryLdif(
  db: Kysely<Database>,
  directory: string,
  layout: DirectoryLayout,
  options: { ppolicy: boolean; withOus: boolean; withBase?: boolean },
): Promise<string> {
  const [users, groups] = await Promise.all([listDirectoryUsers(db, directory), listDirectoryGroups(db, directory)]);
  const entries: LdifEntry[] = [];
  if (options.withBase) entries.push(...containerEntries(layout));
  else if (options.withOus) {
    entries.push({ dn: peopleDn(layout), attributes: ouAttributes(layout.peopleOu) });
    entries.push({ dn: groupsDn(layout), attributes: ouAttributes(layout.groupsOu) });
  }
  for (const row of users) {
    entries.push({
      dn: userDn(layout, row.uid),
      attributes: fullUserEntry({ ...toDirectoryUser(row), passwordHash: row.password_hash }, options),
    });
  }
  for (const group of groups) entries.push({ dn: groupDn(layout, group.cn), attributes: groupAttributes(group) });
  return toLdif(entries);
}
