// The operators' metrics over HTTP: the instance's identity, logins by outcome (a wrong
// password, a good one), directory calls with their latency, mail sent, and the queue's
// depth by kind with the age of the oldest due job, which grows while no worker runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enqueueJob } from '../src/db/jobs.js';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';

describe('metrics for operators', () => {
  let app: TestApp;
  let holder: TestAccount;
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
    [holder] = (await provisionedAccounts(app, 1)) as [TestAccount];
  });
  after(() => app.close());
  const scrape = async () => (await fetch(`${app.url}/metrics`)).text();
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : undefined;
  };

  it('names the instance, counts logins by outcome and times the directory', async () => {
    const before = await scrape();
    assert.match(before, /sc_account_instance_info\{instance="[^"]+",version="\d+\.\d+\.\d+",worker="true"\} 1/);
    const anonymous = new Browserless(app.url, 'en');
    const form = await anonymous.get('/login');
    const wrong = await anonymous.submit(form.html, '/login', { accountName: holder.uid, password: 'not-it' });
    assert.equal(wrong.status, 401);
    await logIn(app, holder);
    const text = await scrape();
    assert.equal(value(text, 'logins_total{audience="user",outcome="failed"}'), 1);
    assert.equal(value(text, 'logins_total{audience="user",outcome="ok"}'), 1);
    // Provisioning wrote the user; the logins checked passwords against the directory.
    assert.ok(
      (value(text, 'directory_operation_duration_seconds_count{division="ga",operation="ensureUser",outcome="ok"}') ??
        0) >= 1,
    );
    assert.ok(
      (value(
        text,
        'directory_operation_duration_seconds_count{division="ga",operation="checkPassword",outcome="ok"}',
      ) ?? 0) >= 2,
    );
  });

  it('shows the queue by kind and how long the oldest due job has waited', async () => {
    // A job of a kind no worker handles waits: its age is what an alert watches.
    await enqueueJob(app.server.database.db, {
      kind: 'test.nobody',
      payload: {},
      runAt: new Date(Date.now() - 120_000),
    });
    const text = await scrape();
    assert.equal(value(text, 'jobs_by_kind{kind="test.nobody",state="queued"}'), 1);
    assert.ok((value(text, 'jobs_oldest_due_age_seconds') ?? 0) >= 110);
  });
});
