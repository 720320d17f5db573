// Reconcile as a use case (`sc-account reconcile`): what the database says each
// division's directory should hold, compared with what it holds, and with `fix` the
// directory made to match, every change audited.
import type { Kysely } from 'kysely';
import { accountsToReconcile, importedUsers } from '../db/accounts.js';
import { recordAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import type { Directory } from '../directory/directory.js';
import {
  compareDirectory,
  describeDrift,
  type Expected,
  fixDrifts,
  type ReconcileReport,
} from '../directory/reconcile.js';
import { accountEntry, type Division } from '../domain/provisioning.js';

/**
 * What the database says a division's directory should hold: the holders' accounts and
 * keys as they are now (accountsToReconcile), ended and locked accounts locked.
 */
export async function expectedDirectory(db: Kysely<Database>, division: Division): Promise<Expected> {
  const { accounts: rows, provisioning } = await accountsToReconcile(db, division);
  const groups = new Map<string, number>();
  const accounts = rows.map((r) => {
    groups.set(r.groupName, r.gidNumber);
    return {
      ...accountEntry({
        uid: r.uid,
        uidNumber: r.uidNumber,
        gidNumber: r.gidNumber,
        givenName: r.givenName,
        familyName: r.familyName,
        email: r.email,
      }),
      group: r.groupName,
      sshPublicKeys: r.sshPublicKeys,
      locked: r.locked,
    };
  });
  return {
    accounts,
    groups: [...groups].map(([cn, gidNumber]) => ({ cn, gidNumber, members: [] })),
    foreign: await importedUsers(db, division),
    provisioning,
  };
}

export type Reconciled = ReconcileReport & { fixed?: string[]; left?: string[] };

/** A division's drift; with `fix`, what was fixed, what was left and why, and the drift after. */
export async function reconcileDivision(
  db: Kysely<Database>,
  directory: Directory,
  division: Division,
  options: { fix: boolean; actor: string },
): Promise<Reconciled> {
  const expected = await expectedDirectory(db, division);
  const report = await compareDirectory(division, directory, expected);
  if (!options.fix) return report;
  const result = await fixDrifts(directory, report, expected, (drift) =>
    recordAudit(db, {
      actor: options.actor,
      action: 'directory.fixed',
      subject: `directory:${division}`,
      details: { drift },
    }),
  );
  const after = await compareDirectory(division, directory, expected);
  return {
    ...after,
    fixed: result.fixed.map(describeDrift),
    left: result.left.map((l) => `${describeDrift(l.drift)} (${l.why})`),
  };
}
