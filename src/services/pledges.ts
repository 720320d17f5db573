// Sending the pledge links of an application (and sending them again), as one use
// case for the console and the API: the move to pledge_sent (or, when sent again, a
// new version so that a second click is refused), the links mailed to the
// responsible person (and the host for a non-resident), the reminder and expiry
// counted from this sending, the audit entry.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ApplicationChangedError, advanceApplication, bumpVersion, getFullApplication } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import { getReviewPeriods } from '../db/settings.js';
import type { ApplicationState } from '../domain/application-state.js';
import { TransitionError } from '../domain/state-machine.js';
import { scheduleReviewDeadline, sendPledgeLinks } from '../jobs/handlers/review.js';
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
