// A replicated OpenLDAP (a provider with syncprov and a syncrepl consumer in
// refreshAndPersist, both real slapds with ppolicy) on a real PostgreSQL: the jobs
// write to the provider and what they write reaches the consumer, where ldapwhoami
// honours a lock; a change the consumer has not received yet (its replication
// stopped) opens the app at once, since the provider answers what the consumer
// refuses; a consumer stopped and started again catches up; with the provider down
// the writes wait as jobs while logins go on against the consumer, and complete when
// it is back; `sc-account reconcile` reports the consumer's lag.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { measureReplicaLag } from '../src/directory/replica-lag.js';
import { lockAccount, unlockAccount } from '../src/services/account-locks.js';
import { addKey, changePassword, keyPair, logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { runCli } from './helpers/cli.js';
import { createTestDatabase } from './helpers/postgres.js';
import { drainJobs } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';
import { waitFor } from './helpers/wait.js';

/** Replication is quick: what has not arrived within 15 s is not coming. */
const replicated = (what: string, ok: () => boolean | Promise<boolean>) => waitFor(what, ok, 15_000);

describe('a replicated OpenLDAP: writes to the provider, logins against the consumer', () => {
  let provider: TestSlapd;
  let consumer: TestSlapd;
  let app: TestApp;
  let env: Record<string, string>;
  let accounts: TestAccount[];
  const one = keyPair('ed25519', undefined, 'one@lab');
  const two = keyPair('ed25519', undefined, 'two@lab');
  before(async () => {
    provider = await startSlapd({ syncprov: true });
    consumer = await startSlapd({ replicaOf: provider });
    env = {
      DATABASE_URL: await createTestDatabase(),
      ...provider.env,
      LDAP_READ_URL: consumer.url,
      RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
    };
    // Retries 0.1 s apart at first, so a job that met the provider down runs again soon after it is back.
    app = await startTestApp({ env, retryBaseMs: 100 });
    accounts = await provisionedAccounts(app, 4);
  });
  after(async () => {
    await app.close();
    await consumer.stop();
    await provider.stop();
    one.remove();
    two.remove();
  });

  const cli = (args: string[], more: Record<string, string> = {}) =>
    runCli(args, { ...env, ...more, DATA_DIR: app.dataDir });
  const keysOn = (server: TestSlapd, uid: string) =>
    server
      .ldap('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-b', server.baseDn, `(uid=${uid})`, 'sshPublicKey'])
      .split('\n')
      .filter((l) => l.startsWith('sshPublicKey: '))
      .map((l) => l.slice('sshPublicKey: '.length));
  const caughtUp = () => replicated('the consumer to catch up', () => consumer.contextCsn() >= provider.contextCsn());
  const endpoint = (s: TestSlapd) => ({ ...s, startTls: false });
  /** The replica's gauges on /metrics: [up, lag] (lag undefined when absent). */
  const gauges = async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series}{division="ga"} `));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    return [value('directory_replica_up'), value('directory_replica_lag_seconds')];
  };
  const deps = () => ({ ...app.server.app.deps, db: app.server.database.db });
  const account = (i: number) => accounts[i] as TestAccount;

  it('accounts, keys and locks written by the jobs reach the consumer, where ldapwhoami honours the lock', async () => {
    const [a, b] = [account(0), account(1)];
    await caughtUp();
    assert.equal(consumer.binds(a.uid, a.password), true, 'the initial password binds on the consumer');
    assert.equal(consumer.binds(b.uid, b.password), true);

    const person = await logIn(app, a);
    assert.equal((await addKey(app, person, one.publicKey)).status, 303);
    assert.ok(keysOn(provider, a.uid).includes(one.publicKey), 'the job wrote to the provider');
    await replicated('the key on the consumer', () => keysOn(consumer, a.uid).includes(one.publicKey));

    assert.equal((await lockAccount(deps(), 'staff:1', b.id, { reason: 'Key thought stolen' })).ok, true);
    await drainJobs(app);
    assert.equal(provider.binds(b.uid, b.password), false, 'locked on the provider');
    await replicated('the lock on the consumer', () => !consumer.binds(b.uid, b.password));
    assert.match(
      consumer.ldap('ldapsearch', ['-LLL', '-b', consumer.baseDn, `(uid=${b.uid})`, 'pwdAccountLockedTime']),
      /^pwdAccountLockedTime: 000001010000Z$/m,
      'ppolicy’s operational attribute is replicated',
    );
  });

  it('a change the consumer has not received yet counts at once: the provider answers what the consumer refuses', async () => {
    const [a, b] = [account(0), account(1)];
    consumer.replicate(false);
    try {
      // A new password: the consumer still has the old one, the app takes the new one.
      const person = await logIn(app, a);
      const next = 'harbour violet engine seven';
      const changed = await changePassword(person, a.password, next);
      assert.equal(changed.status, 200);
      assert.match(changed.html, /changed/i);
      await drainJobs(app);
      assert.equal(provider.binds(a.uid, next), true);
      assert.equal(consumer.binds(a.uid, next), false, 'the consumer has not received it');
      assert.equal(consumer.binds(a.uid, a.password), true, 'the consumer still takes the old one');
      await logIn(app, { uid: a.uid, password: next });
      // The old password no longer opens the app, though the consumer would take it.
      const thief = new Browserless(app.url, 'en');
      const again = await thief.get('/login');
      const old = await thief.submit(again.html, '/login', { accountName: a.uid, password: a.password });
      assert.equal(old.status, 401, 'the old password is refused at once');
      a.password = next;

      // Unlocked by staff: still locked on the consumer, open in the app.
      assert.equal((await unlockAccount(deps(), 'staff:1', b.id)).ok, true);
      await drainJobs(app);
      assert.equal(consumer.binds(b.uid, b.password), false, 'still locked on the consumer');
      await logIn(app, b);

      // A wrong password is wrong on both.
      const stranger = new Browserless(app.url, 'en');
      const login = await stranger.get('/login');
      const wrong = await stranger.submit(login.html, '/login', { accountName: b.uid, password: `${b.password}!` });
      assert.equal(wrong.status, 401);
    } finally {
      consumer.replicate(true);
    }
    await replicated('the new password on the consumer', () => consumer.binds(a.uid, a.password));
    await replicated('the unlock on the consumer', () => consumer.binds(b.uid, b.password));
  });

  it('a consumer stopped and started again catches up; meanwhile the provider takes the logins', async () => {
    const c = account(2);
    await consumer.pause();
    try {
      const person = await logIn(app, c);
      assert.equal((await addKey(app, person, two.publicKey)).status, 303);
      assert.ok(keysOn(provider, c.uid).includes(two.publicKey));
    } finally {
      await consumer.start();
    }
    await replicated('the key on the restarted consumer', () => keysOn(consumer, c.uid).includes(two.publicKey));
    await caughtUp();
  });

  it('with the provider down, writes wait as jobs and logins go on against the consumer; back, the jobs complete', async () => {
    const [a, d] = [account(0), account(3)];
    const person = await logIn(app, a);
    const db = app.server.database.db;
    const key = keyPair('ed25519', undefined, 'three@lab');
    try {
      await provider.pause();
      try {
        assert.equal((await addKey(app, person, key.publicKey)).status, 303, 'the key is taken, its job waits');
        await replicated('a failed attempt', async () => {
          const job = await db
            .selectFrom('job')
            .select(['state', 'attempts'])
            .where('kind', '=', 'account.ssh-keys')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow();
          return job.attempts >= 1 && job.state === 'queued';
        });
        await logIn(app, d);
        const stranger = new Browserless(app.url, 'en');
        const login = await stranger.get('/login');
        const wrong = await stranger.submit(login.html, '/login', { accountName: d.uid, password: `${d.password}!` });
        assert.equal(wrong.status, 401, 'a wrong password is still wrong, not an error');
      } finally {
        await provider.start();
      }
      await replicated('the queued jobs to complete', async () => {
        const open = await db.selectFrom('job').select('id').where('state', 'in', ['queued', 'running']).execute();
        return open.length === 0;
      });
      assert.ok(keysOn(provider, a.uid).includes(key.publicKey), 'the key reached the provider');
      await replicated('the key on the consumer', () => keysOn(consumer, a.uid).includes(key.publicKey));
      const failed = await db.selectFrom('job').select('id').where('state', '=', 'failed').execute();
      assert.deepEqual(failed, []);
    } finally {
      key.remove();
    }
  });

  it('reconcile reports a consumer that lags beyond the threshold or cannot be reached, and nothing when caught up', async () => {
    await caughtUp();
    const clean = await cli(['reconcile', '--division', 'ga']);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^Directory ga: No drift/m);
    assert.match(clean.stdout, /^Replica ldap:\/\/127\.0\.0\.1:\d+: up to date with the provider\.$/m);
    assert.deepEqual(await gauges(), [1, 0]);

    consumer.replicate(false);
    try {
      assert.equal((await lockAccount(deps(), 'staff:1', account(3).id, { reason: 'Terms broken' })).ok, true);
      await drainJobs(app);
      const lagging = await cli(['reconcile', '--division', 'ga', '--json'], { LDAP_REPLICA_LAG_SECONDS: '0' });
      assert.equal(lagging.code, 1, lagging.stdout + lagging.stderr);
      const [report] = JSON.parse(lagging.stdout) as {
        drifts: unknown[];
        replica: { behind: boolean; lagging: boolean; lagSeconds: number; thresholdSeconds: number };
      }[];
      assert.deepEqual(report?.drifts, [], 'the provider matches the database');
      assert.equal(report?.replica.behind, true);
      assert.equal(report?.replica.lagging, true);
      assert.equal(report?.replica.thresholdSeconds, 0);
      assert.ok((report?.replica.lagSeconds ?? -1) >= 0 && (report?.replica.lagSeconds ?? 99) < 30);

      const within = await cli(['reconcile', '--division', 'ga']);
      assert.equal(within.code, 0, within.stdout + within.stderr);
      assert.match(within.stdout, /^Replica ldap:\S+: \d+\.\d s behind the provider \(threshold 60 s\)\.$/m);
      const [up, lag] = await gauges();
      assert.equal(up, 1);
      assert.ok((lag ?? 0) > 0, `lag ${lag}`);

      // The lag is the age of the oldest change the consumer lacks: it grows while the consumer is stuck.
      const later = await measureReplicaLag(endpoint(provider), endpoint(consumer), new Date(Date.now() + 90_000));
      assert.ok(later.lagSeconds >= 90 && later.lagSeconds < 120, String(later.lagSeconds));
    } finally {
      consumer.replicate(true);
    }
    await caughtUp();
    const now = await measureReplicaLag(endpoint(provider), endpoint(consumer), new Date(Date.now() + 90_000));
    assert.deepEqual([now.behind, now.lagSeconds], [false, 0], 'caught up, however long since the last change');
    const again = await cli(['reconcile', '--division', 'ga', '--json'], { LDAP_REPLICA_LAG_SECONDS: '0' });
    assert.equal(again.code, 0, again.stdout + again.stderr);

    await consumer.pause();
    try {
      const unreachable = await cli(['reconcile', '--division', 'ga']);
      assert.equal(unreachable.code, 1, unreachable.stdout + unreachable.stderr);
      assert.match(unreachable.stdout, /^Replica ldap:\S+: cannot be read \(.+\)\.$/m);
      assert.match(unreachable.stdout, /^Directory ga: No drift/m, 'the provider is compared as ever');
      assert.deepEqual(await gauges(), [0, undefined]);
    } finally {
      await consumer.start();
    }
  });
});
