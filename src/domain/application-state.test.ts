import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applicationMachine,
  applicationStates,
  nameHoldingStates,
  openStates,
  reviewStates,
  staffMoves,
  staffTargets,
} from './application-state.js';

describe('application states', () => {
  test('the flow of domain.md: sent, information ⇄ sent, pledge, signed, screening, decided', () => {
    const path = ['draft', 'submitted', 'pledge_sent', 'pledge_signed', 'screening', 'approved'] as const;
    for (let i = 1; i < path.length; i++) {
      assert.ok(applicationMachine.can(path[i - 1] as never, path[i] as never), `${path[i - 1]} → ${path[i]}`);
    }
    assert.ok(applicationMachine.can('submitted', 'information_requested'));
    assert.ok(applicationMachine.can('information_requested', 'submitted'));
    assert.equal(applicationMachine.can('submitted', 'approved'), false, 'no approval without a signed pledge');
    assert.equal(applicationMachine.can('draft', 'approved'), false);
  });

  test('withdrawn from every state in review, and decided states are final', () => {
    for (const s of reviewStates) assert.ok(applicationMachine.can(s, 'withdrawn'), s);
    assert.deepEqual(applicationMachine.terminal().sort(), ['expired', 'issued', 'rejected', 'withdrawn']);
    // After the approval: the accounts exist, then the certificate is posted; nothing goes back.
    assert.deepEqual(applicationMachine.transitions.approved, ['provisioned']);
    assert.deepEqual(applicationMachine.transitions.provisioned, ['issued']);
  });

  test('open and name-holding states', () => {
    assert.deepEqual(openStates, ['draft', ...reviewStates]);
    for (const s of ['approved', 'provisioned', 'issued'] as const) assert.ok(nameHoldingStates.includes(s), s);
    assert.ok(!nameHoldingStates.includes('rejected'));
    assert.equal(applicationStates.length, applicationMachine.states.length);
  });

  test('staff may approve only after the pledge, and after screening when it is needed', () => {
    assert.deepEqual(staffTargets('submitted', false), ['information_requested', 'pledge_sent', 'rejected']);
    assert.deepEqual(staffTargets('pledge_signed', false), ['approved', 'rejected']);
    assert.deepEqual(staffTargets('pledge_signed', true), ['screening', 'rejected']);
    assert.deepEqual(staffTargets('screening', true), ['approved', 'rejected']);
    assert.deepEqual(staffTargets('approved', false), []);
    // Every staff move is a move of the table.
    for (const s of applicationStates) {
      for (const to of staffTargets(s, true)) assert.ok(applicationMachine.can(s, to) && staffMoves[to]);
    }
  });
});
