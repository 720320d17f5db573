// Several instances behind a reverse proxy, as docs/operations.md tells operators to
// run them: Debian's nginx on loopback with the documented proxy block, in front of
// three instances of the real server (the bundle, as `npm start` runs it) that start
// together on one empty PostgreSQL (and migrate it once), one of them without the job
// worker, writing to a real slapd and sending mail to an SMTP server. Every request of
// the journeys goes through nginx, which hands them round the instances in turn, so a
// session, a CSRF token or a rate-limit count made on one instance is used on another.
//
// It shows: an application, its review, its account's provisioning, the holder's
// sign-in and key change work through the proxy; rate limits, sign-in throttles and
// the audit log see each client's own address (TRUST_PROXY), never one a client makes
// up; a rolling restart (each instance taken out of nginx, restarted, put back) fails
// no request, and the restarted schedulers queue a due renewal lock once; an instance
// killed in the middle of a burst of submissions loses nothing that was answered.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { settingKeys } from '../src/domain/settings.js';
import { createSecretBox } from '../src/secret-box.js';
import { testArgon2Env } from './helpers/app.js';
import { completeSteps } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { type BundledServer, startBundledServer } from './helpers/bundle.js';
import { type Nginx, startNginx } from './helpers/nginx.js';
import { createTestDatabase, freePort } from './helpers/postgres.js';
import { approve, signPledge, versionOf } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';
import { startSmtp } from './helpers/smtp.js';
import { enrol, type Site, signIn } from './helpers/staff.js';
import { waitFor } from './helpers/wait.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ready = (port: number) =>
  fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.status === 200,
    () => false,
  );

interface Instance {
  port: number;
  worker: boolean;
  dataDir: string;
  server: BundledServer;
}

/** A client address of its own for every submission of a burst: many people behind the proxy. */
let addresses = 0;
const nextAddress = () => {
  const n = ++addresses;
  return `127.1.${(n >> 8) & 255}.${n & 255}`;
};

describe('three instances behind nginx', () => {
  let db: DatabaseHandle;
  let slapd: TestSlapd;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let nginx: Nginx;
  let site: Site;
  let env: Record<string, string>;
  const instances: Instance[] = [];
  const sessionSecret = randomBytes(32).toString('base64url');
  // The holder made by the first journey, for the later ones.
  const holder = { uid: '', password: '', accountId: 0 };

  const start = (instance: Omit<Instance, 'server'>): Instance => ({
    ...instance,
    server: startBundledServer({
      ...env,
      DATA_DIR: instance.dataDir,
      PORT: String(instance.port),
      JOB_WORKER: String(instance.worker),
    }),
  });

  before(async () => {
    const databaseUrl = await createTestDatabase();
    [slapd, smtp] = await Promise.all([startSlapd(), startSmtp()]);
    const ports = [await freePort(), await freePort(), await freePort()];
    nginx = await startNginx(ports);
    env = {
      ...testArgon2Env,
      ...slapd.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      SESSION_SECRET: sessionSecret,
      BASE_URL: nginx.url,
      TRUST_PROXY: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JOB_POLL_MS: '100',
      // A job whose instance died is taken up again soon.
      JOB_LEASE_SECONDS: '5',
      RATE_LIMIT_MAIL_PER_10_MINUTES: '3',
      UID_RANGE: '20000-20999',
      GID_RANGE: '40000-40999',
    };
    // All three start at once on the empty database: one applies the migrations, the others wait.
    for (const [i, port] of ports.entries()) {
      instances.push(start({ port, worker: i < 2, dataDir: mkdtempSync(join(tmpdir(), `sc-topology-${i}-`)) }));
    }
    for (const instance of instances) {
      await waitFor(`instance ${instance.port} to start`, async () => {
        if (instance.server.child.exitCode !== null) throw new Error(instance.server.output());
        return ready(instance.port);
      });
    }
    db = await openDatabase({ databaseUrl, dataDir: tmpdir() });
    site = { url: nginx.url, server: { database: db } };
  });

  after(async () => {
    for (const instance of instances) {
      instance.server.child.kill('SIGKILL');
      rmSync(instance.dataDir, { recursive: true, force: true });
    }
    await db?.close();
    await nginx?.stop();
    await smtp?.close();
    await slapd?.stop();
  });

  /** The mails the SMTP server has for `address`, parsed, waiting for at least `atLeast`. */
  const mailsTo = async (address: string, atLeast = 1) => {
    let mails: Awaited<ReturnType<typeof simpleParser>>[] = [];
    await waitFor(`${atLeast} mail(s) to ${address}`, async () => {
      mails = await Promise.all(smtp.received.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));
      return mails.length >= atLeast;
    });
    return mails;
  };

  const link = (mail: { text?: string }, pattern: RegExp) => {
    const found = mail.text?.match(pattern)?.[0];
    assert.ok(found, `a link in: ${mail.text}`);
    return found;
  };

  const userEntry = (uid: string, ...attributes: string[]) =>
    slapd.ldap('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-b', slapd.baseDn, `(uid=${uid})`, ...attributes]);

  it('takes an application through review and provisioning to the holder’s key change, on every instance', async () => {
    // The applicant, in Japanese, from an address of their own.
    const applicant = new Browserless(nginx.url, 'ja', { localAddress: '127.0.0.2' });
    const email = 'hanako@univ.example.ac.jp';
    const form = await applicant.get('/apply/email');
    assert.equal((await applicant.submit(form.html, '/apply/email', { email })).status, 303);
    const verify = link((await mailsTo(email))[0] ?? {}, /\/apply\/verify\?token=[\w-]+/);
    const confirm = await applicant.get(verify);
    const opened = await applicant.submit(confirm.html, '/apply/verify', { token: verify.split('token=')[1] ?? '' });
    assert.equal(opened.location, '/apply/application');
    await completeSteps(applicant, { account: { accountName: 'hanako' } });
    const check = await applicant.get('/apply/check');
    assert.equal((await applicant.submit(check.html, '/apply/check', { terms: 'yes' })).status, 303);
    const application = await db.db
      .selectFrom('application')
      .select(['id', 'reference', 'state'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    assert.equal(application.state, 'submitted');

    // Staff enrol and sign in with their second factor, and review it.
    const approver = await signIn(site, await enrol(site, 'approver@centre.example.jp', 'approver'));
    const page = await approver.get(`/staff/applications/${application.id}`);
    const pledge = await approver.submit(page.html, `/staff/applications/${application.id}/pledge`, {
      version: versionOf(page.html, 'pledge'),
    });
    assert.equal(pledge.status, 303);
    // The responsible person's mails: first the notice that they were named, then the pledge's link.
    const pledgeLink = /\/pledge\?token=[\w-]+/;
    const pledgeMail = (await mailsTo('suzuki@nig.example.ac.jp', 2)).find((m) => pledgeLink.test(m.text ?? ''));
    assert.equal((await signPledge(site, link(pledgeMail ?? {}, pledgeLink))).status, 200);
    const a = { id: application.id, email, reference: application.reference ?? '' };
    assert.equal((await approve(approver, a, { group: 'tanaka-lab' })).status, 303);

    // A worker instance provisions it into the directory.
    await waitFor('the account to be provisioned', async () => {
      const row = await db.db
        .selectFrom('account')
        .select('state')
        .where('application_id', '=', application.id)
        .executeTakeFirst();
      return row?.state === 'active' && /^uid: hanako$/m.test(userEntry('hanako', 'uid'));
    });
    const sealed = await db.db
      .selectFrom('registration_certificate')
      .innerJoin('account', 'account.id', 'registration_certificate.account_id')
      .select(['sealed_password', 'account.id'])
      .where('account.application_id', '=', application.id)
      .executeTakeFirstOrThrow();
    // The initial password as the registration certificate shows it (sealed with SESSION_SECRET).
    Object.assign(holder, {
      uid: 'hanako',
      accountId: sealed.id,
      password: createSecretBox(sessionSecret, 'initial passwords').open(sealed.sealed_password as Uint8Array),
    });
    assert.ok(slapd.binds('hanako', holder.password), 'the initial password binds (ldapwhoami)');

    // The holder signs in through the proxy and adds an SSH key; the job writes it.
    const person = new Browserless(nginx.url, 'en', { localAddress: '127.0.0.5' });
    const login = await person.get('/login');
    const signedIn = await person.submit(login.html, '/login', { accountName: 'hanako', password: holder.password });
    assert.equal(signedIn.location, '/account');
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3b1uJk8Kq2mKc4lH9nQ0hY8e2pA7sT1x4xYQ6d2m4 hanako@laptop';
    const keys = await person.get('/account/ssh-keys');
    assert.equal((await person.submit(keys.html, '/account/ssh-keys', { publicKey: key })).status, 303);
    await waitFor('the key in the directory', () => userEntry('hanako', 'sshPublicKey').includes(key));
    const account = await person.get('/account/ssh-keys');
    assert.equal(account.status, 200);
    assert.ok(account.html.includes('hanako@laptop'), 'the page shows the key, whichever instance answers');

    // The audit log has the client's own address, which only the proxy's X-Forwarded-For told.
    const loginAudit = await db.db
      .selectFrom('audit_log')
      .select(sql<string>`details->>'ip'`.as('ip'))
      .where('action', '=', 'account.login')
      .where('subject', '=', `account:${holder.accountId}`)
      .execute();
    assert.deepEqual(
      loginAudit.map((r) => r.ip),
      ['127.0.0.5'],
    );

    // Each instance tells its role to a scraper on its own port; through the proxy, /metrics is refused.
    for (const instance of instances) {
      const metrics = await (await fetch(`http://127.0.0.1:${instance.port}/metrics`)).text();
      assert.match(metrics, new RegExp(`^sc_account_instance_info\\{[^}]*worker="${instance.worker}"`, 'm'));
    }
    assert.notEqual((await fetch(`${nginx.url}/metrics`)).status, 200);

    // nginx handed the journey round all three instances.
    const served = new Set(nginx.requests().map((r) => r.upstream));
    for (const instance of instances) assert.ok(served.has(`127.0.0.1:${instance.port}`), `${instance.port} served`);
    assert.deepEqual(
      nginx.requests().filter((r) => r.status >= 500),
      [],
    );
  });

  it('counts rate limits and failed sign-ins per client address, across the instances', async () => {
    // Three mail forms per ten minutes from one address, whichever instance takes them.
    const one = new Browserless(nginx.url, 'en', { localAddress: '127.0.0.7' });
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const form = await one.get('/apply/email');
      // What a client writes in X-Forwarded-For is replaced by nginx: no way round the limit.
      one.setHeader('x-forwarded-for', `198.51.100.${i}`);
      answers.push((await one.submit(form.html, '/apply/email', { email: `limit-${i}@univ.example.ac.jp` })).status);
    }
    assert.deepEqual(answers, [303, 303, 303, 429]);
    const other = new Browserless(nginx.url, 'en', { localAddress: '127.0.0.8' });
    const form = await other.get('/apply/email');
    assert.equal((await other.submit(form.html, '/apply/email', { email: 'other@univ.example.ac.jp' })).status, 303);

    // Failed sign-ins count against the pair of account and the guesser's address.
    const guesser = new Browserless(nginx.url, 'en', { localAddress: '127.0.0.66' });
    for (let i = 0; i < 3; i++) {
      const login = await guesser.get('/login');
      const res = await guesser.submit(login.html, '/login', { accountName: holder.uid, password: `wrong-${i}` });
      assert.equal(res.status, 401);
    }
    const throttles = await db.db
      .selectFrom('login_throttle')
      .select(['key', 'failures'])
      .where('key', 'like', `%${holder.uid}%`)
      .orderBy('key')
      .execute();
    assert.deepEqual(throttles, [
      { key: `account:${holder.uid}`, failures: 3 },
      { key: `pair:${holder.uid}|127.0.0.66`, failures: 3 },
    ]);
  });

  /** Clients that keep sending the application's e-mail step, each from an address of its own. */
  const burst = (clients: number) => {
    const answers = new Map<string, number>();
    let stopping = false;
    const client = async () => {
      while (!stopping) {
        const address = nextAddress();
        const email = `burst-${address}@univ.example.ac.jp`;
        const person = new Browserless(nginx.url, addresses % 2 ? 'en' : 'ja', { localAddress: address });
        const form = await person.get('/apply/email');
        answers.set(
          email,
          form.status === 200 ? (await person.submit(form.html, '/apply/email', { email })).status : form.status,
        );
        // People, not a load test: each mail is a job for the workers to send.
        await sleep(100);
      }
    };
    const running = Promise.all(Array.from({ length: clients }, client));
    const sent = () => [...answers.values()].filter((s) => s === 303).length;
    return {
      answers,
      sent,
      more: (count: number) => {
        const now = sent();
        return waitFor(`${count} more submissions`, () => sent() >= now + count);
      },
      async stop() {
        stopping = true;
        await running;
      },
    };
  };

  /** Every submission answered "sent" has its draft and its link, and its mail job is done. */
  const nothingLost = async (answers: Map<string, number>) => {
    const sentTo = [...answers].filter(([, s]) => s === 303).map(([email]) => email);
    const rows = await db.db
      .selectFrom('application')
      .leftJoin('email_link', 'email_link.application_id', 'application.id')
      .select(['application.email', (eb) => eb.fn.count<string>('email_link.id').as('links')])
      .where('application.email', 'in', sentTo)
      .groupBy('application.email')
      .execute();
    const links = new Map(rows.map((r) => [r.email, Number(r.links)]));
    for (const email of sentTo) assert.equal(links.get(email), 1, `${email} was answered "sent"`);
    await waitFor('every mail job to be done', async () => {
      const left = await db.db
        .selectFrom('job')
        .select('id')
        .where('kind', '=', 'mail.send')
        .where('state', '<>', 'done')
        .executeTakeFirst();
      return !left;
    });
    const mailed = new Set(smtp.received.flatMap((m) => m.to));
    for (const email of sentTo) assert.ok(mailed.has(email), `${email} got its mail`);
  };

  it('restarts every instance in turn, taken out of nginx first, without failing a request', async () => {
    // A holder who has not renewed for this fiscal year, and a scheduler that has been
    // watching since January: the renewal lock of April is due, and not yet queued.
    await db.db.updateTable('account').set({ valid_through: 2025 }).where('id', '=', holder.accountId).execute();
    await db.db
      .updateTable('setting')
      .set({ value: JSON.stringify('2026-01-01T00:00:00.000Z') })
      .where('key', '=', settingKeys.scheduleSince)
      .execute();

    const load = burst(3);
    try {
      await load.more(10);
      for (const [i, instance] of instances.entries()) {
        await nginx.setDown(instance.port, true);
        instance.server.child.kill('SIGTERM');
        assert.equal(await instance.server.exited, 0, instance.server.output());
        instances[i] = start(instance);
        await waitFor('the instance to be ready again', () => ready(instance.port));
        await nginx.setDown(instance.port, false);
        await load.more(5);
      }
    } finally {
      await load.stop();
    }
    const statuses = [...load.answers.values()];
    assert.deepEqual(
      statuses.filter((s) => s !== 303),
      [],
      'every submission was answered "sent"',
    );
    await nothingLost(load.answers);

    // Both restarted workers asked for the lock; it was queued and run once.
    await waitFor('the renewal lock to run', async () => {
      const jobs = await db.db.selectFrom('job').select('state').where('key', '=', 'renewal:lock:2026').execute();
      return jobs.length === 1 && jobs[0]?.state === 'done';
    });
    const locks = await db.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'account.locked.not_renewed')
      .where(sql<boolean>`details->'accounts' ? ${holder.uid}`)
      .execute();
    assert.equal(locks.length, 1, 'the holder was locked once');
    await waitFor('the lock in the directory', () => !slapd.binds(holder.uid, holder.password));
    // Signing in now leads only to the renewal pages.
    const person = new Browserless(nginx.url, 'en', { localAddress: '127.0.0.5' });
    const login = await person.get('/login');
    const res = await person.submit(login.html, '/login', { accountName: holder.uid, password: holder.password });
    assert.equal(res.status, 303);
    assert.match(res.location ?? '', /^\/account\/renewal/);
  });

  it('loses nothing that was answered when an instance is killed in the middle of a burst', async () => {
    const load = burst(4);
    const victim = instances[1] as Instance;
    try {
      await load.more(10);
      victim.server.child.kill('SIGKILL');
      await load.more(20);
    } finally {
      await load.stop();
    }
    const statuses = new Map<number, number>();
    for (const s of load.answers.values()) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    // A form the killed instance had taken gets nginx's 502 (it is not sent again: it may
    // have been done); everything else is answered, by the instances left.
    assert.deepEqual(
      [...statuses.keys()].filter((s) => s !== 303 && s !== 502),
      [],
      JSON.stringify([...statuses]),
    );
    assert.ok((statuses.get(502) ?? 0) <= 4, 'at most the forms in flight');
    await nothingLost(load.answers);
    // A mail the killed worker had sent but not yet recorded goes again (at least once):
    // only a job that was taken up again has two deliveries.
    const deliveries = new Map<string, number>();
    for (const m of smtp.received) {
      const id = m.raw.match(/^Message-ID: *(\S+)/im)?.[1] ?? '';
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    }
    const twice = [...deliveries].filter(([, n]) => n > 1);
    const retaken = await db.db
      .selectFrom('job')
      .select('id')
      .where('kind', '=', 'mail.send')
      .where('attempts', '>', 1)
      .execute();
    assert.ok(twice.length <= retaken.length, `${twice.length} delivered twice, ${retaken.length} jobs retaken`);
    // The proxy keeps serving from the two instances left.
    assert.equal((await new Browserless(nginx.url, 'en').get('/apply/email')).status, 200);
  });
});
