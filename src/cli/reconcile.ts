// `sc-account reconcile` and `sc-account directory import`: the database and the
// directories compared (and, with --fix, the directories made to match, each fix in
// the audit log); numbers of entries made outside sc-account recorded as taken.

import { recordPosixId } from '../db/accounts.js';
import type { DatabaseHandle } from '../db/database.js';
import { directoryReplicas, openDirectories } from '../directory/index.js';
import { formatReport } from '../directory/reconcile.js';
import { type Division, divisions } from '../domain/provisioning.js';
import { describeQuotaDrift, describeReplica, type Reconciled, reconcileDivision } from '../services/reconcile.js';
import { type Command, type Context, command, UsageError, usageLine } from './command.js';

function chosen(division: string | undefined, c: Command): Division[] {
  if (division === undefined) return [...divisions];
  if (divisions.includes(division as Division)) return [division as Division];
  throw new UsageError(`--division must be ${divisions.join(' or ')}, not "${division}"`, usageLine(c));
}

async function withDirectories<T>(
  context: Context,
  fn: (database: DatabaseHandle, directories: ReturnType<typeof openDirectories>) => Promise<T>,
): Promise<T> {
  const config = context.config();
  return context.withDatabase(async (database) => {
    const directories = openDirectories(config, database.db);
    try {
      return await fn(database, directories);
    } finally {
      await Promise.all([directories.ga.close(), directories.pg.close()]);
    }
  });
}

const reconcile = command({
  words: ['reconcile'],
  synopsis: '[--division ga|pg] [--json] [--fix]',
  description:
    "Compare the accounts in the database with the directories (their providers): missing or unexpected entries, SSH keys, group members, locks; and the usage plans' quotas with those applied; and a replica's lag (LDAP_READ_URL). --fix makes the directory match and queues the quota jobs (audited). Exit 0 without drift, 1 with drift left or a replica lagging beyond LDAP_REPLICA_LAG_SECONDS or out of reach.",
  options: {
    division: { type: 'string' },
    json: { type: 'boolean', default: false },
    fix: { type: 'boolean', default: false },
  },
  async run({ values, context }) {
    const which = chosen(values.division, reconcile);
    const out = context.io.out;
    const config = context.config();
    const replicas = directoryReplicas(config);
    return withDirectories(context, async (database, directories) => {
      const reports: Reconciled[] = [];
      for (const division of which) {
        reports.push(
          await reconcileDivision(database.db, directories[division], division, {
            fix: values.fix,
            actor: 'cli',
            replica: replicas[division],
          }),
        );
      }
      if (values.json) out(`${JSON.stringify(reports, null, 2)}\n`);
      else {
        for (const r of reports) {
          for (const line of r.fixed ?? []) out(`fixed: ${line}\n`);
          for (const line of r.left ?? []) out(`left alone: ${line}\n`);
          out(`${formatReport(r)}\n`);
          for (const q of r.quotas) out(`${describeQuotaDrift(q)}\n`);
          if (r.quotas.length) out(`Quotas ${r.directory}: ${r.quotas.length} to apply.\n`);
          if (r.replica) out(`${describeReplica(r.replica)}\n`);
        }
      }
      const drift = (r: Reconciled) =>
        r.drifts.length > 0 || (!values.fix && r.quotas.length > 0) || r.replica?.lagging;
      return reports.some(drift) ? 1 : 0;
    });
  },
});

const importNumbers = command({
  words: ['directory', 'import'],
  synopsis: '[--division ga|pg]',
  description: 'Record the UID/GID numbers of entries already in the directory, so sc-account never gives them out.',
  options: { division: { type: 'string' } },
  async run({ values, context }) {
    const which = chosen(values.division, importNumbers);
    return withDirectories(context, async (database, directories) => {
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
        context.io.out(
          `${division}: ${users.length} users and ${groups.length} groups read; ${recorded} numbers newly recorded as taken.\n`,
        );
      }
      return 0;
    });
  },
});

export const reconcileCommands = [reconcile, importNumbers];
