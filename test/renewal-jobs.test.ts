// The renewal calendar's scheduler and jobs in detail (PGlite and PostgreSQL): a new
// installation does not replay the past, a mail missed past its lock is not sent, a
// day moved by an administrator moves its job, a Continuation waiting for staff keeps
// its holder from reminders and the lock, the lock continues itself in slices, and
// the operators' command runs once per listed home directory (not for one renewed
// since, failing → retried).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCommandRunner } from '../src/commands/run-command.js';
import { advanceRequest, createRequest } from '../src/db/account-requests.js';
import { enqueueJob } from '../src/db/jobs.js';
import { insertRenewal } from '../src/db/renewal.js';
import type { Job } from '../src/db/schema.js';
import { calendarLookup, putCalendarOverride } from '../src/db/settings.js';
import { enqueueRequestApply } from '../src/jobs/handlers/account-request.js';
import { homeDeletionPatterns, renewalJobHandlers, settleContinuation } from '../src/jobs/handlers/renewal.js';
import { scheduleDue } from '../src/jobs/scheduler.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { databaseKinds } from './helpers/databases.js';
import { createTestDatabase } from './helpers/postgres.js';
import { holders } from './helpers/renewal.js';
import { drainJobs } from './helpers/review.js';

const tokyo = (text: string) => new Date(`${text}+09:00`);

for (const kind of databaseKinds) {
  describe(`renewal jobs (${kind})`, () => {
    let app: TestApp;
    let now = tokyo('2027-03-28T12:00');
    const dir = mkdtempSync(join(tmpdir(), 'sc-home-'));
    const script = join(dir, 'archive-home');
    const calls = join(dir, 'calls');
    before(async () => {
      // The operators' command: records its arguments; fails for an account named user…7.
      writeFileSync(
        script,
        `#!/bin/sh\ncase "$2" in */user*7) echo "disk busy" >&2; exit 3;; esac\necho "$@" >> ${calls}\necho archived\n`,
      );
      chmodSync(script, 0o755);
      const env: Record<string, string> = {
        RATE_LIMIT_MAIL_PER_10_MINUTES: '100000',
        HOME_DELETION_COMMAND: JSON.stringify([script, '{division}', '{home}', '{user}']),
      };
      if (kind === 'postgres') env.DATABASE_URL = await createTestDatabase();
      app = await startTestApp({ env, clock: () => now, retryBaseMs: 10 });
    });
    after(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const db = () => app.server.database.db;
    /** The scheduled jobs of these tests go, so that the next one starts afresh. */
    const forgetRenewalJobs = async () => {
      const ids = db().selectFrom('job').select('id').where('key', 'like', 'renewal:%');
      await db().deleteFrom('job_event').where('job_id', 'in', ids).execute();
      await db().deleteFrom('job').where('key', 'like', 'renewal:%').execute();
    };
    const jobKeys = async () =>
      (await db().selectFrom('job').select('key').where('key', 'like', 'renewal:%').execute()).map((r) => r.key).sort();

    it('schedules only what is due since the first run; a missed mail past its lock is dropped; a moved day moves its job', async () => {
      const calendar = await calendarLookup(db(), app.config.renewal.opensOn);
      // First run on March 28: the opening (January 4) and the 30-day reminder are before it.
      assert.equal(await scheduleDue(db(), calendar, now), 0);
      // An administrator moves the lock to April 5.
      await db()
        .transaction()
        .execute((trx) => putCalendarOverride(trx, 2027, { lockOn: '2027-04-05' }));
      const moved = await calendarLookup(db(), app.config.renewal.opensOn);
      assert.equal(moved(2027).lockOn, '2027-04-05');
      // Only the reminder 7 days before the moved lock (March 29) is due; the lock is not, on April 1.
      assert.equal(await scheduleDue(db(), moved, tokyo('2027-04-04T23:59')), 1);
      assert.deepEqual(await jobKeys(), ['renewal:reminder7:2027']);
      assert.equal(await scheduleDue(db(), moved, tokyo('2027-04-05T00:00')), 1);
      assert.deepEqual(await jobKeys(), ['renewal:lock:2027', 'renewal:reminder7:2027']);
      // Asked again: nothing new.
      assert.equal(await scheduleDue(db(), moved, tokyo('2027-04-05T00:01')), 0);
      await forgetRenewalJobs();
      // Down from before the 7-day reminder (April 3) until after the lock (April 10): the
      // lock is caught up, the reminder is not sent late.
      await db()
        .transaction()
        .execute((trx) => putCalendarOverride(trx, 2027, { lockOn: '2027-04-10' }));
      const later = await calendarLookup(db(), app.config.renewal.opensOn);
      assert.equal(await scheduleDue(db(), later, tokyo('2027-04-10T00:01')), 1);
      assert.deepEqual(await jobKeys(), ['renewal:lock:2027']);
      await forgetRenewalJobs();
      await db()
        .transaction()
        .execute((trx) => putCalendarOverride(trx, 2027, {}));
    });

    it('a Continuation waiting for staff keeps the holder from reminders and the lock; the lock goes on in slices', async () => {
      const hs = await holders(app, 12, 2026);
      const [waiting, ...others] = hs as [(typeof hs)[number], ...typeof hs];
      await db()
        .transaction()
        .execute((trx) =>
          insertRenewal(trx, {
            applicationId: waiting.applicationId,
            accountId: waiting.accountId,
            fiscalYear: 2027,
            state: 'review',
            data: { changes: [] },
            publication: 'publish',
            postponeReason: null,
            achievements: [],
            actor: `account:${waiting.accountId}`,
          }),
        );
      const handlers = renewalJobHandlers({
        db: db(),
        directories: app.server.directories,
        outbox: app.server.app.deps.outbox,
        calendar: () => calendarLookup(db(), app.config.renewal.opensOn),
        homeDeletion: createCommandRunner(undefined, homeDeletionPatterns),
        baseUrl: app.config.baseUrl,
        lockSliceMs: 0,
        lockBatch: 4,
        now: () => now,
      });
      const job = (payload: Record<string, unknown>) => ({ id: 0, payload }) as unknown as Job;
      await (handlers['renewal.reminder7'] as (j: Job) => Promise<void>)(job({ fiscalYear: 2027 }));
      await drainJobs(app);
      const reminded = await db()
        .selectFrom('job')
        .select('key')
        .where('key', 'like', 'mail:renewal:reminder7:2027:%')
        .execute();
      const remindedIds = new Set(reminded.map((r) => Number(r.key?.split(':').pop())));
      assert.ok(!remindedIds.has(waiting.applicationId), 'waiting for staff: not reminded');
      for (const h of others) assert.ok(remindedIds.has(h.applicationId), `${h.uid} reminded`);

      // The lock: a slice of 0 ms does one batch (of 4 here), then queues its continuation,
      // which the worker runs on from where it ended.
      now = tokyo('2027-04-01T00:00');
      const lockedCount = async () =>
        Number(
          (
            await db()
              .selectFrom('account')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('state', '=', 'locked')
              .executeTakeFirstOrThrow()
          ).n,
        );
      await (handlers['renewal.lock'] as (j: Job) => Promise<void>)(job({ fiscalYear: 2027 }));
      assert.equal(await lockedCount(), 4, 'one batch');
      const part = await db()
        .selectFrom('job')
        .select(['key', 'payload'])
        .where('key', 'like', 'renewal:lock:2027:%')
        .executeTakeFirstOrThrow();
      assert.equal(part.key, 'renewal:lock:2027:part1');
      await drainJobs(app);
      assert.equal(await lockedCount(), others.length, 'the continuation locked the rest');
      const state = async (id: number) =>
        (
          await db()
            .selectFrom('account')
            .select(['state', 'locked_reason'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).state;
      for (const h of others) assert.equal(await state(h.accountId), 'locked', h.uid);
      assert.equal(await state(waiting.accountId), 'active', 'waiting for staff: not locked');
      assert.equal((await app.server.directories.ga.getUser(waiting.uid))?.locked, false);
    });

    it('the deletion list runs the command once per home directory: done, failed and retried, or cancelled when renewed', async () => {
      now = tokyo('2027-07-01T00:00');
      const locked = await db()
        .selectFrom('account')
        .select(['id', 'uid', 'application_id'])
        .where('state', '=', 'locked')
        .where('locked_reason', '=', 'not_renewed')
        .orderBy('id')
        .execute();
      assert.ok(locked.length >= 11);
      const [renewedFirst] = locked as [(typeof locked)[number]];
      const failing = locked.filter((a) => a.uid.endsWith('7'));
      // Listed, then renewed before its command ran (its job is queued by hand here).
      await db().insertInto('home_deletion').values({ account_id: renewedFirst.id, fiscal_year: 2027 }).execute();
      await db().updateTable('account').set({ valid_through: 2027 }).where('id', '=', renewedFirst.id).execute();
      await enqueueJob(db(), {
        kind: 'renewal.home-deletion',
        key: `home-deletion:${renewedFirst.id}:2027`,
        payload: { accountId: renewedFirst.id, fiscalYear: 2027 },
      });
      const calendar = await calendarLookup(db(), app.config.renewal.opensOn);
      await scheduleDue(db(), calendar, now);
      assert.ok((await jobKeys()).includes('renewal:deletions:2027'), 'the deletion list of July 1');
      await drainJobs(app, 500);
      const rows = await db().selectFrom('home_deletion').selectAll().where('fiscal_year', '=', 2027).execute();
      assert.equal(rows.length, locked.length);
      const byId = new Map(rows.map((r) => [r.account_id, r]));
      assert.equal(byId.get(renewedFirst.id)?.state, 'cancelled');
      for (const a of failing) {
        assert.equal(byId.get(a.id)?.state, 'failed', a.uid);
        assert.match(byId.get(a.id)?.output ?? '', /disk busy/);
      }
      const done = locked.filter((a) => a !== renewedFirst && !failing.includes(a));
      for (const a of done) assert.deepEqual([byId.get(a.id)?.state, byId.get(a.id)?.via], ['done', 'command'], a.uid);
      const lines = readFileSync(calls, 'utf8').trim().split('\n');
      assert.deepEqual(lines.sort(), done.map((a) => `ga /home/${a.uid} ${a.uid}`).sort(), 'once each, checked values');
      // The failing ones were tried again (5 attempts), then left failed for an operator.
      const attempts = await db()
        .selectFrom('job')
        .select(['attempts', 'state'])
        .where('kind', '=', 'renewal.home-deletion')
        .where('key', 'like', `home-deletion:${failing[0]?.id}:%`)
        .executeTakeFirstOrThrow();
      assert.ok(attempts.attempts > 1, 'retried');
    });

    it('a Continuation waiting for a new responsible person renews when that request is applied, and not when it is rejected', async () => {
      const [applied, refused] = await holders(app, 2, 2026);
      assert.ok(applied && refused);
      const waiting = async (h: typeof applied, state: 'approved' | 'rejected') =>
        db()
          .transaction()
          .execute(async (trx) => {
            const request = await createRequest(trx, {
              applicationId: h.applicationId,
              accountId: h.accountId,
              data: {
                kind: 'manager',
                responsible: {
                  family_name: 'Sato',
                  given_name: 'Keiko',
                  email: 'k.sato@example.ac.jp',
                  same_as_applicant: false,
                },
                before: { name: 'Ichiro SUZUKI', email: null },
              },
            });
            await insertRenewal(trx, {
              applicationId: h.applicationId,
              accountId: h.accountId,
              fiscalYear: 2027,
              state: 'review',
              data: { changes: [], managerRequestId: request.id },
              publication: 'publish',
              postponeReason: null,
              achievements: [],
              actor: `account:${h.accountId}`,
            });
            const moved = await advanceRequest(trx, request, state, {
              actor: 'staff:1',
              ...(state === 'approved' ? { set: { group_name: 'sato-lab' } } : {}),
            });
            if (state === 'approved') await enqueueRequestApply(trx, moved);
            else
              await settleContinuation(trx, app.server.app.deps.outbox, moved.id, 'rejected', {
                calendar: await calendarLookup(trx, app.config.renewal.opensOn),
                baseUrl: app.config.baseUrl,
              });
          });
      await waiting(applied, 'approved');
      await waiting(refused, 'rejected');
      await drainJobs(app);
      const renewalState = async (applicationId: number) =>
        (
          await db()
            .selectFrom('renewal')
            .select('state')
            .where('application_id', '=', applicationId)
            .executeTakeFirstOrThrow()
        ).state;
      const validThrough = async (id: number) =>
        (await db().selectFrom('account').select('valid_through').where('id', '=', id).executeTakeFirstOrThrow())
          .valid_through;
      assert.equal(await renewalState(applied.applicationId), 'renewed');
      assert.equal(await validThrough(applied.accountId), 2027);
      assert.equal(await renewalState(refused.applicationId), 'rejected');
      assert.equal(await validThrough(refused.accountId), 2026);
      const mails = await db().selectFrom('job').select('key').where('key', 'like', 'mail:renewal:re%').execute();
      const keys = mails.map((m) => m.key ?? '');
      assert.ok(keys.includes(`mail:renewal:renewed:2027:${applied.applicationId}`), 'renewed: told');
      assert.ok(
        keys.some((k) => /^mail:renewal:rejected:\d+$/.test(k)),
        'not renewed: asked to send again',
      );
    });
  });
}
