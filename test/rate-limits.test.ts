// Rate limits are one limit however many instances serve: two instances on one
// PostgreSQL database. Before the counts were kept in the database, each process
// counted its own, and two instances allowed 120 sign-in posts where the limit is 60.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiToken } from '../src/services/api-tokens.js';
import { FLUSH_MS } from '../src/web/plugins/rate-limit-store.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless } from './helpers/browserless.js';
import { createTestDatabase } from './helpers/postgres.js';

describe('rate limits shared by two instances', () => {
  const apps: TestApp[] = [];
  before(async () => {
    const url = await createTestDatabase();
    // Instances on one database share their secret (another one would be refused).
    const secret = randomBytes(32).toString('base64url');
    for (let i = 0; i < 2; i++)
      apps.push(
        await startTestApp({ env: { DATABASE_URL: url, RATE_LIMIT_PER_MINUTE: '40', SESSION_SECRET: secret } }),
      );
  });
  after(async () => {
    for (const app of apps) await app.close();
  });

  it('a route’s own limit (60 sign-in posts in 10 minutes) counts the posts to both', async () => {
    const [a, b] = apps as [TestApp, TestApp];
    const people = [new Browserless(a.url, 'en'), new Browserless(b.url, 'en')] as const;
    const forms = [(await people[0].get('/login')).html, (await people[1].get('/login')).html];
    const statuses: number[] = [];
    for (let i = 0; i < 64; i++) {
      const which = i % 2 === 0 ? 0 : 1;
      // An empty name: refused at once, without the sign-in delay of a known name.
      const res = await people[which].submit(forms[which] as string, '/login', { accountName: '', password: 'x' });
      statuses.push(res.status);
    }
    assert.equal(statuses.indexOf(429), 60, `the first 429 after 60 posts: ${statuses.join(' ')}`);
    assert.ok(statuses.slice(60).every((s) => s === 429));
  });

  it('the limit over all pages (40 a minute here) counts the pages of both', async () => {
    const [a, b] = apps as [TestApp, TestApp];
    // Both instances see the client as 127.0.0.1. The sign-in posts above counted only
    // for their route's own limit; the two sign-in pages fetched count here.
    const pages = async (app: TestApp, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await fetch(`${app.url}/`)).status);
      return out;
    };
    const first = await pages(a, 25);
    await sleep(FLUSH_MS + 500);
    const second = await pages(b, 20);
    const all = [...first, ...second];
    const allowed = all.filter((s) => s === 200).length;
    assert.equal(allowed, 40 - 2, all.join(' '));
    assert.ok(second.slice(-5).every((s) => s === 429));
  });

  it('the API counts against the same limit and answers 429 as a problem with Retry-After', async () => {
    const [a] = apps as [TestApp, TestApp];
    const made = await createApiToken(a.server.database.db, 'test', {
      owner: { service: 'busy-tool' },
      name: 'test',
      scopes: ['applications.read'],
      days: 1,
    });
    assert.ok(made.ok);
    // The other instance's pages of the test before reach the database within FLUSH_MS.
    await sleep(FLUSH_MS + 500);
    const res = await fetch(`${a.url}/api/v1/applications`, { headers: { authorization: `Bearer ${made.token}` } });
    assert.equal(res.status, 429);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.equal(((await res.json()) as { code: string }).code, 'TOO_MANY_REQUESTS');
  });
});
