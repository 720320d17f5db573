// PGlite is one connection in one process: two processes opening the same folder
// would corrupt it. A lock file in DATA_DIR, created exclusively and holding the
// owner's pid, keeps a second process out; a lock left by a dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    public readonly dataDir: string,
    public readonly pid: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another sc-account process (pid ${pid}). ` +
        'The embedded database allows one process at a time: stop that process first, ' +
        'or set DATABASE_URL to a PostgreSQL server to run several instances.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, '.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: { pid?: number; host?: string } = {};
    try {
      owner = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // Unreadable or half-written: treat as stale.
    }
    const pid = Number(owner.pid);
    const sameHost = owner.host === undefined || owner.host === hostname();
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && (!sameHost || isAlive(pid))) {
      throw new DataDirLockedError(dataDir, pid);
    }
    rmSync(file, { force: true });
  }
  throw new Error(`could not lock DATA_DIR ${dataDir}`);
}
