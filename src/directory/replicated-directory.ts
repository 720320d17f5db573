// A directory replicated by syncrepl: every write and every read that decides a write
// goes to the provider; a login binds against the consumer (a replica near the
// logins, and one that stays up when the provider is down). What the consumer
// refuses is asked of the provider again, so a holder's own change (a new password,
// an unlock) counts from the moment the provider has it, replicated or not. After a
// password change (the caller says so) the provider is asked first: a consumer that
// has not received the change would still take the old password. A consumer that
// could not answer is left alone for CONSUMER_RETRY_MS: a host that is gone would
// otherwise cost every login the connection timeout before the provider answers.
import type { Directory, PasswordCheck } from './directory.js';

/** How long logins go straight to the provider after the consumer failed to answer. */
export const CONSUMER_RETRY_MS = 30_000;

export function createReplicatedDirectory(
  provider: Directory,
  consumer: Directory,
  options: { now?: () => number } = {},
): Directory {
  const now = options.now ?? Date.now;
  let consumerDownUntil = 0;
  const askConsumer = async (uid: string, password: string): Promise<PasswordCheck> => {
    try {
      const answer = await consumer.checkPassword(uid, password);
      consumerDownUntil = 0;
      return answer;
    } catch (err) {
      consumerDownUntil = now() + CONSUMER_RETRY_MS;
      throw err;
    }
  };

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
    if (options.recentChange || now() < consumerDownUntil) {
      try {
        return await provider.checkPassword(uid, password);
      } catch {
        return askConsumer(uid, password);
      }
    }
    let replica: PasswordCheck;
    try {
      replica = await askConsumer(uid, password);
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
