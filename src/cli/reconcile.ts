// `sc-account reconcile` and `sc-account directory import`: the database and the
// directories compared (and, with --fix, the directories made to match, each fix in
// the audit log); numbers of entries made outside sc-account recorded as taken.
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { accountsToReconcile, importedUsers, recordPosixId } from '../db/accounts.js';
import { appendAudit } from '../db/audit.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDirectories } from '../directory/index.js';
import {
  compareDirectory,
  describeDrift,
  type Expected,
  fixDrifts,
  formatReport,
  type ReconcileReport,
} from '../directory/reconcile.js';
import { accountEntry, type Division, divisions } from '../domain/provisioning.js';

export const reconcileHelp = `  reconcile [--division ga|pg] [--json] [--fix]
                          Compare the accounts in the database with the directories:
                          missing or unexpected entries, SSH keys, group members,
                          locks. --fix makes the directory match (audited). Exit 0
                          without drift, 1 with drift left.
  directory import [--division ga|pg]
                          Record the UID/GID numbers of entries already in the
                          directory, so sc-account never gives them out.
`;

/** What the database says a division's directory should hold. */
export async function expectedDirectory(database: DatabaseHandle, division: Division): Promise<Expected> {
  const rows = await accountsToReconcile(database.db, division);
  const groups = new Map<string, number>();
  const accounts = rows
    .filter((r) => r.uid_number !== null && r.gid_number !== null)
    .map((r) => {
      groups.set(r.group_name, r.gid_number as number);
      return {
        ...accountEntry({
          uid: r.uid,
          uidNumber: r.uid_number as number,
          gidNumber: r.gid_number as number,
          givenName: r.given_name,
          familyName: r.family_name,
          email: r.email,
        }),
        group: r.group_name,
        sshPublicKeys: r.ssh_public_key ? [r.ssh_public_key] : [],
        locked: r.state === 'locked',
      };
    });
  return {
    accounts,
    groups: [...groups].map(([cn, gidNumber]) => ({ cn, gidNumber, members: [] })),
    foreign: await importedUsers(database.db, division),
  };
}

const chosen = (division: string | undefined): Division[] | undefined => {
  if (division === undefined) return [...divisions];
  return divisions.includes(division as Division) ? [division as Division] : undefined;
};

async function withDirectories<T>(
  config: Config,
  fn: (database: DatabaseHandle, directories: ReturnType<typeof openDirectories>) => Promise<T>,
): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const directories = openDirectories(config, database.db);
  try {
    await migrateToLatest(database.db);
    return await fn(database, directories);
  } finally {
    await Promise.all([directories.ga.close(), directories.pg.close()]);
    await database.close();
  }
}

export async function reconcileCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: new (message: string) => Error,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    options: {
      division: { type: 'string' },
      json: { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const which = chosen(values.division);
  if (positionals.length || !which) throw new Usage('usage: sc-account reconcile [--division ga|pg] [--json] [--fix]');
  return withDirectories(config, async (database, directories) => {
    const reports: (ReconcileReport & { fixed?: string[]; left?: string[] })[] = [];
    for (const division of which) {
      const expected = await expectedDirectory(database, division);
      const report = await compareDirectory(division, directories[division], expected);
      if (!values.fix) {
        reports.push(report);
        continue;
      }
      const result = await fixDrifts(directories[division], report, expected, async (drift) => {
        await database.db.transaction().execute((trx) =>
          appendAudit(trx, {
            actor: 'system',
            action: 'directory.fixed',
            subject: `directory:${division}`,
            details: { drift },
          }),
        );
      });
      const after = await compareDirectory(division, directories[division], expected);
      reports.push({
        ...after,
        fixed: result.fixed.map(describeDrift),
        left: result.left.map((l) => `${describeDrift(l.drift)}: ${l.why}`),
      });
    }
    if (values.json) out(`${JSON.stringify(reports, null, 2)}\n`);
    else {
      for (const r of reports) {
        for (const line of r.fixed ?? []) out(`fixed: ${line}\n`);
        out(`${formatReport(r)}\n`);
      }
    }
    return reports.some((r) => r.drifts.length > 0) ? 1 : 0;
  });
}

export async function importCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: new (message: string) => Error,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { division: { type: 'string' } } });
  const which = chosen(values.division);
  if (!which) throw new Usage('usage: sc-account directory import [--division ga|pg]');
  return withDirectories(config, async (database, directories) => {
    for (const division of which) {
      let recorded = 0;
      const [users, groups] = await Promise.all([
        directories[division].listUsers(),
        directories[division].listGroups(),
      ]);
      for (const u of users) {
        if (await recordPosixId(database.db, { division, kind: 'uid', number: u.uidNumber, name: u.uid })) recorded++;
      }
      for (const g of groups) {
        if (await recordPosixId(database.db, { division, kind: 'gid', number: g.gidNumber, name: g.cn })) recorded++;
      }
      out(
        `${division}: ${users.length} users and ${groups.length} groups read; ${recorded} numbers newly recorded as taken.\n`,
      );
    }
    return 0;
  });
}
