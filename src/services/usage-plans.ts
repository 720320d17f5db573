// The usage plan of a responsible person's group as use cases: the person (or a
// holder they delegate) files a version, withdraws one still waiting, names delegates
// and sets an alert amount; staff approve, ask for changes or reject. An approved
// version becomes the group's quotas and bookings from the day it is approved (or the
// day its period starts, if later). Each runs in one transaction with its audit entry.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { applicationContact } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import { getServiceAcceptance } from '../db/notices.js';
import { listCatalogue } from '../db/prices.js';
import { quotaInputs } from '../db/quotas.js';
import type { Database } from '../db/schema.js';
import {
  advancePlanVersion,
  ensurePlan,
  getPlan,
  getPlanVersion,
  groupUsesPg,
  insertPlanVersion,
  lockPlanVersion,
  type PlanVersion,
  PlanVersionChangedError,
  planOfGroup,
  plansHolderMayKeep,
  planVersionsIn,
  putPlanDelegate,
  removePlanDelegate,
  replaceLedgerFrom,
  setPlanFlags,
  type UsagePlan,
} from '../db/usage-plans.js';
import { findAccountByName, getAccount } from '../db/user-accounts.js';
import type { StorageKind } from '../domain/billing.js';
import { storageKinds } from '../domain/billing.js';
import { addDays, centreDayOf, centreDayStart, fiscalYearOf, isCalendarDay } from '../domain/fiscal-calendar.js';
import { TransitionError } from '../domain/state-machine.js';
import { checkText } from '../domain/text.js';
import {
  BYTES_PER_TENTH,
  isLargeScale,
  ledgerWith,
  MAX_PLAN_LINES,
  MAX_SERVICE_QUANTITY,
  MAX_TENTHS,
  type PeriodProblem,
  type PlanContent,
  periodProblem,
  type QuotaScope,
  quotaKey,
  quotaScopes,
  quotasOn,
} from '../domain/usage-plan.js';
import { isLang } from '../i18n/index.js';
import { enqueueQuotaApply, quotaRequest } from '../jobs/handlers/quota.js';
import type { Outbox } from '../mail/outbox.js';
import type { QuotaSetter } from '../quota/quota-setter.js';
import { checkPlanAlert } from './plan-alerts.js';

export interface UsagePlanDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  /** Where the decision mail links to (the holder's plan page). */
  baseUrl: URL;
  /** Wakes the job worker (quotas are set by jobs). */
  pokeJobs(): void;
  /** How much a user or group has in use (undefined: not known), before a quota is lowered. */
  quota?: Pick<QuotaSetter, 'usage'>;
  /** The centre's address, mailed with the responsible person when the charges pass their alert amount. */
  contactEmail?: string;
}

export const planInput = z
  .object({
    purpose: z.string().max(40_000).describe('the purpose of use (plain text, at most 4,000 characters)'),
    relatedItems: z.string().max(40_000).default('').describe('grants, projects, collaborators (optional)'),
    from: z.string().max(10).describe("the plan's first day ('YYYY-MM-DD')"),
    to: z.string().max(10).describe("the plan's last day, in the same fiscal year"),
    storage: z
      .array(
        z
          .object({
            scope: z.enum(quotaScopes),
            subject: z.string().max(40).describe("a user's account name, or the group's name"),
            kind: z.enum(storageKinds),
            tenths: z.number().int().min(1).max(MAX_TENTHS).describe('tenths of a TB'),
          })
          .strict(),
      )
      .max(MAX_PLAN_LINES)
      .default([]),
    services: z
      .array(
        z.object({ code: z.string().max(40), quantity: z.number().int().min(1).max(MAX_SERVICE_QUANTITY) }).strict(),
      )
      .max(50)
      .default([]),
  })
  .strict()
  .meta({ id: 'UsagePlanVersionInput' });
export type PlanInput = z.input<typeof planInput>;

export type PlanField =
  | 'purpose'
  | 'relatedItems'
  | 'from'
  | 'to'
  | 'storage'
  | 'services'
  | `storage.${number}`
  | `services.${number}`;
export type PlanProblem =
  | 'required'
  | 'too_long'
  | 'not_text'
  | PeriodProblem
  | 'ended'
  | 'not_in_group'
  | 'duplicate'
  | 'unknown_service'
  | 'suspended'
  | 'pg_suspended';

export type FileOutcome =
  | { ok: true; version: PlanVersion }
  | { ok: false; problem: 'NOT_ALLOWED' }
  | { ok: false; problem: 'INVALID'; fields: Partial<Record<PlanField, PlanProblem>> };

const holderActor = (accountId: number) => `account:${accountId}`;

/** Whether the holder may keep the group's plan (the responsible person, or a delegate). */
export async function mayKeepPlan(db: Kysely<Database>, accountId: number, group: string): Promise<boolean> {
  return (await plansHolderMayKeep(db, accountId)).some((p) => p.group === group);
}

/** Checks a plan against the group, the catalogue and the suspension; the content as it would be kept. */
export async function checkPlan(
  db: Kysely<Database>,
  group: string,
  plan: UsagePlan | undefined,
  raw: PlanInput,
  now: Date,
): Promise<{ content: PlanContent; fields: Partial<Record<PlanField, PlanProblem>> }> {
  const input = planInput.parse(raw);
  const fields: Partial<Record<PlanField, PlanProblem>> = {};
  const text = (field: 'purpose' | 'relatedItems', value: string, optional: boolean) => {
    const checked = checkText(value, { max: 4000, multiline: true, optional });
    if (checked.ok) return checked.value;
    fields[field] = checked.code === 'REQUIRED' ? 'required' : checked.code === 'TOO_LONG' ? 'too_long' : 'not_text';
    return value;
  };
  const purpose = text('purpose', input.purpose, false);
  const relatedItems = text('relatedItems', input.relatedItems, true);
  const fiscalYear = isCalendarDay(input.from) ? fiscalYearOf(centreDayStart(input.from)) : 0;
  const period = periodProblem(input.from, input.to, fiscalYear);
  if (period === 'from_not_a_day') fields.from = period;
  else if (period) fields.to = period;
  else if (input.to < centreDayOf(now)) fields.to = 'ended';

  const members = new Set((await quotaInputs(db, [group], centreDayOf(now))).get(group)?.uids ?? []);
  const seen = new Set<string>();
  const storage = input.storage.map((line, i) => {
    const subject = line.scope === 'group' ? group : line.subject.trim().toLowerCase();
    const key = quotaKey({ ...line, subject });
    if (line.scope === 'user' && !members.has(subject)) fields[`storage.${i}`] = 'not_in_group';
    else if (seen.has(key)) fields[`storage.${i}`] = 'duplicate';
    seen.add(key);
    return { ...line, subject };
  });
  const catalogue = new Map((await listCatalogue(db)).map((c) => [c.code, c]));
  const codes = new Set<string>();
  input.services.forEach((line, i) => {
    if (!catalogue.get(line.code)?.active) fields[`services.${i}`] = 'unknown_service';
    else if (codes.has(line.code)) fields[`services.${i}`] = 'duplicate';
    codes.add(line.code);
  });
  // New PG use is closed while PG takes no applications; a group already using PG may ask for more.
  if (storage.some((l) => l.kind === 'pg') && !(await groupUsesPg(db, group))) {
    const pg = await getServiceAcceptance(db, 'pg');
    if (!pg.accepting)
      storage.forEach((l, i) => {
        if (l.kind === 'pg' && !fields[`storage.${i}`]) fields[`storage.${i}`] = 'pg_suspended';
      });
  }
  if (isLargeScale(storage) && !plan?.large_scale) {
    const acceptance = await getServiceAcceptance(db, 'ga_large_storage');
    if (!acceptance.accepting) fields.storage = 'suspended';
  }
  return {
    content: { purpose, relatedItems, from: input.from, to: input.to, storage, services: input.services },
    fields,
  };
}

/** A holder files a new version of their group's plan; a version still waiting is superseded by it. */
export async function fileUsagePlan(
  deps: UsagePlanDeps,
  accountId: number,
  group: string,
  raw: PlanInput,
  now = new Date(),
): Promise<FileOutcome> {
  if (!(await mayKeepPlan(deps.db, accountId, group))) return { ok: false, problem: 'NOT_ALLOWED' };
  const { content, fields } = await checkPlan(deps.db, group, await planOfGroup(deps.db, group), raw, now);
  if (Object.keys(fields).length) return { ok: false, problem: 'INVALID', fields };
  const actor = holderActor(accountId);
  const version = await deps.db.transaction().execute(async (trx) => {
    const plan = await ensurePlan(trx, group);
    for (const waiting of await planVersionsIn(trx, plan.id, 'submitted')) {
      const locked = await lockPlanVersion(trx, waiting.id);
      if (locked?.state === 'submitted') await advancePlanVersion(trx, locked, 'superseded', { actor });
    }
    const made = await insertPlanVersion(trx, {
      planId: plan.id,
      fiscalYear: fiscalYearOf(centreDayStart(content.from)),
      content,
      filedBy: actor,
    });
    await appendAudit(trx, {
      actor,
      action: 'usage_plan.filed',
      subject: `usage-plan:${plan.id}`,
      details: { group, version: made.number, largeScale: isLargeScale(content.storage) },
    });
    return made;
  });
  return { ok: true, version };
}

export type DecideOutcome =
  | { ok: true; version: PlanVersion }
  | { ok: false; problem: 'NOT_FOUND' | 'CONFLICT' }
  /** Approval would set quotas below what is in use: staff confirm with `confirmLower`. */
  | { ok: false; problem: 'BELOW_USAGE'; lowered: LoweredQuota[] }
  | { ok: false; problem: 'INVALID'; fields: Partial<Record<'message', PlanProblem>> };

export const planDecisionInput = z
  .object({
    rowVersion: z
      .number()
      .int()
      .nonnegative()
      .max(2 ** 31 - 1)
      .describe('the `rowVersion` of the plan version as last read'),
    decision: z.enum(['approved', 'changes_requested', 'rejected']),
    message: z
      .string()
      .max(20_000)
      .default('')
      .describe('to the filer: the changes asked for or why it is refused (required for those)'),
    confirmLower: z
      .boolean()
      .default(false)
      .describe('approve even where a quota goes below what is in use (the answer listed them)'),
  })
  .strict()
  .meta({ id: 'UsagePlanDecision' });

/** A quota the version lowers below what the user or group has in use. */
export interface LoweredQuota {
  scope: QuotaScope;
  subject: string;
  kind: StorageKind;
  fromBytes: number;
  toBytes: number;
  usedBytes: number;
}

/**
 * Staff decide a waiting version. Approval supersedes the version approved before and
 * makes this one the group's quotas and bookings from today (or its first day).
 */
export async function decideUsagePlan(
  deps: UsagePlanDeps,
  actor: string,
  versionId: number,
  raw: z.input<typeof planDecisionInput>,
  now = new Date(),
): Promise<DecideOutcome> {
  const input = planDecisionInput.parse(raw);
  const message = checkText(input.message, { max: 2000, multiline: true, optional: input.decision === 'approved' });
  if (!message.ok)
    return {
      ok: false,
      problem: 'INVALID',
      fields: { message: message.code === 'REQUIRED' ? 'required' : 'too_long' },
    };
  const before = await getPlanVersion(deps.db, versionId);
  if (!before) return { ok: false, problem: 'NOT_FOUND' };
  if (input.decision === 'approved' && !input.confirmLower && before.state === 'submitted') {
    const lowered = await belowUsage(deps, before, now);
    if (lowered.length) return { ok: false, problem: 'BELOW_USAGE', lowered };
  }
  try {
    const done = await deps.db.transaction().execute(async (trx) => {
      const locked = await lockPlanVersion(trx, versionId);
      if (!locked) throw new PlanVersionChangedError(versionId);
      const note = message.value || null;
      const decided = await advancePlanVersion(trx, locked, input.decision, {
        actor,
        note,
        rowVersion: input.rowVersion,
        decided: true,
      });
      if (input.decision === 'approved') await applyApproved(trx, decided, actor, now);
      await mailFiler(trx, deps, decided, input.decision, note);
      await appendAudit(trx, {
        actor,
        action: `usage_plan.${input.decision}`,
        subject: `usage-plan:${decided.plan_id}`,
        details: { version: decided.number, ...(note ? { message: note } : {}) },
      });
      return decided;
    });
    deps.pokeJobs();
    if (done.state === 'approved') {
      const plan = (await getPlan(deps.db, done.plan_id)) as UsagePlan;
      await checkPlanAlert(deps, plan.group_name, now);
    }
    return { ok: true, version: done };
  } catch (error) {
    if (error instanceof PlanVersionChangedError || error instanceof TransitionError)
      return { ok: false, problem: 'CONFLICT' };
    throw error;
  }
}

/** The holder who sent the version hears the decision, in their language. */
async function mailFiler(
  trx: Transaction<Database>,
  deps: UsagePlanDeps,
  version: PlanVersion,
  state: 'approved' | 'changes_requested' | 'rejected',
  message: string | null,
) {
  const id = /^account:(\d+)$/.exec(version.filed_by)?.[1];
  const account = id ? await getAccount(trx, Number(id)) : undefined;
  if (!account) return;
  const plan = (await getPlan(trx, version.plan_id)) as UsagePlan;
  const holder = await applicationContact(trx, account.application_id);
  await deps.outbox.enqueue(trx, {
    to: holder.email,
    lang: isLang(holder.lang) ? holder.lang : 'ja',
    template: 'planDecided',
    params: {
      group: plan.group_name,
      number: version.number,
      state,
      ...(message ? { message } : {}),
      url: new URL('/account/usage-plan', deps.baseUrl).href,
    },
  });
}

/** The quotas this version would lower below what is in use, as the usage command tells. */
async function belowUsage(deps: UsagePlanDeps, version: PlanVersion, now: Date): Promise<LoweredQuota[]> {
  if (!deps.quota) return [];
  const plan = (await getPlan(deps.db, version.plan_id)) as UsagePlan;
  const day = effectiveDay(version, now);
  const inputs = (await quotaInputs(deps.db, [plan.group_name], day)).get(plan.group_name);
  if (!inputs) return [];
  const current = new Map(quotasOn(inputs.uids, inputs.stretches, day).map((q) => [quotaKey(q), q]));
  const next = quotasOn(
    inputs.uids,
    ledgerWith(inputs.stretches, [], { ...version.content, services: [] }, day).stretches,
    day,
  );
  const nextByKey = new Map(next.map((q) => [quotaKey(q), q]));
  const out: LoweredQuota[] = [];
  for (const [key, was] of current) {
    const toTenths = nextByKey.get(key)?.tenths ?? 0;
    if (toTenths >= was.tenths) continue;
    const used = await deps.quota.usage(quotaRequest(plan.group_name, was, 0));
    if (used !== undefined && used > toTenths * BYTES_PER_TENTH)
      out.push({
        scope: was.scope,
        subject: was.subject,
        kind: was.kind,
        fromBytes: was.tenths * BYTES_PER_TENTH,
        toBytes: toTenths * BYTES_PER_TENTH,
        usedBytes: used,
      });
  }
  return out;
}

/** An approved version takes effect today, or on its first day if that is later. */
const effectiveDay = (version: PlanVersion, now: Date) =>
  [version.content.from, centreDayOf(now)].sort().at(-1) as string;

async function applyApproved(trx: Transaction<Database>, version: PlanVersion, actor: string, now: Date) {
  const plan = (await getPlan(trx, version.plan_id)) as UsagePlan;
  for (const earlier of await planVersionsIn(trx, plan.id, 'approved')) {
    if (earlier.id === version.id) continue;
    await advancePlanVersion(trx, earlier, 'superseded', { actor });
  }
  const day = effectiveDay(version, now);
  await replaceLedgerFrom(
    trx,
    plan.id,
    version.id,
    day,
    addDays(day, -1),
    version.content.storage,
    version.content.services.map((s) => ({ code: s.code, quantity: s.quantity, endsOn: version.content.to })),
  );
  if (isLargeScale(version.content.storage) && !plan.large_scale)
    await setPlanFlags(trx, plan.id, { large_scale: true });
  await enqueueQuotaApply(trx, plan.group_name, version.id, day, centreDayOf(now));
}

/**
 * A PG application approved (in the approval's transaction): the PG storage it states
 * for the group becomes a line of the group's usage plan. Unless the version in force
 * already gives the group that much PG storage, a new version (the one in force, or a
 * plan for the rest of the fiscal year, with the group's PG line) is filed and approved
 * by the approver at once, and its quotas follow as for any approved version.
 */
export async function recordPgPlanLine(
  trx: Transaction<Database>,
  p: { group: string; tenths: number; reference: string; purpose: string; actor: string; now: Date },
): Promise<PlanVersion | undefined> {
  const plan = await ensurePlan(trx, p.group);
  const inForce = (await planVersionsIn(trx, plan.id, 'approved'))[0];
  const line = { scope: 'group' as const, subject: p.group, kind: 'pg' as const, tenths: p.tenths };
  const current = inForce?.content.storage.find((l) => quotaKey(l) === quotaKey(line));
  if (current && current.tenths >= p.tenths) return undefined;
  const today = centreDayOf(p.now);
  const base: PlanContent = inForce?.content ?? {
    purpose: p.purpose,
    relatedItems: '',
    from: today,
    to: `${fiscalYearOf(p.now) + 1}-03-31`,
    storage: [],
    services: [],
  };
  const content: PlanContent = {
    ...base,
    from: [base.from, today].sort().at(-1) as string,
    storage: [...base.storage.filter((l) => quotaKey(l) !== quotaKey(line)), line],
  };
  const filed = await insertPlanVersion(trx, {
    planId: plan.id,
    fiscalYear: fiscalYearOf(centreDayStart(content.from)),
    content,
    filedBy: p.actor,
  });
  const approved = await advancePlanVersion(trx, filed, 'approved', {
    actor: p.actor,
    note: `PG storage of application ${p.reference}`,
    decided: true,
  });
  await applyApproved(trx, approved, p.actor, p.now);
  await appendAudit(trx, {
    actor: p.actor,
    action: 'usage_plan.approved',
    subject: `usage-plan:${plan.id}`,
    details: { group: p.group, version: approved.number, pgTenths: p.tenths, application: p.reference },
  });
  return approved;
}

/** The filer withdraws a version still waiting for staff. */
export async function withdrawUsagePlan(
  deps: UsagePlanDeps,
  accountId: number,
  versionId: number,
): Promise<{ ok: true } | { ok: false; problem: 'NOT_FOUND' | 'CONFLICT' }> {
  const version = await getPlanVersion(deps.db, versionId);
  const plan = version && (await getPlan(deps.db, version.plan_id));
  if (!version || !plan || !(await mayKeepPlan(deps.db, accountId, plan.group_name)))
    return { ok: false, problem: 'NOT_FOUND' };
  const actor = holderActor(accountId);
  return deps.db.transaction().execute(async (trx) => {
    const locked = await lockPlanVersion(trx, versionId);
    if (locked?.state !== 'submitted') return { ok: false as const, problem: 'CONFLICT' as const };
    await advancePlanVersion(trx, locked, 'withdrawn', { actor });
    await appendAudit(trx, {
      actor,
      action: 'usage_plan.withdrawn',
      subject: `usage-plan:${plan.id}`,
      details: { version: locked.number },
    });
    return { ok: true as const };
  });
}

/** The responsible person names (or removes) a holder of the group who may keep the plan. */
export async function setPlanDelegate(
  deps: UsagePlanDeps,
  accountId: number,
  group: string,
  uid: string,
  add: boolean,
): Promise<{ ok: true } | { ok: false; problem: 'NOT_ALLOWED' | 'NOT_IN_GROUP' }> {
  const mine = await plansHolderMayKeep(deps.db, accountId);
  if (!mine.some((p) => p.group === group && p.as === 'responsible')) return { ok: false, problem: 'NOT_ALLOWED' };
  const delegate = await findAccountByName(deps.db, uid.trim().toLowerCase());
  if (!delegate || delegate.group_name !== group || delegate.division !== 'ga' || delegate.id === accountId)
    return { ok: false, problem: 'NOT_IN_GROUP' };
  const actor = holderActor(accountId);
  await deps.db.transaction().execute(async (trx) => {
    const plan = await ensurePlan(trx, group);
    let changed = true;
    if (add) await putPlanDelegate(trx, plan.id, delegate.id, actor);
    else changed = await removePlanDelegate(trx, plan.id, delegate.id);
    if (changed)
      await appendAudit(trx, {
        actor,
        action: add ? 'usage_plan.delegate_added' : 'usage_plan.delegate_removed',
        subject: `usage-plan:${plan.id}`,
        details: { delegate: delegate.uid },
      });
  });
  return { ok: true };
}

/** The yearly amount (yen, tax included) above which the person and staff are told; null: none. */
export async function setPlanAlert(
  deps: UsagePlanDeps,
  accountId: number,
  group: string,
  alertYen: number | null,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; problem: 'NOT_ALLOWED' }> {
  if (!(await mayKeepPlan(deps.db, accountId, group))) return { ok: false, problem: 'NOT_ALLOWED' };
  const actor = holderActor(accountId);
  await deps.db.transaction().execute(async (trx) => {
    const plan = await ensurePlan(trx, group);
    await setPlanFlags(trx, plan.id, { alert_yen: alertYen });
    await appendAudit(trx, {
      actor,
      action: 'usage_plan.alert_set',
      subject: `usage-plan:${plan.id}`,
      details: { alertYen },
    });
  });
  await checkPlanAlert(deps, group, now);
  return { ok: true };
}

/** Staff mark a group as already a large-scale user (before sc-account), or not. */
export async function setLargeScale(deps: UsagePlanDeps, actor: string, group: string, largeScale: boolean) {
  await deps.db.transaction().execute(async (trx) => {
    const plan = await ensurePlan(trx, group);
    await setPlanFlags(trx, plan.id, { large_scale: largeScale });
    await appendAudit(trx, {
      actor,
      action: 'usage_plan.large_scale_set',
      subject: `usage-plan:${plan.id}`,
      details: { group, largeScale },
    });
  });
}
