// The states of a durable job and the only moves between them:
// queued → running → done | queued (retry after a backoff) | failed (attempts used up).
// running → queued also happens when a worker died and its lease ran out;
// failed → queued is an operator's explicit retry.
import { defineStateMachine } from './state-machine.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export const jobMachine = defineStateMachine<JobState>('job', {
  queued: ['running'],
  running: ['done', 'queued', 'failed'],
  done: [],
  failed: ['queued'],
});

/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`
 * (10 s by default), capped at 1 h, ±25 % jitter so that failures do not retry in step.
 */
export function retryDelayMs(attempt: number, baseMs = 10_000, random: () => number = Math.random): number {
  const base = Math.min(baseMs * 2 ** (Math.max(attempt, 1) - 1), 3_600_000);
  return Math.round(base * (0.75 + random() * 0.5));
}
