import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { robotCheck } from './robot-check.js';

const field = (challenge: unknown, solution: unknown) =>
  Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');

describe('anti-robot proof of work', () => {
  const robot = robotCheck('a-session-secret-for-the-test');

  test('a solved challenge passes once for its own application only', async () => {
    const challenge = await robot.challenge(42);
    assert.equal(challenge.parameters.data?.application, 42);
    const solution = await solveChallenge({ challenge, deriveKey });
    assert.ok(solution);
    assert.equal(await robot.verify(field(challenge, solution), 42), 'passed');
    assert.equal(await robot.verify(field(challenge, solution), 43), 'failed');
  });

  test('an empty field is "absent" (no JavaScript); anything malformed or forged fails', async () => {
    assert.equal(await robot.verify('', 1), 'absent');
    assert.equal(await robot.verify('   ', 1), 'absent');
    assert.equal(await robot.verify('%%%', 1), 'failed');
    assert.equal(await robot.verify('x'.repeat(5000), 1), 'failed');
    const challenge = await robot.challenge(1);
    assert.equal(await robot.verify(field(challenge, { counter: 1, derivedKey: '00' }), 1), 'failed');
    // Signed with another instance's secret.
    const foreign = await robotCheck('another-secret').challenge(1);
    const solved = await solveChallenge({ challenge: foreign, deriveKey });
    assert.equal(await robot.verify(field(foreign, solved), 1), 'failed');
    // A challenge whose cost was lowered by the client no longer matches its signature.
    const cheap = { ...challenge, parameters: { ...challenge.parameters, cost: 1 } };
    assert.equal(await robot.verify(field(cheap, { counter: 0, derivedKey: '00' }), 1), 'failed');
  });
});
