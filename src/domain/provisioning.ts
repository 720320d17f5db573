// Rules of provisioning an approved application (domain.md): the accounts it gets
// (GA, and PG with the `-pg` twin when asked for), one UNIX group per responsible
// person, 1 TB of storage for a new GA account, the initial password, and the ranges
// UID and GID numbers come from. Pure, apart from the CSPRNG for the password.
import { randomInt } from 'node:crypto';
import { isReservedName, pgTwinName } from './account-name.js';

export const divisions = ['ga', 'pg'] as const;
export type Division = (typeof divisions)[number];

/** Every new GA account's high-speed storage quota: 1 TB (10^12 bytes). */
export const GA_DEFAULT_QUOTA_BYTES = 1_000_000_000_000;
/** A PG account's storage comes through a usage plan; until then it gets the same. */
export const PG_DEFAULT_QUOTA_BYTES = 1_000_000_000_000;

export const defaultLoginShell = '/bin/bash';
export const homeDirectory = (uid: string) => `/home/${uid}`;

/** The accounts an approved application gets: its GA name, and the PG twin when PG is asked for and open. */
export function accountsFor(a: { accountName: string; usePg: boolean; pgAccepting: boolean }) {
  const accounts: { division: Division; uid: string }[] = [{ division: 'ga', uid: a.accountName }];
  if (a.usePg && a.pgAccepting) accounts.push({ division: 'pg', uid: pgTwinName(a.accountName) });
  return accounts;
}

/** The group of a PG account: the responsible person's group with the same suffix. */
export const groupFor = (division: Division, group: string) => (division === 'pg' ? pgTwinName(group) : group);

/** A UNIX group name: a lower-case letter, then letters, digits, _ or -; 3 to 29 characters (room for `-pg`). */
export const groupNamePattern = /^[a-z][a-z0-9_-]{2,28}$/;
/** A group, or its PG twin (`group-pg`): what a command may be given as {group}. */
export const groupOrTwinPattern = /^[a-z][a-z0-9_-]{2,28}(?:-pg)?$/;
/** An account name as a command may be given it as {user} (a name, or its `-pg` twin). */
export const userPattern = /^[a-z][a-z0-9_-]{2,31}$/;

export function isGroupName(name: string, reserved: readonly string[]): boolean {
  return groupNamePattern.test(name) && !name.endsWith('-pg') && !isReservedName(name, reserved);
}

/**
 * The group the system proposes at approval: the responsible person's group when
 * they named one, else their account name, else their family name; then `-lab`
 * when the name is taken by the reserved list.
 */
export function proposeGroupName(
  r: { groupName: string | null; accountName: string | null; familyName: string | null },
  reserved: readonly string[],
): string {
  for (const candidate of [r.groupName, r.accountName]) {
    const name = (candidate ?? '').trim().toLowerCase();
    if (isGroupName(name, reserved)) return name;
  }
  const family = (r.familyName ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20);
  const base = /^[a-z]/.test(family) ? family : `g${family}`;
  const proposal = `${base}-lab`.slice(0, 29);
  return isGroupName(proposal, reserved) ? proposal : 'group-lab';
}

/** Without look-alikes (0/O/o, 1/l/I/i): the password is read off paper and typed. */
export const INITIAL_PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
export const INITIAL_PASSWORD_LENGTH = 16;

/** 16 characters from the alphabet above, each from the CSPRNG (~92 bits). */
export function generateInitialPassword(): string {
  let password = '';
  for (let i = 0; i < INITIAL_PASSWORD_LENGTH; i++) {
    password += INITIAL_PASSWORD_ALPHABET[randomInt(INITIAL_PASSWORD_ALPHABET.length)];
  }
  return password;
}

export interface IdRange {
  first: number;
  last: number;
}

/** "20000-59999" → { first: 20000, last: 59999 }; undefined when malformed. */
export function parseIdRange(text: string): IdRange | undefined {
  const m = /^\s*(\d{1,10})\s*-\s*(\d{1,10})\s*$/.exec(text);
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (first < 1000 || last > 2 ** 31 - 1 || last < first) return undefined;
  return { first, last };
}

/** The directory entry of an account, from the application's answers: what provisioning writes and reconcile expects. */
export function accountEntry(p: {
  uid: string;
  uidNumber: number;
  gidNumber: number;
  givenName: string | null;
  familyName: string | null;
  email: string;
}) {
  return {
    uid: p.uid,
    uidNumber: p.uidNumber,
    gidNumber: p.gidNumber,
    givenName: p.givenName ?? '',
    sn: p.familyName ?? p.uid,
    cn: [p.givenName, p.familyName].filter(Boolean).join(' ') || p.uid,
    mail: p.email,
    homeDirectory: homeDirectory(p.uid),
    loginShell: defaultLoginShell,
  };
}
