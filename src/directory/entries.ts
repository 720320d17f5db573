// Directory entries as LDAP attributes, shared by the LDAP directory and the LDIF
// export of the embedded one: where users and groups live (DNs built with escaped
// RDNs, never by pasting values), which object classes they have, and back.
import { DN } from 'ldapts';
import { type DirectoryGroup, type DirectoryUser, LOCKED_SHADOW_EXPIRE, PPOLICY_LOCKED } from './directory.js';

export interface DirectoryLayout {
  /** e.g. dc=centre,dc=example */
  baseDn: string;
  /** e.g. ou=people */
  peopleOu: string;
  /** e.g. ou=groups */
  groupsOu: string;
}

export type Attributes = Record<string, string[]>;

export const peopleDn = (l: DirectoryLayout) => `${l.peopleOu},${l.baseDn}`;
export const groupsDn = (l: DirectoryLayout) => `${l.groupsOu},${l.baseDn}`;
export const userDn = (l: DirectoryLayout, uid: string) => `${new DN({ uid }).toString()},${peopleDn(l)}`;
export const groupDn = (l: DirectoryLayout, cn: string) => `${new DN({ cn }).toString()},${groupsDn(l)}`;

export const userObjectClasses = ['inetOrgPerson', 'posixAccount', 'shadowAccount', 'ldapPublicKey'];
export const groupObjectClasses = ['posixGroup'];

/** The attributes a user's entry is made of and kept at by ensureUser (not keys, password or lock). */
export function userAttributes(u: Omit<DirectoryUser, 'locked' | 'sshPublicKeys'>): Attributes {
  const attributes: Attributes = {
    uid: [u.uid],
    cn: [u.cn],
    sn: [u.sn],
    uidNumber: [String(u.uidNumber)],
    gidNumber: [String(u.gidNumber)],
    homeDirectory: [u.homeDirectory],
    loginShell: [u.loginShell],
  };
  if (u.givenName) attributes.givenName = [u.givenName];
  if (u.mail) attributes.mail = [u.mail];
  return attributes;
}

/** A whole user entry, as the embedded directory exports it. */
export function fullUserEntry(
  u: DirectoryUser & { passwordHash?: string | null },
  options: { ppolicy: boolean },
): Attributes {
  return {
    objectClass: userObjectClasses,
    ...userAttributes(u),
    ...(u.sshPublicKeys.length ? { sshPublicKey: u.sshPublicKeys } : {}),
    ...(u.passwordHash ? { userPassword: [u.passwordHash] } : {}),
    ...(u.locked ? { shadowExpire: [String(LOCKED_SHADOW_EXPIRE)] } : {}),
    ...(u.locked && options.ppolicy ? { pwdAccountLockedTime: [PPOLICY_LOCKED] } : {}),
  };
}

export const groupAttributes = (g: DirectoryGroup): Attributes => ({
  objectClass: groupObjectClasses,
  cn: [g.cn],
  gidNumber: [String(g.gidNumber)],
  ...(g.memberUid.length ? { memberUid: g.memberUid } : {}),
});

export const ouAttributes = (ou: string): Attributes => ({
  objectClass: ['organizationalUnit'],
  ou: [ou.replace(/^ou=/i, '')],
});

type Entry = Record<string, unknown>;

const values = (entry: Entry, name: string): string[] => {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key ? entry[key] : undefined;
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
};
const first = (entry: Entry, name: string) => values(entry, name)[0] ?? '';

/** A user read from the directory. Locked when shadowExpire is in the past or ppolicy locked it. */
export function parseUser(entry: Entry, today = Math.floor(Date.now() / 86_400_000)): DirectoryUser {
  const expire = first(entry, 'shadowExpire');
  return {
    uid: first(entry, 'uid'),
    uidNumber: Number(first(entry, 'uidNumber')),
    gidNumber: Number(first(entry, 'gidNumber')),
    givenName: first(entry, 'givenName'),
    sn: first(entry, 'sn'),
    cn: first(entry, 'cn'),
    mail: first(entry, 'mail'),
    homeDirectory: first(entry, 'homeDirectory'),
    loginShell: first(entry, 'loginShell'),
    sshPublicKeys: values(entry, 'sshPublicKey'),
    locked:
      (expire !== '' && Number(expire) >= 0 && Number(expire) <= today) || first(entry, 'pwdAccountLockedTime') !== '',
  };
}

export function parseGroup(entry: Entry): DirectoryGroup {
  return {
    cn: first(entry, 'cn'),
    gidNumber: Number(first(entry, 'gidNumber')),
    memberUid: values(entry, 'memberUid'),
  };
}

export const userReadAttributes = [
  'uid',
  'uidNumber',
  'gidNumber',
  'givenName',
  'sn',
  'cn',
  'mail',
  'homeDirectory',
  'loginShell',
  'sshPublicKey',
  'shadowExpire',
  'pwdAccountLockedTime',
];
