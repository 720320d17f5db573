import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobMachine, retryDelayMs } from './job-state.js';
import { defineStateMachine, TransitionError } from './state-machine.js';

describe('state machines', () => {
  const door = defineStateMachine<'open' | 'closed' | 'gone'>('door', {
    open: ['closed'],
    closed: ['open', 'gone'],
    gone: [],
  });

  it('allows exactly the moves in its table', () => {
    for (const from of door.states) {
      for (const to of door.states) {
        assert.equal(door.can(from, to), door.transitions[from].includes(to), `${from} → ${to}`);
      }
    }
    assert.equal(door.advance('open', 'closed'), 'closed');
  });

  it('refuses any other move with a TransitionError naming the machine and states', () => {
    assert.throws(
      () => door.advance('gone', 'open'),
      (err: unknown) =>
        err instanceof TransitionError && err.machine === 'door' && err.from === 'gone' && err.to === 'open',
    );
  });

  it('lists terminal states', () => {
    assert.deepEqual(door.terminal(), ['gone']);
  });
});

describe('job state machine', () => {
  it('has the documented table', () => {
    assert.deepEqual(jobMachine.transitions, {
      queued: ['running'],
      running: ['done', 'queued', 'failed'],
      done: [],
      failed: ['queued'],
    });
    assert.deepEqual(jobMachine.terminal(), ['done']);
  });

  it('cannot finish a job that was never claimed', () => {
    assert.throws(() => jobMachine.advance('queued', 'done'), TransitionError);
  });

  it('backs off exponentially with bounded jitter and a cap', () => {
    const mid = () => 0.5;
    assert.equal(retryDelayMs(1, 10_000, mid), 10_000);
    assert.equal(retryDelayMs(2, 10_000, mid), 20_000);
    assert.equal(retryDelayMs(3, 10_000, mid), 40_000);
    assert.equal(retryDelayMs(30, 10_000, mid), 3_600_000);
    assert.equal(
      retryDelayMs(1, 10_000, () => 0),
      7_500,
    );
    assert.equal(
      retryDelayMs(1, 10_000, () => 1),
      12_500,
    );
  });
});
