// The job worker: claims due jobs one at a time, runs the handler for their kind,
// and records done, a retry after a backoff, or failed. It polls every JOB_POLL_MS
// and is poked right after a commit that enqueued something.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { claimNextJob, completeJob, failJobAttempt, LeaseLostError } from '../db/jobs.js';
import type { Database, Job } from '../db/schema.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { retryDelayMs } from '../domain/job-state.js';
import type { Metrics } from '../metrics.js';

export type JobHandler = (job: Job) => Promise<void>;

export interface WorkerOptions {
  db: Kysely<Database>;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  metrics?: Metrics;
  pollMs?: number;
  /** How long a claimed job stays with this worker before another may take it over. */
  leaseMs?: number;
  /** First retry delay; later ones double. */
  retryBaseMs?: number;
}

export class JobWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.poke();
  }

  /** Looks for work now (after a commit that enqueued a job). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.loop()
      .catch((err) =>
        isDatabaseUnavailable(err)
          ? this.options.logger.warn({ error: (err as Error).message }, 'job worker waiting: database unavailable')
          : this.options.logger.error({ err }, 'job worker loop failed'),
      )
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.poke();
        } else {
          this.timer = setTimeout(() => this.poke(), this.options.pollMs ?? 1000);
          this.timer.unref();
        }
      });
  }

  private async loop(): Promise<void> {
    while (!this.stopped && (await this.runOne())) {
      // one job per turn until none is due or the worker stops
    }
  }

  /** Runs due jobs until none is left; returns how many attempts were made. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  /** Claims and runs one due job; false when nothing was due. */
  async runOne(): Promise<boolean> {
    const { db, handlers, logger, metrics } = this.options;
    const job = await claimNextJob(db, Object.keys(handlers), this.options.leaseMs ?? 5 * 60_000);
    if (!job) return false;
    const log = logger.child({ job: job.id, kind: job.kind, attempt: job.attempts });
    try {
      let failure: string | undefined;
      try {
        await (handlers[job.kind] as JobHandler)(job);
      } catch (err) {
        failure = err instanceof Error ? err.message : String(err);
      }
      if (failure === undefined) {
        await this.untilRecorded(() => completeJob(db, job));
        metrics?.jobsProcessed.inc({ kind: job.kind, outcome: 'done' });
        log.info('job done');
      } else {
        const runAt = new Date(Date.now() + retryDelayMs(job.attempts, this.options.retryBaseMs));
        const state = await this.untilRecorded(() => failJobAttempt(db, job, failure, runAt));
        if (state === 'failed') {
          metrics?.jobsProcessed.inc({ kind: job.kind, outcome: 'failed' });
          log.error({ error: failure }, 'job failed: no attempts left');
        } else {
          metrics?.jobsProcessed.inc({ kind: job.kind, outcome: 'retry' });
          log.warn({ error: failure, retryAt: runAt.toISOString() }, 'job attempt failed, will retry');
        }
      }
    } catch (err) {
      if (!(err instanceof LeaseLostError)) throw err;
      metrics?.jobsProcessed.inc({ kind: job.kind, outcome: 'lease_lost' });
      log.warn('job attempt finished after its lease ran out; another worker had taken it over');
    }
    return true;
  }

  /**
   * Records a finished attempt, waiting out a database that cannot be reached (a
   * restart, a failover): the work is done (a mail is sent), and if its outcome were
   * dropped, the job would run again once its lease ran out. Gives up when the worker
   * stops; then the lease decides, and handlers are safe to run twice.
   */
  private async untilRecorded<T>(record: () => Promise<T>): Promise<T> {
    for (let wait = 200; ; wait = Math.min(wait * 2, 5000)) {
      try {
        return await record();
      } catch (err) {
        if (this.stopped || !isDatabaseUnavailable(err)) throw err;
        this.options.logger.warn(
          { error: (err as Error).message },
          'job outcome not recorded yet: database unavailable',
        );
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
