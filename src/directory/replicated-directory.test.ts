// Who answers what in a replicated directory, with stand-ins for the two servers:
// every write and read goes to the provider; a login asks the consumer first, the
// provider for anything but 'ok', and whichever one is up when the other is not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Directory, PasswordCheck } from './directory.js';
import { CONSUMER_RETRY_MS, createReplicatedDirectory } from './replicated-directory.js';

/** A server that records the calls it gets and answers checkPassword with `answer` ('down': it throws). */
function server(answer: PasswordCheck | 'down') {
  const calls: string[] = [];
  const directory = new Proxy({} as Directory, {
    get(_, property) {
      if (property === 'kind') return 'ldap';
      return async () => {
        calls.push(String(property));
        if (answer === 'down') throw new Error('connect ECONNREFUSED');
        return property === 'checkPassword' ? answer : undefined;
      };
    },
  });
  return { directory, calls };
}

describe('replicated directory', () => {
  it('writes and reads go to the provider only', async () => {
    const provider = server('ok');
    const consumer = server('ok');
    const d = createReplicatedDirectory(provider.directory, consumer.directory);
    await d.ensureGroup({ cn: 'lab', gidNumber: 40000 });
    await d.setSshKeys('taro', []);
    await d.lock('taro');
    await d.getUser('taro');
    await d.findUidNumber(20000);
    await d.listUsers();
    assert.deepEqual(provider.calls, ['ensureGroup', 'setSshKeys', 'lock', 'getUser', 'findUidNumber', 'listUsers']);
    assert.deepEqual(consumer.calls, []);
  });

  const cases: [PasswordCheck | 'down', PasswordCheck | 'down', PasswordCheck, string[]][] = [
    // consumer, provider, answer, who was asked
    ['ok', 'wrong', 'ok', ['consumer']], // the consumer's ok stands (no change lately)
    ['wrong', 'ok', 'ok', ['consumer', 'provider']], // a new password not replicated yet
    ['locked', 'ok', 'ok', ['consumer', 'provider']], // an unlock not replicated yet
    ['wrong', 'wrong', 'wrong', ['consumer', 'provider']],
    ['down', 'ok', 'ok', ['consumer', 'provider']],
    ['wrong', 'down', 'wrong', ['consumer', 'provider']],
    ['locked', 'down', 'locked', ['consumer', 'provider']],
  ];
  for (const [atConsumer, atProvider, answer, asked] of cases) {
    it(`consumer ${atConsumer}, provider ${atProvider}: ${answer}`, async () => {
      const provider = server(atProvider);
      const consumer = server(atConsumer);
      const d = createReplicatedDirectory(provider.directory, consumer.directory);
      assert.equal(await d.checkPassword('taro', 'secret'), answer);
      assert.equal(await d.authenticate('taro', 'secret'), answer === 'ok');
      const who = [...(consumer.calls.length ? ['consumer'] : []), ...(provider.calls.length ? ['provider'] : [])];
      assert.deepEqual(who, asked);
    });
  }

  // After a password change the provider decides first: the consumer may still hold the old one.
  const afterChange: [PasswordCheck | 'down', PasswordCheck | 'down', PasswordCheck, string[]][] = [
    // consumer, provider, answer, who was asked
    ['ok', 'wrong', 'wrong', ['provider']], // the old password, not yet replaced on the consumer
    ['wrong', 'ok', 'ok', ['provider']],
    ['ok', 'down', 'ok', ['consumer', 'provider']], // the provider down: the consumer's answer stands
  ];
  for (const [atConsumer, atProvider, answer, asked] of afterChange) {
    it(`after a password change, consumer ${atConsumer}, provider ${atProvider}: ${answer}`, async () => {
      const provider = server(atProvider);
      const consumer = server(atConsumer);
      const d = createReplicatedDirectory(provider.directory, consumer.directory);
      assert.equal(await d.checkPassword('taro', 'secret', { recentChange: true }), answer);
      const who = [...(consumer.calls.length ? ['consumer'] : []), ...(provider.calls.length ? ['provider'] : [])];
      assert.deepEqual(who, asked);
    });
  }

  it('a consumer that could not answer is left alone for a while, then asked again', async () => {
    const provider = server('ok');
    let consumerUp = false;
    const consumerCalls: string[] = [];
    const consumer = new Proxy({} as Directory, {
      get(_, property) {
        if (property === 'kind') return 'ldap';
        return async () => {
          consumerCalls.push(String(property));
          if (!consumerUp) throw new Error('connect ETIMEDOUT');
          return 'ok';
        };
      },
    });
    let clock = 1_000_000;
    const d = createReplicatedDirectory(provider.directory, consumer, { now: () => clock });
    assert.equal(await d.checkPassword('taro', 'secret'), 'ok');
    assert.deepEqual(
      [consumerCalls.length, provider.calls.length],
      [1, 1],
      'the consumer timed out, the provider answered',
    );
    clock += CONSUMER_RETRY_MS - 1;
    assert.equal(await d.checkPassword('taro', 'secret'), 'ok');
    assert.deepEqual([consumerCalls.length, provider.calls.length], [1, 2], 'the provider alone, at once');
    consumerUp = true;
    clock += 1;
    assert.equal(await d.checkPassword('taro', 'secret'), 'ok');
    assert.deepEqual([consumerCalls.length, provider.calls.length], [2, 2], 'the consumer again, and it answered');
  });

  it('both down: the login fails as a server failure, not as a wrong password', async () => {
    const d = createReplicatedDirectory(server('down').directory, server('down').directory);
    await assert.rejects(d.checkPassword('taro', 'secret'), /ECONNREFUSED/);
  });
});
