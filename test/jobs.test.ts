import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import {
  claimNextJob,
  completeJob,
  countJobsByState,
  enqueueJob,
  enqueueJobs,
  failJobAttempt,
  getJob,
  jobEvents,
  LeaseLostError,
  retryFailedJob,
} from '../src/db/jobs.js';
import { JobWorker } from '../src/jobs/worker.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { forEachDatabase } from './helpers/databases.js';

const silent = createLogger('silent');

forEachDatabase('job queue', (database, kind) => {
  it('enqueues a job once per idempotency key', async () => {
    const db = database().db;
    const first = await enqueueJob(db, { kind: 'k.once', key: 'once-1', payload: { n: 1 } });
    const second = await enqueueJob(db, { kind: 'k.once', key: 'once-1', payload: { n: 2 } });
    assert.equal(typeof first, 'number');
    assert.equal(second, undefined);
    const rows = await db.selectFrom('job').selectAll().where('key', '=', 'once-1').execute();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]?.payload, { n: 1 });
  });

  it('enqueues many jobs in one statement, each with its first history row, leaving out known keys', async () => {
    const db = database().db;
    await enqueueJob(db, { kind: 'k.many', key: 'many-2', payload: { n: 0 } });
    const later = new Date(Date.now() + 3_600_000);
    const ids = await enqueueJobs(db, [
      { kind: 'k.many', key: 'many-1', payload: { n: 1 } },
      { kind: 'k.many', key: 'many-2', payload: { n: 2 } },
      { kind: 'k.many', payload: { n: 3 }, runAt: later, maxAttempts: 3 },
    ]);
    assert.equal(ids.length, 2);
    const rows = await db.selectFrom('job').selectAll().where('id', 'in', ids).orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.key, (r.payload as { n: number }).n, r.max_attempts, r.state]),
      [
        ['many-1', 1, 8, 'queued'],
        [null, 3, 3, 'queued'],
      ],
    );
    assert.equal(rows[1]?.run_at.getTime(), later.getTime());
    const events = await db.selectFrom('job_event').select(['job_id', 'to_state']).where('job_id', 'in', ids).execute();
    assert.equal(events.length, 2);
    assert.deepEqual(await enqueueJobs(db, []), []);
  });

  it('keeps no job when the transaction that enqueued it rolls back', async () => {
    const db = database().db;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { kind: 'k.rollback', payload: {} });
        throw new Error('the change failed');
      }),
    );
    assert.equal((await db.selectFrom('job').select('id').where('kind', '=', 'k.rollback').execute()).length, 0);
  });

  it('claims, completes and records every state change', async () => {
    const db = database().db;
    const id = (await enqueueJob(db, { kind: 'k.ok', payload: {} })) as number;
    const job = await claimNextJob(db, ['k.ok'], 60_000);
    assert.equal(job?.id, id);
    assert.equal(job?.state, 'running');
    assert.equal(job?.attempts, 1);
    assert.equal(await claimNextJob(db, ['k.ok'], 60_000), undefined, 'a running job is not claimed twice');
    await completeJob(db, { id, attempts: 1 });
    assert.equal((await getJob(db, id))?.state, 'done');
    const events = await jobEvents(db, id);
    assert.deepEqual(
      events.map((e) => [e.from_state, e.to_state]),
      [
        [null, 'queued'],
        ['queued', 'running'],
        ['running', 'done'],
      ],
    );
    await assert.rejects(completeJob(db, { id, attempts: 1 }), LeaseLostError);
  });

  it('does not claim a job before its time, nor kinds it was not asked for', async () => {
    const db = database().db;
    await enqueueJob(db, { kind: 'k.later', payload: {}, runAt: new Date(Date.now() + 3_600_000) });
    await enqueueJob(db, { kind: 'k.other', payload: {} });
    assert.equal(await claimNextJob(db, ['k.later'], 60_000), undefined);
    assert.equal(await claimNextJob(db, [], 60_000), undefined);
  });

  it('retries a failed attempt later and fails the job when attempts are used up', async () => {
    const db = database().db;
    const id = (await enqueueJob(db, { kind: 'k.flaky', payload: {}, maxAttempts: 2 })) as number;
    const first = await claimNextJob(db, ['k.flaky'], 60_000);
    assert.ok(first);
    const later = new Date(Date.now() + 60_000);
    assert.equal(await failJobAttempt(db, first, 'refused', later), 'queued');
    assert.equal(await claimNextJob(db, ['k.flaky'], 60_000), undefined, 'not before the backoff');
    await sql`update job set run_at = now() where id = ${id}`.execute(db);
    const second = await claimNextJob(db, ['k.flaky'], 60_000);
    assert.equal(second?.attempts, 2);
    assert.ok(second);
    assert.equal(await failJobAttempt(db, second, 'refused again', new Date()), 'failed');
    const failed = await getJob(db, id);
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.last_error, 'refused again');
    await db.transaction().execute((trx) => retryFailedJob(trx, id));
    const retried = await getJob(db, id);
    assert.equal(retried?.state, 'queued');
    assert.equal(retried?.attempts, 0);
  });

  it('takes over a job whose worker died when its lease runs out', async () => {
    const db = database().db;
    const id = (await enqueueJob(db, { kind: 'k.lease', payload: {} })) as number;
    const claimed = await claimNextJob(db, ['k.lease'], 60_000);
    assert.equal(claimed?.id, id);
    // The worker "dies": its lease is made to run out.
    await sql`update job set locked_until = now() - interval '1 second' where id = ${id}`.execute(db);
    const again = await claimNextJob(db, ['k.lease'], 60_000);
    assert.equal(again?.id, id);
    assert.equal(again?.attempts, 2);
    const events = await jobEvents(db, id);
    assert.deepEqual(
      events.slice(-2).map((e) => [e.from_state, e.to_state]),
      [
        ['running', 'queued'],
        ['queued', 'running'],
      ],
    );
  });

  it('lets only the worker holding the lease finish an attempt', async () => {
    const db = database().db;
    const id = (await enqueueJob(db, { kind: 'k.slow', payload: {} })) as number;
    const first = await claimNextJob(db, ['k.slow'], 60_000);
    assert.ok(first);
    // The first worker hangs past its lease; a second one takes the job over.
    await sql`update job set locked_until = now() - interval '1 second' where id = ${id}`.execute(db);
    const second = await claimNextJob(db, ['k.slow'], 60_000);
    assert.equal(second?.attempts, 2);
    assert.ok(second);
    // The first worker wakes up: it may neither complete nor fail the job.
    await assert.rejects(completeJob(db, first), LeaseLostError);
    await assert.rejects(failJobAttempt(db, first, 'late', new Date()), LeaseLostError);
    assert.equal((await getJob(db, id))?.state, 'running');
    await completeJob(db, second);
    assert.equal((await getJob(db, id))?.state, 'done');
    // A late failure report cannot bring a finished job back either.
    await assert.rejects(failJobAttempt(db, second, 'late', new Date()), LeaseLostError);
    assert.equal((await getJob(db, id))?.state, 'done');
  });

  it('fails a job that keeps killing its worker instead of taking it over for ever', async () => {
    const db = database().db;
    const id = (await enqueueJob(db, { kind: 'k.killer', payload: {}, maxAttempts: 2 })) as number;
    for (let i = 0; i < 2; i++) {
      assert.ok(await claimNextJob(db, ['k.killer'], 60_000));
      await sql`update job set locked_until = now() - interval '1 second' where id = ${id}`.execute(db);
    }
    assert.equal(await claimNextJob(db, ['k.killer'], 60_000), undefined);
    const job = await getJob(db, id);
    assert.equal(job?.state, 'failed');
    assert.equal(job?.attempts, 2);
    assert.match(job?.last_error ?? '', /no attempts left/);
  });

  it('runs handlers through the worker and counts outcomes', async () => {
    const db = database().db;
    const metrics = createMetrics();
    const seen: number[] = [];
    const worker = new JobWorker({
      db,
      logger: silent,
      metrics,
      retryBaseMs: 1,
      handlers: {
        'k.work': async (job) => {
          seen.push((job.payload as { n: number }).n);
        },
        'k.broken': async () => {
          throw new Error('always broken');
        },
      },
    });
    await enqueueJob(db, { kind: 'k.work', payload: { n: 1 } });
    await enqueueJob(db, { kind: 'k.work', payload: { n: 2 } });
    const broken = (await enqueueJob(db, { kind: 'k.broken', payload: {}, maxAttempts: 3 })) as number;
    // Retries come due after a millisecond; drain until nothing is left.
    for (let i = 0; i < 20 && (await getJob(db, broken))?.state !== 'failed'; i++) {
      await worker.drain();
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(seen.sort(), [1, 2]);
    assert.equal((await getJob(db, broken))?.state, 'failed');
    assert.equal((await getJob(db, broken))?.attempts, 3);
    const text = await metrics.registry.metrics();
    assert.match(text, /jobs_processed_total\{kind="k.work",outcome="done"\} 2/);
    assert.match(text, /jobs_processed_total\{kind="k.broken",outcome="retry"\} 2/);
    assert.match(text, /jobs_processed_total\{kind="k.broken",outcome="failed"\} 1/);
    const counts = await countJobsByState(db);
    assert.ok(counts.failed >= 1);
  });

  if (kind === 'postgres') {
    it('lets concurrent workers claim each job exactly once (SKIP LOCKED)', async () => {
      const db = database().db;
      const n = 40;
      for (let i = 0; i < n; i++) await enqueueJob(db, { kind: 'k.race', payload: { i } });
      const runs = new Map<number, number>();
      const workers = Array.from(
        { length: 4 },
        () =>
          new JobWorker({
            db,
            logger: silent,
            handlers: {
              'k.race': async (job) => {
                runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
                await new Promise((r) => setTimeout(r, 2));
              },
            },
          }),
      );
      await Promise.all(workers.map((w) => w.drain()));
      assert.equal(runs.size, n);
      assert.ok([...runs.values()].every((c) => c === 1));
    });
  }
});
