// The pledge as use cases. Sending the links of an application (and sending them
// again), for the console and the API: the move to pledge_sent (or, when sent again, a
// new version so that a second click is refused), the links mailed to the
// responsible person (and the host for a non-resident), the reminder and expiry
// counted from this sending, the audit entry.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { getRequest, lockRequest } from '../db/account-requests.js';
import {
  ApplicationChangedError,
  advanceApplication,
  applicationState,
  bumpVersion,
  getFullApplication,
  lockApplication,
} from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import { currentPledgeText, openPledge, pledgesOf, pledgeText, signPledge } from '../db/pledges.js';
import type { Database } from '../db/schema.js';
import { getReviewPeriods } from '../db/settings.js';
import { openRequestStates } from '../domain/account-request.js';
import type { ApplicationState } from '../domain/application-state.js';
import { personNameInBoth } from '../domain/person-name.js';
import { type PledgeSummary, pledgeDigest } from '../domain/pledge.js';
import { TransitionError } from '../domain/state-machine.js';
import { hashToken } from '../domain/tokens.js';
import type { Lang } from '../i18n/index.js';
import { enqueuePledgeDocument } from '../jobs/handlers/pledge-document.js';
import { pledgesNeeded, scheduleReviewDeadline, sendPledgeLinks } from '../jobs/handlers/review.js';
import type { Outbox } from '../mail/outbox.js';

export interface PledgeDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  reviewResponseDays: number;
  pokeJobs(): void;
}

export const pledgeInput = z
  .object({ version: z.number().int().nonnegative().describe('the `version` of the application as last read') })
  .strict()
  .meta({ id: 'PledgeSending' });

export const pledgeResult = z
  .object({
    id: z.number().int(),
    state: z.literal('pledge_sent'),
    version: z.number().int(),
    sentTo: z.array(z.string()).describe('the kinds of pledge sent (the responsible person’s, the host’s)'),
  })
  .meta({ id: 'PledgeResult' });

export type PledgeOutcome =
  | { ok: true; version: number; kinds: string[] }
  | { ok: false; problem: 'NOT_FOUND' | 'CHANGED' | 'NOT_ALLOWED' | 'NO_PLEDGE'; state?: ApplicationState };

class NoPledgeError extends Error {}

export async function sendPledges(
  deps: PledgeDeps,
  actor: string,
  applicationId: number,
  version: number,
): Promise<PledgeOutcome> {
  const { db } = deps;
  const full = await getFullApplication(db, applicationId);
  if (!full || full.application.state === 'draft') return { ok: false, problem: 'NOT_FOUND' };
  const a = full.application;
  if (version !== a.version) return { ok: false, problem: 'CHANGED', state: a.state };
  if (a.state !== 'submitted' && a.state !== 'pledge_sent')
    return { ok: false, problem: 'NOT_ALLOWED', state: a.state };
  let kinds: string[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      if (a.state === 'submitted') await advanceApplication(trx, a.id, 'pledge_sent', actor, null, version);
      // Sent again: the state stays, but the version moves so a second click is refused.
      else await bumpVersion(trx, a.id, version);
      kinds = await sendPledgeLinks(trx, { outbox: deps.outbox, baseUrl: deps.baseUrl }, full);
      if (kinds.length === 0) throw new NoPledgeError();
      // Reminder and expiry (Settings): counted again from each sending.
      await scheduleReviewDeadline(trx, {
        applicationId: a.id,
        state: 'pledge_sent',
        version: version + 1,
        periods: await getReviewPeriods(trx, deps.reviewResponseDays),
        from: new Date(),
      });
      await appendAudit(trx, {
        actor,
        action: a.state === 'submitted' ? 'pledge.sent' : 'pledge.resent',
        subject: `application:${a.id}`,
        details: { kinds },
      });
    });
  } catch (error) {
    if (error instanceof NoPledgeError) return { ok: false, problem: 'NO_PLEDGE', state: a.state };
    if (!(error instanceof ApplicationChangedError) && !(error instanceof TransitionError)) throw error;
    return { ok: false, problem: 'CHANGED' };
  }
  deps.pokeJobs();
  return { ok: true, version: version + 1, kinds };
}

// The signer's side: the personal link opens the pledge, and signing it records the
// text shown (its digest), the name typed, the address and browser; the copy (PDF)
// and the confirmation follow as a job. An application's last pledge moves it on.

/**
 * The pledge a link opens while its application waits for it, with what it shows:
 * the text the page showed (`textId`, when it is of the pledge's kind; an
 * administrator may have published a newer one meanwhile), else the newest.
 */
export async function openPledgeLink(db: Kysely<Database>, token: string, textId?: number) {
  if (!token || token.length > 100) return undefined;
  const pledge = await openPledge(db, hashToken(token), new Date());
  if (!pledge) return undefined;
  const full = await getFullApplication(db, pledge.application_id);
  if (!full) return undefined;
  // A new responsible person's pledge (Manager Modification) waits on its request; the others on the application.
  if (pledge.request_id !== null) {
    const r = await getRequest(db, pledge.request_id);
    if (!r || !openRequestStates.includes(r.state)) return undefined;
  } else if (full.application.state !== 'pledge_sent') return undefined;
  // Only a text that was in force at some time since the link was sent can have been shown.
  const shown = textId ? await pledgeText(db, textId) : undefined;
  const inForceAtSending = await currentPledgeText(db, pledge.kind, pledge.sent_at);
  const text =
    shown?.kind === pledge.kind && shown.id >= inForceAtSending.id ? shown : await currentPledgeText(db, pledge.kind);
  const summary: PledgeSummary = {
    reference: full.application.reference ?? '',
    applicantName: personNameInBoth(full.applicant),
    institution: full.applicant.institution ?? '',
    accountName: full.application.account_name ?? '',
    purpose: full.applicant.purpose ?? '',
  };
  return { pledge, full, text, summary };
}

export type OpenedPledge = NonNullable<Awaited<ReturnType<typeof openPledgeLink>>>;

/** Signs the pledge the link opened; false when it was withdrawn, expired or signed meanwhile. */
export async function signPledgeLink(
  deps: { db: Kysely<Database>; pokeJobs(): void },
  found: OpenedPledge,
  token: string,
  by: { name: string; ip: string; userAgent: string; lang: Lang },
): Promise<boolean> {
  const { pledge, full, text, summary } = found;
  const signer = pledge.kind === 'applicant' ? 'applicant' : 'responsible';
  const sign = (trx: Transaction<Database>) =>
    signPledge(trx, {
      id: pledge.id,
      tokenHash: hashToken(token),
      textId: text.id,
      textSha256: pledgeDigest(text, summary),
      shown: summary,
      name: by.name,
      ip: by.ip,
      userAgent: by.userAgent.slice(0, 500),
    });
  const details = { pledge: pledge.id, kind: pledge.kind, text: text.id };
  const signed = await deps.db.transaction().execute(async (trx) => {
    if (pledge.request_id !== null) {
      const r = await lockRequest(trx, pledge.request_id);
      if (!r || !openRequestStates.includes(r.state)) return false;
      if (!(await sign(trx))) return false;
      await appendAudit(trx, { actor: signer, action: 'pledge.signed', subject: `request:${r.id}`, details });
      await enqueuePledgeDocument(trx, { pledgeId: pledge.id, lang: by.lang });
      return true;
    }
    await lockApplication(trx, full.application.id);
    // Withdrawn or expired while the page was open: nothing is signed.
    if ((await applicationState(trx, full.application.id)) !== 'pledge_sent') return false;
    if (!(await sign(trx))) return false;
    await appendAudit(trx, {
      actor: signer,
      action: 'pledge.signed',
      subject: `application:${full.application.id}`,
      details,
    });
    await enqueuePledgeDocument(trx, { pledgeId: pledge.id, lang: by.lang });
    const pledges = await pledgesOf(trx, full.application.id);
    const signedKinds = new Set(pledges.filter((p) => p.signed_at).map((p) => p.kind));
    if (pledgesNeeded(full).every((kind) => signedKinds.has(kind))) {
      await advanceApplication(trx, full.application.id, 'pledge_signed', signer, null);
      // Eligibility answers that need export-control screening send it there at once.
      if (full.application.needs_screening)
        await advanceApplication(trx, full.application.id, 'screening', 'system', null);
    }
    return true;
  });
  if (signed) deps.pokeJobs();
  return signed;
}
