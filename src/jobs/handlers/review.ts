// Deadlines of the review: a pledge not signed or a request for information not
// answered in the review periods (Settings; REVIEW_RESPONSE_DAYS until set) expires
// the application; on the reminder day, the person waited for gets a fresh link.
// Both are durable jobs scheduled when the pledge is sent, keyed by the
// application's version: any later change (a resend, a signature, a withdrawal)
// makes them do nothing.
import type { Kysely, Transaction } from 'kysely';
import { advanceApplication, type FullApplication, getFullApplication } from '../../db/applications.js';
import { appendAudit } from '../../db/audit.js';
import { latestInformationRequest, replaceInformationToken } from '../../db/information-requests.js';
import { enqueueJob } from '../../db/jobs.js';
import { pledgesOf, putPledge } from '../../db/pledges.js';
import type { Database, Job } from '../../db/schema.js';
import type { ApplicationState } from '../../domain/application-state.js';
import { personNames } from '../../domain/person-name.js';
import { PLEDGE_LINK_LIFETIME_MS, type PledgeKind, pledgeSigner, requiredPledges } from '../../domain/pledge.js';
import type { ReviewPeriods } from '../../domain/settings.js';
import { hashToken, newToken } from '../../domain/tokens.js';
import type { Outbox } from '../../mail/outbox.js';
import type { JobHandler } from '../worker.js';

export const REVIEW_REMINDER_JOB = 'application.reminder';
export const REVIEW_EXPIRY_JOB = 'application.expire';

interface DeadlinePayload {
  applicationId: number;
  state: ApplicationState;
  version: number;
}

/** Schedules the reminder and the expiry of the wait that starts now (in the caller's transaction). */
export async function scheduleReviewDeadline(
  trx: Transaction<Database>,
  d: DeadlinePayload & { periods: ReviewPeriods; from: Date },
): Promise<void> {
  const payload = { applicationId: d.applicationId, state: d.state, version: d.version };
  const day = 24 * 3600_000;
  await enqueueJob(trx, {
    kind: REVIEW_REMINDER_JOB,
    key: `reminder:${d.applicationId}:${d.version}`,
    runAt: new Date(d.from.getTime() + d.periods.reminderDays * day),
    payload,
  });
  await enqueueJob(trx, {
    kind: REVIEW_EXPIRY_JOB,
    key: `expire:${d.applicationId}:${d.version}`,
    runAt: new Date(d.from.getTime() + d.periods.expiryDays * day),
    payload,
  });
}

/** The applicant's mail with what staff ask and the link to answer it (a request or its reminder). */
export async function mailInformationLink(
  trx: Transaction<Database>,
  outbox: Outbox,
  baseUrl: URL,
  a: { email: string; lang: string; reference: string | null },
  message: string,
  token: string,
): Promise<void> {
  await outbox.enqueue(trx, {
    to: a.email,
    lang: a.lang === 'en' ? 'en' : 'ja',
    template: 'informationRequested',
    params: {
      reference: a.reference ?? '',
      message,
      url: new URL(`/apply/information?token=${encodeURIComponent(token)}`, baseUrl).toString(),
    },
  });
}

/** The pledges an application needs (domain: requiredPledges). */
export const pledgesNeeded = (full: FullApplication): PledgeKind[] =>
  requiredPledges({
    responsibleIsApplicant: full.responsible.same_as_applicant,
    feftaResident: full.application.fefta_resident,
  });

/**
 * A new personal link (replacing any earlier one) and its mail for every pledge the
 * application needs that is not signed yet, in the caller's transaction: the
 * responsible person's, and a non-resident applicant's own. Returns the kinds sent.
 */
export async function sendPledgeLinks(
  trx: Transaction<Database>,
  deps: { outbox: Outbox; baseUrl: URL },
  full: FullApplication,
  reminder = false,
): Promise<PledgeKind[]> {
  const a = full.application;
  const r = full.responsible;
  const signed = new Set((await pledgesOf(trx, a.id)).filter((p) => p.signed_at).map((p) => p.kind));
  const sent: PledgeKind[] = [];
  for (const kind of pledgesNeeded(full)) {
    if (signed.has(kind)) continue;
    const byApplicant = pledgeSigner(kind) === 'applicant' || r.same_as_applicant;
    const email = byApplicant ? a.email : r.email;
    if (!email) continue;
    const token = newToken();
    const expiresAt = new Date(Date.now() + PLEDGE_LINK_LIFETIME_MS);
    await putPledge(trx, { applicationId: a.id, kind, email, tokenHash: hashToken(token), expiresAt });
    await deps.outbox.enqueue(trx, {
      to: email,
      lang: byApplicant && a.lang === 'en' ? 'en' : 'ja',
      template: 'pledgeRequest',
      params: {
        reference: a.reference ?? '',
        applicantName: personNames(full.applicant),
        url: new URL(`/pledge?token=${encodeURIComponent(token)}`, deps.baseUrl).toString(),
        kind,
        expiresAt: expiresAt.toISOString(),
        reminder,
      },
    });
    sent.push(kind);
  }
  return sent;
}

export function reviewJobHandlers(deps: {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
}): Record<string, JobHandler> {
  const { db, outbox } = deps;

  /** The application if it is still waiting as it was when the job was scheduled. */
  const stillWaiting = async (job: Job) => {
    const p = job.payload as unknown as DeadlinePayload;
    const full = await getFullApplication(db, p.applicationId);
    if (!full || full.application.state !== p.state || full.application.version !== p.version) return undefined;
    return { full, p };
  };

  /** A request for information not yet answered: the same request again, with a new link. */
  const remindApplicant = async (full: FullApplication) => {
    const a = full.application;
    const asked = await latestInformationRequest(db, a.id);
    if (!asked || asked.answered_at) return;
    const token = newToken();
    await db.transaction().execute(async (trx) => {
      await replaceInformationToken(trx, asked.id, hashToken(token), asked.expires_at);
      await appendAudit(trx, { actor: 'system', action: 'information.reminded', subject: `application:${a.id}` });
      await mailInformationLink(trx, outbox, deps.baseUrl, a, asked.message, token);
    });
  };

  return {
    [REVIEW_REMINDER_JOB]: async (job) => {
      const waiting = await stillWaiting(job);
      if (waiting?.p.state === 'information_requested') return remindApplicant(waiting.full);
      if (waiting?.p.state !== 'pledge_sent') return;
      // The link in the first mail is not kept (only its hash): the reminder brings a new one.
      await db.transaction().execute(async (trx) => {
        const kinds = await sendPledgeLinks(trx, deps, waiting.full, true);
        if (kinds.length) {
          await appendAudit(trx, {
            actor: 'system',
            action: 'pledge.reminded',
            subject: `application:${waiting.full.application.id}`,
            details: { kinds },
          });
        }
      });
    },
    [REVIEW_EXPIRY_JOB]: async (job) => {
      const waiting = await stillWaiting(job);
      if (!waiting) return;
      const { full, p } = waiting;
      const a = full.application;
      await db.transaction().execute(async (trx) => {
        await advanceApplication(trx, a.id, 'expired', 'system', `no answer while ${p.state}`, p.version);
        await appendAudit(trx, {
          actor: 'system',
          action: 'application.expired',
          subject: `application:${a.id}`,
          details: { from: p.state },
        });
        const params = { reference: a.reference ?? '' };
        await outbox.enqueue(trx, {
          to: a.email,
          lang: a.lang === 'en' ? 'en' : 'ja',
          template: 'applicationExpired',
          params,
        });
        if (!full.responsible.same_as_applicant && full.responsible.email) {
          await outbox.enqueue(trx, { to: full.responsible.email, lang: 'ja', template: 'applicationExpired', params });
        }
      });
    },
  };
}
