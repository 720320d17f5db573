// Every responsible person's statement for a fiscal year on PostgreSQL: 2,000 groups
// of 10 GA accounts each (20,000 users), each user's quota changed every quarter and
// each group's archive quota changed mid-year (a year of quota changes, 84,000 ledger
// rows), a dated price revision, worked out by services/billing.ts `allStatements` as
// the console, the API and the CSV for accounting do: the ledger and the accounts read,
// each group's days cut where a total or a price changes, prorated, rounded,
// explained. Baseline in the same run: one SQL aggregate over the same rows (the
// tenth-of-a-TB-days per group and storage kind, no pricing). Each timed seven times, in turns,
// medians compared. Goal: ≥ 25 % of the aggregate's speed.
//
//   BILLING_BENCH_GROUPS=200   a quicker run (the reported figure is at 2,000)
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedApplications } from '../src/db/seed.js';
import { fiscalYearDays } from '../src/domain/fiscal-calendar.js';
import { allStatements } from '../src/services/billing.js';
import { setPriceRevision } from '../src/services/prices.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { fmt, median, tempDataDir } from './lib.js';
import type { BenchReport } from './report.js';

export const GOAL_RATIO = 0.25;
const YEAR = 2025;
const USERS_PER_GROUP = 10;

export async function billingBench(
  options: { groups?: number; runs?: number; progress?: (line: string) => void } = {},
): Promise<BenchReport> {
  const groups = options.groups ?? Number(process.env.BILLING_BENCH_GROUPS ?? 2000);
  const runs = options.runs ?? 7;
  const progress = options.progress ?? (() => {});
  const users = groups * USERS_PER_GROUP;
  const data = tempDataDir();
  const handle = await openDatabase({ dataDir: data.dir, databaseUrl: await createTestDatabase() });
  const { db } = handle;
  try {
    await migrateToLatest(handle.db);
    progress(`seeding ${users} holders in ${groups} groups`);
    await seedApplications(handle, users, { state: 'issued' });
    const { first, last } = fiscalYearDays(YEAR);
    // Accounts: user i of group g, made on April 1.
    await sql`
      insert into account (application_id, division, uid, uid_number, group_name, gid_number, state, provisioned_at, valid_through)
      select a.id, 'ga', 'u' || a.id, 30000 + a.id, 'g' || ((a.rn - 1) / ${USERS_PER_GROUP}), 20000 + (a.rn - 1) / ${USERS_PER_GROUP},
             'active', ${`${first}T00:00:00+09:00`}::timestamptz, ${YEAR}
      from (select id, row_number() over (order by id) as rn from application) a
    `.execute(db);
    await sql`insert into usage_plan (division, group_name, large_scale)
      select distinct 'ga', group_name, true from account`.execute(db);
    // Each user's GA quota, quarter by quarter (2, 4, 3, 6 TB and so on); each group's
    // archive quota, 20 TB then 50 TB from October.
    const quarters = [
      [`${YEAR}-04-01`, `${YEAR}-06-30`],
      [`${YEAR}-07-01`, `${YEAR}-09-30`],
      [`${YEAR}-10-01`, `${YEAR}-12-31`],
      [`${YEAR + 1}-01-01`, null],
    ] as const;
    for (const [i, [from, to]] of quarters.entries())
      await sql`
        insert into storage_quota (plan_id, scope, subject, kind, tenths, starts_on, ends_on)
        select p.id, 'user', a.uid, 'ga', 20 + ((a.id + ${i}) % 5) * 10, ${from}, ${to}
        from account a join usage_plan p on p.group_name = a.group_name
      `.execute(db);
    await sql`
      insert into storage_quota (plan_id, scope, subject, kind, tenths, starts_on, ends_on)
      select id, 'group', group_name, 'archive', 200, ${first}, ${`${YEAR}-09-30`} from usage_plan
      union all
      select id, 'group', group_name, 'archive', 500, ${`${YEAR}-10-01`}, null from usage_plan
    `.execute(db);
    await sql`analyze`.execute(db);
    const deps = { db };
    const base = { fiscalYear: YEAR, gaFreeTenths: 300, services: {}, taxPercent: 10 };
    await setPriceRevision(
      deps,
      'bench',
      { ...base, startsOn: first, storage: { ga: 40_000, pg: 60_000, archive: 10_000 } },
      new Date(`${YEAR}-03-01T00:00:00+09:00`),
    );
    await setPriceRevision(
      deps,
      'bench',
      { ...base, startsOn: `${YEAR + 1}-01-01`, storage: { ga: 45_000, pg: 60_000, archive: 10_000 } },
      new Date(`${YEAR}-12-01T00:00:00+09:00`),
    );
    const rows = await db
      .selectFrom('storage_quota')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();

    const aggregate = () =>
      sql`
        select p.group_name, q.kind,
               sum(q.tenths::bigint * (least(coalesce(q.ends_on, ${last}), ${last})::date
                                       - greatest(q.starts_on, ${first})::date + 1)) as tenth_days
        from storage_quota q join usage_plan p on p.id = q.plan_id
        where q.starts_on <= ${last} and (q.ends_on is null or q.ends_on >= ${first})
        group by p.group_name, q.kind
      `.execute(db);
    const time = async (fn: () => Promise<unknown>) => {
      const started = performance.now();
      await fn();
      return performance.now() - started;
    };
    // Warm both (plans cached, pages in memory), then alternate.
    await aggregate();
    const check = await allStatements(db, YEAR);
    if (!check.ok || check.value.length !== groups) throw new Error('statements missing');
    const total = check.value.reduce((a, s) => a + s.statement.total, 0);
    const appTimes: number[] = [];
    const sqlTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      progress(`run ${i + 1} of ${runs}`);
      sqlTimes.push(await time(aggregate));
      appTimes.push(await time(() => allStatements(db, YEAR)));
    }
    const app = median(appTimes);
    const base2 = median(sqlTimes);
    const ratio = base2 / app;
    return {
      name: 'billing',
      title: `statements of fiscal year ${YEAR} for ${fmt(groups)} groups, ${fmt(users)} users, ${fmt(Number(rows.n))} quota rows, on PostgreSQL`,
      lines: [
        `sc-account allStatements: ${fmt(app)} ms (median of ${appTimes.map((t) => fmt(t)).join(', ')}); ${fmt(groups / (app / 1000))} statements/s; charges ${fmt(total)} yen`,
        `one SQL aggregate over the same rows: ${fmt(base2)} ms (median of ${sqlTimes.map((t) => fmt(t)).join(', ')})`,
        `speed ratio: ${fmt(ratio * 100, 1)} %`,
      ],
      goal: `≥ ${GOAL_RATIO * 100} % of the aggregate's speed`,
      goalMet: ratio >= GOAL_RATIO,
    };
  } finally {
    await handle.close();
    data.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  printReport(await billingBench({ progress: console.log }));
  process.exit(0);
}
