// A PostgreSQL restart or failover never ends the process. Two instances of the real
// server (the bundle, as `npm start` runs it) share a PostgreSQL of their own (the
// suite's packages, a cluster of this file's: it is crashed on purpose) and an SMTP
// server; clients send the application's e-mail step without pause (a draft, a link
// and a mail each, in one transaction) while the connections are dropped twice:
// first by pg_terminate_backend, then by `pg_ctl stop -m immediate` and a start
// after a few seconds. Meanwhile requests get the bilingual service-unavailable page
// (503, Retry-After) and /readyz 503; afterwards both instances are up, every request
// that was answered "sent" has its draft and exactly one mail, and no mail went twice.
// (The instances, the clients and the checks are shared with the switchover test:
// test/helpers/database-faults.ts.)
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { Browserless } from './helpers/browserless.js';
import {
  assertInstancesCarriedOn,
  assertNothingLostOrRepeated,
  type Instance,
  query,
  sleep,
  startInstances,
  status,
  stopInstances,
  submissionBurst,
} from './helpers/database-faults.js';
import { type PostgresServer, startPostgres } from './helpers/postgres.js';
import { startSmtp } from './helpers/smtp.js';
import { waitFor } from './helpers/wait.js';

describe('a PostgreSQL restart under load (two instances)', () => {
  let postgres: PostgresServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let instances: Instance[] = [];

  before(async () => {
    postgres = await startPostgres({ durable: true });
    const database = await openDatabase({ databaseUrl: postgres.url, dataDir: tmpdir() });
    await migrateToLatest(database.db);
    await database.close();
    smtp = await startSmtp();
    instances = await startInstances(2, { databaseUrl: postgres.url, smtpUrl: smtp.url });
  });

  after(async () => {
    stopInstances(instances);
    await smtp?.close();
    postgres?.stop();
  });

  it('answers 503 with Retry-After meanwhile, recovers by itself, and loses or repeats nothing', async (t) => {
    const burst = submissionBurst(instances, 'restart');
    try {
      await waitFor('the burst to get going', async () => burst.sent() >= 20);
      // 1. Every connection of the instances dropped, five times in a row.
      for (let i = 0; i < 5; i++) {
        await query(
          postgres.url,
          "select pg_terminate_backend(pid) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
        );
        await sleep(150);
      }
      const afterTerminate = burst.sent();
      await waitFor('submissions after the terminations', async () => burst.sent() >= afterTerminate + 20);

      // 2. The server crashes and stays down for a while.
      // A person has the form open when it happens.
      const unavailable = new Browserless(instances[0]?.base ?? '', 'en');
      const form = await unavailable.get('/apply/email');
      postgres.crash();
      const refused = await unavailable.submit(form.html, '/apply/email', {
        email: 'while-down@university.example.ac.jp',
      });
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      const page = refused.html;
      // In the person's language, and in the other.
      assert.match(page, /<h1[^>]*>Sorry, the service is unavailable<\/h1>/);
      assert.match(page, /<div lang="ja"><h2[^>]*>申し訳ありません。ただいまサービスを利用できません<\/h2>/);
      assert.doesNotMatch(page, /while-down/, 'nothing of the form is echoed on the error page');
      for (const instance of instances) assert.equal(await status(`${instance.base}/readyz`), 503);
      await sleep(2000);
      postgres.restart();
      const afterRestart = burst.sent();
      await waitFor('submissions after the restart', async () => burst.sent() >= afterRestart + 20);
    } finally {
      await burst.stop();
    }

    await assertInstancesCarriedOn(instances);
    t.diagnostic(await assertNothingLostOrRepeated(burst, 'restart', postgres.url, smtp));
  });
});
