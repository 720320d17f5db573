// A directory replicated by syncrepl: every write and every read that decides a write
// goes to the provider; a login binds against the consumer (a replica near the
// logins, and one that stays up when the provider is down). What the consumer
// refuses is asked of the provider again, so a holder's own change (a new password,
// an unlock) counts from the moment the provider has it, replicated or not. After a
// password change (the caller says so) the provider is asked first: a consumer that
// has not received the change would still take the old password.
import type { Directory, PasswordCheck } from './directory.js';

export function createReplicatedDirectory(provider: Directory, consumer: Directory): Directory {
  /**
   * The consumer's 'ok' stands; anything else may be a change it has not received
   * yet, so the provider decides when it answers. A server that cannot answer (down,
   * timed out: the LDAP directory throws only then) leaves it to the other one.
   */
  const checkPassword = async (
    uid: string,
    password: string,
    options: { recentChange?: boolean } = {},
  ): Promise<PasswordCheck> => {
    if (options.recentChange) {
      try {
        return await provider.checkPassword(uid, password);
      } catch {
        return consumer.checkPassword(uid, password);
      }
    }
    let replica: PasswordCheck;
    try {
      replica = await consumer.checkPassword(uid, password);
    } catch {
      return provider.checkPassword(uid, password);
    }
    if (replica === 'ok') return replica;
    try {
      return await provider.checkPassword(uid, password);
    } catch {
      return replica;
    }
  };

  return {
    kind: provider.kind,
    ensureGroup: (group) => provider.ensureGroup(group),
    ensureUser: (user) => provider.ensureUser(user),
    addMember: (group, uid) => provider.addMember(group, uid),
    removeMember: (group, uid) => provider.removeMember(group, uid),
    setSshKeys: (uid, keys) => provider.setSshKeys(uid, keys),
    setPasswordHash: (uid, hash) => provider.setPasswordHash(uid, hash),
    lock: (uid) => provider.lock(uid),
    unlock: (uid) => provider.unlock(uid),
    authenticate: async (uid, password) => (await checkPassword(uid, password)) === 'ok',
    checkPassword,
    getUser: (uid) => provider.getUser(uid),
    getGroup: (cn) => provider.getGroup(cn),
    findUidNumber: (n) => provider.findUidNumber(n),
    findGidNumber: (n) => provider.findGidNumber(n),
    listUsers: () => provider.listUsers(),
    listGroups: () => provider.listGroups(),
    async close() {
      await Promise.all([provider.close(), consumer.close()]);
    },
  };
}
