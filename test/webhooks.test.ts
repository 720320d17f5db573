// Webhooks end to end: an administrator registers an HTTPS endpoint (a local receiver
// with its own certificate authority, trusted through WEBHOOK_CA_FILE), events of the
// chosen types are delivered through the job queue, signed by the Standard Webhooks
// scheme, again after the receiver's 500s with the same webhook-id, and once the
// secret is rotated signed with both secrets; a delivery whose tries are used up is
// sent again with Retry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { seedApplications } from '../src/db/seed.js';
import { decideApplication } from '../src/services/decisions.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import type { Browserless } from './helpers/browserless.js';
import { drainJobs } from './helpers/review.js';
import { enrol, signIn } from './helpers/staff.js';

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

describe('webhooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-hook-'));
  const received: Received[] = [];
  /** How many of the next requests the receiver answers with 500. */
  let failNext = 0;
  let receiver: Server;
  let app: TestApp;
  let admin: Browserless;
  let url: string;

  before(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    receiver = createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => {
          body += c.toString();
        });
        req.on('end', () => {
          received.push({
            id: String(req.headers['webhook-id']),
            timestamp: String(req.headers['webhook-timestamp']),
            signature: String(req.headers['webhook-signature']),
            body,
          });
          if (failNext > 0) {
            failNext--;
            res.writeHead(500).end('not now');
          } else res.writeHead(204).end();
        });
      },
    );
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    app = await startTestApp({
      env: { WEBHOOK_CA_FILE: join(dir, 'cert.pem'), LOG_LEVEL: 'error' },
      retryBaseMs: 20,
    });
    admin = await signIn(app, await enrol(app, 'hooks@centre.example.jp', 'admin'), 'en');
  });
  after(async () => {
    await app.close();
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const verify = (secret: string, r: Received) =>
    new Webhook(secret).verify(r.body, {
      'webhook-id': r.id,
      'webhook-timestamp': r.timestamp,
      'webhook-signature': r.signature,
    });

  it('registers an HTTPS endpoint and delivers signed events at least once, with a stable id across retries', async () => {
    let page = await admin.get('/staff/webhooks');
    assert.equal(page.status, 200);
    const plain = await admin.submit(page.html, '/staff/webhooks', {
      url: 'http://127.0.0.1/hooks',
      description: 'monitor',
      events: 'application.decided',
    });
    assert.equal(plain.status, 400);
    assert.match(plain.html, /starts with https:\/\//);
    const none = await admin.submit(page.html, '/staff/webhooks', { url, description: 'monitor' });
    assert.match(none.html, /Choose at least one event/);
    const made = await admin.submit(page.html, '/staff/webhooks', {
      url,
      description: 'monitor',
      events: 'application.decided',
    });
    assert.equal(made.status, 200);
    const secret = made.html.match(/id="new-secret"[^>]*>([^<]+)</)?.[1] ?? '';
    assert.match(secret, /^whsec_/);

    // A decision: one event, which the receiver refuses twice, then takes.
    const db = app.server.database.db;
    await seedApplications(app.server.database, 2, { state: 'pledge_signed', noVacuum: true });
    const apps = await db.selectFrom('application').select(['id', 'version']).orderBy('id').execute();
    failNext = 2;
    for (const a of apps) {
      const outcome = await decideApplication(
        { db, outbox: app.server.app.deps.outbox, pokeJobs: () => {} },
        'test',
        a.id,
        {
          version: a.version,
          decision: 'rejected',
          template: 'criteria',
        },
      );
      assert.ok(outcome.ok);
    }
    await drainJobs(app, 500);
    const ids = new Set(received.map((r) => r.id));
    assert.equal(ids.size, 2, 'one message per event');
    assert.equal(received.length, 4, 'two refused tries, then each event taken');
    const tries = [...ids].map((id) => received.filter((r) => r.id === id).length);
    assert.ok(
      tries.some((n) => n >= 2),
      'a refused message is tried again with the same webhook-id',
    );
    for (const r of received) {
      const body = verify(secret, r) as { type: string; data: { id: number; state: string } };
      assert.equal(body.type, 'application.decided');
      assert.equal(body.data.state, 'rejected');
    }
    const delivered = await db.selectFrom('webhook_delivery').select(['delivered_at', 'last_status']).execute();
    assert.ok(delivered.every((d) => d.delivered_at && d.last_status === 204));
    page = await admin.get('/staff/webhooks');
    assert.equal(page.html.match(/>Delivered</g)?.length, 2);
  });

  it('signs with the new and the old secret for a day after a rotation', async () => {
    const db = app.server.database.db;
    const page = await admin.get('/staff/webhooks');
    const id = page.html.match(/action="\/staff\/webhooks\/(\d+)"/)?.[1];
    const oldSecretRow = await db.selectFrom('webhook_endpoint').select('secret_sealed').executeTakeFirstOrThrow();
    const oldSecret = app.server.app.deps.webhookSecrets.open(oldSecretRow.secret_sealed);
    const rotated = await admin.submit(page.html, `/staff/webhooks/${id}`, { action: 'rotate' });
    const secret = rotated.html.match(/id="new-secret"[^>]*>([^<]+)</)?.[1] ?? '';
    assert.match(secret, /^whsec_/);
    assert.notEqual(secret, oldSecret);
    await seedApplications(app.server.database, 1, { state: 'pledge_signed', noVacuum: true });
    const a = await db
      .selectFrom('application')
      .select(['id', 'version'])
      .where('state', '=', 'pledge_signed')
      .executeTakeFirstOrThrow();
    received.length = 0;
    await decideApplication({ db, outbox: app.server.app.deps.outbox, pokeJobs: () => {} }, 'test', a.id, {
      version: a.version,
      decision: 'rejected',
      template: 'purpose',
    });
    await drainJobs(app, 300);
    assert.equal(received.length, 1);
    const r = received[0] as Received;
    assert.equal(r.signature.split(' ').length, 2, 'two signatures');
    verify(secret, r);
    verify(oldSecret, r);
  });

  it('a delivery whose tries are used up is listed as failed and sent again with Retry', async () => {
    const db = app.server.database.db;
    received.length = 0;
    failNext = 1000;
    await seedApplications(app.server.database, 1, { state: 'pledge_signed', noVacuum: true });
    const a = await db
      .selectFrom('application')
      .select(['id', 'version'])
      .where('state', '=', 'pledge_signed')
      .executeTakeFirstOrThrow();
    await decideApplication({ db, outbox: app.server.app.deps.outbox, pokeJobs: () => {} }, 'test', a.id, {
      version: a.version,
      decision: 'rejected',
      template: 'duplicate',
    });
    // Fewer tries than a real endpoint gets, so that the test does not wait for hours.
    await db
      .updateTable('job')
      .set({ max_attempts: 2 })
      .where('kind', '=', 'webhook.deliver')
      .where('state', '=', 'queued')
      .execute();
    await drainJobs(app, 300);
    assert.equal(received.length, 2);
    let page = await admin.get('/staff/webhooks');
    assert.match(page.html, />Failed</);
    assert.match(page.html, /answered 500/);
    const delivery = page.html.match(/action="\/staff\/webhooks\/deliveries\/(\d+)\/retry"/)?.[1];
    failNext = 0;
    const retried = await admin.submit(page.html, `/staff/webhooks/deliveries/${delivery}/retry`, {});
    assert.equal(retried.status, 303);
    await drainJobs(app, 300);
    assert.equal(received.length, 3);
    assert.equal(new Set(received.map((r) => r.id)).size, 1, 'the same message again');
    page = await admin.get('/staff/webhooks');
    assert.doesNotMatch(page.html, />Failed</);
    const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', 'webhook.%').execute();
    assert.deepEqual(
      audit.map((e) => e.action),
      ['webhook.created', 'webhook.secret_rotated', 'webhook.retried'],
    );
  });
  it('tells of accounts made by provisioning (account.provisioned)', async () => {
    const db = app.server.database.db;
    const page = await admin.get('/staff/webhooks');
    const made = await admin.submit(page.html, '/staff/webhooks', {
      url: `${url}?accounts`,
      description: 'scheduler sync',
      events: 'account.provisioned',
    });
    const secret = made.html.match(/id="new-secret"[^>]*>([^<]+)</)?.[1] ?? '';
    await seedApplications(app.server.database, 1, { state: 'pledge_signed', noVacuum: true });
    const a = await db
      .selectFrom('application')
      .select(['id', 'version'])
      .where('state', '=', 'pledge_signed')
      .where('needs_screening', '=', false)
      .executeTakeFirstOrThrow();
    received.length = 0;
    const outcome = await decideApplication(
      { db, outbox: app.server.app.deps.outbox, pokeJobs: () => {} },
      'test',
      a.id,
      {
        version: a.version,
        decision: 'approved',
      },
    );
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await drainJobs(app, 500);
    const accounts = await db
      .selectFrom('account')
      .select(['uid', 'state'])
      .where('application_id', '=', a.id)
      .execute();
    assert.ok(accounts.length >= 1 && accounts.every((x) => x.state === 'active'));
    const bodies = received
      .filter((r) => r.body.includes('account.provisioned'))
      .map((r) => verify(secret, r) as { data: { uid: string; state: string } });
    assert.deepEqual(bodies.map((b) => b.data.uid).sort(), accounts.map((x) => x.uid).sort());
    assert.ok(bodies.every((b) => b.data.state === 'active'));
  });
});
