import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir } from '../src/db/data-dir-lock.js';
import { testArgon2Env } from './helpers/app.js';
import { startBundledServer } from './helpers/bundle.js';
import { freePort } from './helpers/postgres.js';
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

  it("makes a DATA_DIR that was open to others the owner's alone", () => {
    // Made by hand or as a volume with mode 0755: the database files written into it
    // are 0644, so the folder is what keeps them private.
    const dir = freshDir();
    chmodSync(dir, 0o755);
    const lock = lockDataDir(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    lock.release();
    // A folder that holds other things (a mistaken DATA_DIR=/var/lib) is refused, not changed.
    const shared = freshDir();
    chmodSync(shared, 0o755);
    writeFileSync(join(shared, 'someone-elses'), '');
    assert.throws(() => lockDataDir(shared), /is open to others \(mode 0755\) and was not made the owner's alone/);
    assert.equal(statSync(shared).mode & 0o777, 0o755);
    // So is a sticky one (/tmp).
    const sticky = freshDir();
    chmodSync(sticky, 0o1777);
    assert.throws(() => lockDataDir(sticky), /is open to others/);
    assert.equal(statSync(sticky).mode & 0o7777, 0o1777);
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

  it("takes over a lock naming this process's own pid when this process has not taken it (a restarted container's pid 1)", () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: '' }));
    const lock = lockDataDir(dir);
    assert.equal(JSON.parse(readFileSync(lock.file, 'utf8')).pid, process.pid);
    // Held by this process now: a second open here is refused.
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
    lock.release();
  });

  it('takes over a lock whose pid now names another process (started at another time)', async () => {
    const dir = freshDir();
    const child = fork('-e', [], { execArgv: ['-e', 'setInterval(() => {}, 1000)'] });
    try {
      const mine = JSON.parse(readFileSync(lockDataDir(freshDir()).file, 'utf8')) as { started?: string };
      assert.match(mine.started ?? '', /^[\w-]+:\d+$/, 'the lock records when its process started');
      writeFileSync(
        join(dir, '.lock'),
        JSON.stringify({ pid: child.pid, host: hostname(), since: '', started: `${mine.started}0` }),
      );
      const lock = lockDataDir(dir);
      assert.equal(JSON.parse(readFileSync(lock.file, 'utf8')).pid, process.pid);
      lock.release();
    } finally {
      child.kill();
    }
  });

  it('lets the server start again as pid 1 of a new PID namespace after it was killed there', async (t) => {
    const dir = freshDir();
    const port = await freePort();
    const start = () =>
      startBundledServer(
        { ...testArgon2Env, DATA_DIR: dir, PORT: String(port) },
        { wrapper: ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL'] },
      );
    const running = async (server: ReturnType<typeof start>) => {
      for (const end = Date.now() + 60_000; !server.output().includes('is running at'); ) {
        if (server.child.exitCode !== null || Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
      return true;
    };
    const first = start();
    assert.ok(await running(first), first.output());
    assert.equal(JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')).pid, 1, 'the server is pid 1 there');
    first.child.kill('SIGKILL');
    await first.exited;
    assert.ok(existsSync(join(dir, '.lock')), 'the killed server left its lock');
    const second = start();
    try {
      assert.ok(await running(second), `the restart was refused: ${second.output()}`);
      t.diagnostic('restarted as pid 1 over the lock of the killed pid 1');
    } finally {
      // unshare ignores SIGTERM (its child is to handle it); killing it kills the server (--kill-child).
      second.child.kill('SIGKILL');
      await second.exited;
    }
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
