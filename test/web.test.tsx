import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { translator } from '../src/i18n/index.js';
import { sendHtml } from '../src/web/render.js';
import { CsrfField } from '../src/web/views/csrf-field.js';
import { Layout } from '../src/web/views/layout.js';
import { pageContext } from '../src/web/views/page.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const h1 = (html: string) => html.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1];
const htmlLang = (html: string) => html.match(/<html lang="(\w+)"/)?.[1];

/** A form and its handler, to exercise CSRF protection and logging; and a route that fails. */
const changes: string[] = [];
async function testRoutes(app: FastifyInstance) {
  app.get('/test/form', (request, reply) =>
    sendHtml(
      reply,
      <Layout page={pageContext(request)} title="form">
        <form method="post" action="/test/form" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <input name="name" />
          <button type="submit">Save</button>
        </form>
      </Layout>,
    ),
  );
  app.post('/test/form', async (request) => {
    const body = request.body as { name: string; password?: string };
    request.log.info({ body }, 'form received');
    changes.push(body.name);
    return { saved: body.name };
  });
  app.get('/test/fail', async () => {
    throw new Error('database exploded at /secret/path');
  });
  app.get('/test/xss', (request, reply) => {
    const name = (request.query as { name: string }).name;
    return sendHtml(
      reply,
      <Layout page={pageContext(request)} title={name}>
        <p id="name" safe>
          {name}
        </p>
      </Layout>,
    );
  });
}

/** GETs the form and returns the cookie header and token a browser would send back. */
async function openForm(app: TestApp) {
  const res = await fetch(`${app.url}/test/form`);
  const html = await res.text();
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { token, cookie };
}

const post = (app: TestApp, fields: Record<string, string>, headers: Record<string, string>) =>
  fetch(`${app.url}/test/form`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

describe('web foundation', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ plugins: [testRoutes], env: { RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  after(() => app.close());

  describe('security headers', () => {
    it('sends a strict Content-Security-Policy without inline scripts, and no HSTS on http', async () => {
      const res = await fetch(`${app.url}/`);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /object-src 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(res.headers.get('strict-transport-security'), null);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    });

    it('serves assets with long cache headers and versioned URLs', async () => {
      const html = await (await fetch(`${app.url}/`)).text();
      const css = html.match(/href="(\/assets\/css\/app\.css\?v=[\w-]+)"/)?.[1];
      assert.ok(css, 'no versioned stylesheet link');
      const res = await fetch(`${app.url}${css}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/css/);
      assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/);
      const js = html.match(/src="(\/assets\/js\/app\.js\?v=[\w-]+)"/)?.[1];
      assert.equal((await fetch(`${app.url}${js}`)).status, 200);
    });
  });

  describe('CSRF', () => {
    it('accepts a form with its token from our own origin', async () => {
      const { token, cookie } = await openForm(app);
      assert.ok(token);
      const res = await post(app, { _csrf: token, name: 'accepted' }, { cookie, origin: app.url });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { saved: 'accepted' });
    });

    for (const [what, make] of [
      ['without a token', async () => ({ fields: { name: 'no-token' }, headers: { origin: app.url } })],
      [
        'with a wrong token',
        async () => {
          const { cookie } = await openForm(app);
          return { fields: { name: 'bad-token', _csrf: 'x'.repeat(40) }, headers: { cookie, origin: app.url } };
        },
      ],
      [
        'from another site, even with a valid token',
        async () => {
          const { token, cookie } = await openForm(app);
          return { fields: { name: 'cross-site', _csrf: token }, headers: { cookie, origin: 'https://evil.example' } };
        },
      ],
      [
        'with neither Origin nor Referer',
        async () => {
          const { token, cookie } = await openForm(app);
          return { fields: { name: 'no-origin', _csrf: token }, headers: { cookie } };
        },
      ],
    ] as const) {
      it(`refuses a form ${what} with a 403 page that says nothing was saved`, async () => {
        const { fields, headers } = await make();
        const res = await post(app, fields, { ...headers, 'accept-language': 'en' });
        assert.equal(res.status, 403);
        const html = await res.text();
        assert.equal(h1(html), 'Your form could not be sent');
        assert.match(html, /Nothing was saved or changed/);
        assert.ok(!changes.includes(fields.name), 'the handler ran');
      });
    }

    it('accepts the Referer when a browser sends no Origin', async () => {
      const { token, cookie } = await openForm(app);
      const res = await post(app, { _csrf: token, name: 'by-referer' }, { cookie, referer: `${app.url}/test/form` });
      assert.equal(res.status, 200);
    });
  });

  describe('language', () => {
    it('defaults to Japanese', async () => {
      const html = await (await fetch(`${app.url}/`)).text();
      assert.equal(htmlLang(html), 'ja');
      assert.equal(h1(html), translator('ja')('home.title'));
    });

    it('follows Accept-Language', async () => {
      const res = await fetch(`${app.url}/`, { headers: { 'accept-language': 'en-GB,en;q=0.9,ja;q=0.5' } });
      const html = await res.text();
      assert.equal(htmlLang(html), 'en');
      assert.equal(res.headers.get('content-language'), 'en');
      const ja = await (await fetch(`${app.url}/`, { headers: { 'accept-language': 'fr, ja;q=0.4' } })).text();
      assert.equal(htmlLang(ja), 'ja');
    });

    it('switches with ?lang= and remembers the choice in a cookie over Accept-Language', async () => {
      const res = await fetch(`${app.url}/?lang=en`, { headers: { 'accept-language': 'ja' } });
      assert.equal(htmlLang(await res.text()), 'en');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lang='));
      assert.match(cookie ?? '', /^lang=en;.*SameSite=Lax/);
      const next = await fetch(`${app.url}/apply`, {
        headers: { cookie: (cookie ?? '').split(';')[0] ?? '', 'accept-language': 'ja' },
      });
      assert.equal(htmlLang(await next.text()), 'en');
    });

    it('ignores an unknown ?lang= value', async () => {
      const res = await fetch(`${app.url}/?lang=xx`);
      assert.equal(htmlLang(await res.text()), 'ja');
      assert.equal(
        res.headers.getSetCookie().find((c) => c.startsWith('lang=')),
        undefined,
      );
    });

    it('links the language switch to the same page', async () => {
      const html = await (await fetch(`${app.url}/apply`)).text();
      assert.match(html, /<a href="\/apply\?lang=en"[^>]*lang="en"/);
    });

    it('never links the language switch to another site', async () => {
      for (const path of ['//evil.example/x', '//evil.example/x?a=1', '/\\evil.example/x']) {
        const html = await (await fetch(`${app.url}${path}`)).text();
        const href = html.match(/<a href="([^"]*)"[^>]*class="header__language"/)?.[1] ?? '';
        assert.match(href, /^\/[^/\\]/, `${path} → ${href}`);
      }
    });
  });

  describe('pages and error pages', () => {
    it('shows the home page with links to apply and log in', async () => {
      const html = await (await fetch(`${app.url}/?lang=en`)).text();
      assert.match(html, /<a href="\/apply"[^>]*>Apply for an account<\/a>/);
      assert.match(html, /<a href="\/login"[^>]*>Log in<\/a>/);
      for (const [path, title] of [
        ['/apply', 'Apply for a supercomputer account'],
        ['/login', 'Log in to your account'],
      ]) {
        const res = await fetch(`${app.url}${path}?lang=en`);
        assert.equal(res.status, 200);
        assert.equal(h1(await res.text()), title);
      }
    });

    it('answers an unknown page with a 404 page in the person’s language', async () => {
      const en = await fetch(`${app.url}/no/such/page?lang=en`);
      assert.equal(en.status, 404);
      assert.equal(h1(await en.text()), 'Page not found');
      const ja = await fetch(`${app.url}/no/such/page`);
      assert.equal(ja.status, 404);
      assert.equal(h1(await ja.text()), 'ページが見つかりません');
    });

    it('shows a 500 page with a reference that is in the log, and no stack trace', async () => {
      const res = await fetch(`${app.url}/test/fail?lang=en`);
      assert.equal(res.status, 500);
      const html = await res.text();
      assert.equal(h1(html), 'Sorry, there is a problem with the service');
      const reference = html.match(/quote this reference: ([0-9a-f-]{36})/)?.[1];
      assert.ok(reference, 'no reference on the page');
      assert.ok(!html.includes('exploded') && !html.includes('at ') && !html.includes('.ts'), 'internals leaked');
      const line = app.logs.find((l) => l.reference === reference);
      assert.ok(line, 'reference not in the log');
      assert.equal(line.level, 50);
      assert.match(JSON.stringify(line.err), /database exploded/);
    });

    it('escapes data in views: <script> comes out as text', async () => {
      const evil = '<script>alert(1)</script>"\'&';
      const html = await (await fetch(`${app.url}/test/xss?name=${encodeURIComponent(evil)}`)).text();
      assert.ok(!html.includes('<script>alert(1)'));
      // `<`, `&` and quotes are escaped; a lone `>` is harmless in text.
      assert.match(html, /<p id="name">&lt;script>alert\(1\)&lt;\/script>&#34;&#39;&amp;<\/p>/);
      assert.match(html, /<title>&lt;script>alert\(1\)/);
    });
  });

  describe('health and metrics', () => {
    it('answers /healthz and /readyz', async () => {
      const health = await fetch(`${app.url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const ready = await fetch(`${app.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ok', checks: { database: 'ok', mail: 'ok' } });
    });

    it('serves Prometheus metrics to loopback when no METRICS_TOKEN is set', async () => {
      await fetch(`${app.url}/`);
      const res = await fetch(`${app.url}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /http_request_duration_seconds_count\{method="GET",route="\/",status_code="200"\} \d+/);
      assert.match(text, /process_cpu_seconds_total/);
      assert.match(text, /jobs\{state="queued"\}/);
    });

    it('does not count a proxied request as local', async () => {
      const res = await fetch(`${app.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(res.status, 403);
    });
  });

  describe('logging', () => {
    it('never writes a password, token or cookie to the log', async () => {
      const { token, cookie } = await openForm(app);
      const password = 'correct horse battery staple 42';
      const res = await post(app, { _csrf: token, name: 'logger', password }, { cookie, origin: app.url });
      assert.equal(res.status, 200);
      await fetch(`${app.url}/apply?token=secret-link-token-123&lang=en`);
      const text = JSON.stringify(app.logs);
      assert.ok(text.includes('form received'), 'the log line was not written');
      for (const secret of [password, token, cookie.split('=')[1] ?? '', 'secret-link-token-123']) {
        assert.ok(secret && !text.includes(secret), `secret leaked into the log: ${secret}`);
      }
      const line = app.logs.find(
        (l) => l.msg === 'form received' && (l.body as { name?: string }).name === 'logger',
      ) as { body: Record<string, string> };
      assert.equal(line.body.password, '[Redacted]');
      assert.equal(line.body.name, 'logger');
    });
  });
});

describe('metrics with METRICS_TOKEN', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { METRICS_TOKEN: 'metrics-token-0123456789' } });
  });
  after(() => app.close());

  it('refuses without the token and answers with it', async () => {
    assert.equal((await fetch(`${app.url}/metrics`)).status, 403);
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    assert.equal(wrong.status, 403);
    const right = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /http_request_duration_seconds/);
  });
});

describe('https deployment', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { BASE_URL: 'https://account.example.ac.jp' } });
  });
  after(() => app.close());

  it('sends HSTS and upgrades insecure requests', async () => {
    const res = await fetch(`${app.url}/`);
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
    assert.match(res.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
  });
});

describe('rate limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  after(() => app.close());

  it('answers 429 with a page and Retry-After when a client sends too many requests', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${app.url}/?lang=en`)).status, 200);
    const res = await fetch(`${app.url}/?lang=en`);
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.equal(h1(await res.text()), 'Too many requests');
    // Unknown paths are limited too; health checks never are.
    assert.equal((await fetch(`${app.url}/no/such/page?lang=en`)).status, 429);
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });
});

describe('a server that is stopping', () => {
  it('finishes the request in flight and answers a later one on its connection with the page, 503 and Retry-After', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const app = await startTestApp({
      plugins: [
        async (fastify: FastifyInstance) => {
          fastify.get('/test/slow', async () => {
            arrived();
            await held;
            return 'done';
          });
        },
      ],
    });
    const { connect } = await import('node:net');
    const { port } = new URL(app.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => {
      received += d;
    });
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await inFlight;
    const closing = app.close();
    await new Promise((r) => setTimeout(r, 100));
    release();
    // The next request on the connection that stayed open for the one in flight.
    for (const end = Date.now() + 5000; !received.endsWith('done') && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    socket.write('GET /?lang=en HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\n\r\n');
    await Promise.all([closing, ended]);
    const [first = '', second = ''] = received.split(/(?=HTTP\/1\.1 )/);
    assert.match(first, /^HTTP\/1\.1 200/);
    assert.match(first, /\r\n\r\ndone$/);
    assert.match(second, /^HTTP\/1\.1 503/);
    assert.match(second, /\r\nretry-after: \d+\r\n/i);
    assert.match(second, /<h1[^>]*>Sorry, the service is unavailable<\/h1>/);
    assert.match(second, /<div lang="ja"><h2[^>]*>申し訳ありません。ただいまサービスを利用できません<\/h2>/);
  });
});
