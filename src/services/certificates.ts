// After approval, as use cases for the console (web/staff/provisioning.tsx,
// web/staff/certificates.tsx) and the API: provisioning tried again once its job has
// used up its tries, a print batch of the registration certificates waiting to be
// posted, and a certificate marked as posted (the application is then issued and
// the applicant mailed). Downloads of certificates are audited.
import type { Kysely } from 'kysely';
import { accountsOf, createCertificateBatch, markCertificatesPosted } from '../db/accounts.js';
import { advanceApplication, getApplication } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import { jobByKey, retryFailedJob } from '../db/jobs.js';
import type { Database } from '../db/schema.js';
import type { ApplicationState } from '../domain/application-state.js';
import { provisionJobKey } from '../jobs/handlers/provision.js';
import type { Outbox } from '../mail/outbox.js';
import type { Caller } from './review.js';

export interface CertificateDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  pokeJobs(): void;
}

export type AfterApprovalOutcome =
  /** The application's state afterwards. */
  | { ok: true; state: ApplicationState }
  | { ok: false; problem: 'NOT_FOUND' }
  /** Provisioning has not failed (it is done, or still trying); a certificate not waiting to be posted. */
  | { ok: false; problem: 'NOT_ALLOWED' }
  /** A certificate posted is recorded under a staff member's name. */
  | { ok: false; problem: 'STAFF_ONLY' };

/** Runs an application's failed provisioning job again from its first try. */
export async function retryProvisioning(
  deps: CertificateDeps,
  actor: string,
  applicationId: number,
): Promise<AfterApprovalOutcome> {
  const application = await getApplication(deps.db, applicationId);
  if (!application) return { ok: false, problem: 'NOT_FOUND' };
  const job = await jobByKey(deps.db, provisionJobKey(application.id));
  if (job?.state !== 'failed') return { ok: false, problem: 'NOT_ALLOWED' };
  await deps.db.transaction().execute(async (trx) => {
    await retryFailedJob(trx, job.id);
    await appendAudit(trx, {
      actor,
      action: 'application.provisioning.retried',
      subject: `application:${application.id}`,
      details: { job: job.id },
    });
  });
  deps.pokeJobs();
  return { ok: true, state: application.state };
}

/** A print batch of every certificate waiting to be posted; undefined when none waits. */
export async function makeCertificateBatch(
  db: Kysely<Database>,
  staff: { id: number; actor: string },
): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const created = await createCertificateBatch(trx, staff.id);
    if (created !== undefined)
      await appendAudit(trx, { actor: staff.actor, action: 'certificate.batch.created', subject: `batch:${created}` });
    return created;
  });
}

/** The application's certificates are in the post: it is issued, and the applicant is told. */
export async function markCertificatePosted(
  deps: CertificateDeps,
  caller: Caller,
  applicationId: number,
): Promise<AfterApprovalOutcome> {
  const application = await getApplication(deps.db, applicationId);
  if (!application) return { ok: false, problem: 'NOT_FOUND' };
  // Someone put it in the post: a staff member, never a service account.
  const staffId = caller.staffId;
  if (staffId === null) return { ok: false, problem: 'STAFF_ONLY' };
  const accounts = await accountsOf(deps.db, application.id);
  const done = await deps.db.transaction().execute(async (trx) => {
    if (application.state !== 'provisioned' && application.state !== 'issued') return false;
    const posted = await markCertificatesPosted(trx, application.id, staffId);
    if (!posted) return false;
    if (application.state === 'provisioned')
      await advanceApplication(trx, application.id, 'issued', caller.actor, null);
    await appendAudit(trx, {
      actor: caller.actor,
      action: 'certificate.posted',
      subject: `application:${application.id}`,
      ...(posted.reissueRequestId !== null ? { details: { reissueRequest: posted.reissueRequestId } } : {}),
    });
    await deps.outbox.enqueue(trx, {
      to: application.email,
      lang: application.lang === 'en' ? 'en' : 'ja',
      template: 'certificatePosted',
      params: { reference: application.reference ?? '', accounts: accounts.map((a) => a.uid) },
      key:
        posted.reissueRequestId === null
          ? `certificate-posted:${application.id}`
          : `certificate-posted:${application.id}:reissue:${posted.reissueRequestId}`,
    });
    return true;
  });
  if (!done) return { ok: false, problem: 'NOT_ALLOWED' };
  deps.pokeJobs();
  return { ok: true, state: 'issued' };
}
