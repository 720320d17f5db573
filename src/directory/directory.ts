// The centre's directory as sc-account sees it: users (inetOrgPerson, posixAccount,
// shadowAccount, ldapPublicKey) and UNIX groups (posixGroup with memberUid). Every
// write is idempotent ("ensure …"), so a provisioning step can be repeated after a
// crash at any point. Two implementations: LDAP for production, and the database
// (embedded) by default.

import type { DirectoryGroup, DirectoryUser, NewDirectoryUser } from '../domain/directory-entry.js';

/** 'locked' only for the right password of a locked user, so the answer tells a stranger nothing. */
export type PasswordCheck = 'ok' | 'locked' | 'wrong';

export interface Directory {
  readonly kind: 'ldap' | 'embedded';
  /** Creates the group if it is missing; a group of that name with another gidNumber is a conflict. */
  ensureGroup(group: { cn: string; gidNumber: number }): Promise<void>;
  /**
   * Creates the user if missing, else brings its attributes (not its keys, password or
   * lock) to these values; a user of that name with another uidNumber is a conflict.
   * Keys given for a new user are stored with it.
   */
  ensureUser(user: NewDirectoryUser): Promise<void>;
  addMember(group: string, uid: string): Promise<void>;
  removeMember(group: string, uid: string): Promise<void>;
  /** Replaces the user's SSH public keys (none: the attribute goes). */
  setSshKeys(uid: string, keys: string[]): Promise<void>;
  /** Replaces the password with a hash the directory verifies ({ARGON2} or {SSHA}; see password-hash.ts). */
  setPasswordHash(uid: string, hash: string): Promise<void>;
  /** Stops logins: SSH through NSS/PAM (shadowExpire) and LDAP binds (ppolicy), and this app's. */
  lock(uid: string): Promise<void>;
  unlock(uid: string): Promise<void>;
  /** Whether `password` opens the account (false when locked): an LDAP bind as the user. */
  authenticate(uid: string, password: string): Promise<boolean>;
  /**
   * As authenticate, telling a locked account's right password ('locked') from a wrong one.
   * `recentChange`: the password was changed lately, so a replica may not have it yet;
   * a replicated directory then asks the server that was written to.
   */
  checkPassword(uid: string, password: string, options?: { recentChange?: boolean }): Promise<PasswordCheck>;
  getUser(uid: string): Promise<DirectoryUser | undefined>;
  getGroup(cn: string): Promise<DirectoryGroup | undefined>;
  /** The user that has this uidNumber, if any (so allocation skips numbers taken outside sc-account). */
  findUidNumber(uidNumber: number): Promise<string | undefined>;
  /** The group that has this gidNumber, if any. */
  findGidNumber(gidNumber: number): Promise<string | undefined>;
  listUsers(): Promise<DirectoryUser[]>;
  listGroups(): Promise<DirectoryGroup[]>;
  close(): Promise<void>;
}

/** The directory already holds an entry of that name that is not the one asked for. */
export class DirectoryConflictError extends Error {
  readonly code = 'DIRECTORY_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryConflictError';
  }
}

/** The entry a change is for does not exist. */
export class DirectoryEntryMissingError extends Error {
  readonly code = 'DIRECTORY_ENTRY_MISSING';
  constructor(what: string) {
    super(`no such directory entry: ${what}`);
    this.name = 'DirectoryEntryMissingError';
  }
}

/** A shadowExpire day in the past (days since 1970-01-01): 1970-01-02. */
export const LOCKED_SHADOW_EXPIRE = 1;

/** ppolicy's value for "locked until an administrator unlocks". */
export const PPOLICY_LOCKED = '000001010000Z';
