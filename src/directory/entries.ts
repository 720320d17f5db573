// Directory entries as LDAP attributes, shared by the LDAP directory and the LDIF
// export of the embedded one: where users and groups live (DNs built with escaped
// RDNs, never by pasting values), which object classes they have, and back.
import { DN } from 'ldapts';
import type { DirectoryGroup, DirectoryUser } from '../domain/directory-entry.js';
import { LOCKED_SHADOW_EXPIRE, PPOLICY_LOCKED } from './directory.js';

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

/**
 * The entries an empty server needs before the users and groups: the suffix (the
 * base DN itself), then every organisational unit on the way to the people and
 * group OUs (`ou=people`, or nested as `ou=people,ou=unix`), parents first.
 */
export function containerEntries(l: DirectoryLayout): { dn: string; attributes: Attributes }[] {
  const entries = [{ dn: l.baseDn, attributes: suffixAttributes(l.baseDn) }];
  for (const ou of [l.peopleOu, l.groupsOu]) {
    const rdns = ou.split(',').map((r) => r.trim());
    for (let i = rdns.length - 1; i >= 0; i--) {
      const dn = `${rdns.slice(i).join(',')},${l.baseDn}`;
      if (entries.some((e) => e.dn.toLowerCase() === dn.toLowerCase())) continue;
      const [type, value] = splitRdn(rdns[i] ?? '');
      if (type !== 'ou') throw new Error(`${ou}: only ou= entries can be made on the way to the people and group OUs`);
      entries.push({ dn, attributes: { objectClass: ['organizationalUnit'], ou: [value] } });
    }
  }
  return entries;
}

function splitRdn(rdn: string): [string, string] {
  const at = rdn.indexOf('=');
  if (at < 1 || rdn.includes('+')) throw new Error(`not a single-valued RDN: ${rdn}`);
  return [rdn.slice(0, at).trim().toLowerCase(), rdn.slice(at + 1).trim()];
}

/** The suffix entry's attributes, by the type of its first RDN (dc=centre,dc=example; o=…; ou=…; c=JP; l=…). */
export function suffixAttributes(baseDn: string): Attributes {
  const [type, value] = splitRdn(baseDn.split(',')[0] ?? '');
  switch (type) {
    case 'dc':
      return { objectClass: ['dcObject', 'organization'], dc: [value], o: [value] };
    case 'o':
      return { objectClass: ['organization'], o: [value] };
    case 'ou':
      return { objectClass: ['organizationalUnit'], ou: [value] };
    case 'c':
      return { objectClass: ['country'], c: [value] };
    case 'l':
      return { objectClass: ['locality'], l: [value] };
    default:
      throw new Error(`cannot make a suffix entry for ${baseDn}: its first RDN is not dc=, o=, ou=, c= or l=`);
  }
}

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
