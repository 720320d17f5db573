import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountMachine, sshKeyInDirectory, sshKeyMachine } from './account-state.js';
import { TransitionError } from './state-machine.js';

describe('account state machine', () => {
  it('has the documented table: made, usable, locked and unlocked, ended for good', () => {
    assert.deepEqual(accountMachine.transitions, {
      provisioning: ['active'],
      active: ['locked', 'ended'],
      locked: ['active', 'ended'],
      ended: [],
    });
    assert.deepEqual(accountMachine.terminal(), ['ended']);
  });

  it('names the states an update may match for each move', () => {
    assert.deepEqual(accountMachine.into('active'), ['provisioning', 'locked']);
    assert.deepEqual(accountMachine.into('locked'), ['active']);
    assert.deepEqual(accountMachine.into('ended'), ['active', 'locked']);
    assert.deepEqual(accountMachine.into('provisioning'), []);
  });

  it('never brings an ended account back, nor locks one still being made', () => {
    assert.throws(() => accountMachine.advance('ended', 'active'), TransitionError);
    assert.throws(() => accountMachine.advance('provisioning', 'locked'), TransitionError);
  });
});

describe('SSH key state machine', () => {
  it('adds, applies and removes keys; a removal not yet applied can be taken back', () => {
    assert.deepEqual(sshKeyMachine.into('active'), ['adding']);
    assert.deepEqual(sshKeyMachine.into('removing'), ['adding', 'active']);
    assert.deepEqual(sshKeyMachine.into('adding'), ['removing']);
    assert.deepEqual(
      sshKeyMachine.states.filter(sshKeyInDirectory),
      ['adding', 'active'],
      'the directory holds the keys added and active',
    );
  });
});
