import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ATTEMPT_WAIT_MS, nextAttemptSlot, signInDelayMs } from './login-throttle.js';
import { can, staffPermissions, staffRoles } from './staff.js';

describe('staff roles', () => {
  test('each role may do what the roles below it may', () => {
    for (const action of Object.keys(staffPermissions) as (keyof typeof staffPermissions)[]) {
      const allowed = staffRoles.map((r) => can(r, action));
      // Once allowed, allowed for every higher role.
      assert.deepEqual(allowed, [...allowed].sort(), action);
      assert.equal(can('admin', action), true, `admin may ${action}`);
    }
  });
  test('reviewers review, approvers decide, admins manage', () => {
    assert.equal(can('reviewer', 'applications.read'), true);
    assert.equal(can('reviewer', 'pledge.send'), true);
    assert.equal(can('reviewer', 'applications.decide'), false);
    assert.equal(can('approver', 'applications.decide'), true);
    assert.equal(can('approver', 'settings.manage'), false);
    assert.equal(can('admin', 'staff.manage'), true);
    assert.equal(can('reviewer', 'groups.read'), true);
    assert.equal(can('reviewer', 'groups.decide'), false);
    assert.equal(can('approver', 'groups.decide'), true);
  });
});

describe('sign-in delay', () => {
  test('none for the first three failures, then doubling up to 8 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20].map(signInDelayMs), [0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test('parallel attempts take turns: those in flight count as failures', () => {
    // Ten attempts at once on an account with no failures: each takes the slot after the last.
    let next: number | null = null;
    const slots: number[] = [];
    for (let inFlight = 0; inFlight < 10; inFlight++) {
      next = nextAttemptSlot(0, next, 0, inFlight);
      slots.push(next);
    }
    assert.deepEqual(slots, [0, 0, 0, 1000, 3000, 7000, 15_000, 23_000, 31_000, 39_000]);
    assert.equal(slots.filter((slot) => slot <= MAX_ATTEMPT_WAIT_MS).length, 6);
    // A sequential attempt after three failures waits a second, as before.
    assert.equal(nextAttemptSlot(5000, 4000, 3, 0), 6000);
  });
});
