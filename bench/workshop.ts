// A workshop of 500 approved to provisioned: a group approved by staff with 500
// participants who answered their links (account name and SSH key each), then staff's
// bulk approval (services/group-accounts.ts `approveParticipants`: an application,
// an account and a provisioning job per participant, 100 per transaction) and
// sc-account's job worker (the built server, `npm start`'s bundle) making each user
// with its key, the workshop's UNIX group with every member, the argon2id password and
// the quota in a real slapd, until every participant is `provisioned`. The clock runs
// from the bulk approval. Baseline in the same run and the same slapd: the same
// entries (users with keys and argon2id hashes made the same way, the group with its
// members) loaded with one raw `ldapadd`. Goal: ≥ 50 % of the baseline.
//
//   WORKSHOP_BENCH_PARTICIPANTS=100   a quicker run (the reported figure is at 500)
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedApplications } from '../src/db/seed.js';
import { addDays, centreDayOf } from '../src/domain/fiscal-calendar.js';
import { createOutbox } from '../src/mail/outbox.js';
import { approveParticipants } from '../src/services/group-accounts.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { startSlapd } from '../test/helpers/slapd.js';
import { appEntry, childEnv, fmt, freePort, startNode, stop, tempDataDir, waitForOk } from './lib.js';
import { rawLdapadd } from './raw-ldapadd.js';
import type { BenchReport } from './report.js';

export const GOAL_RATIO = 0.5;

/** A distinct, valid Ed25519 public key per participant. */
const keyOf = (i: number) => {
  const raw = Buffer.alloc(32);
  raw.writeUInt32BE(i + 1, 0);
  raw.fill(7, 4);
  const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), raw]);
  return `ssh-ed25519 ${blob.toString('base64')} ws${i}@laptop`;
};

export async function workshopBench(
  options: { participants?: number; progress?: (line: string) => void } = {},
): Promise<BenchReport> {
  const count = options.participants ?? Number(process.env.WORKSHOP_BENCH_PARTICIPANTS ?? 500);
  const progress = options.progress ?? (() => {});
  const slapd = await startSlapd();
  const data = tempDataDir();
  try {
    // Baseline: the same entries, each with its key and its own argon2id hash, through one ldapadd.
    const { seconds: rawSeconds, addSeconds } = await rawLdapadd(slapd, data.dir, {
      count,
      prefix: 'rawws',
      firstNumber: 70000,
      keys: (i) => [keyOf(i)],
    });
    const rawRate = count / rawSeconds;
    progress(`workshop: raw ldapadd (with hashing): ${fmt(rawRate, 1)} accounts/s`);

    const databaseUrl = await createTestDatabase();
    const handle = await openDatabase({ databaseUrl, dataDir: data.dir });
    try {
      const { db } = handle;
      await migrateToLatest(db);
      // The person in charge: a responsible person with an account (not timed).
      await seedApplications(handle, 1, { state: 'issued', noVacuum: true });
      const { id: applicationId } = await db.selectFrom('application').select('id').executeTakeFirstOrThrow();
      const account = await db
        .insertInto('account')
        .values({
          application_id: applicationId,
          division: 'ga',
          uid: 'wshost',
          uid_number: 69999,
          group_name: 'ws-host-lab',
          gid_number: 69999,
          state: 'active',
          provisioned_at: new Date(),
          valid_through: 2099,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('responsible_person')
        .set({ same_as_applicant: true })
        .where('application_id', '=', applicationId)
        .execute();
      const today = centreDayOf(new Date());
      const group = await db
        .insertInto('group_account')
        .values({
          title: 'Bench workshop',
          kind: 'workshop',
          purpose: 'Benchmark',
          starts_on: today,
          ends_on: addDays(today, 30),
          state: 'approved',
          responsible_group: 'ws-host-lab',
          in_charge_account_id: account.id,
          lang: 'en',
          pledge_signed_at: new Date(),
          pledge_signed_by: account.id,
          unix_group: 'ws-bench',
          handout: 'sheet',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // 500 participants who answered their links.
      await sql`
        insert into group_participant (group_id, family_name, given_name, email, email_key, state, lang,
          confirmed_at, account_name, ssh_public_key, ssh_fingerprint, terms_version)
        select ${group.id}, 'SATO', 'Hanako', 'ws' || i || '@x.example.ac.jp', 'ws' || i || '@x.example.ac.jp',
          'confirmed', 'en', now(), 'ws' || i, k.key, 'SHA256:bench' || i, '1'
        from generate_series(0, ${count - 1}) as i
        join unnest(${sql.val(Array.from({ length: count }, (_, i) => keyOf(i)))}::text[]) with ordinality as k(key, n)
          on k.n = i + 1
      `.execute(db);

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
        const deps = {
          db,
          outbox: createOutbox({ from: 'sc@bench.example', baseUrl: new URL('http://127.0.0.1/') }),
          baseUrl: new URL('http://127.0.0.1/'),
          pokeJobs: () => {},
          freeMailDomains: async () => [],
        };
        const started = performance.now();
        const approved = await approveParticipants(deps, 'staff:1', group.id, 'confirmed');
        if (!approved.ok || approved.approved !== count) throw new Error(`bulk approval: ${JSON.stringify(approved)}`);
        const approvalSeconds = (performance.now() - started) / 1000;
        for (;;) {
          const row = await db
            .selectFrom('group_participant')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('group_id', '=', group.id)
            .where('state', '=', 'provisioned')
            .executeTakeFirstOrThrow();
          if (Number(row.n) >= count) break;
          if (performance.now() - started > 900_000) throw new Error('provisioning did not finish in 15 minutes');
          await new Promise((r) => setTimeout(r, 20));
        }
        const seconds = (performance.now() - started) / 1000;
        const rate = count / seconds;
        progress(`workshop: sc-account, bulk approval to provisioned: ${fmt(rate, 1)} accounts/s`);
        const members = slapd
          .ldap('ldapsearch', ['-LLL', '-b', slapd.baseDn, '(cn=ws-bench)', 'memberUid'])
          .split('\n')
          .filter((l) => l.startsWith('memberUid:')).length;
        if (members !== count) throw new Error(`the workshop group has ${members} members, not ${count}`);
        const ratio = rate / rawRate;
        return {
          name: 'workshop',
          title: `a workshop of ${count}: bulk approval → accounts in slapd (user with key, workshop group, argon2id password, quota)`,
          lines: [
            `sc-account, bulk approval to provisioned: ${fmt(rate, 1)} accounts/s (${fmt(seconds, 1)} s; the approval itself ${fmt(approvalSeconds, 2)} s)`,
            `raw ldapadd of the same entries with their keys and argon2id hashes: ${fmt(rawRate, 1)} accounts/s (${fmt(rawSeconds, 1)} s)`,
            `  of which ldapadd alone: ${fmt(addSeconds, 2)} s; the rest is argon2id`,
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
  printReport(await workshopBench({ progress: console.log }));
  process.exit(0);
}
