// Reconcile as a use case (`sc-account reconcile`): what the database says each
// division's directory should hold, compared with what it holds, and with `fix` the
// directory made to match, every change audited. Likewise the storage quotas: what the
// usage plans' ledger says against what was last applied; `fix` queues the quota job
// of each group that drifted. A division with a replica (syncrepl consumer) also
// gets the replica's lag: beyond its threshold, or out of reach, it is drift too.
import type { Kysely } from 'kysely';
import { accountsToReconcile, importedUsers } from '../db/accounts.js';
import { appendAudit, recordAudit } from '../db/audit.js';
import { enqueueJob } from '../db/jobs.js';
import { appliedQuotas, groupsWithPlans, quotaInputs } from '../db/quotas.js';
import type { Database } from '../db/schema.js';
import type { Directory } from '../directory/directory.js';
import {
  compareDirectory,
  describeDrift,
  type Expected,
  fixDrifts,
  type ReconcileReport,
} from '../directory/reconcile.js';
import type { ReplicaCheck, ReplicaLag } from '../directory/replica-lag.js';
import type { StorageKind } from '../domain/billing.js';
import { centreDayOf } from '../domain/fiscal-calendar.js';
import { accountEntry, type Division } from '../domain/provisioning.js';
import { BYTES_PER_TENTH, type QuotaScope, quotaKey, quotasOn } from '../domain/usage-plan.js';
import { QUOTA_JOB } from '../jobs/handlers/quota.js';

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

/** A quota the ledger and what was last applied disagree on (applied null: never set). */
export interface QuotaDrift {
  group: string;
  scope: QuotaScope;
  subject: string;
  kind: StorageKind;
  expectedBytes: number;
  appliedBytes: number | null;
}

/** The quota drift of a division's storage (GA: GA and archive; PG: PG) in groups with a usage plan. */
export async function quotaDrifts(db: Kysely<Database>, division: Division, now: Date): Promise<QuotaDrift[]> {
  const groups = await groupsWithPlans(db);
  const today = centreDayOf(now);
  const inputs = await quotaInputs(db, groups, today);
  const applied = await appliedQuotas(db, groups);
  const out: QuotaDrift[] = [];
  for (const group of groups) {
    const input = inputs.get(group);
    if (!input) continue;
    const expected = new Map(quotasOn(input.uids, input.stretches, today).map((q) => [quotaKey(q), q]));
    const set = new Map(applied.filter((a) => a.group_name === group).map((a) => [quotaKey(a), a]));
    for (const [key, q] of expected) {
      const bytes = q.tenths * BYTES_PER_TENTH;
      const was = set.get(key)?.bytes ?? null;
      if (was !== bytes)
        out.push({ group, scope: q.scope, subject: q.subject, kind: q.kind, expectedBytes: bytes, appliedBytes: was });
    }
    for (const [key, a] of set)
      if (!expected.has(key) && a.bytes !== 0)
        out.push({ group, scope: a.scope, subject: a.subject, kind: a.kind, expectedBytes: 0, appliedBytes: a.bytes });
  }
  return out.filter((d) => (d.kind === 'pg' ? 'pg' : 'ga') === division);
}

export const describeQuotaDrift = (d: QuotaDrift) =>
  `quota of ${d.scope} ${d.scope === 'group' ? d.group : d.subject} (${d.kind}): ${d.appliedBytes === null ? 'never set' : `${d.appliedBytes} bytes`}, the plan says ${d.expectedBytes} bytes`;

/** The replica's lag against its threshold, or why it could not be measured; `lagging` counts as drift. */
export type ReplicaStanding =
  | (ReplicaLag & { thresholdSeconds: number; lagging: boolean })
  | { replica: string; thresholdSeconds: number; error: string; lagging: true };

export async function replicaStanding(check: ReplicaCheck): Promise<ReplicaStanding> {
  try {
    const lag = await check.measure();
    return { ...lag, thresholdSeconds: check.thresholdSeconds, lagging: lag.lagSeconds > check.thresholdSeconds };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { replica: check.url, thresholdSeconds: check.thresholdSeconds, error: why, lagging: true };
  }
}

export function describeReplica(r: ReplicaStanding): string {
  if ('error' in r) return `Replica ${r.replica}: cannot be read (${r.error}).`;
  if (!r.behind) return `Replica ${r.replica}: up to date with the provider.`;
  const lag = `${r.lagSeconds.toFixed(1)} s behind the provider`;
  return r.lagging
    ? `Replica ${r.replica}: ${lag}, beyond the threshold of ${r.thresholdSeconds} s.`
    : `Replica ${r.replica}: ${lag} (threshold ${r.thresholdSeconds} s).`;
}

export type Reconciled = ReconcileReport & {
  quotas: QuotaDrift[];
  fixed?: string[];
  left?: string[];
  replica?: ReplicaStanding;
};

/** A division's drift; with `fix`, what was fixed, what was left and why, and the drift after. */
export async function reconcileDivision(
  db: Kysely<Database>,
  directory: Directory,
  division: Division,
  options: { fix: boolean; actor: string; now?: Date; replica?: ReplicaCheck | undefined },
): Promise<Reconciled> {
  const now = options.now ?? new Date();
  const expected = await expectedDirectory(db, division);
  const report = await compareDirectory(division, directory, expected);
  const quotas = await quotaDrifts(db, division, now);
  const standing = async () => (options.replica ? { replica: await replicaStanding(options.replica) } : {});
  if (!options.fix) return { ...report, quotas, ...(await standing()) };
  const queued: string[] = [];
  for (const group of new Set(quotas.map((q) => q.group))) {
    await db.transaction().execute(async (trx) => {
      await enqueueJob(trx, {
        kind: QUOTA_JOB,
        key: `quota:${group}:reconcile:${now.getTime()}`,
        payload: { group },
        maxAttempts: 8,
      });
      await appendAudit(trx, {
        actor: options.actor,
        action: 'quota.reconcile',
        subject: `group:${group}`,
        details: { division },
      });
    });
    queued.push(`quota job queued for group ${group} (the running server's worker applies it)`);
  }
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
    quotas,
    fixed: [...result.fixed.map(describeDrift), ...queued],
    left: result.left.map((l) => `${describeDrift(l.drift)} (${l.why})`),
    ...(await standing()),
  };
}
