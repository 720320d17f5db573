// The Directory on an LDAP server (OpenLDAP in production) through ldapts: one
// connection bound as LDAP_BIND_DN (StartTLS first on ldap://), reopened after a
// failure; filters built with the library's escaping, DNs from escaped RDNs.
import {
  AlreadyExistsError,
  Attribute,
  Change,
  Client,
  escapeFilter,
  InvalidCredentialsError,
  NoSuchAttributeError,
  NoSuchObjectError,
  ResultCodeError,
  TypeOrValueExistsError,
  UndefinedTypeError,
} from 'ldapts';
import type { DirectoryGroup, DirectoryUser, NewDirectoryUser } from '../domain/directory-entry.js';
import {
  type Directory,
  DirectoryConflictError,
  DirectoryEntryMissingError,
  LOCKED_SHADOW_EXPIRE,
  type PasswordCheck,
  PPOLICY_LOCKED,
} from './directory.js';
import {
  type Attributes,
  type DirectoryLayout,
  groupAttributes,
  groupDn,
  groupsDn,
  parseGroup,
  parseUser,
  peopleDn,
  userAttributes,
  userDn,
  userObjectClasses,
  userReadAttributes,
} from './entries.js';
import { verifyDirectoryPassword } from './password-hash.js';

export interface LdapDirectoryOptions extends DirectoryLayout {
  url: string;
  bindDn: string;
  bindPassword: string;
  /** StartTLS on an ldap:// URL (only a loopback server may go without). */
  startTls: boolean;
  /** PEM of the CA that signed the server's certificate, when not a system one. */
  ca?: string | undefined;
  timeoutMs?: number;
}

const replace = (type: string, values: string[]) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values }) });

/** A new connection to the server (StartTLS first on ldap:// when asked), bound as `dn`. */
export async function connectLdap(
  o: Pick<LdapDirectoryOptions, 'url' | 'startTls' | 'ca'>,
  dn: string,
  password: string,
  timeout = 10_000,
): Promise<Client> {
  const client = new Client({
    url: o.url,
    timeout,
    connectTimeout: timeout,
    ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
  });
  try {
    if (o.url.startsWith('ldap://') && o.startTls) await client.startTLS(o.ca ? { ca: o.ca } : {});
    await client.bind(dn, password);
    return client;
  } catch (error) {
    await client.unbind().catch(() => {});
    throw error;
  }
}

export function createLdapDirectory(o: LdapDirectoryOptions): Directory {
  const timeout = o.timeoutMs ?? 10_000;
  let connection: Promise<Client> | undefined;
  /** Unknown until the first lock: whether the server has ppolicy's pwdAccountLockedTime. */
  let ppolicy: boolean | undefined;

  const open = (dn: string, password: string) => connectLdap(o, dn, password, timeout);

  /**
   * Runs `fn` on the shared bound connection; a connection that failed is dropped and
   * reopened next time. One the server closed is reopened here (StartTLS and bind
   * again), never left to the library's reconnect, which would be unbound (and, after
   * StartTLS, in clear).
   */
  const run = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
    connection ??= open(o.bindDn, o.bindPassword);
    const current = connection;
    let client: Client;
    try {
      client = await current;
    } catch (error) {
      if (connection === current) connection = undefined;
      throw error;
    }
    if (!client.isBound) {
      if (connection === current) connection = undefined;
      await client.unbind().catch(() => {});
      return run(fn);
    }
    try {
      return await fn(client);
    } catch (error) {
      // An LDAP answer (a result code) leaves the connection usable; anything else does not.
      if (!(error instanceof ResultCodeError)) {
        if (connection === current) connection = undefined;
        await client.unbind().catch(() => {});
      }
      throw error;
    }
  };

  const findUser = (client: Client, uid: string) =>
    client
      .search(peopleDn(o), {
        scope: 'one',
        filter: escapeFilter`(&(objectClass=posixAccount)(uid=${uid}))`,
        attributes: userReadAttributes,
      })
      .then((r) => r.searchEntries[0]);

  const findGroup = (client: Client, cn: string) =>
    client
      .search(groupsDn(o), {
        scope: 'one',
        filter: escapeFilter`(&(objectClass=posixGroup)(cn=${cn}))`,
        attributes: ['cn', 'gidNumber', 'memberUid'],
      })
      .then((r) => r.searchEntries[0]);

  /**
   * A bind as the user. Without ppolicy a locked user still binds (SSH is stopped by
   * shadowExpire, and so is this app); with it the bind fails, and the right password
   * of a locked user is told apart by checking the stored hash (read with our bind DN).
   */
  const checkPassword = async (uid: string, password: string): Promise<PasswordCheck> => {
    if (!password) return 'wrong';
    let bound = false;
    try {
      await (await open(userDn(o, uid), password)).unbind().catch(() => {});
      bound = true;
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError || error instanceof NoSuchObjectError)) throw error;
    }
    const entry = await run(
      async (client) =>
        (
          await client.search(peopleDn(o), {
            scope: 'one',
            filter: escapeFilter`(&(objectClass=posixAccount)(uid=${uid}))`,
            attributes: [...userReadAttributes, 'userPassword'],
          })
        ).searchEntries[0],
    );
    if (!entry) return 'wrong';
    const locked = parseUser(entry).locked;
    if (bound) return locked ? 'locked' : 'ok';
    if (!locked) return 'wrong';
    const stored = [entry.userPassword].flat()[0];
    const hash = Buffer.isBuffer(stored) ? stored.toString('utf8') : String(stored ?? '');
    return hash && (await verifyDirectoryPassword(hash, password)) ? 'locked' : 'wrong';
  };

  /** An entry of that name anywhere else in the tree (another OU): NSS would see two. */
  const elsewhere = async (client: Client, filter: string, ours: string) => {
    const r = await client.search(o.baseDn, { scope: 'sub', filter, attributes: ['1.1'] });
    return r.searchEntries.find((e) => e.dn.toLowerCase() !== ours.toLowerCase())?.dn;
  };

  const modifyUser = async (client: Client, uid: string, changes: Change[]) => {
    try {
      await client.modify(userDn(o, uid), changes);
    } catch (error) {
      if (error instanceof NoSuchObjectError) throw new DirectoryEntryMissingError(`user ${uid}`);
      throw error;
    }
  };

  /** Replaces the lock attributes; ppolicy's attribute only where the server knows it. */
  const setLock = (uid: string, locked: boolean) =>
    run(async (client) => {
      const shadow = replace('shadowExpire', locked ? [String(LOCKED_SHADOW_EXPIRE)] : []);
      if (ppolicy !== false) {
        try {
          await modifyUser(client, uid, [shadow, replace('pwdAccountLockedTime', locked ? [PPOLICY_LOCKED] : [])]);
          ppolicy = true;
          return;
        } catch (error) {
          if (!(error instanceof UndefinedTypeError)) throw error;
          ppolicy = false;
        }
      }
      await modifyUser(client, uid, [shadow]);
    });

  const listAll = (base: string, filter: string, attributes: string[]) =>
    run((client) => client.search(base, { scope: 'one', filter, attributes, paged: { pageSize: 500 } }));

  return {
    kind: 'ldap',

    ensureGroup: (g) =>
      run(async (client) => {
        const existing = await findGroup(client, g.cn);
        if (existing) {
          const found = parseGroup(existing);
          if (found.gidNumber !== g.gidNumber)
            throw new DirectoryConflictError(
              `group ${g.cn} exists with gidNumber ${found.gidNumber}, not ${g.gidNumber}`,
            );
          return;
        }
        const other = await elsewhere(client, escapeFilter`(&(objectClass=posixGroup)(cn=${g.cn}))`, groupDn(o, g.cn));
        if (other) throw new DirectoryConflictError(`a group ${g.cn} exists elsewhere in the directory: ${other}`);
        try {
          await client.add(groupDn(o, g.cn), groupAttributes({ ...g, memberUid: [] }));
        } catch (error) {
          if (!(error instanceof AlreadyExistsError)) throw error;
          // Added meanwhile, or an entry of that DN that is no posixGroup: compare what is there.
          const now = await findGroup(client, g.cn);
          if (!now || parseGroup(now).gidNumber !== g.gidNumber)
            throw new DirectoryConflictError(`group ${g.cn} exists and is not the one asked for`);
        }
      }),

    ensureUser: (u: NewDirectoryUser) =>
      run(async (client) => {
        const existing = await findUser(client, u.uid);
        const attributes: Attributes = userAttributes(u);
        if (existing) {
          const found = parseUser(existing);
          if (found.uidNumber !== u.uidNumber)
            throw new DirectoryConflictError(
              `user ${u.uid} exists with uidNumber ${found.uidNumber}, not ${u.uidNumber}`,
            );
          const changes = Object.entries(attributes).map(([type, v]) => replace(type, v));
          for (const optional of ['givenName', 'mail']) if (!attributes[optional]) changes.push(replace(optional, []));
          await client.modify(userDn(o, u.uid), changes);
          return;
        }
        const other = await elsewhere(
          client,
          escapeFilter`(&(objectClass=posixAccount)(uid=${u.uid}))`,
          userDn(o, u.uid),
        );
        if (other) throw new DirectoryConflictError(`a user ${u.uid} exists elsewhere in the directory: ${other}`);
        try {
          await client.add(userDn(o, u.uid), {
            objectClass: userObjectClasses,
            ...attributes,
            ...(u.sshPublicKeys?.length ? { sshPublicKey: u.sshPublicKeys } : {}),
          });
        } catch (error) {
          if (!(error instanceof AlreadyExistsError)) throw error;
          const now = await findUser(client, u.uid);
          if (!now || parseUser(now).uidNumber !== u.uidNumber)
            throw new DirectoryConflictError(`user ${u.uid} exists and is not the one asked for`);
        }
      }),

    addMember: (group, uid) =>
      run(async (client) => {
        try {
          await client.modify(groupDn(o, group), [
            new Change({ operation: 'add', modification: new Attribute({ type: 'memberUid', values: [uid] }) }),
          ]);
        } catch (error) {
          if (error instanceof TypeOrValueExistsError) return;
          if (error instanceof NoSuchObjectError) throw new DirectoryEntryMissingError(`group ${group}`);
          throw error;
        }
      }),

    removeMember: (group, uid) =>
      run(async (client) => {
        try {
          await client.modify(groupDn(o, group), [
            new Change({ operation: 'delete', modification: new Attribute({ type: 'memberUid', values: [uid] }) }),
          ]);
        } catch (error) {
          if (error instanceof NoSuchAttributeError || error instanceof NoSuchObjectError) return;
          throw error;
        }
      }),

    setSshKeys: (uid, keys) => run((client) => modifyUser(client, uid, [replace('sshPublicKey', keys)])),

    setPasswordHash: (uid, hash) => run((client) => modifyUser(client, uid, [replace('userPassword', [hash])])),

    lock: (uid) => setLock(uid, true),
    unlock: (uid) => setLock(uid, false),

    authenticate: async (uid, password) => (await checkPassword(uid, password)) === 'ok',
    checkPassword,

    getUser: (uid) => run(async (client) => ((e) => (e ? parseUser(e) : undefined))(await findUser(client, uid))),

    getGroup: (cn) => run(async (client) => ((e) => (e ? parseGroup(e) : undefined))(await findGroup(client, cn))),

    // Numbers are unique in the whole tree (NSS sees every OU), not only under ours.
    findUidNumber: (n) =>
      run(async (client) => {
        const r = await client.search(o.baseDn, {
          scope: 'sub',
          filter: escapeFilter`(&(objectClass=posixAccount)(uidNumber=${String(n)}))`,
          attributes: ['uid'],
        });
        return r.searchEntries[0] ? parseUser(r.searchEntries[0]).uid : undefined;
      }),

    findGidNumber: (n) =>
      run(async (client) => {
        const r = await client.search(o.baseDn, {
          scope: 'sub',
          filter: escapeFilter`(&(objectClass=posixGroup)(gidNumber=${String(n)}))`,
          attributes: ['cn'],
        });
        return r.searchEntries[0] ? parseGroup(r.searchEntries[0]).cn : undefined;
      }),

    listUsers: async (): Promise<DirectoryUser[]> =>
      (await listAll(peopleDn(o), '(objectClass=posixAccount)', userReadAttributes)).searchEntries.map((e) =>
        parseUser(e),
      ),

    listGroups: async (): Promise<DirectoryGroup[]> =>
      (await listAll(groupsDn(o), '(objectClass=posixGroup)', ['cn', 'gidNumber', 'memberUid'])).searchEntries.map(
        parseGroup,
      ),

    async close() {
      const current = connection;
      connection = undefined;
      if (current) await (await current.catch(() => undefined))?.unbind().catch(() => {});
    },
  };
}
