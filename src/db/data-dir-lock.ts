// PGlite is one connection in one process: two processes opening the same folder
// would corrupt it. A lock file in DATA_DIR holding the owner's pid and host keeps
// a second process out. The file appears with its content in one step (written
// aside, then hard-linked into place), and a lock left by a dead process is taken
// over by renaming it away first, so two starting processes cannot both win.
// A pid is not enough to tell a live owner: in a container the server is pid 1 on
// every start, so a lock left by a killed one names the new process's own pid. The
// lock also records when its process started (boot id and start time from /proc), and
// a lock whose pid now belongs to another process, or to this one without its
// having taken the lock, is stale (PostgreSQL's postmaster.pid check does the like).

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    public readonly dataDir: string,
    public readonly pid: number,
    public readonly host: string,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another sc-account process (pid ${pid}` +
        `${host === hostname() ? '' : ` on host ${host}`}). ` +
        'The embedded database allows one process at a time: stop that process first, ' +
        'or set DATABASE_URL to a PostgreSQL server to run several instances. ' +
        `If no such process runs any more (e.g. a container that was replaced), delete ${join(dataDir, '.lock')}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
  /** The process's identity beyond its pid: boot id and start time (Linux); absent elsewhere. */
  started?: string;
}

/** Lock files this process holds now. */
const heldHere = new Set<string>();

/** Boot id and start time (clock ticks since boot) of a process, or undefined where /proc cannot tell. */
function startOf(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses; start time is field 22.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start ? `${boot}:${start}` : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Owner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A lock is stale when its content is unreadable, or, on this host, when its process
 * is gone, when its pid is this process's and this process has not taken it (a
 * restarted container), or when its pid now names a process started at another time.
 */
function isStale(owner: Owner | undefined, file: string): boolean {
  if (!owner) return true;
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !heldHere.has(file);
  if (!isAlive(owner.pid)) return true;
  const started = owner.started && startOf(owner.pid);
  return Boolean(started && started !== owner.started);
}

/** What sc-account keeps in DATA_DIR (the lock's files, the socket, the cluster, the secret, the mail). */
const ownEntry = (name: string) =>
  ['pg', 'pg.new', 'session-secret', 'mail'].includes(name) || name.startsWith('.lock') || name.startsWith('.s.PGSQL.');

/**
 * Makes `path` a folder only its owner can enter (0700), also when it was there
 * before with a wider mode (made by hand, a volume, `StateDirectory=`): everything
 * under it (the database's files, written 0644, the session secret, the mail) is
 * then out of others' reach. A folder that is not this user's, is sticky (/tmp) or
 * holds anything but sc-account's own files is never changed: a wide one is refused.
 */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const stat = statSync(path);
  if ((stat.mode & 0o077) === 0) return;
  const ours =
    stat.uid === process.getuid?.() && (stat.mode & 0o1000) === 0 && readdirSync(path).every((name) => ownEntry(name));
  narrowMode(path, 0o700, ours ? undefined : "it is shared or holds more than sc-account's files");
}

/** Takes group and other permissions off an existing file or folder (`mode`: what the owner keeps). */
export function narrowMode(path: string, mode: number, refuse?: string): void {
  const current = statSync(path).mode & 0o777;
  if ((current & 0o077) === 0) return;
  try {
    if (refuse) throw new Error(refuse);
    chmodSync(path, mode);
  } catch (err) {
    throw new Error(
      `${path} is open to others (mode ${current.toString(8).padStart(4, '0')}) and was not made the owner's alone (${(err as Error).message}): make it mode ${mode.toString(8)}, owned by the user sc-account runs as, in a folder of sc-account's own.`,
    );
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  // The owner's alone: the database, secrets and mail are in it.
  privateDir(dataDir);
  const file = resolve(dataDir, '.lock');
  const started = startOf(process.pid);
  const me: Owner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(started ? { started } : {}),
  };
  const aside = join(dataDir, `.lock.${process.pid}.${randomBytes(4).toString('hex')}`);
  const fd = openSync(aside, 'wx', 0o600);
  writeSync(fd, JSON.stringify(me));
  closeSync(fd);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(aside, file);
        heldHere.add(file);
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          heldHere.delete(file);
          process.off('exit', release);
          const owner = readOwner(file);
          if (owner?.pid === me.pid && owner.host === me.host) rmSync(file, { force: true });
        };
        process.on('exit', release);
        return { file, release };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(file);
      if (!isStale(owner, file)) throw new DataDirLockedError(dataDir, owner?.pid ?? 0, owner?.host ?? hostname());
      // Take the stale lock away under a unique name: of two processes doing this
      // at once, one rename fails (the file is gone) and that one simply tries again.
      const moved = join(dataDir, `.lock.stale.${randomBytes(4).toString('hex')}`);
      try {
        renameSync(file, moved);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        continue;
      }
      const movedOwner = readOwner(moved);
      if (!isStale(movedOwner, file)) {
        // Between reading and renaming, another process put a fresh lock there: give it back.
        try {
          linkSync(moved, file);
        } catch {
          // It has already been replaced again; the loop reads whatever is there now.
        }
      }
      rmSync(moved, { force: true });
    }
    throw new Error(`could not lock DATA_DIR ${dataDir}`);
  } finally {
    rmSync(aside, { force: true });
  }
}
