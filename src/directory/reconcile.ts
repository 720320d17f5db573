// `sc-account reconcile`: compares what the database says the accounts and groups should be with what a
// directory holds, lists each difference (a drift), and with --fix makes the directory match where no person
// has to decide.
import type { DirectoryUser, NewDirectoryUser } from '../domain/directory-entry.js';
import type { Directory } from './directory.js';

/** What the database says one account should look like in a directory (its SSH keys exactly these). */
export interface ExpectedAccount extends DirectoryUser {
  /** The UNIX group it must be a member of. */
  group: string;
}

/** members: the sc-account users that must be in it (besides the accounts whose `group` it is). */
export interface ExpectedGroup {
  cn: string;
  gidNumber: number;
  members: string[];
}

export interface Expected {
  accounts: ExpectedAccount[];
  groups: ExpectedGroup[];
  /** Users known to be there but not sc-account's to manage (recorded by `sc-account directory import`). */
  foreign?: string[];
  /** sc-account's users whose provisioning has not finished: their entries may be half made, and are not compared. */
  provisioning?: string[];
}

export type Drift =
  | { kind: 'missing-user'; uid: string }
  /** A posixAccount in the directory that sc-account does not know (reported, never deleted by --fix). */
  | { kind: 'unexpected-user'; uid: string }
  /** uidNumber/gidNumber/cn/sn/givenName/mail/homeDirectory/loginShell differing. */
  | { kind: 'attributes'; uid: string; fields: string[] }
  | { kind: 'ssh-keys'; uid: string; expected: string[]; actual: string[] }
  | { kind: 'lock'; uid: string; expected: boolean; actual: boolean }
  | { kind: 'missing-group'; cn: string }
  | { kind: 'group-gid'; cn: string; expected: number; actual: number }
  | { kind: 'missing-member'; cn: string; uid: string }
  /** Only a member that is one of sc-account's users but should not be in this group. */
  | { kind: 'unexpected-member'; cn: string; uid: string };

/** checkedUsers/checkedGroups: how many of sc-account's accounts and groups were compared. */
export interface ReconcileReport {
  directory: string;
  checkedUsers: number;
  checkedGroups: number;
  drifts: Drift[];
}

const attributeFields = [
  'uidNumber',
  'gidNumber',
  'cn',
  'sn',
  'givenName',
  'mail',
  'homeDirectory',
  'loginShell',
] as const satisfies readonly (keyof DirectoryUser & keyof ExpectedAccount)[];

const keySet = (keys: string[]) => [...new Set(keys)].sort();
const sameKeys = (a: string[], b: string[]) => keySet(a).join('\n') === keySet(b).join('\n');

/** Every group's required members: its own list and the accounts whose UNIX group it is. */
function requiredMembers(expected: Expected): Map<string, Set<string>> {
  const members = new Map(expected.groups.map((g) => [g.cn, new Set(g.members)]));
  for (const a of expected.accounts) members.get(a.group)?.add(a.uid);
  return members;
}

const newUser = (a: ExpectedAccount): NewDirectoryUser => ({
  uid: a.uid,
  uidNumber: a.uidNumber,
  gidNumber: a.gidNumber,
  givenName: a.givenName,
  sn: a.sn,
  cn: a.cn,
  mail: a.mail,
  homeDirectory: a.homeDirectory,
  loginShell: a.loginShell,
});

export async function compareDirectory(
  name: string,
  directory: Directory,
  expected: Expected,
): Promise<ReconcileReport> {
  const users = new Map((await directory.listUsers()).map((u) => [u.uid, u]));
  const groups = new Map((await directory.listGroups()).map((g) => [g.cn, g]));
  const ours = new Set(expected.accounts.map((a) => a.uid));
  const drifts: Drift[] = [];
  // A missing user's own fix brings its memberships; an entry with another uidNumber may be someone
  // else's, so nothing is granted to it until a person has looked.
  const noGrant = new Set<string>();

  for (const a of expected.accounts) {
    const u = users.get(a.uid);
    if (!u) {
      drifts.push({ kind: 'missing-user', uid: a.uid });
      noGrant.add(a.uid);
      continue;
    }
    const fields = attributeFields.filter((f) => u[f] !== a[f]);
    if (fields.length) drifts.push({ kind: 'attributes', uid: a.uid, fields });
    if (u.uidNumber !== a.uidNumber) {
      noGrant.add(a.uid);
      continue;
    }
    if (!sameKeys(u.sshPublicKeys, a.sshPublicKeys))
      drifts.push({ kind: 'ssh-keys', uid: a.uid, expected: keySet(a.sshPublicKeys), actual: keySet(u.sshPublicKeys) });
    if (u.locked !== a.locked) drifts.push({ kind: 'lock', uid: a.uid, expected: a.locked, actual: u.locked });
  }
  const known = new Set([...(expected.foreign ?? []), ...(expected.provisioning ?? [])]);
  for (const uid of users.keys()) {
    if (!ours.has(uid) && !known.has(uid)) drifts.push({ kind: 'unexpected-user', uid });
  }

  const required = requiredMembers(expected);
  for (const g of expected.groups) {
    const actual = groups.get(g.cn);
    if (!actual) drifts.push({ kind: 'missing-group', cn: g.cn });
    else if (actual.gidNumber !== g.gidNumber) {
      // Perhaps not our group at all: its members wait for the person who settles that.
      drifts.push({ kind: 'group-gid', cn: g.cn, expected: g.gidNumber, actual: actual.gidNumber });
      continue;
    }
    const has = new Set(actual?.memberUid ?? []);
    const must = required.get(g.cn) ?? new Set();
    for (const uid of must)
      if (!has.has(uid) && !noGrant.has(uid)) drifts.push({ kind: 'missing-member', cn: g.cn, uid });
    for (const uid of has)
      if (ours.has(uid) && !must.has(uid)) drifts.push({ kind: 'unexpected-member', cn: g.cn, uid });
  }

  return { directory: name, checkedUsers: expected.accounts.length, checkedGroups: expected.groups.length, drifts };
}

// Groups before users (a new user joins them), users before memberships.
const fixOrder: Record<Drift['kind'], number> = {
  'missing-group': 0,
  'missing-user': 1,
  attributes: 1,
  'ssh-keys': 1,
  lock: 1,
  'missing-member': 2,
  'unexpected-member': 2,
  'unexpected-user': 3,
  'group-gid': 3,
};

/**
 * Makes the directory match for each fixable drift, calling onFix after each successful fix; returns the drifts
 * it fixed and the ones it left with the reason. A failing fix is left with its error; a failing onFix stops
 * the run, so that no change goes unrecorded.
 */
export async function fixDrifts(
  directory: Directory,
  report: ReconcileReport,
  expected: Expected,
  onFix: (drift: Drift) => Promise<void>,
): Promise<{ fixed: Drift[]; left: { drift: Drift; why: string }[] }> {
  const accounts = new Map(expected.accounts.map((a) => [a.uid, a]));
  const required = requiredMembers(expected);
  const account = (uid: string) => {
    const a = accounts.get(uid);
    if (!a) throw new Error(`${uid} is not among the expected accounts`);
    return a;
  };

  /** Makes the change; returns why not when a person has to decide. */
  const fix = async (d: Drift): Promise<string | undefined> => {
    switch (d.kind) {
      case 'unexpected-user':
        return 'neither made nor imported by sc-account: a person decides whether it goes';
      case 'group-gid':
        return `gidNumber ${d.actual} in the directory, ${d.expected} in the database: a person decides which is right`;
      case 'missing-group': {
        const g = expected.groups.find((x) => x.cn === d.cn);
        if (!g) throw new Error(`${d.cn} is not among the expected groups`);
        await directory.ensureGroup(g);
        return;
      }
      case 'missing-user': {
        const a = account(d.uid);
        const keys = keySet(a.sshPublicKeys);
        // A new entry starts unlocked: a locked account gets its keys only once the lock is on.
        await directory.ensureUser({ ...newUser(a), sshPublicKeys: a.locked ? [] : keys });
        await (a.locked ? directory.lock(a.uid) : directory.unlock(a.uid));
        // The entry may have appeared meanwhile, and ensureUser leaves an existing one's keys alone.
        await directory.setSshKeys(a.uid, keys);
        for (const [cn, members] of required) if (members.has(a.uid)) await directory.addMember(cn, a.uid);
        return;
      }
      case 'attributes':
        if (d.fields.includes('uidNumber'))
          return 'the uidNumber differs: the entry may be another person’s, and ensureUser refuses to change it';
        await directory.ensureUser(newUser(account(d.uid)));
        return;
      case 'ssh-keys':
        await directory.setSshKeys(d.uid, d.expected);
        return;
      case 'lock':
        await (d.expected ? directory.lock(d.uid) : directory.unlock(d.uid));
        return;
      case 'missing-member':
        await directory.addMember(d.cn, d.uid);
        return;
      case 'unexpected-member':
        await directory.removeMember(d.cn, d.uid);
        return;
    }
  };

  const fixed: Drift[] = [];
  const left: { drift: Drift; why: string }[] = [];
  for (const drift of [...report.drifts].sort((a, b) => fixOrder[a.kind] - fixOrder[b.kind])) {
    let why: string | undefined;
    try {
      why = await fix(drift);
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
    if (why !== undefined) {
      left.push({ drift, why });
      continue;
    }
    fixed.push(drift);
    await onFix(drift);
  }
  return { fixed, left };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeDrift(d: Drift): string {
  switch (d.kind) {
    case 'missing-user':
      return `user ${d.uid}: missing from the directory`;
    case 'unexpected-user':
      return `user ${d.uid}: in the directory but not an sc-account user`;
    case 'attributes':
      return `user ${d.uid}: differs in ${d.fields.join(', ')}`;
    case 'ssh-keys': {
      const missing = d.expected.filter((k) => !d.actual.includes(k)).length;
      const extra = d.actual.filter((k) => !d.expected.includes(k)).length;
      return `user ${d.uid}: SSH keys differ (${missing} missing, ${extra} not expected)`;
    }
    case 'lock':
      return `user ${d.uid}: ${d.actual ? 'locked' : 'not locked'}, should ${d.expected ? 'be locked' : 'not be'}`;
    case 'missing-group':
      return `group ${d.cn}: missing from the directory`;
    case 'group-gid':
      return `group ${d.cn}: gidNumber ${d.actual}, should be ${d.expected}`;
    case 'missing-member':
      return `group ${d.cn}: ${d.uid} should be a member and is not`;
    case 'unexpected-member':
      return `group ${d.cn}: ${d.uid} is a member and should not be`;
  }
}

/** A human-readable text report (one line per drift, a summary line; 'No drift' when clean). */
export function formatReport(report: ReconcileReport): string {
  const checked = `${plural(report.checkedUsers, 'user')} and ${plural(report.checkedGroups, 'group')} checked`;
  const summary = report.drifts.length
    ? `Directory ${report.directory}: ${plural(report.drifts.length, 'drift')} (${checked}).`
    : `Directory ${report.directory}: No drift (${checked}).`;
  return [...report.drifts.map(describeDrift), summary].join('\n');
}
