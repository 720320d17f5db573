// The renewal calendar's jobs (src/domain/fiscal-calendar.ts), each queued once per
// fiscal year by the scheduler (src/jobs/scheduler.ts):
// - `renewal.opened`, `renewal.reminder30`, `renewal.reminder7`: a mail to every
//   holder who still has to renew (one per holder and event, whatever the retries);
// - `renewal.lock`: accounts not renewed are locked in the directory and here, their
//   sessions end, and the holder is mailed. It works in batches and queues its own
//   continuation when its time slice is used up, so 100,000 accounts need no long lease;
//   each batch's transaction queues one `renewal.locked-mails` job naming its holders,
//   which renders and queues their mails off the lock's path;
// - `renewal.deletions`: the home directories of accounts still not renewed are listed,
//   and each gets a `renewal.home-deletion` job running the operators' command (or
//   only recorded);
// - `renewal.unlock` (queued by a late Continuation): the holder's accounts open again.

import type { Kysely, Transaction } from 'kysely';
import type { CommandRunner } from '../../commands/run-command.js';
import { applicationContact } from '../../db/applications.js';
import { appendAudit } from '../../db/audit.js';
import { enqueueJob } from '../../db/jobs.js';
import {
  accountsToLock,
  accountsToUnlock,
  advanceRenewal,
  applicationContacts,
  finishHomeDeletion,
  holderAccounts,
  holdersToRenew,
  homeDeletion,
  listHomeDeletions,
  markNotRenewed,
  markUnlocked,
  renewAccounts,
  waitingContinuation,
} from '../../db/renewal.js';
import type { Database } from '../../db/schema.js';
import type { Directory } from '../../directory/directory.js';
import { type CalendarLookup, lockAt, lockedThrough, type RenewalEventKind } from '../../domain/fiscal-calendar.js';
import { type Division, groupOrTwinPattern, homeDirectory, userPattern } from '../../domain/provisioning.js';
import { isLang } from '../../i18n/index.js';
import type { Outbox } from '../../mail/outbox.js';
import type { RenewalMailEvent } from '../../mail/templates/renewal.js';
import type { JobHandler } from '../worker.js';

export type HomeDeletionValues = 'user' | 'group' | 'division' | 'home';
/** What HOME_DELETION_COMMAND's placeholders may be replaced by. */
export const homeDeletionPatterns: Record<HomeDeletionValues, RegExp> = {
  user: userPattern,
  group: groupOrTwinPattern,
  division: /^(ga|pg)$/,
  home: /^\/home\/[a-z][a-z0-9_-]{2,31}$/,
};

export interface RenewalJobDeps {
  db: Kysely<Database>;
  directories: Record<Division, Directory>;
  outbox: Outbox;
  /** The calendar as administrators have set it, read when a job runs. */
  calendar: () => Promise<CalendarLookup>;
  homeDeletion: CommandRunner<HomeDeletionValues>;
  baseUrl: URL;
  pokeJobs?: () => void;
  /** How long one run of the lock works before it queues its continuation. */
  lockSliceMs?: number;
  /** Accounts per batch of the lock (500). */
  lockBatch?: number;
  /** Directory writes in flight at once during the lock. */
  lockConcurrency?: number;
  now?: () => Date;
}

export const renewalJobKind = (kind: RenewalEventKind) => `renewal.${kind}`;
export const RENEWAL_UNLOCK_JOB = 'renewal.unlock';
/** One per batch of the lock: the 'locked' mails of the holders it locked. */
export const RENEWAL_LOCKED_MAILS_JOB = 'renewal.locked-mails';
export const HOME_DELETION_JOB = 'renewal.home-deletion';

const BATCH = 500;

/** What a `renewal.locked-mails` job carries: the batch's holders and the accounts it locked of each. */
export type LockedMailsPayload = {
  fiscalYear: number;
  lockAt: string;
  holders: { applicationId: number; uids: string[] }[];
};

/** Where a holder's renewal mail goes: their address and language, and their accounts' names. */
export type HolderContact = { application_id: number; email: string; lang: string; uids: string[] };

/** A renewal mail to a holder, keyed once per event, year and holder unless `key` says otherwise. */
export const holderRenewalMail = (
  h: HolderContact,
  event: RenewalMailEvent,
  fy: number,
  lock: Date,
  url: string,
  key = `renewal:${event}:${fy}:${h.application_id}`,
) => ({
  to: h.email,
  lang: isLang(h.lang) ? h.lang : ('ja' as const),
  template: 'renewal' as const,
  params: { event, fiscalYear: fy, accounts: h.uids, lockAt: lock.toISOString(), url },
  key,
});

/**
 * A Continuation that needs no review takes effect: every account of the holder is
 * valid through `fiscalYear`, a locked one is opened by a job (within a minute), and
 * the holder is mailed. In the caller's transaction.
 */
export async function renewHolder(
  trx: Transaction<Database>,
  outbox: Outbox,
  r: { applicationId: number; fiscalYear: number; lockAt: Date; baseUrl: URL },
): Promise<void> {
  await renewAccounts(trx, r.applicationId, r.fiscalYear);
  const holder = await holderAccounts(trx, r.applicationId, { live: true });
  if (!holder) return;
  if (holder.locked)
    await enqueueJob(trx, {
      kind: RENEWAL_UNLOCK_JOB,
      key: `renewal-unlock:${r.applicationId}:${r.fiscalYear}`,
      payload: { applicationId: r.applicationId },
    });
  await outbox.enqueue(
    trx,
    holderRenewalMail(
      { application_id: r.applicationId, ...holder },
      'renewed',
      r.fiscalYear,
      r.lockAt,
      new URL('/account', r.baseUrl).toString(),
    ),
  );
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * A Continuation waiting for a Manager Modification follows it: applied → renewed (as
 * renewHolder does); not approved or withdrawn → rejected, and the holder is asked to
 * send the renewal again. In the transaction of the request's move; nothing when no
 * Continuation waits for this request.
 */
export async function settleContinuation(
  trx: Transaction<Database>,
  outbox: Outbox,
  requestId: number,
  outcome: 'applied' | 'rejected' | 'withdrawn',
  r: { calendar: CalendarLookup; baseUrl: URL },
): Promise<void> {
  const renewal = await waitingContinuation(trx, requestId);
  if (!renewal) return;
  if (outcome === 'applied') {
    await advanceRenewal(trx, renewal, 'renewed', 'system', `request:${requestId}`);
    await renewHolder(trx, outbox, {
      applicationId: renewal.application_id,
      fiscalYear: renewal.fiscal_year,
      lockAt: lockAt(r.calendar(renewal.fiscal_year)),
      baseUrl: r.baseUrl,
    });
    return;
  }
  await advanceRenewal(trx, renewal, 'rejected', 'system', `request:${requestId} ${outcome}`);
  const holder = await holderAccounts(trx, renewal.application_id, { live: false });
  if (!holder) throw new Error(`application ${renewal.application_id} has no accounts`);
  await outbox.enqueue(
    trx,
    holderRenewalMail(
      { application_id: renewal.application_id, ...holder },
      'rejected',
      renewal.fiscal_year,
      lockAt(r.calendar(renewal.fiscal_year)),
      new URL('/account', r.baseUrl).toString(),
      `renewal:rejected:${renewal.id}`,
    ),
  );
}

export function renewalJobHandlers(deps: RenewalJobDeps): Record<string, JobHandler> {
  const { db, outbox } = deps;
  const now = deps.now ?? (() => new Date());
  const accountUrl = new URL('/account', deps.baseUrl).toString();

  /** One mail per holder and event: the key makes a retry or a second run send nothing twice. */

  /** One renewal mail to a holder; its key makes it once per holder and event. */
  const renewalMail = (h: HolderContact, event: RenewalMailEvent, fy: number, lock: Date) =>
    holderRenewalMail(h, event, fy, lock, accountUrl);

  /** The mails in batches, one statement each. */
  async function mailHolders(holders: HolderContact[], event: RenewalMailEvent, fy: number, lock: Date) {
    for (let i = 0; i < holders.length; i += BATCH) {
      await db.transaction().execute((trx) =>
        outbox.enqueueMany(
          trx,
          holders.slice(i, i + BATCH).map((h) => renewalMail(h, event, fy, lock)),
        ),
      );
      deps.pokeJobs?.();
    }
  }

  const reminder =
    (event: 'opened' | 'reminder30' | 'reminder7'): JobHandler =>
    async (job) => {
      const { fiscalYear } = job.payload as { fiscalYear: number };
      const calendar = await deps.calendar();
      await mailHolders(await holdersToRenew(db, fiscalYear), event, fiscalYear, lockAt(calendar(fiscalYear)));
    };

  return {
    [renewalJobKind('opened')]: reminder('opened'),
    [renewalJobKind('reminder30')]: reminder('reminder30'),
    [renewalJobKind('reminder7')]: reminder('reminder7'),

    [renewalJobKind('lock')]: async (job) => {
      const { fiscalYear, part = 0, after = 0 } = job.payload as { fiscalYear: number; part?: number; after?: number };
      const calendar = await deps.calendar();
      const lock = lockAt(calendar(fiscalYear));
      const until = Date.now() + (deps.lockSliceMs ?? 60_000);
      // In id order from where the last batch ended: those behind are locked already.
      // The directory first: an account marked locked here is locked there. With an
      // LDAP directory the next batch's directory writes go on while this batch is
      // marked here; the embedded one lives in the database and waits its turn.
      const overlaps = (accounts: { division: Division }[]) =>
        accounts.every((a) => deps.directories[a.division].kind !== 'embedded');
      const lockInDirectory = (accounts: { uid: string; division: Division }[]) =>
        inParallel(accounts, deps.lockConcurrency ?? 8, (a) => deps.directories[a.division].lock(a.uid));
      let last = after;
      const size = deps.lockBatch ?? BATCH;
      let batch = await accountsToLock(db, fiscalYear, size, last);
      let inDirectory = lockInDirectory(batch);
      while (batch.length > 0) {
        await inDirectory;
        last = batch[batch.length - 1]?.id ?? last;
        const next = await accountsToLock(db, fiscalYear, size, last);
        const overlap = overlaps(next);
        inDirectory = overlap ? lockInDirectory(next) : Promise.resolve();
        // Awaited at the next turn; until then a failure must not count as unhandled.
        inDirectory.catch(() => undefined);
        // Marked, audited and its mails queued in one transaction: a retry finds only what is left.
        await db.transaction().execute(async (trx) => {
          const rows = await markNotRenewed(
            trx,
            batch.map((a) => a.id),
            fiscalYear,
            now(),
          );
          if (rows.length === 0) return;
          await appendAudit(trx, {
            actor: 'system',
            action: 'account.locked.not_renewed',
            subject: `renewal:${fiscalYear}`,
            details: { accounts: rows.map((r) => r.uid) },
          });
          // The mails are a job of their own, queued in this transaction: no holder is
          // locked without their mail guaranteed, and the rendering is off the lock's path.
          const uids = new Map<number, string[]>();
          for (const a of rows) uids.set(a.application_id, [...(uids.get(a.application_id) ?? []), a.uid]);
          const payload: LockedMailsPayload = {
            fiscalYear,
            lockAt: lock.toISOString(),
            holders: [...uids].map(([applicationId, accounts]) => ({ applicationId, uids: accounts })),
          };
          // Keyed by the first account this transaction locked. Should that key be taken
          // (the account was opened by hand and locked again by a rerun), the job goes
          // without one: the mails' own keys keep each holder to one mail.
          const mails = { kind: RENEWAL_LOCKED_MAILS_JOB, payload };
          const key = `renewal:locked-mails:${fiscalYear}:${Math.min(...rows.map((r) => r.id))}`;
          if ((await enqueueJob(trx, { ...mails, key })) === undefined) await enqueueJob(trx, mails);
        });
        deps.pokeJobs?.();
        if (!overlap) await lockInDirectory(next);
        batch = next;
        if (batch.length > 0 && Date.now() > until) {
          await inDirectory;
          await enqueueJob(db, {
            kind: renewalJobKind('lock'),
            key: `renewal:lock:${fiscalYear}:part${part + 1}`,
            payload: { fiscalYear, part: part + 1, after: last },
          });
          deps.pokeJobs?.();
          return;
        }
      }
    },

    [RENEWAL_LOCKED_MAILS_JOB]: async (job) => {
      const { fiscalYear, lockAt: at, holders } = job.payload as unknown as LockedMailsPayload;
      const lock = new Date(at);
      const uids = new Map(holders.map((h) => [h.applicationId, h.uids]));
      if (uids.size === 0) return;
      // Each mail keeps its key: a retry of this job (or a second batch of the same
      // holder) queues nothing twice.
      await db.transaction().execute(async (trx) => {
        const contacts = await applicationContacts(trx, [...uids.keys()]);
        await outbox.enqueueMany(
          trx,
          contacts.map((c) =>
            renewalMail(
              { application_id: c.id, email: c.email, lang: c.lang, uids: uids.get(c.id) ?? [] },
              'locked',
              fiscalYear,
              lock,
            ),
          ),
        );
      });
      deps.pokeJobs?.();
    },

    [renewalJobKind('deletions')]: async (job) => {
      const { fiscalYear } = job.payload as { fiscalYear: number };
      await db.transaction().execute(async (trx) => {
        const listed = await listHomeDeletions(trx, fiscalYear);
        for (const row of listed)
          await enqueueJob(trx, {
            kind: HOME_DELETION_JOB,
            key: `home-deletion:${row.account_id}:${fiscalYear}`,
            payload: { accountId: row.account_id, fiscalYear },
            maxAttempts: 5,
          });
        await appendAudit(trx, {
          actor: 'system',
          action: 'renewal.deletions.listed',
          subject: `renewal:${fiscalYear}`,
          details: { count: listed.length, via: deps.homeDeletion.kind },
        });
      });
      deps.pokeJobs?.();
    },

    [HOME_DELETION_JOB]: async (job) => {
      const { accountId, fiscalYear } = job.payload as { accountId: number; fiscalYear: number };
      const row = await homeDeletion(db, accountId, fiscalYear);
      if (!row || (row.state !== 'listed' && row.state !== 'failed')) return;
      // Renewed since it was listed: the directory stays.
      if ((row.valid_through ?? 0) >= fiscalYear || row.account_state === 'active') {
        await finishHomeDeletion(db, accountId, fiscalYear, { state: 'cancelled', via: 'renewed', output: '' });
        return;
      }
      const via = deps.homeDeletion.kind;
      try {
        const output = await deps.homeDeletion.run({
          user: row.uid,
          group: row.group_name,
          division: row.division,
          home: homeDirectory(row.uid),
        });
        await db.transaction().execute(async (trx) => {
          await finishHomeDeletion(trx, accountId, fiscalYear, { state: 'done', via, output });
          await appendAudit(trx, {
            actor: 'system',
            action: via === 'command' ? 'home.deleted' : 'home.deletion.recorded',
            subject: `account:${accountId}`,
            details: { uid: row.uid, fiscalYear },
          });
        });
      } catch (error) {
        await finishHomeDeletion(db, accountId, fiscalYear, {
          state: 'failed',
          via,
          output: String((error as Error).message).slice(0, 2000),
        });
        throw error;
      }
    },

    [RENEWAL_UNLOCK_JOB]: async (job) => {
      const { applicationId } = job.payload as { applicationId: number };
      const calendar = await deps.calendar();
      const through = lockedThrough(now(), calendar);
      const accounts = await accountsToUnlock(db, applicationId, through);
      if (accounts.length === 0) return;
      for (const a of accounts) await deps.directories[a.division].unlock(a.uid);
      await db.transaction().execute(async (trx) => {
        await markUnlocked(
          trx,
          accounts.map((a) => a.id),
        );
        await appendAudit(trx, {
          actor: 'system',
          action: 'account.unlocked.renewed',
          subject: `application:${applicationId}`,
          details: { accounts: accounts.map((a) => a.uid) },
        });
      });
      const holder = { application_id: applicationId, ...(await applicationContact(db, applicationId)) };
      const fy = Math.max(...accounts.map((a) => a.valid_through ?? through));
      await mailHolders([{ ...holder, uids: accounts.map((a) => a.uid) }], 'unlocked', fy, lockAt(calendar(fy)));
    },
  };
}
