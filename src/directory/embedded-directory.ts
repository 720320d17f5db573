// The Directory kept in the database (the default without LDAP_URL): the same users
// and groups an LDAP server would hold, with the same rules, so that accounts issued
// on embedded defaults are real: users log in to them, and `sc-account directory
// export` writes them as LDIF for an LDAP server.
import type { Kysely } from 'kysely';
import {
  changeGroupMember,
  directoryGroup,
  directoryNameByNumber,
  directoryUser,
  insertDirectoryGroup,
  listDirectoryGroups,
  listDirectoryUsers,
  toDirectoryUser,
  updateDirectoryUser,
  upsertDirectoryUser,
} from '../db/directory.js';
import type { Database } from '../db/schema.js';
import { type Directory, DirectoryConflictError, DirectoryEntryMissingError } from './directory.js';
import { verifyDirectoryPassword } from './password-hash.js';

export function createEmbeddedDirectory(db: Kysely<Database>, name = 'ga'): Directory {
  const update = async (uid: string, set: Parameters<typeof updateDirectoryUser>[3]) => {
    if (!(await updateDirectoryUser(db, name, uid, set))) throw new DirectoryEntryMissingError(`user ${uid}`);
  };
  return {
    kind: 'embedded',

    async ensureGroup(g) {
      const stored = await insertDirectoryGroup(db, name, g);
      if (stored && stored.gidNumber !== g.gidNumber)
        throw new DirectoryConflictError(`group ${g.cn} exists with gidNumber ${stored.gidNumber}, not ${g.gidNumber}`);
    },

    async ensureUser(u) {
      const stored = await upsertDirectoryUser(db, name, u);
      if (stored && stored.uid_number !== u.uidNumber)
        throw new DirectoryConflictError(
          `user ${u.uid} exists with uidNumber ${stored.uid_number}, not ${u.uidNumber}`,
        );
    },

    async addMember(group, uid) {
      if (!(await changeGroupMember(db, name, group, uid, true)))
        throw new DirectoryEntryMissingError(`group ${group}`);
    },

    async removeMember(group, uid) {
      await changeGroupMember(db, name, group, uid, false);
    },

    setSshKeys: (uid, keys) => update(uid, { ssh_public_keys: keys }),
    setPasswordHash: (uid, hash) => update(uid, { password_hash: hash }),
    lock: (uid) => update(uid, { locked: true }),
    unlock: (uid) => update(uid, { locked: false }),

    async checkPassword(uid, password) {
      const row = await directoryUser(db, name, uid);
      if (!row?.password_hash || !password) return 'wrong';
      if (!(await verifyDirectoryPassword(row.password_hash, password))) return 'wrong';
      return row.locked ? 'locked' : 'ok';
    },
    async authenticate(uid, password) {
      return (await this.checkPassword(uid, password)) === 'ok';
    },

    async getUser(uid) {
      const row = await directoryUser(db, name, uid);
      return row ? toDirectoryUser(row) : undefined;
    },
    getGroup: (cn) => directoryGroup(db, name, cn),
    findUidNumber: (n) => directoryNameByNumber(db, name, 'uid', n),
    findGidNumber: (n) => directoryNameByNumber(db, name, 'gid', n),
    listUsers: async () => (await listDirectoryUsers(db, name)).map(toDirectoryUser),
    listGroups: () => listDirectoryGroups(db, name),
    async close() {},
  };
}
