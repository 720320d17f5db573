// sc-account on a highly available PostgreSQL: a primary with a streaming standby
// (`pg_basebackup -R`) behind one endpoint (a TCP proxy, as HAProxy in front of
// Patroni), two instances of the real server and the e-mail step sent without pause,
// as in database-restart.test.ts (test/helpers/database-faults.ts).
// 1. A switchover: the primary stopped cleanly (its standby has all of its WAL), the
//    standby promoted, the endpoint moved and its connections cut. Meanwhile 503 with
//    Retry-After and /readyz 503; afterwards both instances ready, nothing answered "sent" lost,
//    no mail twice, and a job queued after the switchover runs.
// 2. The old primary rejoins as a standby of the new one, and the endpoint sends the
//    instances to it for a while (a health check that has not caught up): writes are
//    answered 503 and /readyz says "cannot write". When the endpoint moves back, without
//    cutting the connections it made (HAProxy without `on-marked-down
//    shutdown-sessions`), the instances drop every connection that could not write and
//    carry on on the primary.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { Browserless } from './helpers/browserless.js';
import {
  assertInstancesCarriedOn,
  assertNothingLostOrRepeated,
  databaseCheck,
  type Instance,
  query,
  startInstances,
  stopInstances,
  submissionBurst,
} from './helpers/database-faults.js';
import { type PostgresServer, startPostgres } from './helpers/postgres.js';
import { startSmtp } from './helpers/smtp.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { waitFor } from './helpers/wait.js';

describe('a switchover to a streaming standby behind one endpoint (two instances)', () => {
  let primary: PostgresServer;
  let standby: PostgresServer;
  let endpoint: TcpProxy;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let instances: Instance[] = [];

  before(async () => {
    primary = await startPostgres({ durable: true });
    const database = await openDatabase({ databaseUrl: primary.url, dataDir: tmpdir() });
    await migrateToLatest(database.db);
    await database.close();
    standby = await primary.standby();
    endpoint = await startTcpProxy(primary.port);
    smtp = await startSmtp();
    instances = await startInstances(2, {
      databaseUrl: `postgres://postgres@127.0.0.1:${endpoint.port}/postgres`,
      smtpUrl: smtp.url,
    });
  });

  after(async () => {
    stopInstances(instances);
    await endpoint?.close();
    await smtp?.close();
    standby?.stop();
    primary?.stop();
  });

  it('carries on on the promoted standby: 503 meanwhile, nothing lost or repeated, jobs resume', async (t) => {
    const [standbyIs] = await query(standby.url, 'select pg_is_in_recovery() as recovering');
    assert.equal(standbyIs?.recovering, true, 'the standby streams from the primary');
    const burst = submissionBurst(instances, 'switchover');
    try {
      await waitFor('the burst to get going', async () => burst.sent() >= 20);
      const before = burst.sent();
      // A person has the form open when the primary stops; until the standby is
      // promoted the endpoint leads nowhere.
      const person = new Browserless(instances[0]?.base ?? '', 'en');
      const form = await person.get('/apply/email');
      primary.shutdown();
      const refused = await person.submit(form.html, '/apply/email', { email: 'meanwhile@university.example.ac.jp' });
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      for (const instance of instances) assert.equal(await databaseCheck(instance), 'down');
      standby.promote();
      endpoint.retarget(standby.port);
      endpoint.dropConnections();
      await waitFor('submissions after the switchover', async () => burst.sent() >= before + 20, 20_000);
    } finally {
      await burst.stop();
    }
    await assertInstancesCarriedOn(instances);
    t.diagnostic(await assertNothingLostOrRepeated(burst, 'switchover', standby.url, smtp));

    // A job queued now, on the new primary, runs.
    const person = new Browserless(instances[1]?.base ?? '', 'en');
    const form = await person.get('/apply/email');
    const email = 'after-switchover@university.example.ac.jp';
    assert.equal((await person.submit(form.html, '/apply/email', { email })).status, 303);
    await waitFor('the mail queued after the switchover', async () => smtp.received.some((m) => m.to.includes(email)));
  });

  it('drops the connections to a server that cannot write, and follows the endpoint back', async (t) => {
    // The old primary, stopped cleanly, follows the new one (what Patroni does with it).
    primary.follow(standby);
    const [oldIs] = await query(primary.url, 'select pg_is_in_recovery() as recovering');
    assert.equal(oldIs?.recovering, true, 'the old primary is a standby now');

    const burst = submissionBurst(instances, 'rejoin');
    try {
      await waitFor('the burst to get going', async () => burst.sent() >= 10);
      // The endpoint sends the instances to the standby for a while.
      const person = new Browserless(instances[0]?.base ?? '', 'en');
      const form = await person.get('/apply/email');
      endpoint.retarget(primary.port);
      endpoint.dropConnections();
      for (const instance of instances) {
        await waitFor('/readyz to say "cannot write"', async () => (await databaseCheck(instance)) === 'cannot write');
      }
      const refusedPage = await person.submit(form.html, '/apply/email', {
        email: 'on-standby@university.example.ac.jp',
      });
      assert.equal(refusedPage.status, 503);
      assert.match(refusedPage.headers.get('retry-after') ?? '', /^\d+$/);
      assert.match(refusedPage.html, /<h1[^>]*>Sorry, the service is unavailable<\/h1>/);
      const refused = () => [...burst.answers.values()].filter((s) => s === 503).length;
      const before503 = refused();
      await waitFor('submissions refused by the standby', async () => refused() >= before503 + 10);
      // And back, leaving the connections it made to the standby as they are.
      const before = burst.sent();
      endpoint.retarget(standby.port);
      await waitFor('submissions on the primary again', async () => burst.sent() >= before + 20, 20_000);
    } finally {
      await burst.stop();
    }
    await assertInstancesCarriedOn(instances);
    t.diagnostic(await assertNothingLostOrRepeated(burst, 'rejoin', standby.url, smtp));
  });
});
