// Sending a holder's Continuation (the yearly renewal), as a use case for the renewal
// pages (web/account/continuation.tsx): in one transaction a Manager Modification
// when the responsible person changes (the Continuation waits for its review), the
// other changes of details applied without review (the Continuation approves them),
// the renewal with the achievements and the publication choice, the audit entries
// and the mail; a Continuation with nothing to review renews the holder at once.
import type { Kysely } from 'kysely';
import { advanceRequest, createRequest, OpenRequestError, openRequestOf } from '../db/account-requests.js';
import { appendAudit } from '../db/audit.js';
import { insertRenewal } from '../db/renewal.js';
import { deleteRenewalDrafts } from '../db/renewal-draft.js';
import type { Database } from '../db/schema.js';
import { type Account, liveAccountNames } from '../db/user-accounts.js';
import type { FieldChange, RequestData } from '../domain/account-request.js';
import type { Achievement } from '../domain/achievement.js';
import type { PublicationChoice } from '../domain/renewal.js';
import { enqueueRequestApply } from '../jobs/handlers/account-request.js';
import { holderRenewalMail, renewHolder } from '../jobs/handlers/renewal.js';
import type { Outbox } from '../mail/outbox.js';
import { recordRequest } from './holder-requests.js';

export interface ContinuationDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  pokeJobs(): void;
}

/** A Continuation as its pages checked it. */
export interface Continuation {
  account: Account;
  fiscalYear: number;
  /** When holders not renewed are locked (the mail says so). */
  lockAt: Date;
  holder: { email: string; lang: string };
  /** A new responsible person: a Manager Modification to review. */
  manager?: RequestData | undefined;
  changes: FieldChange[];
  publication: PublicationChoice;
  postponeReason: string | null;
  achievements: Achievement[];
  /** The renewal pages' address (the mail links to it). */
  renewalPath: string;
}

export type ContinuationOutcome =
  | { ok: true; state: 'renewed' | 'review' }
  /** Sent already for that fiscal year. */
  | { ok: false; problem: 'SENT' }
  /** A Manager Modification is open already (sent from the requests page meanwhile). */
  | { ok: false; problem: 'OPEN' };

class SentAlready extends Error {}

export async function sendContinuation(deps: ContinuationDeps, c: Continuation): Promise<ContinuationOutcome> {
  const { account, fiscalYear: fy } = c;
  const { outbox } = deps;
  const actor = `account:${account.id}`;
  let state: 'renewed' | 'review' = 'renewed';
  try {
    await deps.db.transaction().execute(async (trx) => {
      const managerRequestId = c.manager
        ? (await recordRequest(trx, outbox, account, c.manager, { details: { renewal: fy } })).id
        : (await openRequestOf(trx, account.application_id, 'manager'))?.id;
      if (c.changes.length) {
        // Applied as a Modification is, without review: the Continuation is its approval.
        const r = await createRequest(trx, {
          applicationId: account.application_id,
          accountId: account.id,
          data: { kind: 'modification', changes: c.changes },
        });
        const approved = await advanceRequest(trx, r, 'approved', { actor: 'system', note: `renewal ${fy}` });
        await enqueueRequestApply(trx, approved);
        await appendAudit(trx, {
          actor,
          action: 'account_request.submitted',
          subject: `request:${r.id}`,
          details: { kind: r.kind, renewal: fy },
        });
      }
      state = managerRequestId ? 'review' : 'renewed';
      const renewal = await insertRenewal(trx, {
        applicationId: account.application_id,
        accountId: account.id,
        fiscalYear: fy,
        state,
        data: { changes: c.changes, ...(managerRequestId ? { managerRequestId } : {}) },
        publication: c.publication,
        postponeReason: c.publication === 'postpone' ? c.postponeReason : null,
        achievements: c.achievements,
        actor,
      });
      if (!renewal) throw new SentAlready();
      await appendAudit(trx, {
        actor,
        action: 'renewal.submitted',
        subject: `renewal:${renewal.id}`,
        details: {
          fiscalYear: fy,
          state,
          achievements: c.achievements.length,
          changes: c.changes.map((x) => x.field),
        },
      });
      if (state === 'renewed')
        await renewHolder(trx, outbox, {
          applicationId: account.application_id,
          fiscalYear: fy,
          lockAt: c.lockAt,
          baseUrl: deps.baseUrl,
        });
      else {
        const uids = await liveAccountNames(trx, account.application_id);
        await outbox.enqueue(
          trx,
          holderRenewalMail(
            { application_id: account.application_id, email: c.holder.email, lang: c.holder.lang, uids },
            'review',
            fy,
            c.lockAt,
            new URL(c.renewalPath, deps.baseUrl).toString(),
            `renewal:review:${renewal.id}`,
          ),
        );
      }
      await deleteRenewalDrafts(trx, account.application_id, fy);
    });
  } catch (error) {
    if (error instanceof SentAlready) return { ok: false, problem: 'SENT' };
    if (error instanceof OpenRequestError) return { ok: false, problem: 'OPEN' };
    throw error;
  }
  deps.pokeJobs();
  return { ok: true, state };
}
