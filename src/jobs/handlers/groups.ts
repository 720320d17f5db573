// The end date of group and workshop accounts, as one job a day (queued by the
// scheduler while some approved group ends within 14 days or has ended):
// - 14 and 3 days ahead, the participants with an account and the person in charge are
//   mailed (once per group, end date and mark: an extension brings new mails);
// - after the end date, the group's accounts are locked as the renewal lock does (in
//   the directory by a job, sessions ended), its participants end, the group is
//   `ended`, and everyone is mailed. Locked accounts of ended groups enter the year's
//   deletion list (db/renewal.ts listHomeDeletions).
import type { Kysely } from 'kysely';
import { moveAccounts } from '../../db/account-states.js';
import { appendAudit } from '../../db/audit.js';
import {
  advanceGroup,
  approvedGroupsEndingBy,
  GroupChangedError,
  groupAccounts,
  holderOfAccount,
  moveParticipants,
} from '../../db/groups.js';
import type { Database } from '../../db/schema.js';
import { deleteSessionsOf } from '../../db/sessions.js';
import { addDays, centreDayOf, dayNumber } from '../../domain/fiscal-calendar.js';
import { GROUP_ENDED } from '../../domain/group-account.js';
import { isLang, type Lang } from '../../i18n/index.js';
import type { Outbox, OutboxMail } from '../../mail/outbox.js';
import type { JobHandler } from '../worker.js';
import { enqueueLockSync } from './account.js';

export const GROUP_END_JOB = 'group.end-check';
/** Days before the end date when everyone is mailed. */
export const GROUP_ENDING_MARKS = [14, 3] as const;

export interface GroupJobDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  pokeJobs?: () => void;
  now?: () => Date;
}

const langOf = (lang: string): Lang => (isLang(lang) ? lang : 'ja');

/** Whether some approved group ends within 14 days (or has ended): the scheduler then queues the day's job. */
export async function groupsNeedCheck(db: Kysely<Database>, now: Date): Promise<boolean> {
  const last = Math.max(...GROUP_ENDING_MARKS);
  return (await approvedGroupsEndingBy(db, addDays(centreDayOf(now), last))).length > 0;
}

export function groupJobHandlers(deps: GroupJobDeps): Record<string, JobHandler> {
  const { db, outbox } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    [GROUP_END_JOB]: async () => {
      const today = centreDayOf(now());
      const last = Math.max(...GROUP_ENDING_MARKS);
      for (const group of await approvedGroupsEndingBy(db, addDays(today, last))) {
        const inCharge = await holderOfAccount(db, group.in_charge_account_id);
        const accounts = (await groupAccounts(db, group.id)).filter(
          (a) => a.state === 'active' || a.state === 'locked',
        );
        const groupUrl = new URL(`/account/groups/${group.id}`, deps.baseUrl).toString();
        if (group.ends_on >= today) {
          const days = dayNumber(group.ends_on) - dayNumber(today);
          // The nearest mark reached; one missed (a late approval) is not sent after a nearer one.
          const mark = [...GROUP_ENDING_MARKS].sort((a, b) => a - b).find((m) => days <= m);
          if (mark === undefined) continue;
          await db.transaction().execute(async (trx) => {
            const key = (who: string) => `group-ending:${group.id}:${group.ends_on}:${mark}:${who}`;
            const mails: OutboxMail<'groupEnding'>[] = accounts.map((a) => ({
              to: a.email,
              lang: langOf(a.lang),
              template: 'groupEnding' as const,
              params: { title: group.title, endsOn: group.ends_on, days, account: a.uid, url: null },
              key: key(a.uid),
            }));
            if (inCharge)
              mails.push({
                to: inCharge.email,
                lang: langOf(group.lang),
                template: 'groupEnding' as const,
                params: { title: group.title, endsOn: group.ends_on, days, account: null, url: groupUrl },
                key: key('in-charge'),
              });
            await outbox.enqueueMany(trx, mails);
          });
          continue;
        }
        // The end date has passed: lock the accounts and end the group.
        try {
          await db.transaction().execute(async (trx) => {
            const locked = await moveAccounts(trx, 'locked', { actor: 'system', reason: GROUP_ENDED }, (q) =>
              q.where('state', '=', 'active').where(
                'id',
                'in',
                accounts.map((a) => a.id),
              ),
            );
            for (const a of locked) {
              await deleteSessionsOf(trx, 'user', String(a.id));
              await enqueueLockSync(trx, a.id, `group-ended:${group.id}`);
            }
            await moveParticipants(trx, group.id, 'all', 'ended', { actor: 'system', from: ['provisioned'] });
            await moveParticipants(trx, group.id, 'all', 'removed', {
              actor: 'system',
              note: 'group ended',
              from: ['invited', 'confirmed'],
              set: { token_hash: null, token_expires_at: null },
            });
            await advanceGroup(trx, group, 'ended', { actor: 'system', note: `end date ${group.ends_on}` });
            const mails: OutboxMail<'groupEnded'>[] = accounts.map((a) => ({
              to: a.email,
              lang: langOf(a.lang),
              template: 'groupEnded' as const,
              params: { title: group.title, account: a.uid },
              key: `group-ended:${group.id}:${a.uid}`,
            }));
            if (inCharge)
              mails.push({
                to: inCharge.email,
                lang: langOf(group.lang),
                template: 'groupEnded' as const,
                params: { title: group.title, account: null },
                key: `group-ended:${group.id}:in-charge`,
              });
            await outbox.enqueueMany(trx, mails);
            await appendAudit(trx, {
              actor: 'system',
              action: 'group.ended',
              subject: `group:${group.id}`,
              details: { locked: locked.map((a) => a.uid) },
            });
          });
        } catch (error) {
          // Staff moved the group at the same moment: the next run sees what they did.
          if (!(error instanceof GroupChangedError)) throw error;
        }
      }
      deps.pokeJobs?.();
    },
  };
}
