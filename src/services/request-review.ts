// Staff review of account holders' requests, as use cases for the console
// (web/staff/requests.tsx), the API (POST /api/v1/requests/{id}/…) and tests: ask
// the holder for information, send the new responsible person's pledge (Manager
// Modification), approve or reject. Each runs on the request locked at the version
// the caller saw, with its audit entry and its mails, in one transaction; an approval
// queues the change as a job (a Suspension's for its day).
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import {
  type AccountRequest,
  advanceRequest,
  bumpRequestVersion,
  getRequest,
  lockRequest,
  RequestChangedError,
} from '../db/account-requests.js';
import { getFullApplication, reservedAccountNames } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import { putRequestPledge, requestPledge } from '../db/pledges.js';
import type { Database } from '../db/schema.js';
import { calendarLookup } from '../db/settings.js';
import { openRequestStates, requestStates, staffMayAsk } from '../domain/account-request.js';
import { personNames } from '../domain/person-name.js';
import { PLEDGE_LINK_LIFETIME_MS } from '../domain/pledge.js';
import { isGroupName } from '../domain/provisioning.js';
import { TransitionError } from '../domain/state-machine.js';
import { checkText } from '../domain/text.js';
import { hashToken, newToken } from '../domain/tokens.js';
import { isLang } from '../i18n/index.js';
import { enqueueRequestApply, mailHolder } from '../jobs/handlers/account-request.js';
import { settleContinuation } from '../jobs/handlers/renewal.js';
import type { Outbox } from '../mail/outbox.js';

export interface RequestReviewDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  /** The day the renewal opens (a rejected Manager Modification settles a waiting Continuation). */
  renewalOpensOn: string;
  /** Wakes the job worker (mails and the change are queued). */
  pokeJobs(): void;
}

const version = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31 - 1)
  .describe('the `version` of the request as last read');

export const requestQuestionInput = z
  .object({
    version,
    question: z.string().max(20_000).describe('what the holder is asked (plain text, at most 2,000 characters)'),
  })
  .strict()
  .meta({ id: 'RequestQuestion' });

export const requestPledgeInput = z.object({ version }).strict().meta({ id: 'RequestPledgeSend' });

export const requestDecisionInput = z
  .object({
    version,
    decision: z.enum(['approved', 'rejected']),
    reason: z
      .string()
      .max(20_000)
      .default('')
      .describe('mailed to the holder; needed to reject (plain text, at most 2,000 characters)'),
    group: z
      .string()
      .max(200)
      .default('')
      .describe('a Manager Modification’s UNIX group at approval (the new responsible person’s)'),
  })
  .strict()
  .meta({ id: 'RequestDecision' });

export const requestMoveResult = z
  .object({ id: z.number().int(), state: z.enum(requestStates), version: z.number().int() })
  .meta({ id: 'RequestMoveResult' });

/** What the caller's input got wrong, by field. */
export type RequestField = 'question' | 'reason' | 'group' | 'pledge';

export type RequestReviewOutcome =
  | { ok: true; request: AccountRequest }
  /** No such request. */
  | { ok: false; problem: 'NOT_FOUND' }
  /** Someone acted since `version`, or the request's state (or kind) does not allow this. */
  | { ok: false; problem: 'CHANGED' | 'NOT_ALLOWED' }
  /** Values refused, by field. */
  | { ok: false; problem: 'INVALID'; fields: RequestField[] };

/** Runs `act` on the request locked at `version`; a newer version or a move the table refuses is CHANGED. */
async function onLocked(
  deps: RequestReviewDeps,
  id: number,
  seen: number,
  act: (trx: Transaction<Database>, locked: AccountRequest) => Promise<AccountRequest>,
): Promise<RequestReviewOutcome> {
  let done: AccountRequest;
  try {
    done = await deps.db.transaction().execute(async (trx) => {
      const locked = await lockRequest(trx, id);
      if (!locked || locked.version !== seen) throw new RequestChangedError(id);
      return act(trx, locked);
    });
  } catch (error) {
    if (!(error instanceof RequestChangedError) && !(error instanceof TransitionError)) throw error;
    return { ok: false, problem: 'CHANGED' };
  }
  deps.pokeJobs();
  return { ok: true, request: done };
}

/** Asks the holder for information (their request waits for the answer). */
export async function askAboutRequest(
  deps: RequestReviewDeps,
  actor: string,
  id: number,
  raw: z.input<typeof requestQuestionInput>,
): Promise<RequestReviewOutcome> {
  const input = requestQuestionInput.parse(raw);
  const r = await getRequest(deps.db, id);
  if (!r) return { ok: false, problem: 'NOT_FOUND' };
  if (!staffMayAsk(r.kind)) return { ok: false, problem: 'NOT_ALLOWED' };
  const text = checkText(input.question, { max: 2000, multiline: true });
  if (!text.ok) return { ok: false, problem: 'INVALID', fields: ['question'] };
  return onLocked(deps, id, input.version, async (trx, locked) => {
    const done = await advanceRequest(trx, locked, 'information_requested', {
      actor,
      set: { question: text.value, answer: null },
    });
    await appendAudit(trx, { actor, action: 'account_request.information_requested', subject: `request:${id}` });
    await mailHolder(trx, deps.outbox, done, 'information_requested', {
      quote: text.value,
      url: new URL(`/account/requests/${id}`, deps.baseUrl).toString(),
    });
    return done;
  });
}

/** Sends (again) the pledge link of a Manager Modification's new responsible person. */
export async function sendRequestPledge(
  deps: RequestReviewDeps,
  actor: string,
  id: number,
  raw: z.input<typeof requestPledgeInput>,
): Promise<RequestReviewOutcome> {
  const input = requestPledgeInput.parse(raw);
  const r = await getRequest(deps.db, id);
  if (!r) return { ok: false, problem: 'NOT_FOUND' };
  if (r.data.kind !== 'manager' || !openRequestStates.includes(r.state)) return { ok: false, problem: 'NOT_ALLOWED' };
  const full = await getFullApplication(deps.db, r.application_id);
  if (!full) return { ok: false, problem: 'NOT_FOUND' };
  const responsible = r.data.responsible;
  const self = responsible.same_as_applicant === true;
  const email = self ? full.application.email : String(responsible.email ?? '');
  const token = newToken();
  const expiresAt = new Date(Date.now() + PLEDGE_LINK_LIFETIME_MS);
  return onLocked(deps, id, input.version, async (trx, locked) => {
    await putRequestPledge(trx, {
      requestId: id,
      applicationId: r.application_id,
      kind: self ? 'self' : 'vouch',
      email,
      tokenHash: hashToken(token),
      expiresAt,
    });
    // The version moves on without a state change: a second "send" from an old page is refused.
    await bumpRequestVersion(trx, locked);
    await appendAudit(trx, { actor, action: 'pledge.sent', subject: `request:${id}`, details: { email } });
    await deps.outbox.enqueue(trx, {
      to: email,
      lang: isLang(full.application.lang) ? full.application.lang : 'ja',
      template: 'pledgeRequest',
      params: {
        reference: full.application.reference ?? `R${id}`,
        applicantName: personNames(full.applicant),
        url: new URL(`/pledge?token=${encodeURIComponent(token)}`, deps.baseUrl).toString(),
        kind: self ? 'self' : 'vouch',
        expiresAt: expiresAt.toISOString(),
      },
    });
    return { ...locked, version: locked.version + 1 };
  });
}

/** Approves (the change is queued as a job) or rejects (with a reason) a holder's request. */
export async function decideRequest(
  deps: RequestReviewDeps,
  actor: string,
  id: number,
  raw: z.input<typeof requestDecisionInput>,
): Promise<RequestReviewOutcome> {
  const input = requestDecisionInput.parse(raw);
  const { db } = deps;
  const r = await getRequest(db, id);
  if (!r) return { ok: false, problem: 'NOT_FOUND' };
  const to = input.decision;
  const fields: RequestField[] = [];
  const reason = checkText(input.reason, { max: 2000, multiline: true, optional: to !== 'rejected' });
  if (!reason.ok) fields.push('reason');
  const group = input.group.trim().toLowerCase();
  if (to === 'approved' && r.kind === 'manager') {
    if (!isGroupName(group, await reservedAccountNames(db))) fields.push('group');
    const pledge = await requestPledge(db, id);
    if (!pledge?.signed_at) fields.push('pledge');
  }
  if (fields.length) return { ok: false, problem: 'INVALID', fields };
  const written = reason.ok && reason.value ? reason.value : null;
  return onLocked(deps, id, input.version, async (trx, locked) => {
    const done = await advanceRequest(trx, locked, to, {
      actor,
      set: { decision_reason: written, ...(to === 'approved' && r.kind === 'manager' ? { group_name: group } : {}) },
    });
    await appendAudit(trx, {
      actor,
      action: `account_request.${to}`,
      subject: `request:${id}`,
      details: { kind: r.kind, ...(written ? { reason: written } : {}) },
    });
    if (to === 'approved') await enqueueRequestApply(trx, done);
    // A Continuation waiting for this Manager Modification follows it.
    else if (done.kind === 'manager')
      await settleContinuation(trx, deps.outbox, done.id, 'rejected', {
        calendar: await calendarLookup(trx, deps.renewalOpensOn),
        baseUrl: deps.baseUrl,
      });
    await mailHolder(trx, deps.outbox, done, to, to === 'rejected' && written ? { quote: written } : {});
    return done;
  });
}
