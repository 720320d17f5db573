// A group's quotas brought to what its approved usage plan says (and every live user's
// 1 TB otherwise), through the QuotaSetter. The job works out the whole group's quotas
// when it runs and sets those that differ from what was last applied, so it may run
// twice or after a later approval; quotas no longer in the plan are set to 0.
import type { Kysely, Transaction } from 'kysely';
import { enqueueJob } from '../../db/jobs.js';
import { appliedQuotas, quotaInputs, recordAppliedQuota } from '../../db/quotas.js';
import type { Database } from '../../db/schema.js';
import { pgTwinName } from '../../domain/account-name.js';
import { centreDayOf, centreDayStart } from '../../domain/fiscal-calendar.js';
import { BYTES_PER_TENTH, type ExpectedQuota, quotaKey, quotasOn } from '../../domain/usage-plan.js';
import type { QuotaRequest, QuotaSetter } from '../../quota/quota-setter.js';
import type { JobHandler } from '../worker.js';

export const QUOTA_JOB = 'quota.apply';

/** Queued with the approval; a version that takes effect later runs on its first day. */
export async function enqueueQuotaApply(
  trx: Transaction<Database>,
  group: string,
  versionId: number,
  effectiveOn: string,
  today: string,
) {
  await enqueueJob(trx, {
    kind: QUOTA_JOB,
    key: `quota:${group}:${versionId}`,
    payload: { group },
    ...(effectiveOn > today ? { runAt: centreDayStart(effectiveOn) } : {}),
    maxAttempts: 8,
  });
}

/** What the QuotaSetter is asked for one expected quota of a group. */
export function quotaRequest(
  group: string,
  q: Pick<ExpectedQuota, 'scope' | 'subject' | 'kind'>,
  bytes: number,
): QuotaRequest {
  const pg = q.kind === 'pg';
  const user = q.scope === 'group' ? group : q.subject;
  return {
    division: pg ? 'pg' : 'ga',
    scope: q.scope,
    storage: q.kind,
    user: pg ? pgTwinName(user) : user,
    group: pg ? pgTwinName(group) : group,
    bytes,
  };
}

export function quotaJobHandlers(deps: {
  db: Kysely<Database>;
  quota: QuotaSetter;
  now: () => Date;
}): Record<string, JobHandler> {
  return {
    [QUOTA_JOB]: async (job) => {
      const { group } = job.payload as { group: string };
      const today = centreDayOf(deps.now());
      const inputs = (await quotaInputs(deps.db, [group], today)).get(group);
      if (!inputs) return;
      const expected = quotasOn(inputs.uids, inputs.stretches, today);
      const applied = new Map((await appliedQuotas(deps.db, [group])).map((a) => [quotaKey(a), a]));
      const wanted = new Map(expected.map((e) => [quotaKey(e), e.tenths * BYTES_PER_TENTH]));
      for (const a of applied.values()) if (!wanted.has(quotaKey(a)) && a.bytes !== 0) wanted.set(quotaKey(a), 0);
      for (const [key, bytes] of wanted) {
        const [scope, subject, kind] = key.split(':') as [ExpectedQuota['scope'], string, ExpectedQuota['kind']];
        if (applied.get(key)?.bytes === bytes) continue;
        await deps.quota.set(quotaRequest(group, { scope, subject, kind }, bytes));
        await recordAppliedQuota(deps.db, { scope, subject, kind, group_name: group, bytes, via: deps.quota.kind });
      }
    },
  };
}
