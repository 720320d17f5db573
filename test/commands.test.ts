// The safe command runner of operators' commands (quota, home deletion): values are
// checked before anything runs, each stays one argument (no shell), a failure says
// what the command printed, and without a command nothing runs.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CommandError, commandArguments, createCommandRunner, parseCommand } from '../src/commands/run-command.js';
import { homeDeletionPatterns } from '../src/jobs/handlers/renewal.js';
import { createQuotaSetter } from '../src/quota/quota-setter.js';

const dir = mkdtempSync(join(tmpdir(), 'sc-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));
/** A script that writes each argument on its own line to `file`. */
function recorder(name: string, exit = 0) {
  const script = join(dir, name);
  const out = join(dir, `${name}.out`);
  writeFileSync(
    script,
    `#!/bin/sh\nfor a in "$@"; do echo "[$a]" >> ${out}; done\necho done-${name}\necho oops >&2\nexit ${exit}\n`,
  );
  chmodSync(script, 0o755);
  return { script, lines: () => readFileSync(out, 'utf8').trim().split('\n') };
}

describe('operators’ commands', () => {
  test('placeholders are replaced, whole or inside an argument, by checked values', () => {
    const args = commandArguments(
      ['--home={home}', '{user}', '{division}/{group}', 'literal {other}'],
      { user: 'taro', group: 'suzuki-lab', division: 'ga', home: '/home/taro' },
      homeDeletionPatterns,
    );
    assert.deepEqual(args, ['--home=/home/taro', 'taro', 'ga/suzuki-lab', 'literal {other}']);
  });

  test('a value its pattern does not match stops it before anything runs', () => {
    for (const [name, value] of [
      ['user', 'taro; rm -rf /'],
      ['user', '../etc'],
      ['home', '/home/../root'],
      ['group', 'Lab'],
      ['division', 'x'],
    ] as const) {
      const values = { user: 'taro', group: 'lab', division: 'ga', home: '/home/taro', [name]: value };
      assert.throws(() => commandArguments(['{user}'], values, homeDeletionPatterns), CommandError, `${name}=${value}`);
    }
  });

  test('runs without a shell: each value is one argument; it answers what the command printed', async () => {
    const r = recorder('ok');
    const runner = createCommandRunner([r.script, '{user}', 'a b; echo $HOME', '{home}'], homeDeletionPatterns);
    assert.equal(runner.kind, 'command');
    const out = await runner.run({ user: 'taro', group: 'lab', division: 'ga', home: '/home/taro' });
    assert.equal(out.trim(), 'done-ok');
    assert.deepEqual(r.lines(), ['[taro]', '[a b; echo $HOME]', '[/home/taro]']);
  });

  test('a failing command is an error with what it printed on stderr', async () => {
    const r = recorder('bad', 4);
    const runner = createCommandRunner([r.script, '{user}'], homeDeletionPatterns);
    await assert.rejects(
      runner.run({ user: 'taro', group: 'lab', division: 'ga', home: '/home/taro' }),
      (e: Error) => e instanceof CommandError && /bad failed: oops/.test(e.message),
    );
  });

  test('without a command nothing runs: recorded only', async () => {
    const runner = createCommandRunner(undefined, homeDeletionPatterns);
    assert.equal(runner.kind, 'record');
    assert.equal(await runner.run({ user: 'taro', group: 'lab', division: 'ga', home: '/home/taro' }), '');
    assert.equal(createQuotaSetter(undefined).kind, 'record');
  });

  test('the quota setter goes the same way, and refuses a number of bytes that is not one', async () => {
    const r = recorder('quota');
    const setter = createQuotaSetter([r.script, '-u', '{user}', '-B', '{bytes}', '{group}']);
    await setter.set({ division: 'pg', user: 'taro-pg', group: 'suzuki-lab-pg', bytes: 1_000_000_000_000 });
    assert.deepEqual(r.lines(), ['[-u]', '[taro-pg]', '[-B]', '[1000000000000]', '[suzuki-lab-pg]']);
    await assert.rejects(setter.set({ division: 'ga', user: 'taro', group: 'lab', bytes: -1 }), RangeError);
  });

  test('a group quota needs a command that says which: {scope} or {target}; usage is the first number printed', async () => {
    const userOnly = createQuotaSetter([recorder('user-only').script, '-u', '{user}', '-B', '{bytes}']);
    await assert.rejects(
      userOnly.set({ division: 'ga', scope: 'group', user: '', group: 'suzuki-lab', bytes: 10 ** 13 }),
      (e: Error) => e instanceof CommandError && /cannot set a group quota/.test(e.message),
    );
    const r = recorder('scoped');
    const used = join(dir, 'used');
    writeFileSync(used, '#!/bin/sh\necho "/lustre 4500000000000 0 0"\n');
    chmodSync(used, 0o755);
    const setter = createQuotaSetter(
      [r.script, '--{scope}', '{target}', '-B', '{bytes}', '{storage}'],
      [used, '{target}'],
    );
    await setter.set({
      division: 'ga',
      scope: 'group',
      storage: 'archive',
      user: '',
      group: 'suzuki-lab',
      bytes: 10 ** 13,
    });
    await setter.set({
      division: 'pg',
      scope: 'user',
      storage: 'pg',
      user: 'taro-pg',
      group: 'suzuki-lab-pg',
      bytes: 5,
    });
    assert.deepEqual(r.lines(), [
      '[--group]',
      '[suzuki-lab]',
      '[-B]',
      '[10000000000000]',
      '[archive]',
      '[--user]',
      '[taro-pg]',
      '[-B]',
      '[5]',
      '[pg]',
    ]);
    assert.equal(
      await setter.usage({ division: 'ga', scope: 'user', user: 'taro', group: 'suzuki-lab' }),
      4_500_000_000_000,
    );
    assert.equal(await createQuotaSetter(undefined).usage({ division: 'ga', user: 'taro', group: 'lab' }), undefined);
  });

  test('a command setting: a JSON array of strings naming one of the placeholders required', () => {
    assert.deepEqual(parseCommand('["rm","-rf","{home}"]', ['{home}']), ['rm', '-rf', '{home}']);
    assert.equal(parseCommand('rm -rf {home}', ['{home}']), undefined);
    assert.equal(parseCommand('["echo","hi"]', ['{home}', '{user}']), undefined);
    assert.equal(parseCommand('["x", 3, "{home}"]', ['{home}']), undefined);
    assert.equal(parseCommand('[]', ['{home}']), undefined);
  });
});
