// The approver's decision on an application, as one use case for the console
// (web/staff/application.tsx), the API (POST /api/v1/applications/{id}/decision) and
// tests: approve (with the UNIX group, the accounts and the provisioning job, in the
// same transaction) or reject (with a reason, chosen and/or written), the mails to the
// applicant and the responsible person, the audit entry. The version the caller saw
// must still be the application's: two approvers cannot both decide.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { ensureAccount } from '../db/accounts.js';
import {
  ApplicationChangedError,
  advanceApplication,
  type FullApplication,
  getFullApplication,
  isAccountNameTaken,
  reservedAccountNames,
  setUnixGroup,
} from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import { getServiceAcceptance } from '../db/notices.js';
import { latestScreening } from '../db/review.js';
import type { Database } from '../db/schema.js';
import { type ApplicationState, applicationStates, staffTargets } from '../domain/application-state.js';
import { accountsFor, groupFor, isGroupName, proposeGroupName } from '../domain/provisioning.js';
import { type RejectionReason, rejectionReasons, rejectionText } from '../domain/rejection-reasons.js';
import { TransitionError } from '../domain/state-machine.js';
import { checkText } from '../domain/text.js';
import { enqueueProvisioning } from '../jobs/handlers/provision.js';
import type { Outbox } from '../mail/outbox.js';
import { recordPgPlanLine } from './usage-plans.js';

export interface DecisionDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  /** Wakes the job worker (the provisioning job and the mails are queued). */
  pokeJobs(): void;
}

const reasonKeys = Object.keys(rejectionReasons) as [RejectionReason, ...RejectionReason[]];

export const decisionInput = z
  .object({
    version: z.number().int().nonnegative().describe('the `version` of the application as last read'),
    decision: z.enum(['approved', 'rejected']),
    template: z.enum(reasonKeys).optional().describe('a usual reason for a rejection (both languages are mailed)'),
    reason: z
      .string()
      .max(20_000)
      .default('')
      .describe('the approver’s own words; needed to reject without a template'),
    group: z
      .string()
      .max(100)
      .optional()
      .describe('the UNIX group at approval; by default the one proposed from the responsible person'),
  })
  .strict()
  .meta({ id: 'Decision' });
export type DecisionInput = z.input<typeof decisionInput>;

export const decisionResult = z
  .object({ id: z.number().int(), state: z.enum(applicationStates), version: z.number().int() })
  .meta({ id: 'DecisionResult' });

export type DecisionProblem =
  /** No such sent application. */
  | 'NOT_FOUND'
  /** Someone acted since `version` (or at the same moment). */
  | 'CHANGED'
  /** A rejection needs a reason (chosen or written); a written one must be plain text. */
  | 'REASON'
  /** The application's state does not allow this decision (e.g. the pledge is not signed). */
  | 'NOT_ALLOWED'
  /** Not a valid UNIX group name. */
  | 'GROUP'
  /** The account name was taken since (a directory import). */
  | 'NAME_TAKEN';

export type DecisionOutcome =
  | { ok: true; state: ApplicationState; version: number }
  | { ok: false; problem: DecisionProblem; state?: ApplicationState; name?: string };

/** Approve or reject, as the state allows; approval after screening only once it was cleared. */
export function decisionTargets(state: ApplicationState, needsScreening: boolean, cleared: boolean) {
  return staffTargets(state, needsScreening).filter(
    (to) => to === 'rejected' || (to === 'approved' && (state !== 'screening' || cleared)),
  );
}

/** The group proposed for an application waiting for approval (the responsible person's, or made from names). */
export async function proposedGroup(db: Kysely<Database>, full: FullApplication): Promise<string> {
  const r = full.responsible;
  return proposeGroupName(
    {
      groupName: r.group_name,
      accountName: r.same_as_applicant ? full.application.account_name : r.account_name,
      familyName: r.family_name,
    },
    await reservedAccountNames(db),
  );
}

/** In the approval's transaction: the group, the accounts (PG only while PG takes applications) and the job. */
export async function recordApproval(
  trx: Transaction<Database>,
  full: FullApplication,
  group: string,
  actor = 'system',
) {
  const a = full.application;
  const pg = await getServiceAcceptance(trx, 'pg');
  await setUnixGroup(trx, a.id, group);
  for (const account of accountsFor({
    accountName: a.account_name ?? '',
    usePg: a.use_pg,
    pgAccepting: pg.accepting,
  })) {
    await ensureAccount(
      trx,
      {
        applicationId: a.id,
        division: account.division,
        uid: account.uid,
        groupName: groupFor(account.division, group),
      },
      actor,
    );
  }
  // PG is paid: the storage the application states becomes a line of the group's usage plan.
  if (a.use_pg && pg.accepting && a.pg_storage_tenths)
    await recordPgPlanLine(trx, {
      group,
      tenths: a.pg_storage_tenths,
      reference: a.reference ?? String(a.id),
      purpose: full.applicant.purpose ?? '',
      actor,
      now: new Date(),
    });
  await enqueueProvisioning(trx, a.id);
}

/**
 * The approver's own words, checked: needed to reject without a usual reason, plain
 * text. The console checks them before it asks again whether to reject.
 */
export function checkReason(to: 'approved' | 'rejected', template: RejectionReason | undefined, reason: string) {
  return checkText(reason, { max: 4000, multiline: true, optional: to !== 'rejected' || !!template });
}

export async function decideApplication(
  deps: DecisionDeps,
  actor: string,
  applicationId: number,
  raw: DecisionInput,
): Promise<DecisionOutcome> {
  const { db, outbox } = deps;
  const input = decisionInput.parse(raw);
  const full = await getFullApplication(db, applicationId);
  if (!full || full.application.state === 'draft') return { ok: false, problem: 'NOT_FOUND' };
  const a = full.application;
  if (input.version !== a.version) return { ok: false, problem: 'CHANGED', state: a.state };
  const to = input.decision;
  const template = to === 'rejected' ? input.template : undefined;
  const written = checkReason(to, template, input.reason);
  if (!written.ok) return { ok: false, problem: 'REASON' };
  const reason = to === 'rejected' ? rejectionText(template, written.value) : written.value;
  const screening = await latestScreening(db, a.id);
  if (!decisionTargets(a.state, a.needs_screening, screening?.cleared === true).includes(to))
    return { ok: false, problem: 'NOT_ALLOWED', state: a.state };
  let group: string | undefined;
  if (to === 'approved') {
    const name = (input.group ?? (await proposedGroup(db, full))).trim().toLowerCase();
    if (!isGroupName(name, await reservedAccountNames(db))) return { ok: false, problem: 'GROUP' };
    group = name;
    // A directory import since the application was sent may have taken its name.
    if (await isAccountNameTaken(db, a.account_name ?? '', a.id))
      return { ok: false, problem: 'NAME_TAKEN', name: a.account_name ?? '' };
  }
  try {
    await db.transaction().execute(async (trx) => {
      await advanceApplication(trx, a.id, to, actor, reason || null, input.version);
      // The accounts and their provisioning job commit with the approval, or neither does.
      if (group) await recordApproval(trx, full, group, actor);
      await appendAudit(trx, {
        actor,
        action: `application.${to}`,
        subject: `application:${a.id}`,
        details: { from: a.state, to },
      });
      const params = { reference: a.reference ?? '', decision: to, reason: reason || null };
      await outbox.enqueue(trx, {
        to: a.email,
        lang: a.lang === 'en' ? 'en' : 'ja',
        template: 'applicationDecision',
        params,
      });
      const responsible = full.responsible;
      if (!responsible.same_as_applicant && responsible.email) {
        await outbox.enqueue(trx, { to: responsible.email, lang: 'ja', template: 'applicationDecision', params });
      }
    });
  } catch (error) {
    if (!(error instanceof ApplicationChangedError) && !(error instanceof TransitionError)) throw error;
    return { ok: false, problem: 'CHANGED' };
  }
  deps.pokeJobs();
  return { ok: true, state: to, version: a.version + 1 };
}
