// A fiscal year of renewal driven by a simulated clock, on PGlite and on PostgreSQL:
// HOLDERS holders (120 in npm test, 1,000 in npm run test:faults) valid through 2026
// (some renew early, some late in the window, some
// after the lock, some after the deletion list, some never) and 10 registered after
// the window opened. The scheduler is asked several times a day (and twice at once,
// as two instances would), misses a few days as if the service were down, and each
// date checks who is locked and listed for deletion and that every mail went out once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calendarLookup } from '../src/db/settings.js';
import { lockAt, renewalCalendar } from '../src/domain/fiscal-calendar.js';
import { renewHolder } from '../src/jobs/handlers/renewal.js';
import { scheduleDue } from '../src/jobs/scheduler.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';
import { type Holder, holders } from './helpers/renewal.js';
import { drainJobs } from './helpers/review.js';
import { sized } from './helpers/size.js';

const HOLDERS = sized(1000, 120);

const tokyo = (text: string) => new Date(`${text}+09:00`);

/** A fixed pseudo-random sequence: the same year every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

for (const kind of databaseKinds) {
  describe(`a year of renewal with a simulated clock (${kind})`, () => {
    let app: TestApp;
    let now = tokyo('2026-12-15T10:00');
    before(async () => {
      const env: Record<string, string> = { RATE_LIMIT_MAIL_PER_10_MINUTES: '100000' };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env, clock: () => now });
    });
    after(() => app.close());

    it('mails, locks, unlocks and lists for deletion the right holders, each once', async () => {
      const db = app.server.database.db;
      const all = await holders(app, HOLDERS, 2026);
      const newcomers = await holders(app, 10, 2027);
      const rnd = random(7);
      const between = (from: string, to: string) => {
        const a = tokyo(`${from}T08:00`).getTime();
        const b = tokyo(`${to}T20:00`).getTime();
        return new Date(a + Math.floor(rnd() * ((b - a) / 3_600_000)) * 3_600_000);
      };
      // Who renews when (and who never does).
      const share = (tenths: number) => (HOLDERS * tenths) / 10;
      const groups = {
        early: all.slice(0, share(3)),
        lateInWindow: all.slice(share(3), share(5)),
        afterLock: all.slice(share(5), share(7)),
        afterDeletion: all.slice(share(7), share(8)),
        never: all.slice(share(8)),
      };
      const plan = new Map<number, Date>();
      for (const h of groups.early) plan.set(h.applicationId, between('2027-01-05', '2027-02-20'));
      for (const h of groups.lateInWindow) plan.set(h.applicationId, between('2027-03-26', '2027-03-31'));
      for (const h of groups.afterLock) plan.set(h.applicationId, between('2027-04-02', '2027-06-25'));
      for (const h of groups.afterDeletion) plan.set(h.applicationId, between('2027-07-03', '2027-08-31'));
      const renewed = new Set<number>();

      const ids = (hs: Holder[]) => new Set(hs.map((h) => h.applicationId));
      const mailed = async (event: string) => {
        const rows = await db
          .selectFrom('job')
          .select(['key', 'state'])
          .where('kind', '=', 'mail.send')
          .where('key', 'like', `mail:renewal:${event}:2027:%`)
          .execute();
        for (const r of rows) assert.equal(r.state, 'done', `${r.key} was sent`);
        return new Set(rows.map((r) => Number(r.key?.split(':').pop())));
      };
      const accountStates = async () => {
        const rows = await db
          .selectFrom('account')
          .select(['application_id', 'state', 'locked_reason', 'valid_through'])
          .where('uid', 'like', 'user%')
          .execute();
        return new Map(rows.map((r) => [r.application_id, r]));
      };
      const lockedHolders = async () =>
        new Set(
          [...(await accountStates()).entries()]
            .filter(([, a]) => a.state === 'locked' && a.locked_reason === 'not_renewed')
            .map(([id]) => id),
        );
      const calendar = () => calendarLookup(db, app.config.renewal.opensOn);

      /** The clock moves to `to` in steps of a few hours; the service is down in the `down` span. */
      const runUntil = async (to: Date, down?: [Date, Date]) => {
        while (now < to) {
          now = new Date(Math.min(now.getTime() + 8 * 3_600_000, to.getTime()));
          if (down && now > down[0] && now < down[1]) continue;
          // Two instances asking at once, then a third time: each occurrence once.
          const c = await calendar();
          await Promise.all([scheduleDue(db, c, now), scheduleDue(db, c, now)]);
          await scheduleDue(db, c, now);
          for (const [applicationId, at] of plan) {
            if (renewed.has(applicationId) || at > now) continue;
            renewed.add(applicationId);
            await db.transaction().execute((trx) =>
              renewHolder(trx, app.server.app.deps.outbox, {
                applicationId,
                fiscalYear: 2027,
                lockAt: lockAt(renewalCalendar(2027)),
                baseUrl: app.config.baseUrl,
              }),
            );
          }
          await drainJobs(app);
        }
      };

      // The window opens on January 4: every holder due is mailed, the newcomers not.
      await runUntil(tokyo('2027-01-04T09:30'));
      assert.deepEqual(await mailed('opened'), ids(all));

      // Down from February 27 to March 4: the reminder of March 2 goes out on March 5.
      await runUntil(tokyo('2027-03-05T00:30'), [tokyo('2027-02-27T00:00'), tokyo('2027-03-05T00:00')]);
      const unrenewedOnMarch5 = all.filter((h) => !renewed.has(h.applicationId));
      assert.equal(unrenewedOnMarch5.length, share(7));
      assert.deepEqual(await mailed('reminder30'), ids(unrenewedOnMarch5));
      const job = await db
        .selectFrom('job')
        .select('created_at')
        .where('key', '=', 'renewal:reminder30:2027')
        .executeTakeFirstOrThrow();
      assert.ok(job, 'caught up after the downtime');

      await runUntil(tokyo('2027-03-25T09:30'));
      assert.deepEqual(await mailed('reminder7'), ids(unrenewedOnMarch5), 'the late ones renew only after March 25');
      assert.equal((await lockedHolders()).size, 0, 'nobody is locked before April 1');

      // March 31, 23:59: still nobody locked. April 1, 00:00: those not renewed.
      await runUntil(tokyo('2027-03-31T23:59'));
      assert.equal((await lockedHolders()).size, 0);
      await runUntil(tokyo('2027-04-01T00:01'));
      const notRenewed = [...groups.afterLock, ...groups.afterDeletion, ...groups.never];
      assert.deepEqual(await lockedHolders(), ids(notRenewed));
      assert.deepEqual(await mailed('locked'), ids(notRenewed));
      for (const h of [...notRenewed.slice(0, 5), ...groups.never.slice(-5)])
        assert.equal(
          (await app.server.directories.ga.getUser(h.uid))?.locked,
          true,
          `${h.uid} locked in the directory`,
        );
      for (const h of [...groups.early.slice(0, 5), ...newcomers.slice(0, 5)])
        assert.equal((await app.server.directories.ga.getUser(h.uid))?.locked, false, `${h.uid} open`);

      // Renewing after the lock opens the account again (a job, within the minute).
      await runUntil(tokyo('2027-06-30T23:59'));
      assert.deepEqual(await lockedHolders(), ids([...groups.afterDeletion, ...groups.never]));
      assert.deepEqual(await mailed('unlocked'), ids(groups.afterLock));
      for (const h of groups.afterLock.slice(0, 5))
        assert.equal((await app.server.directories.ga.getUser(h.uid))?.locked, false, `${h.uid} unlocked`);
      assert.equal(
        (await db.selectFrom('home_deletion').select('account_id').execute()).length,
        0,
        'no deletion list before July 1',
      );

      // July 1: the home directories of those still not renewed are listed (recorded only).
      await runUntil(tokyo('2027-07-01T00:01'));
      const listed = await db.selectFrom('home_deletion').selectAll().execute();
      const byAccount = new Map(all.map((h) => [h.accountId, h.applicationId]));
      assert.deepEqual(
        new Set(listed.map((r) => byAccount.get(r.account_id))),
        ids([...groups.afterDeletion, ...groups.never]),
      );
      for (const r of listed) assert.deepEqual([r.fiscal_year, r.state, r.via], [2027, 'done', 'record']);

      // The rest of the summer: the last late ones come back, the others stay locked.
      await runUntil(tokyo('2027-09-01T12:00'));
      assert.deepEqual(await lockedHolders(), ids(groups.never));
      const states = await accountStates();
      for (const h of all)
        assert.equal(states.get(h.applicationId)?.valid_through, groups.never.includes(h) ? 2026 : 2027, h.uid);
      for (const h of newcomers) assert.equal(states.get(h.applicationId)?.state, 'active');
      assert.deepEqual(await mailed('renewed'), ids(all.filter((h) => !groups.never.includes(h))));
      for (const event of ['opened', 'reminder30', 'reminder7', 'locked', 'unlocked'])
        for (const id of ids(newcomers)) assert.ok(!(await mailed(event)).has(id), `no ${event} mail to a newcomer`);

      // Each occurrence ran once; nothing failed.
      const runs = await db.selectFrom('job').select(['key', 'state']).where('key', 'like', 'renewal:%').execute();
      // The lock's batches (of 500) each queued one job with their holders' mails.
      const mailJobs = runs.filter((r) => r.key?.startsWith('renewal:locked-mails:2027:'));
      assert.equal(mailJobs.length, Math.ceil(notRenewed.length / 500));
      for (const r of mailJobs) assert.equal(r.state, 'done', r.key ?? '');
      assert.deepEqual(
        runs
          .map((r) => r.key)
          .filter((k) => !k?.startsWith('renewal:locked-mails:'))
          .sort(),
        [
          'renewal:deletions:2027',
          'renewal:lock:2027',
          'renewal:opened:2027',
          'renewal:reminder30:2027',
          'renewal:reminder7:2027',
        ],
      );
      for (const r of runs) assert.equal(r.state, 'done', r.key ?? '');
      const failed = await db.selectFrom('job').select(['kind', 'last_error']).where('state', '=', 'failed').execute();
      assert.deepEqual(failed, []);
    });
  });
}
