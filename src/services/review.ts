// The review of a sent application before the decision, as use cases for the console
// (web/staff/application.tsx), the API (POST /api/v1/applications/{id}/…) and tests:
// a comment, the assignment, a request for information (the applicant gets a link to
// change the steps named) and the export-control screening. Comments, information
// requests and screenings are a person's judgement: they are recorded under a staff
// member's name, so a service account's token cannot make them (STAFF_ONLY).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ApplicationChangedError, advanceApplication, bumpVersion, getFullApplication } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import { answersSnapshot, createInformationRequest } from '../db/information-requests.js';
import { addComment, assignApplication, recordScreening, staffNames } from '../db/review.js';
import type { Database } from '../db/schema.js';
import { getReviewPeriods } from '../db/settings.js';
import { type ApplicationState, applicationStates, screeningChecklist } from '../domain/application-state.js';
import { questionSteps } from '../domain/application-steps.js';
import { TransitionError } from '../domain/state-machine.js';
import { checkText } from '../domain/text.js';
import { hashToken, newToken } from '../domain/tokens.js';
import { mailInformationLink, scheduleReviewDeadline } from '../jobs/handlers/review.js';
import type { Outbox } from '../mail/outbox.js';

export interface ReviewDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  /** How long an information request's link lasts when the settings do not say. */
  reviewResponseDays: number;
  pokeJobs(): void;
}

/** Who acts: a staff member (`staff:<id>`), or an API token (with its staff member, if any). */
export interface Caller {
  actor: string;
  staffId: number | null;
}

const version = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31 - 1)
  .describe('the `version` of the application as last read');

export const commentInput = z
  .object({ comment: z.string().max(20_000).describe('plain text, at most 4,000 characters') })
  .strict()
  .meta({ id: 'Comment' });

export const assignInput = z
  .object({ staff: z.number().int().positive().nullable().describe('the staff member’s id, or null for nobody') })
  .strict()
  .meta({ id: 'Assignment' });

export const informationInput = z
  .object({
    version,
    message: z.string().max(20_000).describe('what the applicant is asked (plain text, at most 4,000 characters)'),
    steps: z.array(z.enum(questionSteps)).max(questionSteps.length).describe('the steps the applicant may change'),
  })
  .strict()
  .meta({ id: 'InformationRequest' });

export const screeningInput = z
  .object({
    version,
    cleared: z.boolean().describe('cleared needs every check of the checklist'),
    checklist: z.array(z.enum(screeningChecklist)).max(screeningChecklist.length).describe('the checks made'),
    reason: z.string().max(20_000).describe('the grounds (plain text, at most 4,000 characters)'),
  })
  .strict()
  .meta({ id: 'Screening' });

export const reviewResult = z
  .object({ id: z.number().int(), state: z.enum(applicationStates), version: z.number().int() })
  .meta({ id: 'ReviewResult' });

/** A refused value: the field and why. */
export type ReviewFieldProblem =
  | 'required'
  | 'too_long'
  | 'invalid'
  /** A screening cleared without every check. */
  | 'checklist'
  /** Not a staff member who may be assigned. */
  | 'unknown';

export type ReviewOutcome =
  | { ok: true; state: ApplicationState; version: number }
  | { ok: false; problem: 'NOT_FOUND' | 'CHANGED' | 'NOT_ALLOWED' | 'STAFF_ONLY' }
  | { ok: false; problem: 'INVALID'; fields: Record<string, ReviewFieldProblem> };

const invalid = (fields: Record<string, ReviewFieldProblem>): ReviewOutcome => ({
  ok: false,
  problem: 'INVALID',
  fields,
});

/** The sent application, or why not; a service account is refused after the look-up (so 404 says nothing more). */
async function sent(db: Kysely<Database>, id: number, caller: Caller, personal: boolean) {
  const full = await getFullApplication(db, id);
  if (!full || full.application.state === 'draft') return { ok: false, problem: 'NOT_FOUND' } as const;
  if (personal && caller.staffId === null) return { ok: false, problem: 'STAFF_ONLY' } as const;
  return { ok: true, full } as const;
}

export async function commentOnApplication(
  deps: ReviewDeps,
  caller: Caller,
  id: number,
  raw: z.input<typeof commentInput>,
): Promise<ReviewOutcome> {
  const input = commentInput.parse(raw);
  const found = await sent(deps.db, id, caller, true);
  if (!found.ok) return found;
  const text = checkText(input.comment, { max: 4000, multiline: true });
  if (!text.ok) return invalid({ comment: text.code === 'REQUIRED' ? 'required' : 'too_long' });
  await deps.db.transaction().execute(async (trx) => {
    const comment = await addComment(trx, { applicationId: id, staffId: caller.staffId as number, body: text.value });
    await appendAudit(trx, {
      actor: caller.actor,
      action: 'application.commented',
      subject: `application:${id}`,
      details: { comment },
    });
  });
  return { ok: true, state: found.full.application.state, version: found.full.application.version };
}

export async function assignReviewer(
  deps: ReviewDeps,
  caller: Caller,
  id: number,
  raw: z.input<typeof assignInput>,
): Promise<ReviewOutcome> {
  const input = assignInput.parse(raw);
  const found = await sent(deps.db, id, caller, false);
  if (!found.ok) return found;
  if (input.staff !== null && !(await staffNames(deps.db)).has(input.staff)) return invalid({ staff: 'unknown' });
  await deps.db.transaction().execute(async (trx) => {
    await assignApplication(trx, id, input.staff);
    await appendAudit(trx, {
      actor: caller.actor,
      action: 'application.assigned',
      subject: `application:${id}`,
      details: { from: found.full.application.assigned_to, to: input.staff },
    });
  });
  return { ok: true, state: found.full.application.state, version: found.full.application.version };
}

/** Asks the applicant to change the steps named; their link expires as the review settings say. */
export async function requestInformation(
  deps: ReviewDeps,
  caller: Caller,
  id: number,
  raw: z.input<typeof informationInput>,
): Promise<ReviewOutcome> {
  const input = informationInput.parse(raw);
  const found = await sent(deps.db, id, caller, true);
  if (!found.ok) return found;
  const a = found.full.application;
  if (input.version !== a.version) return { ok: false, problem: 'CHANGED' };
  const fields: Record<string, ReviewFieldProblem> = {};
  const message = checkText(input.message, { max: 4000, multiline: true });
  if (!message.ok) fields.message = message.code === 'REQUIRED' ? 'required' : 'invalid';
  const steps = questionSteps.filter((s) => input.steps.includes(s));
  if (steps.length === 0) fields.steps = 'required';
  if (!message.ok || steps.length === 0) return invalid(fields);
  const token = newToken();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const periods = await getReviewPeriods(trx, deps.reviewResponseDays);
      await advanceApplication(trx, id, 'information_requested', caller.actor, null, input.version);
      await createInformationRequest(trx, {
        applicationId: id,
        staffId: caller.staffId as number,
        message: message.value,
        steps,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + periods.expiryDays * 24 * 3600_000),
        before: answersSnapshot(found.full),
      });
      await scheduleReviewDeadline(trx, {
        applicationId: id,
        state: 'information_requested',
        version: input.version + 1,
        periods,
        from: new Date(),
      });
      await appendAudit(trx, {
        actor: caller.actor,
        action: 'information.requested',
        subject: `application:${id}`,
        details: { steps },
      });
      await mailInformationLink(trx, deps.outbox, deps.baseUrl, a, message.value, token);
    });
  } catch (error) {
    if (!(error instanceof ApplicationChangedError) && !(error instanceof TransitionError)) throw error;
    return { ok: false, problem: 'CHANGED' };
  }
  deps.pokeJobs();
  return { ok: true, state: 'information_requested', version: input.version + 1 };
}

/** Records the export-control screening of an application in screening (cleared or not). */
export async function recordScreeningDecision(
  deps: ReviewDeps,
  caller: Caller,
  id: number,
  raw: z.input<typeof screeningInput>,
): Promise<ReviewOutcome> {
  const input = screeningInput.parse(raw);
  const found = await sent(deps.db, id, caller, true);
  if (!found.ok) return found;
  const a = found.full.application;
  if (input.version !== a.version) return { ok: false, problem: 'CHANGED' };
  if (a.state !== 'screening') return { ok: false, problem: 'NOT_ALLOWED' };
  const checks = screeningChecklist.filter((c) => input.checklist.includes(c));
  const fields: Record<string, ReviewFieldProblem> = {};
  if (input.cleared && checks.length < screeningChecklist.length) fields.cleared = 'checklist';
  const reason = checkText(input.reason, { max: 4000, multiline: true });
  if (!reason.ok) fields.reason = reason.code === 'REQUIRED' ? 'required' : 'invalid';
  if (Object.keys(fields).length || !reason.ok) return invalid(fields);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await bumpVersion(trx, id, input.version);
      await recordScreening(trx, {
        applicationId: id,
        staffId: caller.staffId as number,
        cleared: input.cleared,
        checklist: checks,
        reason: reason.value,
      });
      await appendAudit(trx, {
        actor: caller.actor,
        action: input.cleared ? 'screening.cleared' : 'screening.not_cleared',
        subject: `application:${id}`,
        details: { checklist: checks },
      });
    });
  } catch (error) {
    if (!(error instanceof ApplicationChangedError)) throw error;
    return { ok: false, problem: 'CHANGED' };
  }
  return { ok: true, state: a.state, version: input.version + 1 };
}
