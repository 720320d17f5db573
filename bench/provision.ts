// Accounts provisioned per second, end to end: applications approved (state,
// accounts and job in one transaction each), then sc-account's job worker (the
// built server, `npm start`'s bundle) makes the group, the user with its key, the
// membership, the argon2id password and the quota in a real slapd, until every
// application is `provisioned`. Baseline in the same run and the same slapd: the
// same entries (with their argon2id hashes, made the same way) loaded with one raw
// `ldapadd`. Goal: ≥ 50 % of the baseline.
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { approveSeeded } from '../test/helpers/review.js';
import { startSlapd } from '../test/helpers/slapd.js';
import { appEntry, childEnv, fmt, freePort, startNode, stop, tempDataDir, waitForOk } from './lib.js';
import { rawLdapadd } from './raw-ldapadd.js';
import type { BenchReport } from './report.js';

export const GOAL_RATIO = 0.5;

export interface ProvisionBenchOptions {
  accounts?: number;
  progress?: (line: string) => void;
}

export async function provisionBench(options: ProvisionBenchOptions = {}): Promise<BenchReport> {
  const count = options.accounts ?? 200;
  const progress = options.progress ?? (() => {});
  const slapd = await startSlapd();
  const data = tempDataDir();
  try {
    // Baseline: the same entries, each with its own argon2id hash, through one ldapadd.
    const { seconds: rawSeconds, addSeconds } = await rawLdapadd(slapd, data.dir, {
      count,
      prefix: 'raw',
      firstNumber: 60000,
    });
    const rawRate = count / rawSeconds;
    progress(`provision: raw ldapadd (with hashing): ${fmt(rawRate, 1)} accounts/s`);

    // sc-account: approvals committed, then the server's worker provisions them.
    const databaseUrl = await createTestDatabase();
    const handle = await openDatabase({ databaseUrl, dataDir: data.dir });
    try {
      await migrateToLatest(handle.db);
      const port = await freePort();
      const child = startNode(
        appEntry,
        childEnv({
          PORT: String(port),
          DATA_DIR: data.dir,
          DATABASE_URL: databaseUrl,
          ...slapd.env,
          JOB_POLL_MS: '50',
          LOG_LEVEL: 'warn',
          SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123',
        }),
      );
      try {
        await waitForOk(child, `http://127.0.0.1:${port}/healthz`, { timeoutMs: 60_000 });
        const started = performance.now();
        await approveSeeded(handle.db, count, 'bench-lab');
        for (;;) {
          const row = await handle.db
            .selectFrom('application')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('state', '=', 'provisioned')
            .executeTakeFirstOrThrow();
          if (Number(row.n) >= count) break;
          if (performance.now() - started > 600_000) throw new Error('provisioning did not finish in 10 minutes');
          await new Promise((r) => setTimeout(r, 20));
        }
        const seconds = (performance.now() - started) / 1000;
        const rate = count / seconds;
        progress(`provision: sc-account end to end: ${fmt(rate, 1)} accounts/s`);
        const ratio = rate / rawRate;
        return {
          name: 'provision',
          title: `${count} approved applications → accounts in slapd (group, user with key, membership, argon2id password, quota)`,
          lines: [
            `sc-account, approval to provisioned: ${fmt(rate, 1)} accounts/s (${fmt(seconds, 1)} s)`,
            `raw ldapadd of the same entries with their argon2id hashes: ${fmt(rawRate, 1)} accounts/s (${fmt(rawSeconds, 1)} s)`,
            `  of which ldapadd alone: ${fmt(addSeconds, 2)} s (${fmt(count / addSeconds)} entries/s); the rest is argon2id`,
            `ratio: ${fmt(ratio * 100, 1)} %`,
          ],
          goal: `≥ ${GOAL_RATIO * 100} % of raw ldapadd`,
          goalMet: ratio >= GOAL_RATIO,
        };
      } finally {
        await stop(child);
      }
    } finally {
      await handle.close();
    }
  } finally {
    data.remove();
    await slapd.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await provisionBench({ progress: console.log }));
  process.exit(0);
}
