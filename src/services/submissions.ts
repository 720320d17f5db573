// The applicant's side as use cases: the mailed link that opens a draft
// (web/apply/email.tsx), each step of the draft saved, withdrawing an application in review (withdraw.tsx), and,
// for the check page (check-step.tsx),
// the application sent for review (its reference, the accepted versions of the terms,
// the withdrawal link, the mails to the applicant and the responsible person), and
// the changes staff asked for sent back. One transaction each; the checks a person
// must see on the page (terms ticked, robot check, the account name) come before.
import type { Kysely } from 'kysely';
import {
  ApplicationChangedError,
  advanceApplication,
  countRecentEmailLinks,
  createDraft,
  type FullApplication,
  findOpenApplication,
  getFullApplication,
  getResponsiblePerson,
  insertEmailLink,
  isAccountNameRace,
  NotADraftError,
  nextApplicationReference,
  type ResponsiblePersonAnswers,
  refreshSearch,
  type StepAnswers,
  saveResponsiblePerson,
  saveStep,
  submitApplication,
} from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import {
  answerInformationRequest,
  answersSnapshot,
  diffAnswers,
  latestInformationRequest,
} from '../db/information-requests.js';
import type { Database } from '../db/schema.js';
import type { Application } from '../db/schema-applications.js';
import { pgTwinName } from '../domain/account-name.js';
import { DRAFT_LIFETIME_MS, EMAIL_LINK_LIFETIME_MS, isReviewState } from '../domain/application-state.js';
import type { ApplicationStep } from '../domain/application-steps.js';
import { personNames } from '../domain/person-name.js';
import { TransitionError } from '../domain/state-machine.js';
import { hashToken, newToken } from '../domain/tokens.js';
import type { Lang } from '../i18n/index.js';
import type { Outbox } from '../mail/outbox.js';
import type { SubmissionSummary } from '../mail/templates/apply-submitted.js';

export interface SubmissionDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  pokeJobs(): void;
}

export type SendOutcome =
  | { ok: true }
  /** Sent already (twice at once, or answered meanwhile). */
  | { ok: false; problem: 'SENT' }
  /** Its account name was taken by another application in review at the same moment. */
  | { ok: false; problem: 'NAME_TAKEN' };

/** What the mails say of a sent application. */
function summary(full: FullApplication, reference: string, at: Date): SubmissionSummary {
  const { application: a, applicant: p, responsible: r } = full;
  return {
    reference,
    applicantName: personNames(p),
    email: a.email,
    institution: p.institution ?? '',
    accountName: a.account_name ?? '',
    pgAccountName: a.use_pg && a.account_name ? pgTwinName(a.account_name) : null,
    responsibleName: personNames(r),
    responsibleEmail: r.email ?? a.email,
    self: r.same_as_applicant,
    submittedAt: at.toISOString(),
  };
}

/** Sends a complete draft for review, with the versions of the terms and criteria the applicant accepted. */
export async function sendApplication(
  deps: SubmissionDeps,
  full: FullApplication,
  accepted: { termsOfUse: string; issuanceCriteria: string; lang: Lang },
): Promise<SendOutcome> {
  const at = new Date();
  const reference = await nextApplicationReference(deps.db, at);
  const withdrawToken = newToken();
  const withdrawUrl = new URL(`/apply/withdraw?token=${encodeURIComponent(withdrawToken)}`, deps.baseUrl).toString();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await submitApplication(trx, full.application.id, {
        reference,
        termsVersion: accepted.termsOfUse,
        criteriaVersion: accepted.issuanceCriteria,
        at,
        withdrawTokenHash: hashToken(withdrawToken),
      });
      const params = summary(full, reference, at);
      await deps.outbox.enqueue(trx, {
        to: full.application.email,
        lang: accepted.lang,
        template: 'applySubmitted',
        params: { ...params, withdrawUrl },
      });
      if (!full.responsible.same_as_applicant && full.responsible.email)
        await deps.outbox.enqueue(trx, {
          to: full.responsible.email,
          lang: accepted.lang,
          template: 'applyResponsible',
          params,
        });
    });
  } catch (error) {
    if (error instanceof NotADraftError) return { ok: false, problem: 'SENT' };
    if (isAccountNameRace(error)) return { ok: false, problem: 'NAME_TAKEN' };
    throw error;
  }
  deps.pokeJobs();
  return { ok: true };
}

/** The applicant sends the changes staff asked for: back to `submitted`, with what changed recorded. */
export async function sendRequestedChanges(deps: SubmissionDeps, full: FullApplication): Promise<SendOutcome> {
  const a = full.application;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const asked = await latestInformationRequest(trx, a.id);
      const now = await getFullApplication(trx, a.id);
      if (!asked || asked.answered_at || !now) throw new ApplicationChangedError(a.id, a.state);
      await answerInformationRequest(trx, asked.id, diffAnswers(asked.before, answersSnapshot(now)));
      await refreshSearch(trx, a.id);
      await advanceApplication(trx, a.id, 'submitted', 'applicant', null, a.version);
      await appendAudit(trx, { actor: 'applicant', action: 'information.answered', subject: `application:${a.id}` });
    });
  } catch (error) {
    if (error instanceof ApplicationChangedError || error instanceof TransitionError)
      return { ok: false, problem: 'SENT' };
    if (isAccountNameRace(error)) return { ok: false, problem: 'NAME_TAKEN' };
    throw error;
  }
  return { ok: true };
}

/** Links mailed to one address in an hour, at most: more are not sent (the page says the same). */
export const LINKS_PER_ADDRESS_PER_HOUR = 5;

/**
 * The mailed link that opens an application: a new draft for the address (or its
 * open one), or, when its application is in review already, a mail saying so.
 * False when the address had its links for this hour.
 */
export async function mailApplyLink(
  deps: SubmissionDeps,
  input: { address: string; specialReason: string | null; lang: Lang },
): Promise<boolean> {
  const now = new Date();
  const sent = await deps.db.transaction().execute(async (trx) => {
    if (
      (await countRecentEmailLinks(trx, input.address, new Date(now.getTime() - 3_600_000))) >=
      LINKS_PER_ADDRESS_PER_HOUR
    )
      return false;
    let application = await findOpenApplication(trx, input.address);
    if (application && isReviewState(application.state)) {
      await deps.outbox.enqueue(trx, {
        to: application.email,
        lang: input.lang,
        template: 'applyInReview',
        params: { reference: application.reference ?? '' },
      });
      return true;
    }
    application ??= await createDraft(trx, {
      email: input.address,
      specialReason: input.specialReason,
      lang: input.lang,
      expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS),
    });
    const token = newToken();
    await insertEmailLink(trx, {
      tokenHash: hashToken(token),
      applicationId: application.id,
      expiresAt: new Date(now.getTime() + EMAIL_LINK_LIFETIME_MS),
    });
    const url = new URL(`/apply/verify?token=${encodeURIComponent(token)}`, deps.baseUrl).toString();
    await deps.outbox.enqueue(trx, { to: application.email, lang: input.lang, template: 'applyLink', params: { url } });
    return true;
  });
  if (sent) deps.pokeJobs();
  return sent;
}

/** The applicant withdraws an application in review (by the link in their mail); false when decided meanwhile. */
export async function withdrawApplication(
  deps: SubmissionDeps,
  application: Application,
  lang: Lang,
): Promise<boolean> {
  const responsible = await getResponsiblePerson(deps.db, application.id);
  const reference = application.reference ?? '';
  const done = await deps.db.transaction().execute(async (trx) => {
    try {
      await advanceApplication(trx, application.id, 'withdrawn', 'applicant', null, application.version);
    } catch (error) {
      if (error instanceof ApplicationChangedError || error instanceof TransitionError) return false;
      throw error;
    }
    await appendAudit(trx, {
      actor: 'applicant',
      action: 'application.withdrawn',
      subject: `application:${application.id}`,
    });
    await deps.outbox.enqueue(trx, {
      to: application.email,
      lang,
      template: 'applicationWithdrawn',
      params: { reference },
    });
    if (!responsible.same_as_applicant && responsible.email)
      await deps.outbox.enqueue(trx, {
        to: responsible.email,
        lang: 'ja',
        template: 'applicationWithdrawn',
        params: { reference },
      });
    return true;
  });
  if (done) deps.pokeJobs();
  return done;
}

/**
 * A step of the draft saved with what is fine in it (done when nothing was refused);
 * the draft lives on from now. The steps done so far.
 */
export function saveDraftStep(
  db: Kysely<Database>,
  draftId: number,
  step: ApplicationStep,
  answers: StepAnswers,
  done: boolean,
  responsible?: ResponsiblePersonAnswers,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    if (responsible) await saveResponsiblePerson(trx, draftId, responsible);
    return saveStep(trx, draftId, step, answers, done, new Date(Date.now() + DRAFT_LIFETIME_MS));
  });
}
