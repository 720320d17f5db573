import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { findSession } from '../src/db/sessions.js';
import { hashToken } from '../src/domain/tokens.js';
import { createSessionService, type SessionService } from '../src/web/sessions.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';

const minute = 60_000;

forEachDatabase('sessions', (database) => {
  let clock = new Date('2026-04-01T00:00:00Z');
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  let sessions: SessionService;
  before(() => {
    sessions = createSessionService(database().db, { idleMs: 30 * minute, absoluteMs: 120 * minute, now: () => clock });
  });

  it('gives a random token of at least 20 bytes and stores only its SHA-256', async () => {
    const { token, session } = await sessions.create('staff', 'alice', { role: 'reviewer' });
    assert.ok(Buffer.from(token, 'base64url').length >= 20);
    assert.equal(session.id, hashToken(token));
    assert.notEqual(session.id, token);
    const rows = await database().db.selectFrom('session').selectAll().execute();
    assert.ok(!JSON.stringify(rows).includes(token), 'the token itself is stored somewhere');
    const other = await sessions.create('staff', 'alice');
    assert.notEqual(other.token, token);
  });

  it('finds a valid session by its token and nothing by a wrong one', async () => {
    const { token } = await sessions.create('user', 'taro');
    assert.equal((await sessions.validate(token))?.subject, 'taro');
    assert.equal(await sessions.validate(`${token}x`), null);
    assert.equal(await sessions.validate(''), null);
  });

  it('ends a session after the idle timeout, and each use extends it', async () => {
    const { token } = await sessions.create('user', 'idle');
    advance(20 * minute);
    assert.ok(await sessions.validate(token), 'used within the idle time');
    advance(20 * minute);
    assert.ok(await sessions.validate(token), 'the use 20 minutes ago extended it');
    advance(31 * minute);
    assert.equal(await sessions.validate(token), null);
    assert.equal(await findSession(database().db, hashToken(token)), undefined, 'the expired row is deleted');
  });

  it('ends a session at its absolute expiry even when in constant use', async () => {
    const { token } = await sessions.create('user', 'busy');
    for (let i = 0; i < 11; i++) {
      advance(10 * minute);
      assert.ok(await sessions.validate(token), `still valid after ${(i + 1) * 10} minutes`);
    }
    advance(10 * minute);
    assert.equal(await sessions.validate(token), null);
  });

  it('rotates: the old token stops working, the data moves to the new one', async () => {
    const { token } = await sessions.create('anonymous', null, { lang: 'en' });
    const rotated = await sessions.rotate(token, { audience: 'user', subject: 'hanako' });
    assert.equal(await sessions.validate(token), null);
    const session = await sessions.validate(rotated.token);
    assert.equal(session?.audience, 'user');
    assert.equal(session?.subject, 'hanako');
    assert.deepEqual(session?.data, { lang: 'en' });
  });

  it('revokes one session or all of a subject', async () => {
    const a = await sessions.create('user', 'jiro');
    const b = await sessions.create('user', 'jiro');
    const c = await sessions.create('user', 'saburo');
    await sessions.revoke(a.token);
    assert.equal(await sessions.validate(a.token), null);
    assert.ok(await sessions.validate(b.token));
    assert.equal(await sessions.revokeAll('user', 'jiro'), 1);
    assert.equal(await sessions.validate(b.token), null);
    assert.ok(await sessions.validate(c.token));
  });

  it('ends the sessions of an audience with a shorter idle timeout sooner, also when purging', async () => {
    const short = createSessionService(database().db, {
      idleMs: 30 * minute,
      absoluteMs: 120 * minute,
      idleMsByAudience: { staff: 10 * minute },
      now: () => clock,
    });
    const staff = await short.create('staff', 'hanako');
    const user = await short.create('user', 'jiro');
    const idle = await short.create('staff', 'idle');
    advance(11 * minute);
    assert.equal(await short.validate(staff.token), null, 'staff: 10 minutes');
    assert.ok(await short.validate(user.token), 'others: 30 minutes');
    assert.ok((await short.purgeExpired()) >= 1, 'the idle staff session is purged');
    assert.equal(await findSession(database().db, hashToken(idle.token)), undefined);
  });

  it('purges expired sessions', async () => {
    await sessions.create('user', 'old');
    advance(3 * 60 * minute);
    assert.ok((await sessions.purgeExpired()) >= 1);
    const left = await database().db.selectFrom('session').select('id').execute();
    assert.equal(left.length, 0);
  });
});

/** Routes that use the session machinery the way sign-in will. */
async function sessionRoutes(app: FastifyInstance) {
  app.get('/test/session/start', async (request, reply) => {
    await app.sessionControl.start(request, reply, 'anonymous', null, { step: 1 });
    return { ok: true };
  });
  app.get('/test/session/elevate', async (request, reply) => {
    if (!request.session) return reply.status(401).send({ session: null });
    await app.sessionControl.rotate(request, reply, { audience: 'user', subject: 'taro' });
    return { ok: true };
  });
  app.get('/test/session/me', async (request) => ({
    audience: request.session?.audience ?? null,
    subject: request.session?.subject ?? null,
  }));
  app.get('/test/session/api-me', { config: { csrf: false } }, async (request) => ({
    audience: request.session?.audience ?? null,
  }));
  app.get('/test/session/end', async (request, reply) => {
    await app.sessionControl.end(request, reply);
    return { ok: true };
  });
}

const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const cookiePair = (setCookie: string | undefined) => setCookie?.split(';')[0] ?? '';

describe('session cookie over HTTP', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ plugins: [sessionRoutes] });
  });
  after(() => app.close());

  it('is HttpOnly, SameSite=Lax, Path=/ and not Secure on http', async () => {
    const res = await fetch(`${app.url}/test/session/start`);
    const cookie = cookieOf(res, 'session');
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/);
  });

  it('rotates on privilege change and the old cookie is worthless afterwards', async () => {
    const start = await fetch(`${app.url}/test/session/start`);
    const first = cookiePair(cookieOf(start, 'session'));
    const elevate = await fetch(`${app.url}/test/session/elevate`, { headers: { cookie: first } });
    const second = cookiePair(cookieOf(elevate, 'session'));
    assert.ok(second && second !== first);
    const me = await fetch(`${app.url}/test/session/me`, { headers: { cookie: second } });
    assert.deepEqual(await me.json(), { audience: 'user', subject: 'taro' });
    const old = await fetch(`${app.url}/test/session/me`, { headers: { cookie: first } });
    assert.deepEqual(await old.json(), { audience: null, subject: null });
    // Routes outside CSRF protection (token-authenticated APIs) never see the cookie session.
    const api = await fetch(`${app.url}/test/session/api-me`, { headers: { cookie: second } });
    assert.deepEqual(await api.json(), { audience: null });
    await fetch(`${app.url}/test/session/end`, { headers: { cookie: second } });
    const ended = await fetch(`${app.url}/test/session/me`, { headers: { cookie: second } });
    assert.deepEqual(await ended.json(), { audience: null, subject: null });
  });
});

describe('session cookie behind https', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ plugins: [sessionRoutes], env: { BASE_URL: 'https://account.example.ac.jp' } });
  });
  after(() => app.close());

  it('is Secure with the __Host- prefix', async () => {
    const res = await fetch(`${app.url}/test/session/start`);
    const cookie = cookieOf(res, '__Host-session');
    assert.ok(cookie, 'no __Host-session cookie');
    assert.match(cookie, /Secure/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Domain=/);
  });

  it('clears the cookie with the same attributes, so the browser accepts the clearing', async () => {
    const start = await fetch(`${app.url}/test/session/start`);
    const pair = cookiePair(cookieOf(start, '__Host-session'));
    const end = await fetch(`${app.url}/test/session/end`, { headers: { cookie: pair } });
    const cleared = cookieOf(end, '__Host-session') ?? '';
    assert.match(cleared, /Expires=Thu, 01 Jan 1970/);
    assert.match(cleared, /Secure/);
    assert.match(cleared, /Path=\//);
  });
});
