// Things that happen on a date rather than because someone did something: the
// renewal calendar's mails, lock and deletion list (src/domain/fiscal-calendar.ts),
// and the end dates of group and workshop accounts (jobs/handlers/groups.ts).
// Every instance calls `scheduleDue` each minute; an occurrence that is due becomes a
// job whose key names it (`renewal:<event>:<fiscal year>`), so it runs once however
// many instances ask and however often, and one missed while every instance was
// down is queued at the next start. Occurrences from before the scheduler's first
// run (a new installation) are history, not work.
import type { Kysely } from 'kysely';
import { enqueueJob } from '../db/jobs.js';
import type { Database } from '../db/schema.js';
import { scheduleSince } from '../db/settings.js';
import { type CalendarLookup, centreDayOf, fiscalYearOf, renewalEvents } from '../domain/fiscal-calendar.js';
import { GROUP_END_JOB, groupsNeedCheck } from './handlers/groups.js';
import { renewalJobKind } from './handlers/renewal.js';

/** Queues every occurrence due at `now` that has no job yet; returns how many were queued. */
export async function scheduleDue(db: Kysely<Database>, calendar: CalendarLookup, now: Date): Promise<number> {
  const since = await scheduleSince(db, now);
  const fy = fiscalYearOf(now);
  let queued = 0;
  // A cycle runs from the January before its fiscal year to the July within it.
  for (const year of [fy, fy + 1]) {
    const events = renewalEvents(calendar(year));
    const lock = events.find((e) => e.kind === 'lock');
    for (const event of events) {
      if (event.at > now || event.at < since) continue;
      // A mail missed while every instance was down is not worth sending once its lock has passed.
      const mail = event.kind === 'opened' || event.kind === 'reminder30' || event.kind === 'reminder7';
      if (mail && lock && lock.at <= now) continue;
      const id = await enqueueJob(db, {
        kind: renewalJobKind(event.kind),
        key: `renewal:${event.kind}:${year}`,
        payload: { fiscalYear: year, due: event.at.toISOString() },
        maxAttempts: 10,
      });
      if (id !== undefined) queued++;
    }
  }
  // Groups and workshops: a check a day while one ends within 14 days or has ended.
  if (await groupsNeedCheck(db, now)) {
    const day = centreDayOf(now);
    const id = await enqueueJob(db, {
      kind: GROUP_END_JOB,
      key: `groups:end:${day}`,
      payload: { day },
      maxAttempts: 10,
    });
    if (id !== undefined) queued++;
  }
  return queued;
}
