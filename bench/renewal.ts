// Accounts locked per second by the fiscal-year lock (`renewal.lock`,
// src/jobs/handlers/renewal.ts) over 100,000 accounts not renewed: the handler called
// directly with its dependencies built as src/server.ts builds them (a real
// PostgreSQL, the LDAP directory on a real slapd with ppolicy), following its
// continuation jobs until nothing is left. Each batch of 500: the directory's lock of
// each account (8 modifies in flight on the one connection), one UPDATE marking them
// locked with their sessions deleted, one audit row and one `renewal.locked-mails` job
// naming the batch's holders. Those jobs (one 'locked' mail per holder through the
// outbox) are run after the lock, as the worker would between two slices, timed on
// their own. Baseline in the same run and the same slapd: the same modify
// (shadowExpire and pwdAccountLockedTime replaced) of 100,000 other entries with
// ldapts, at the same concurrency, no database; half before the lock job and half
// after it. Goal: ≥ 50 % of the baseline's rate.
//
// The entries (both sets) are written as LDIF and loaded with `slapadd` before slapd
// starts; the holders and accounts are inserted with `insert … select
// generate_series`.
//
//   RENEWAL_BENCH_ACCOUNTS=20000     a quicker run (the reported figure is at 100,000)
//   RENEWAL_BENCH_CONCURRENCY=8      lockConcurrency of the main run (and the baseline's)
//   RENEWAL_BENCH_SWEEP=1,8,32       lockConcurrency values measured again on a smaller set, untimed
//                                    ("" for none)
//   RENEWAL_BENCH_SWEEP_ACCOUNTS=10000
//   RENEWAL_BENCH_LDAP_SYNC=1        slapd flushes each write (mdb's default); without it olcDbNoSync,
//                                    as the PostgreSQL here runs with fsync=off
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { Attribute, Change, Client } from 'ldapts';
import { createCommandRunner } from '../src/commands/run-command.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Job } from '../src/db/schema.js';
import { calendarLookup } from '../src/db/settings.js';
import type { Directory } from '../src/directory/directory.js';
import { LOCKED_SHADOW_EXPIRE, PPOLICY_LOCKED } from '../src/directory/directory.js';
import { fullUserEntry, groupAttributes, groupDn, userDn } from '../src/directory/entries.js';
import { openDirectories } from '../src/directory/index.js';
import { type LdifEntry, toLdif } from '../src/directory/ldif.js';
import { accountEntry } from '../src/domain/provisioning.js';
import { homeDeletionPatterns, RENEWAL_LOCKED_MAILS_JOB, renewalJobHandlers } from '../src/jobs/handlers/renewal.js';
import { createOutbox } from '../src/mail/outbox.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { fmt, freePort, tempDataDir } from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_RATIO = 0.5;

export interface RenewalBenchOptions {
  /** Accounts the lock job locks (and entries the baseline modifies). */
  accounts?: number;
  /** lockConcurrency of the main run, and the baseline's modifies in flight. */
  concurrency?: number;
  /** Other lockConcurrency values, each measured (with its baseline) on `sweepAccounts` accounts. */
  sweep?: number[];
  sweepAccounts?: number;
  /** slapd flushes each write to disk (mdb's default); by default it does not (olcDbNoSync), as PostgreSQL here runs with fsync=off. */
  ldapSync?: boolean;
  progress?: (line: string) => void;
}

/** The fiscal year the accounts are valid through; the lock runs for the next one. */
const VALID_THROUGH = 2026;
const GID = 60_000;
/** The handler's batch (src/jobs/handlers/renewal.ts). */
const BATCH = 500;

const envNumber = (name: string): number | undefined => {
  const v = process.env[name];
  return v ? Number(v) : undefined;
};

// ---------------------------------------------------------------------------------
// slapd: the configuration of test/helpers/slapd.ts (schemas, mdb with the same
// indexes, ppolicy with a policy that honours locks), plus a map size that holds
// 200,000 entries (mdb's default is 10 MiB), with the entries loaded by slapadd
// before the server starts.

interface BulkSlapd {
  url: string;
  baseDn: string;
  bindDn: string;
  bindPassword: string;
  pid: number | undefined;
  ldifSeconds: number;
  slapaddSeconds: number;
  stop(): Promise<void>;
}

const PEOPLE = 'ou=people';
const GROUPS = 'ou=groups';

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (const end = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 50))) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}):\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > end) throw new Error(`slapd did not listen on ${port}:\n${log()}`);
  }
}

/** Writes the LDIF of the tree: base entries, the group, then `sets` × `count` users (in chunks). */
function writeTree(file: string, baseDn: string, sets: { prefix: string; uidNumber: number }[], count: number): void {
  const layout = { baseDn, peopleOu: PEOPLE, groupsOu: GROUPS };
  const fd = openSync(file, 'w');
  try {
    writeSync(
      fd,
      [
        `dn: ${baseDn}\nobjectClass: dcObject\nobjectClass: organization\no: centre\ndc: centre\n`,
        `dn: ${PEOPLE},${baseDn}\nobjectClass: organizationalUnit\nou: people\n`,
        `dn: ${GROUPS},${baseDn}\nobjectClass: organizationalUnit\nou: groups\n`,
        `dn: ou=policies,${baseDn}\nobjectClass: organizationalUnit\nou: policies\n`,
        `dn: cn=default,ou=policies,${baseDn}\nobjectClass: pwdPolicy\nobjectClass: device\ncn: default\npwdAttribute: userPassword\npwdLockout: TRUE\n`,
        toLdif([
          {
            dn: groupDn(layout, 'bench-lab'),
            attributes: groupAttributes({ cn: 'bench-lab', gidNumber: GID, memberUid: [] }),
          },
        ]),
      ].join('\n'),
    );
    for (const set of sets) {
      for (let start = 1; start <= count; start += 5000) {
        const entries: LdifEntry[] = [];
        for (let i = start; i < Math.min(start + 5000, count + 1); i++) {
          const uid = `${set.prefix}${i}`;
          entries.push({
            dn: userDn(layout, uid),
            attributes: fullUserEntry(
              {
                ...accountEntry({
                  uid,
                  uidNumber: set.uidNumber + i,
                  gidNumber: GID,
                  givenName: 'Taro',
                  familyName: 'YAMADA',
                  email: `${uid}@x.example.ac.jp`,
                }),
                sshPublicKeys: [],
                locked: false,
              },
              { ppolicy: true },
            ),
          });
        }
        writeSync(fd, `\n${toLdif(entries)}`);
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function startBulkSlapd(
  dir: string,
  sets: { prefix: string; uidNumber: number }[],
  count: number,
  sync: boolean,
  progress: (line: string) => void,
): Promise<BulkSlapd> {
  const conf = join(dir, 'conf');
  const data = join(dir, 'db');
  mkdirSync(conf);
  mkdirSync(data);
  const schemaLdif = new URL('../src/directory/openssh-lpk.ldif', import.meta.url).pathname;
  const baseDn = 'dc=centre,dc=example';
  const bindDn = `cn=admin,${baseDn}`;
  const bindPassword = randomBytes(12).toString('hex');
  const config = [
    `dn: cn=config\nobjectClass: olcGlobal\ncn: config\nolcPidFile: ${join(dir, 'slapd.pid')}\n`,
    'dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\nolcModulePath: /usr/lib/ldap\nolcModuleLoad: back_mdb\nolcModuleLoad: argon2\nolcModuleLoad: ppolicy\n',
    'dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n',
    `${['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include: file:///etc/ldap/schema/${s}.ldif`).join('\n')}\ninclude: file://${schemaLdif}\n`,
    `dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\nolcDatabase: {1}mdb\nolcSuffix: ${baseDn}\nolcRootDN: ${bindDn}\nolcRootPW: ${bindPassword}\nolcDbDirectory: ${data}\nolcDbMaxSize: 4294967296\n${sync ? '' : 'olcDbNoSync: TRUE\n'}olcDbIndex: uid eq\nolcDbIndex: cn eq\nolcDbIndex: objectClass eq\nolcAccess: to attrs=userPassword by anonymous auth by self write by * none\nolcAccess: to * by * read\n`,
    `dn: olcOverlay={0}ppolicy,olcDatabase={1}mdb,cn=config\nobjectClass: olcOverlayConfig\nobjectClass: olcPPolicyConfig\nolcOverlay: {0}ppolicy\nolcPPolicyDefault: cn=default,ou=policies,${baseDn}\n`,
  ].join('\n');
  const configFile = join(dir, 'config.ldif');
  const treeFile = join(dir, 'tree.ldif');
  const fd = openSync(configFile, 'w');
  writeSync(fd, config);
  closeSync(fd);
  execFileSync('slapadd', ['-n', '0', '-F', conf, '-l', configFile], { stdio: 'pipe' });
  let t = performance.now();
  writeTree(treeFile, baseDn, sets, count);
  const ldifSeconds = (performance.now() - t) / 1000;
  progress(`renewal: LDIF of ${fmt(sets.length * count)} users written in ${fmt(ldifSeconds, 1)} s`);
  t = performance.now();
  execFileSync('slapadd', ['-q', '-n', '1', '-F', conf, '-l', treeFile], { stdio: 'pipe' });
  const slapaddSeconds = (performance.now() - t) / 1000;
  progress(`renewal: slapadd -q of them: ${fmt(slapaddSeconds, 1)} s`);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let output = '';
  const child = spawn('slapd', ['-h', `${url}/`, '-F', conf, '-d', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  await waitForPort(port, child, () => output);
  return {
    url,
    baseDn,
    bindDn,
    bindPassword,
    pid: child.pid,
    ldifSeconds,
    slapaddSeconds,
    async stop() {
      process.off('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

// ---------------------------------------------------------------------------------
// CPU time of the three processes that share the machine.

const TICK_MS = 10;

/** utime + stime (+ the waited-for children's, with `children`) of a process, in ms; 0 when gone. */
function procCpuMs(pid: number | undefined, children = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14–17 of proc(5): utime, stime, cutime, cstime (here from index 11).
    const own = Number(f[11]) + Number(f[12]);
    return (children ? own + Number(f[13]) + Number(f[14]) : own) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The postmaster listening on `port` and its backends (by the `-p <port>` of its command line). */
function postgresPids(port: string): number[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  let postmaster: number | undefined;
  for (const d of all) {
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('/postgres') && cmd.includes('-p') && cmd[cmd.indexOf('-p') + 1] === port) {
        postmaster = Number(d);
        break;
      }
    } catch {}
  }
  if (postmaster === undefined) return [];
  const pids = [postmaster];
  for (const d of all) {
    try {
      const ppid = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1];
      if (Number(ppid) === postmaster) pids.push(Number(d));
    } catch {}
  }
  return pids;
}

interface Cpu {
  node: number;
  slapd: number;
  postgres: number;
  /** Every process's on the machine (/proc/stat: all but idle and iowait), and when it was read. */
  machine: number;
  at: number;
}

/** CPU time of the whole machine, all cores, in ms. */
function machineCpuMs(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal (guest is counted in user already).
  const busy = [0, 1, 2, 5, 6, 7].reduce((s, i) => s + (f[i] ?? 0), 0);
  return busy * TICK_MS;
}

function cpuSnapshot(slapdPid: number | undefined, pgPort: string | undefined): Cpu {
  const u = process.cpuUsage();
  const pg = pgPort ? postgresPids(pgPort) : [];
  return {
    node: (u.user + u.system) / 1000,
    slapd: procCpuMs(slapdPid),
    postgres: pg.reduce((s, pid, i) => s + procCpuMs(pid, i === 0), 0),
    machine: machineCpuMs(),
    at: performance.now(),
  };
}

/** The share of one core that processes other than the three measured used over the span (another test suite, a build). */
const othersLine = (c: Cpu) => `${fmt(Math.max(0, (c.machine - c.node - c.slapd - c.postgres) / c.at) * 100)} %`;

const cpuSince = (a: Cpu, b: Cpu): Cpu => ({
  node: b.node - a.node,
  slapd: b.slapd - a.slapd,
  postgres: b.postgres - a.postgres,
  machine: b.machine - a.machine,
  at: b.at - a.at,
});

const cpuLine = (c: Cpu, count: number) =>
  `node ${fmt((c.node / count) * 1000)} µs, slapd ${fmt((c.slapd / count) * 1000)} µs, ` +
  `PostgreSQL ${fmt((c.postgres / count) * 1000)} µs`;

// ---------------------------------------------------------------------------------
// Where the lock job's time goes: every statement timed by a Kysely plugin (from its
// compilation to its result), the directory's locks as the union of their intervals.

class Timings {
  /** Milliseconds and count per statement kind. */
  readonly statements = new Map<string, { ms: number; n: number }>();
  directoryMs = 0;
  /** When each batch began (its `accountsToLock` statement) and how long that statement took. */
  readonly batchStarts: number[] = [];
  /** directoryMs as it stood when each batch began. */
  readonly atBatch: number[] = [];
  readonly selectMs: number[] = [];
  private started = new Map<unknown, [string, number]>();
  private inFlight = 0;
  private since = 0;

  plugin(): KyselyPlugin {
    return {
      transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => {
        const kind = kindOf(args.node);
        const now = performance.now();
        if (kind === 'select account') {
          this.batchStarts.push(now);
          this.atBatch.push(this.directoryMs);
        }
        this.started.set(args.queryId, [kind, now]);
        return args.node;
      },
      transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
        const s = this.started.get(args.queryId);
        if (s) {
          this.started.delete(args.queryId);
          const e = this.statements.get(s[0]) ?? { ms: 0, n: 0 };
          const ms = performance.now() - s[1];
          if (s[0] === 'select account') this.selectMs.push(ms);
          e.ms += ms;
          e.n++;
          this.statements.set(s[0], e);
        }
        return args.result;
      },
    };
  }

  directory(d: Directory): Directory {
    return {
      ...d,
      lock: async (uid) => {
        if (this.inFlight++ === 0) this.since = performance.now();
        try {
          await d.lock(uid);
        } finally {
          if (--this.inFlight === 0) this.directoryMs += performance.now() - this.since;
        }
      },
    };
  }

  ms(kind: string): number {
    return this.statements.get(kind)?.ms ?? 0;
  }
}

/** A name for a statement: what it does to which table. */
function kindOf(node: RootOperationNode): string {
  const table = (n: unknown): string => {
    const t = (n as { table?: { identifier?: { name?: string } } } | undefined)?.table?.identifier?.name;
    return t ?? '?';
  };
  switch (node.kind) {
    case 'SelectQueryNode': {
      const from = node.from?.froms[0];
      return `select ${from?.kind === 'TableNode' ? table(from) : '?'}`;
    }
    case 'InsertQueryNode':
      // enqueueJob's insert is `with queued as (insert into job …) insert into job_event …`.
      return node.with ? 'insert job + job_event' : `insert ${table(node.into)}`;
    case 'UpdateQueryNode':
      return `update ${node.table?.kind === 'TableNode' ? table(node.table) : '?'}`;
    case 'DeleteQueryNode': {
      const from = node.from.froms[0];
      return `delete ${from?.kind === 'TableNode' ? table(from) : '?'}`;
    }
    case 'RawNode':
      return `raw ${node.sqlFragments.join('?').slice(0, 40)}`;
    default:
      return node.kind;
  }
}

// ---------------------------------------------------------------------------------
// The baseline: the lock's modify, sent with ldapts on one bound connection.

async function rawModifies(slapd: BulkSlapd, uids: string[], concurrency: number, lock: boolean): Promise<number> {
  const client = new Client({ url: slapd.url, timeout: 10_000, connectTimeout: 10_000 });
  await client.bind(slapd.bindDn, slapd.bindPassword);
  const layout = { baseDn: slapd.baseDn, peopleOu: PEOPLE, groupsOu: GROUPS };
  const changes = [
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'shadowExpire', values: lock ? [String(LOCKED_SHADOW_EXPIRE)] : [] }),
    }),
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'pwdAccountLockedTime', values: lock ? [PPOLICY_LOCKED] : [] }),
    }),
  ];
  try {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, uids.length) }, async () => {
        while (next < uids.length) {
          const uid = uids[next++] as string;
          await client.modify(userDn(layout, uid), changes);
        }
      }),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await client.unbind();
  }
}

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => `${prefix}${from + k}`);

// ---------------------------------------------------------------------------------

export async function renewalBench(options: RenewalBenchOptions = {}): Promise<BenchReport> {
  const count = options.accounts ?? envNumber('RENEWAL_BENCH_ACCOUNTS') ?? 100_000;
  const concurrency = options.concurrency ?? envNumber('RENEWAL_BENCH_CONCURRENCY') ?? 8;
  const sweep = options.sweep ?? (process.env.RENEWAL_BENCH_SWEEP ?? '1,8,32').split(',').filter(Boolean).map(Number);
  const sweepAccounts = Math.min(count, options.sweepAccounts ?? envNumber('RENEWAL_BENCH_SWEEP_ACCOUNTS') ?? 10_000);
  const ldapSync = options.ldapSync ?? process.env.RENEWAL_BENCH_LDAP_SYNC === '1';
  const progress = options.progress ?? (() => {});
  const fy = VALID_THROUGH + 1;
  const load0 = loadavg()[0]?.toFixed(2);
  const temp = tempDataDir();
  const setupStarted = performance.now();
  const slapd = await startBulkSlapd(
    temp.dir,
    [
      { prefix: 'holder', uidNumber: 100_000 },
      { prefix: 'raw', uidNumber: 300_000 },
    ],
    count,
    ldapSync,
    progress,
  );
  try {
    const databaseUrl = await createTestDatabase();
    const pgPort = new URL(databaseUrl).port;
    const config = loadConfig({
      DATA_DIR: temp.dir,
      DATABASE_URL: databaseUrl,
      LDAP_URL: slapd.url,
      LDAP_STARTTLS: 'false',
      LDAP_BIND_DN: slapd.bindDn,
      LDAP_BIND_PASSWORD: slapd.bindPassword,
      LDAP_BASE_DN: slapd.baseDn,
      LOG_LEVEL: 'warn',
    });
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    // As src/server.ts: the LDAP directory for GA (LDAP_URL), the embedded one for PG (no PG_LDAP_URL; unused here).
    const directories = openDirectories(config, database.db);
    const timings = new Timings();
    try {
      await migrateToLatest(database.db);
      const db = database.db;
      const t = performance.now();
      // Holders: issued applications (only what the lock reads: e-mail, language), one
      // active GA account each, valid through VALID_THROUGH; one in ten with a session.
      await sql`insert into application (reference, state, email, lang, account_name, expires_at, submitted_at,
          steps_done, terms_version, criteria_version, unix_group)
        select 'R' || lpad(i::text, 7, '0'), 'issued', 'holder' || i || '@x.example.ac.jp',
          case when i % 5 = 0 then 'en' else 'ja' end, 'holder' || i, now() + interval '30 days',
          now() - interval '400 days', '{applicant,eligibility,affiliation,account,responsible}',
          '2024-04-01', '2024-04-01', 'bench-lab'
        from generate_series(1, ${count}) i`.execute(db);
      await sql`insert into account (application_id, division, uid, uid_number, group_name, gid_number, state,
          provisioned_at, created_at, valid_through)
        select id, 'ga', account_name, 100000 + id, 'bench-lab', ${GID}, 'active', now() - interval '390 days',
          now() - interval '390 days', ${VALID_THROUGH}
        from application order by id`.execute(db);
      await sql`insert into session (id, audience, subject, expires_at)
        select encode(sha256(id::text::bytea), 'hex'), 'user', id::text, now() + interval '1 day'
        from account where id % 10 = 0`.execute(db);
      // Only the tables filled here: an empty job table analyzed as empty would keep a
      // plan of a sequential scan in job_event's foreign key check, made quadratic by the
      // 100,000 mails (autovacuum would analyze it again within a minute or so).
      await sql`vacuum analyze application, account, session`.execute(db);
      const insertSeconds = (performance.now() - t) / 1000;
      progress(`renewal: ${fmt(count)} holders and accounts inserted in ${fmt(insertSeconds, 1)} s`);
      const setupSeconds = (performance.now() - setupStarted) / 1000;

      const timedDb = db.withPlugin(timings.plugin());
      const lockJob = (lockConcurrency: number, fiscalYear: number, deps: { timed: boolean }) => {
        const outbox = createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl });
        const handlersOn = (timed: boolean) =>
          renewalJobHandlers({
            db: timed ? timedDb : db,
            directories: timed ? { ...directories, ga: timings.directory(directories.ga) } : directories,
            outbox,
            calendar: () => calendarLookup(db, config.renewal.opensOn),
            homeDeletion: createCommandRunner(config.renewal.homeDeletionCommand, homeDeletionPatterns),
            baseUrl: config.baseUrl,
            pokeJobs: () => {},
            lockConcurrency,
          });
        const handler = handlersOn(deps.timed)['renewal.lock'];
        // The mail jobs' statements are not the lock's: not timed.
        const mailHandler = handlersOn(false)[RENEWAL_LOCKED_MAILS_JOB];
        if (!handler || !mailHandler) throw new Error('no renewal.lock or renewal.locked-mails handler');
        /** The mail jobs the lock queued, one after the other (as the worker would between two slices). */
        const mails = async (): Promise<{ seconds: number; jobs: number }> => {
          const started = performance.now();
          const jobs = await db
            .selectFrom('job')
            .selectAll()
            .where('kind', '=', RENEWAL_LOCKED_MAILS_JOB)
            .where('key', 'like', `renewal:locked-mails:${fiscalYear}:%`)
            .orderBy('id')
            .execute();
          for (const job of jobs) await mailHandler(job);
          return { seconds: (performance.now() - started) / 1000, jobs: jobs.length };
        };
        // As the worker would: the job, then each continuation it queued (without the poll in between).
        const lock = async (): Promise<{ seconds: number; parts: number }> => {
          const started = performance.now();
          let part = 0;
          for (;;) {
            await handler({ id: 0, kind: 'renewal.lock', payload: { fiscalYear, part } } as unknown as Job);
            const next = await db
              .selectFrom('job')
              .select('id')
              .where('key', '=', `renewal:lock:${fiscalYear}:part${part + 1}`)
              .executeTakeFirst();
            if (!next) break;
            part++;
          }
          return { seconds: (performance.now() - started) / 1000, parts: part + 1 };
        };
        return { lock, mails };
      };

      // Warm-up of the baseline's code, unmeasured (the lock job runs for minutes: its first batch is noise).
      await rawModifies(slapd, range('raw', 1, Math.min(200, count)), concurrency, true);
      await rawModifies(slapd, range('raw', 1, Math.min(200, count)), concurrency, false);

      // Baseline, first half; the lock job over every account; baseline, second half.
      const half = Math.floor(count / 2);
      const cpu0 = cpuSnapshot(slapd.pid, pgPort);
      const raw1 = await rawModifies(slapd, range('raw', 1, half), concurrency, true);
      const cpu1 = cpuSnapshot(slapd.pid, pgPort);
      progress(`renewal: baseline, first ${fmt(half)} modifies: ${fmt(half / raw1)} entries/s`);
      const main = lockJob(concurrency, fy, { timed: true });
      const run = await main.lock();
      const cpu2 = cpuSnapshot(slapd.pid, pgPort);
      progress(`renewal: lock job over ${fmt(count)} accounts: ${fmt(count / run.seconds)} accounts/s`);
      const mailRun = await main.mails();
      const cpu2m = cpuSnapshot(slapd.pid, pgPort);
      progress(`renewal: its ${fmt(mailRun.jobs)} mail jobs: ${fmt(count / mailRun.seconds)} mails/s`);
      const raw2 = await rawModifies(slapd, range('raw', half + 1, count), concurrency, true);
      const cpu3 = cpuSnapshot(slapd.pid, pgPort);
      progress(`renewal: baseline, last ${fmt(count - half)} modifies: ${fmt((count - half) / raw2)} entries/s`);
      const rawSeconds = raw1 + raw2;
      const rawRate = count / rawSeconds;
      const rate = count / run.seconds;
      const ratio = rate / rawRate;
      const rawCpu = cpuSince(cpu0, cpu1);
      const rawCpu2 = cpuSince(cpu2m, cpu3);
      const mailCpu = cpuSince(cpu2, cpu2m);
      rawCpu.node += rawCpu2.node;
      rawCpu.slapd += rawCpu2.slapd;
      rawCpu.postgres += rawCpu2.postgres;
      rawCpu.machine += rawCpu2.machine;
      rawCpu.at += rawCpu2.at;
      const runCpu = cpuSince(cpu1, cpu2);

      // Everything done: every account locked here and in slapd, one mail each (once the
      // mail jobs ran), one audit row per batch.
      const counted = async (q: Promise<{ n: string | number | bigint }>) => Number((await q).n);
      const lockedHere = await counted(
        db
          .selectFrom('account')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('state', '=', 'locked')
          .where('locked_reason', '=', 'not_renewed')
          .executeTakeFirstOrThrow(),
      );
      const mails = await counted(
        db
          .selectFrom('job')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('kind', '=', 'mail.send')
          .where('key', 'like', `mail:renewal:locked:${fy}:%`)
          .executeTakeFirstOrThrow(),
      );
      const audits = await counted(
        db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', 'account.locked.not_renewed')
          .executeTakeFirstOrThrow(),
      );
      const sessionsLeft = await counted(
        db
          .selectFrom('session')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('audience', '=', 'user')
          .executeTakeFirstOrThrow(),
      );
      const sizes = await sql<{ payload: string; mailJob: string; job: string; event: string }>`select
          (select avg(pg_column_size(payload)) from job where kind = 'mail.send') as payload,
          (select avg(pg_column_size(payload)) from job where kind = ${RENEWAL_LOCKED_MAILS_JOB}) as "mailJob",
          pg_total_relation_size('job') as job, pg_total_relation_size('job_event') as event`.execute(db);
      const size = sizes.rows[0] ?? { payload: '0', mailJob: '0', job: '0', event: '0' };
      const lockedThere = await countLocked(slapd);
      if (lockedHere !== count || mails !== count || sessionsLeft !== 0 || lockedThere !== 2 * count)
        throw new Error(
          `after the lock: ${lockedHere} accounts locked, ${mails} mails, ${sessionsLeft} user sessions left, ` +
            `${lockedThere} entries locked in slapd (expected ${count}, ${count}, 0, ${2 * count})`,
        );

      // Other lockConcurrency values on a smaller set: those accounts active again and
      // their entries unlocked (unmeasured), then the baseline and the job at that value.
      const sweepLines: string[] = [];
      for (const c of sweep) {
        const holders = range('holder', 1, sweepAccounts);
        const raws = range('raw', 1, sweepAccounts);
        await rawModifies(slapd, holders, 32, false);
        await rawModifies(slapd, raws, 32, false);
        await sql`update account set state = 'active', locked_reason = null, locked_at = null
          where uid ~ '^holder[0-9]+$' and substring(uid from 7)::int <= ${sweepAccounts}`.execute(db);
        await sql`vacuum analyze account`.execute(db);
        const rawS = await rawModifies(slapd, raws, c, true);
        // A fiscal year of its own, so its mail keys are new (the same year's would be skipped).
        // Its mail jobs are not run (the mails are not on the lock's path).
        const r = await lockJob(c, fy + 1 + sweep.indexOf(c), { timed: false }).lock();
        const line =
          `lockConcurrency ${c} (${fmt(sweepAccounts)} accounts): lock job ${fmt(sweepAccounts / r.seconds)} accounts/s, ` +
          `baseline ${fmt(sweepAccounts / rawS)} entries/s, ratio ${fmt((sweepAccounts / r.seconds / (sweepAccounts / rawS)) * 100, 1)} %`;
        progress(`renewal: ${line}`);
        sweepLines.push(line);
      }

      // The breakdown of the main run.
      const total = run.seconds * 1000;
      const st = (kind: string) => timings.ms(kind);
      const pick = {
        directory: timings.directoryMs,
        select: st('select account'),
        update: st('update account'),
        sessions: st('delete session'),
        audit: st('raw select pg_advisory_xact_lock(?)') + st('select audit_log') + st('insert audit_log'),
        mailJob: st('insert job + job_event'),
      };
      const statementsMs = [...timings.statements.values()].reduce((s, e) => s + e.ms, 0);
      const other = total - statementsMs;
      const pct = (ms: number) => `${fmt(ms / 1000, 1)} s (${fmt((ms / total) * 100, 1)} %)`;
      const perAccount = (ms: number) => `${fmt((ms / count) * 1000)} µs/account`;
      const batches = timings.statements.get('update account')?.n ?? 0;
      // The first and the last fifth of the batches (each from its accountsToLock to the next one's).
      const k = Math.max(1, Math.floor(batches / 5));
      const starts = timings.batchStarts;
      const spanRate = (from: number, to: number) =>
        ((to - from) * BATCH) / (((starts[to] ?? 0) - (starts[from] ?? 0)) / 1000);
      /** µs per account of the directory over batches [from, to). */
      const spanSplit = (from: number, to: number) => {
        const a = timings.atBatch[from] ?? 0;
        const b = timings.atBatch[to] ?? a;
        return `directory ${fmt(((b - a) / ((to - from) * BATCH)) * 1000)} µs per account`;
      };
      const selectMs = timings.selectMs;
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      const together = count / (run.seconds + mailRun.seconds);
      const statementLines = [...timings.statements.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([kind, e]) => `${kind} ×${fmt(e.n)}: ${fmt(e.ms / 1000, 2)} s (${fmt((e.ms / e.n) * 1000)} µs each)`);

      return {
        name: 'renewal',
        title:
          `renewal.lock over ${fmt(count)} accounts (PostgreSQL, slapd with ppolicy), lockConcurrency ${concurrency}, ` +
          `against the same LDAP modify of ${fmt(count)} other entries with ldapts, ${concurrency} in flight`,
        lines: [
          `sc-account lock job: ${fmt(rate)} accounts/s (${fmt(run.seconds, 1)} s, ${run.parts} run${run.parts > 1 ? 's' : ''} of the job, ` +
            `${fmt(batches)} batches; ${fmt(count)} mails queued, ${fmt(audits)} audit rows)`,
          `raw ldapts modify: ${fmt(rawRate)} entries/s (${fmt(rawSeconds, 1)} s; halves before and after: ` +
            `${fmt(half / raw1)}, ${fmt((count - half) / raw2)}/s)`,
          `ratio: ${fmt(ratio * 100, 1)} %`,
          `CPU per account: lock job ${cpuLine(runCpu, count)}; raw modify ${cpuLine(rawCpu, count)} ` +
            `(load average ${load0} at the start, ${loadavg()[0]?.toFixed(2)} at the end; other processes used ` +
            `${othersLine(runCpu)} of a core during the lock job, ${othersLine(rawCpu)} during the baseline)`,
          `first fifth of the batches ${fmt(spanRate(0, k))} accounts/s (${spanSplit(0, k)}), ` +
            `last fifth ${fmt(spanRate(batches - k, batches))}/s (${spanSplit(batches - k, batches)}); ` +
            `accountsToLock (the next batch) took ${fmt(avg(selectMs.slice(0, k)), 1)} ms in the first fifth, ` +
            `${fmt(avg(selectMs.slice(-k - 1, -1)), 1)} ms in the last`,
          `where the lock job's time goes (wall time):`,
          `  directory locks (${concurrency} in flight, the next batch's during this one's statements): ` +
            `${pct(pick.directory)}, ${perAccount(pick.directory)}`,
          `  statements, one after the other: ${pct(statementsMs)}: next batch (select account) ${pct(pick.select)}, ` +
            `UPDATE account ${pct(pick.update)}, DELETE session ${pct(pick.sessions)}, audit ${pct(pick.audit)}, ` +
            `the batch's mail job ${pct(pick.mailJob)} (payload ${fmt(Number(size.mailJob) / 1024, 1)} KiB)`,
          `  the rest (waiting for the directory beyond the statements, BEGIN/COMMIT, the handler's own code): ${pct(other)}`,
          `its ${fmt(mailRun.jobs)} mail jobs (renewal.locked-mails, run after it, off the lock's path): ` +
            `${fmt(mailRun.seconds, 1)} s, ${fmt(count / mailRun.seconds)} mails/s; CPU per mail ${cpuLine(mailCpu, count)} ` +
            `(payload ${fmt(Number(size.payload) / 1024, 1)} KiB stored on average, job and job_event now ` +
            `${fmt((Number(size.job) + Number(size.event)) / 2 ** 20)} MiB)`,
          `the lock job and its mail jobs together: ${fmt(together)} accounts/s, ${fmt((together / rawRate) * 100, 1)} % of the baseline`,
          `statements: ${statementLines.join('; ')}`,
          ...sweepLines,
          `setup: ${fmt(setupSeconds, 1)} s (LDIF of ${fmt(2 * count)} entries ${fmt(slapd.ldifSeconds, 1)} s, ` +
            `slapadd -q ${fmt(slapd.slapaddSeconds, 1)} s, holders, accounts and sessions inserted with VACUUM ANALYZE ` +
            `${fmt(insertSeconds, 1)} s); slapd ${ldapSync ? 'syncs each write (mdb default)' : 'with olcDbNoSync'}`,
        ],
        goal: `≥ ${GOAL_RATIO * 100} % of the raw modify rate`,
        goalMet: ratio >= GOAL_RATIO,
      };
    } finally {
      await Promise.all([directories.ga.close(), directories.pg.close()]);
      await database.close();
    }
  } finally {
    await slapd.stop();
    temp.remove();
  }
}

/** Entries with the lock's shadowExpire, counted over a paged search. */
async function countLocked(slapd: BulkSlapd): Promise<number> {
  const client = new Client({ url: slapd.url, timeout: 60_000 });
  await client.bind(slapd.bindDn, slapd.bindPassword);
  try {
    const r = await client.search(`${PEOPLE},${slapd.baseDn}`, {
      scope: 'one',
      filter: `(&(shadowExpire=${LOCKED_SHADOW_EXPIRE})(pwdAccountLockedTime=*))`,
      attributes: ['1.1'],
      paged: { pageSize: 1000 },
    });
    return r.searchEntries.length;
  } finally {
    await client.unbind();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await renewalBench({ progress: console.log }));
  process.exit(0);
}
