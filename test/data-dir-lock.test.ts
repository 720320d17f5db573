import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir } from '../src/db/data-dir-lock.js';
import { projectRoot } from './helpers/root.js';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sc-lock-'));
  dirs.push(d);
  return d;
};

describe('DATA_DIR lock', () => {
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('is created with its owner in one step and removed on release', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    const owner = JSON.parse(readFileSync(lock.file, 'utf8'));
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    assert.deepEqual(readdirSync(dir), ['.lock'], 'no temporary file is left behind');
    lock.release();
    assert.equal(existsSync(lock.file), false);
  });

  it('refuses a second holder while the owner lives, naming it and how to recover', async () => {
    const dir = freshDir();
    // Another live process holds the lock.
    const child = fork('-e', [], { execArgv: ['-e', 'setInterval(() => {}, 1000)'] });
    try {
      writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: child.pid, host: hostname(), since: '' }));
      assert.throws(
        () => lockDataDir(dir),
        (err: unknown) =>
          err instanceof DataDirLockedError &&
          err.pid === child.pid &&
          /in use by another sc-account process/.test(err.message) &&
          /delete .*\.lock/.test(err.message),
      );
    } finally {
      child.kill();
    }
  });

  it('refuses a lock held on another host, since it cannot tell whether that process lives', () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 123, host: 'another-host', since: '' }));
    assert.throws(() => lockDataDir(dir), /pid 123 on host another-host/);
  });

  it('takes over a lock whose process is gone, and an unreadable one', () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: '' }));
    const lock = lockDataDir(dir);
    assert.equal(JSON.parse(readFileSync(lock.file, 'utf8')).pid, process.pid);
    lock.release();
    writeFileSync(join(dir, '.lock'), '');
    const again = lockDataDir(dir);
    assert.equal(JSON.parse(readFileSync(again.file, 'utf8')).pid, process.pid);
    again.release();
    assert.deepEqual(readdirSync(dir), []);
  });

  it('lets exactly one of many processes racing for a stale lock win', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 2 ** 22 + 9, host: hostname(), since: '' }));
    const script = `
      import { lockDataDir } from ${JSON.stringify(join(projectRoot, 'src/db/data-dir-lock.ts'))};
      try { lockDataDir(process.argv[1]); process.send('won'); } catch (e) { process.send(e.code === 'DATA_DIR_LOCKED' ? 'refused' : String(e)); }
      setTimeout(() => {}, 1500);
    `;
    const results = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<string>((resolve) => {
            const child = fork('--input-type=module', [dir], {
              execArgv: ['--import', 'tsx', '--input-type=module', '-e', script],
            });
            child.once('message', (m) => resolve(String(m)));
          }),
      ),
    );
    assert.deepEqual(results.sort(), ['refused', 'refused', 'refused', 'refused', 'refused', 'won']);
  });
});
