// The durable job queue (also the mail outbox). Every state change of a job is
// checked against the job state machine and recorded in job_event in the same transaction.
import { type Kysely, sql, type Transaction } from 'kysely';
import { type JobState, jobMachine } from '../domain/job-state.js';
import { json } from './json.js';
import type { Database, Job, JobEvent } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface EnqueueInput {
  kind: string;
  payload: Record<string, unknown>;
  /** Idempotency key: a second job with the same key is not created. */
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Adds a job. Call it with the transaction that makes the change causing the job,
 * so both commit or neither does. Returns the new job's id, or undefined when a job
 * with the same key already exists.
 */
export async function enqueueJob(db: Db, input: EnqueueInput): Promise<number | undefined> {
  return (await enqueueJobs(db, [input]))[0];
}

/**
 * Adds many jobs in one statement (a mail to each of 500 holders), each with its
 * first history row; a job whose key exists already is left out. Returns the new ids.
 */
export async function enqueueJobs(db: Db, inputs: EnqueueInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const rows = await db
    .with('queued', (q) =>
      q
        .insertInto('job')
        .values(
          inputs.map((input) => ({
            kind: input.kind,
            key: input.key ?? null,
            payload: json(input.payload),
            run_at: input.runAt ?? sql<Date>`default`,
            max_attempts: input.maxAttempts ?? sql<number>`default`,
          })),
        )
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id'),
    )
    .insertInto('job_event')
    .columns(['job_id', 'from_state', 'to_state', 'note'])
    .expression((eb) =>
      eb
        .selectFrom('queued')
        .select([
          'queued.id',
          sql<null>`null`.as('from_state'),
          sql<JobState>`'queued'`.as('to_state'),
          sql<null>`null`.as('note'),
        ]),
    )
    .returning('job_id')
    .execute();
  return rows.map((r) => r.job_id);
}

async function recordEvent(db: Db, jobId: number, from: JobState | null, to: JobState, note: string | null) {
  await db.insertInto('job_event').values({ job_id: jobId, from_state: from, to_state: to, note }).execute();
}

/**
 * Moves a job to `to` if the state machine allows it from the job's current state
 * (read under a row lock unless the caller already holds it), and records the move.
 */
async function move(
  trx: Transaction<Database>,
  job: { id: number; state?: JobState },
  to: JobState,
  set: Record<string, unknown>,
  note: string | null,
): Promise<void> {
  const from =
    job.state ??
    (await trx.selectFrom('job').select('state').where('id', '=', job.id).forUpdate().executeTakeFirstOrThrow()).state;
  jobMachine.advance(from, to);
  await trx
    .updateTable('job')
    .set({ ...set, state: to, updated_at: sql`now()` })
    .where('id', '=', job.id)
    .execute();
  await recordEvent(trx, job.id, from, to, note);
}

/**
 * A worker tried to finish an attempt it no longer holds: its lease ran out and
 * another worker took the job over (or it was finished already). The other
 * worker's attempt counts; this one must not change the job.
 */
export class LeaseLostError extends Error {
  readonly code = 'JOB_LEASE_LOST';
  constructor(
    public readonly jobId: number,
    public readonly attempt: number,
  ) {
    super(`job ${jobId}: attempt ${attempt} lost its lease to another worker`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Claims the next due job for this worker: a queued job whose time has come, or a
 * running one whose worker's lease ran out (that worker died or hung). SKIP LOCKED
 * lets several workers on PostgreSQL claim different jobs at once. A job taken
 * over with no attempts left (it keeps killing its worker) is failed instead.
 * The returned job's `attempts` identifies this claim when it is finished.
 */
export async function claimNextJob(db: Kysely<Database>, kinds: string[], leaseMs: number): Promise<Job | undefined> {
  if (kinds.length === 0) return undefined;
  const lockedUntil = sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`;
  // The usual case in one statement: the oldest due queued job, claimed and recorded.
  jobMachine.advance('queued', 'running');
  const claimed = await db
    .with('next', (q) =>
      q
        .selectFrom('job')
        .select('id')
        .where('kind', 'in', kinds)
        .where('state', '=', 'queued')
        .where('run_at', '<=', sql<Date>`now()`)
        .orderBy('run_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .with('claimed', (q) =>
      q
        .updateTable('job')
        .from('next')
        .set({ state: 'running', attempts: sql`job.attempts + 1`, locked_until: lockedUntil, updated_at: sql`now()` })
        .whereRef('job.id', '=', 'next.id')
        .returningAll('job'),
    )
    .with('event', (q) =>
      q
        .insertInto('job_event')
        .columns(['job_id', 'from_state', 'to_state', 'note'])
        .expression((eb) =>
          eb
            .selectFrom('claimed')
            .select([
              'claimed.id',
              sql<JobState>`'queued'`.as('from_state'),
              sql<JobState>`'running'`.as('to_state'),
              sql<null>`null`.as('note'),
            ]),
        ),
    )
    .selectFrom('claimed')
    .selectAll()
    .executeTakeFirst();
  if (claimed) return claimed;
  // Otherwise a job whose worker's lease ran out, if there is one (rare: looked for
  // without a lock first, so an idle poll costs two statements).
  const expired = await db
    .selectFrom('job')
    .select('id')
    .where('kind', 'in', kinds)
    .where('state', '=', 'running')
    .where('locked_until', '<', sql<Date>`now()`)
    .limit(1)
    .executeTakeFirst();
  return expired ? takeOverExpiredJob(db, kinds, leaseMs) : undefined;
}

/**
 * Takes over a running job whose lease ran out: back to queued and claimed again,
 * or failed when it has no attempts left (it keeps killing its worker).
 */
async function takeOverExpiredJob(db: Kysely<Database>, kinds: string[], leaseMs: number): Promise<Job | undefined> {
  return db.transaction().execute(async (trx) => {
    for (;;) {
      const job = await trx
        .selectFrom('job')
        .selectAll()
        .where('kind', 'in', kinds)
        .where('state', '=', 'running')
        .where('locked_until', '<', sql<Date>`now()`)
        .orderBy('run_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!job) return undefined;
      if (job.attempts >= job.max_attempts) {
        const note = 'lease expired with no attempts left: the job stops its worker every time';
        await move(trx, job, 'failed', { locked_until: null, last_error: note }, note);
        continue;
      }
      await move(trx, job, 'queued', {}, 'lease expired: the worker stopped before finishing');
      const lockedUntil = sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`;
      await move(
        trx,
        { id: job.id, state: 'queued' },
        'running',
        { attempts: job.attempts + 1, locked_until: lockedUntil },
        null,
      );
      return { ...job, state: 'running' as const, attempts: job.attempts + 1 };
    }
  });
}

/**
 * Finishes the attempt `claim` if this worker still holds it (the job is running
 * with the same attempt number), else throws LeaseLostError. One statement: the
 * change and its history row.
 */
async function finishAttempt(
  db: Kysely<Database>,
  claim: Pick<Job, 'id' | 'attempts'>,
  to: JobState,
  set: Record<string, unknown>,
  note: string | null,
): Promise<void> {
  jobMachine.advance('running', to);
  const row = await db
    .with('finished', (q) =>
      q
        .updateTable('job')
        .set({ ...set, locked_until: null, state: to, updated_at: sql`now()` })
        .where('id', '=', claim.id)
        .where('state', '=', 'running')
        .where('attempts', '=', claim.attempts)
        .returning('id'),
    )
    .insertInto('job_event')
    .columns(['job_id', 'from_state', 'to_state', 'note'])
    .expression((eb) =>
      eb
        .selectFrom('finished')
        .select([
          'finished.id',
          sql<JobState>`'running'`.as('from_state'),
          sql<JobState>`${to}::text`.as('to_state'),
          sql<string | null>`${note}::text`.as('note'),
        ]),
    )
    .returning('job_id')
    .executeTakeFirst();
  if (!row) throw new LeaseLostError(claim.id, claim.attempts);
}

export async function completeJob(db: Kysely<Database>, claim: Pick<Job, 'id' | 'attempts'>): Promise<void> {
  await finishAttempt(db, claim, 'done', { last_error: null }, null);
}

/** After a failed attempt: back to queued for `runAt`, or failed when no attempts are left. */
export async function failJobAttempt(
  db: Kysely<Database>,
  claim: Pick<Job, 'id' | 'attempts' | 'max_attempts'>,
  error: string,
  runAt: Date,
): Promise<JobState> {
  const to: JobState = claim.attempts >= claim.max_attempts ? 'failed' : 'queued';
  await finishAttempt(db, claim, to, { last_error: error, ...(to === 'queued' ? { run_at: runAt } : {}) }, error);
  return to;
}

/** An operator's retry of a failed job: queued again with a fresh set of attempts (in the caller's transaction, with its audit entry). */
export async function retryFailedJob(trx: Transaction<Database>, id: number): Promise<void> {
  await move(trx, { id }, 'queued', { attempts: 0, run_at: sql`now()` }, 'retried by an operator');
}

export async function getJob(db: Db, id: number): Promise<Job | undefined> {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function jobEvents(db: Db, id: number): Promise<JobEvent[]> {
  return db.selectFrom('job_event').selectAll().where('job_id', '=', id).orderBy('id').execute();
}

export async function countJobsByState(db: Db): Promise<Record<JobState, number>> {
  const rows = await db
    .selectFrom('job')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('state')
    .execute();
  const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

/** The queue for the metrics: jobs by kind and state, and how long the oldest due job has waited. */
export async function queueCounts(db: Db, now = new Date()) {
  const rows = await db
    .selectFrom('job')
    .select(['kind', 'state', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['kind', 'state'])
    .execute();
  const oldest = await db
    .selectFrom('job')
    .select((eb) => eb.fn.min('run_at').as('due'))
    .where('state', '=', 'queued')
    .where('run_at', '<=', now)
    .executeTakeFirst();
  const due = oldest?.due ? new Date(oldest.due as Date | string) : undefined;
  return {
    byKindAndState: rows.map((r) => ({ kind: r.kind, state: r.state, n: Number(r.n) })),
    oldestDueSeconds: due ? Math.max(0, (now.getTime() - due.getTime()) / 1000) : 0,
  };
}

/** The job enqueued under `key` (e.g. an application's provisioning), if any. */
export async function jobByKey(db: Db, key: string): Promise<Job | undefined> {
  return db.selectFrom('job').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Whether a job of `kind` enqueued after `afterId` has a key starting with `keyPrefix` (a later change of the same thing). */
export async function hasNewerJob(db: Db, kind: string, afterId: number, keyPrefix: string): Promise<boolean> {
  const row = await db
    .selectFrom('job')
    .select('id')
    .where('kind', '=', kind)
    .where('id', '>', afterId)
    .where(sql<string>`left(key, ${keyPrefix.length})`, '=', keyPrefix)
    .executeTakeFirst();
  return row !== undefined;
}
