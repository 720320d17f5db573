// The desired account name becomes a UNIX login on the supercomputer, and its PG twin is
// the same name plus `-pg`; these rules keep both valid and out of the system's namespace.

export type AccountNameProblem =
  | 'ACCOUNT_NAME_REQUIRED'
  | 'ACCOUNT_NAME_ENDS_IN_PG'
  | 'ACCOUNT_NAME_INVALID_CHARACTERS'
  | 'ACCOUNT_NAME_MUST_START_WITH_LETTER'
  | 'ACCOUNT_NAME_TOO_SHORT'
  | 'ACCOUNT_NAME_TOO_LONG'
  | 'ACCOUNT_NAME_RESERVED';

export type AccountNameCheck = { ok: true; name: string } | { ok: false; code: AccountNameProblem };

export const accountNameMinLength = 3;
export const accountNameMaxLength = 16;
/** A personal genome (PG) account is the general analysis (GA) name plus this suffix. */
export const pgSuffix = '-pg';

/**
 * Seed of the staff-editable reserved list: system users and groups of the Linux
 * distributions and services the centre runs, role mailbox names, and the centre's own
 * names. An entry ending in `*` reserves every name that starts with what comes before it.
 * Entries with `-` can never be desired names (the character is not allowed); they are
 * kept so that the list says what it protects.
 */
// biome-ignore format: a word list reads better packed
export const defaultReservedNames: readonly string[] = [
  // system users and groups
  'root', 'admin', 'administrator', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp',
  'mail', 'news', 'uucp', 'proxy', 'www', 'www-data', 'www_data', 'backup', 'list', 'irc', 'gnats',
  'nobody', 'nogroup', 'nfsnobody', 'adm', 'wheel', 'sudo', 'users', 'shutdown', 'halt',
  'operator', 'ftp', 'sshd', 'systemd-*', 'systemd_*', 'messagebus', 'dbus', 'polkitd', 'syslog',
  'rpc', 'rpcuser', 'chrony', 'ntp', 'tss', 'sssd', 'nscd', 'nslcd', 'postfix', 'dovecot',
  'apache', 'nginx', 'tcpdump', 'avahi', 'dnsmasq', 'docker', 'podman', 'apptainer',
  'singularity', 'slurm', 'munge', 'lustre',
  // databases and directories
  'postgres', 'mysql', 'ldap', 'openldap',
  // distributions and generic logins
  'ubuntu', 'debian', 'centos', 'rocky', 'redhat', 'fedora', 'vagrant', 'guest', 'test',
  'user', 'anonymous', 'system', 'manager',
  // role mailboxes and staff-looking names
  'staff', 'support', 'help', 'info', 'webmaster', 'postmaster', 'hostmaster', 'abuse',
  'security', 'noreply', 'no_reply',
  // the centre and this system; the gateways (gw, gw2, gwa)
  'nig', 'ddbj', 'sc-account', 'sc_account', 'scaccount', 'gw2', 'gwa',
];

/** The personal genome division account that goes with a general analysis account. */
export function pgTwinName(name: string): string {
  return `${name}${pgSuffix}`;
}

/** True when `name` is in `reservedNames` (case-insensitively; `prefix*` entries match by prefix). */
export function isReservedName(name: string, reservedNames: readonly string[]): boolean {
  const wanted = name.toLowerCase();
  return reservedNames.some((entry) => {
    const reserved = entry.trim().toLowerCase();
    if (reserved === '' || reserved === '*') return false;
    return reserved.endsWith('*') ? wanted.startsWith(reserved.slice(0, -1)) : wanted === reserved;
  });
}

/**
 * Checks a desired account name after trimming the white space around it. Nothing else is
 * changed: upper-case or full-width letters are refused, not converted. The rules are
 * checked in this order and the first one broken is the answer:
 *
 * 1. ACCOUNT_NAME_REQUIRED — nothing typed.
 * 2. ACCOUNT_NAME_ENDS_IN_PG — ends in `-pg` (in any case). This wins over the character
 *    rule although `-` is not allowed at all: the person has most likely typed the PG
 *    twin, and the message should say that the twin comes with the GA name.
 * 3. ACCOUNT_NAME_INVALID_CHARACTERS — anything but `a-z`, `0-9` and `_`.
 * 4. ACCOUNT_NAME_MUST_START_WITH_LETTER — starts with a digit or `_`.
 * 5. ACCOUNT_NAME_TOO_SHORT / ACCOUNT_NAME_TOO_LONG — outside 3–16 characters.
 * 6. ACCOUNT_NAME_RESERVED — in `reservedNames` (the staff-editable list).
 *
 * Whether the name is free (directory, applications in review, ended accounts) is not a
 * pure rule; callers check it after this.
 */
export function checkAccountName(raw: string | null | undefined, reservedNames: readonly string[]): AccountNameCheck {
  const name = (raw ?? '').trim();
  if (name === '') return { ok: false, code: 'ACCOUNT_NAME_REQUIRED' };
  if (name.toLowerCase().endsWith(pgSuffix)) return { ok: false, code: 'ACCOUNT_NAME_ENDS_IN_PG' };
  if (!/^[a-z0-9_]+$/.test(name)) return { ok: false, code: 'ACCOUNT_NAME_INVALID_CHARACTERS' };
  if (!/^[a-z]/.test(name)) return { ok: false, code: 'ACCOUNT_NAME_MUST_START_WITH_LETTER' };
  if (name.length < accountNameMinLength) return { ok: false, code: 'ACCOUNT_NAME_TOO_SHORT' };
  if (name.length > accountNameMaxLength) return { ok: false, code: 'ACCOUNT_NAME_TOO_LONG' };
  if (isReservedName(name, reservedNames)) return { ok: false, code: 'ACCOUNT_NAME_RESERVED' };
  return { ok: true, name };
}
