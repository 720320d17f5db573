// Hostile input on every route, over HTTP (Fastify's full request handling): fast-check
// makes form bodies, JSON bodies, query strings and path parameters from the field names
// the app's own forms and schemas use, filled with what breaks services (NUL and other
// control characters, lone surrogates, very long text, numbers past any integer type,
// repeated keys, markup). Each form and JSON route is asked FUZZ_RUNS times (1,000 in
// `npm test`; `npm run test:fuzz` asks 10,000), each page 15 times (a tenth of the
// runs in the longer command), as an
// applicant with a draft, an account holder and a signed-in staff member, with valid CSRF
// tokens so that the input reaches the route. No answer may be a 5xx, and the server must still answer afterwards.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { logIn, provisionedAccounts } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { openDraft } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { createTestDatabase } from './helpers/postgres.js';
import { projectRoot } from './helpers/root.js';
import { addStaff, enrol, signIn } from './helpers/staff.js';

const runs = Number(process.env.FUZZ_RUNS) || 1000;
/** Pages that only show (GET) take input from their path and query only: asked far less often. */
const pageRuns = runs > 1000 ? Math.round(runs / 10) : 15;

/** GET routes that answer JSON (asked as often as the forms). */
const jsonRoutes = new Set(['/apply/account/name', '/healthz', '/readyz']);

interface Route {
  method: string;
  path: string;
}

/** Every route of the app, from Fastify's route tree (`printRoutes`). */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:[├└]── )(.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack[depth] = match[2] ?? '';
    const path = stack.join('').replace(/\/\//g, '/');
    for (const method of (match[3] ?? '').split(', ')) if (method !== 'HEAD') routes.push({ method, path });
  }
  return routes;
}

/** Field names the app reads: `name="…"` in the views and `key: z.…` in the schemas. */
function fieldNames(): string[] {
  const names = new Set<string>(['_csrf', 'token', 'id', 'action', 'lang', 'q', 'page', 'state', 'sort']);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry)) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/name="([A-Za-z0-9_.[\]-]+)"/g)) names.add(m[1] as string);
        for (const m of text.matchAll(/\b([A-Za-z][A-Za-z0-9_]*): z\./g)) names.add(m[1] as string);
      }
    }
  };
  walk(join(projectRoot, 'src/web'));
  return [...names];
}

const plain = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\u0008\u001b[31m',
    '\u0085',
    '\ud800',
    '\udfff x',
    '\u202e',
    '0',
    '-1',
    '1e309',
    '99999999999999999999999',
    '2147483648',
    'NaN',
    'true',
    'null',
    '[]',
    '{}',
    '../../etc/passwd',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '%00',
    'yes',
    'approve',
    'reject',
    'ga',
    'pg',
    'ja',
    'en',
    '2026-02-30',
    '9999-12-31',
    'a@b',
    'taro@example.ac.jp',
  ),
  fc.nat({ max: 5000 }).map((n) => 'x'.repeat(n)),
  fc.integer().map(String),
);
/** Half of the values carry a control character somewhere. */
const hostile = fc.oneof(
  plain,
  fc
    .tuple(plain, fc.constantFrom('\u0000', '\u0001', '\u0008', '\u001f', '\u007f', '\u009b', '\ud800'), fc.nat(60))
    .map(([text, control, at]) => `${text.slice(0, at)}${control}${text.slice(at)}`),
);

/** A urlencoded body: some known field names, maybe a repeated or unknown one. */
const formBody = (names: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })), hostile), { maxLength: 8 })
    .map((pairs) => pairs);

const jsonBody = (names: string[]) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })),
    fc.oneof(hostile, fc.integer(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 })),
    { maxKeys: 6 },
  );

/** Percent-encodes a path segment; a lone surrogate becomes bytes that are not UTF-8 at all. */
function encodeSegment(value: string): string {
  return [...value]
    .map((char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        return '%ED%BF%BF';
      }
    })
    .join('');
}

interface Audience {
  cookie: string;
  csrf: string;
}

describe(`every route answers hostile input without a 5xx (${runs} cases each)`, () => {
  let app: TestApp;
  const audiences: Record<'applicant' | 'holder' | 'staff' | 'nobody', Audience> = {} as never;
  const statuses = new Map<number, number>();
  let requests = 0;

  const audienceOf = async (person: Browserless, page: string): Promise<Audience> => {
    const res = await person.get(page);
    const csrf = res.html.match(/name="_csrf" value="([^"]+)"/)?.[1];
    assert.ok(csrf, `a CSRF token on ${page}`);
    return {
      cookie: person
        .cookieList()
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      csrf,
    };
  };

  before(async () => {
    // On the suite's PostgreSQL server: the database's work runs beside the fuzzing, not in it.
    app = await startTestApp({
      env: {
        DATABASE_URL: await createTestDatabase(),
        RATE_LIMIT_PER_MINUTE: '10000000',
        RATE_LIMIT_MAIL_PER_10_MINUTES: '1000000',
        LOG_LEVEL: 'warn',
      },
    });
    const applicant = new Browserless(app.url, 'en');
    await openDraft(app, applicant, 'fuzz@inst.example.jp');
    audiences.applicant = await audienceOf(applicant, '/apply/applicant');
    const [account] = await provisionedAccounts(app, 1);
    audiences.holder = await audienceOf(await logIn(app, account as never), '/account/ssh-keys');
    const staff = await enrol(app, 'fuzz-admin@centre.example.jp', 'admin');
    audiences.staff = await audienceOf(await signIn(app, staff), '/staff/people');
    audiences.nobody = await audienceOf(new Browserless(app.url, 'ja'), '/login');
  });
  after(async () => {
    console.log(
      `fuzz: ${requests} requests; statuses ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    await app.close();
  });

  it('a NUL in a field is a 400 page naming the field, a malformed choice a 400 page', async () => {
    const post = (who: Audience, url: string, fields: Record<string, string>) =>
      app.server.app.inject({
        method: 'POST',
        url,
        headers: {
          host: new URL(app.url).host,
          cookie: who.cookie,
          origin: app.url,
          'accept-language': 'en',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
      });
    const cases: [Audience, string, Record<string, string>, string][] = [
      [audiences.applicant, '/apply/applicant', { familyName: 'Tanaka\u0000' }, 'familyName'],
      [audiences.nobody, '/login', { accountName: 'taro', password: 'a\u0000b' }, 'password'],
      [audiences.nobody, '/staff', { email: 'a@b.jp\u0000', password: 'x' }, 'email'],
      [audiences.nobody, '/login/recover', { accountName: '\u0000' }, 'accountName'],
    ];
    for (const [who, url, fields, field] of cases) {
      const res = await post(who, url, fields);
      assert.equal(res.statusCode, 400, `${url}: ${res.body.match(/<h1[^>]*>([^<]*)/)?.[1]}`);
      assert.match(res.body, new RegExp(`The field “${field}” contains a control character`), url);
    }
    const other = await addStaff(app, 'fuzz-reviewer@centre.example.jp', 'reviewer');
    const res = await post(audiences.staff, `/staff/people/${other.id}`, { action: 'x'.repeat(30) });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Some of what was sent is not valid/);
  });

  it('over every form and JSON route', async (t) => {
    const routes = routesOf(app.server.app.printRoutes({ commonPrefix: false }));
    assert.ok(routes.length >= 90, `${routes.length} routes found`);
    const names = fieldNames();
    assert.ok(names.length >= 100, `${names.length} field names found`);
    const param = fc.oneof(hostile, fc.nat().map(String));
    for (const route of routes) {
      // Logging out would end the session the other routes are fuzzed with.
      const who = /logout/.test(route.path)
        ? audiences.nobody
        : route.path.startsWith('/staff')
          ? audiences.staff
          : route.path.startsWith('/account')
            ? audiences.holder
            : route.path.startsWith('/apply')
              ? audiences.applicant
              : audiences.nobody;
      // The fields of the route's own page, when it has one, are asked for most often.
      const own =
        route.method === 'POST' && !route.path.includes(':')
          ? [
              ...(
                await app.server.app.inject({ method: 'GET', url: route.path, headers: { cookie: who.cookie } })
              ).body.matchAll(/name="([^"]+)"/g),
            ].map((m) => m[1] as string)
          : [];
      const fields = own.length ? [...new Set(own)] : names;
      await t.test(`${route.method} ${route.path}`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(param, { minLength: 3, maxLength: 3 }),
            fc.array(fc.tuple(fc.constantFrom(...names), hostile), { maxLength: 3 }),
            fc.oneof(
              { weight: 3, arbitrary: formBody(fields) },
              { weight: 1, arbitrary: formBody(names) },
              { weight: 1, arbitrary: jsonBody(fields) },
            ),
            // mostly with the token, so that the input reaches the route
            fc.nat(9).map((n) => n > 0),
            async (params, query, body, withToken) => {
              let i = 0;
              const path = route.path
                .replace(/:[A-Za-z]+|\*/g, () => encodeSegment(params[i++ % 3] ?? ''))
                .concat(query.length ? `?${new URLSearchParams(query).toString()}` : '');
              const headers: Record<string, string> = {
                host: new URL(app.url).host,
                cookie: who.cookie,
                origin: app.url,
                'accept-language': 'ja',
              };
              let payload: string | undefined;
              if (route.method !== 'GET') {
                if (Array.isArray(body)) {
                  const form = new URLSearchParams(body);
                  if (withToken) form.append('_csrf', who.csrf);
                  payload = form.toString();
                  headers['content-type'] = 'application/x-www-form-urlencoded';
                } else {
                  payload = JSON.stringify(withToken ? { ...body, _csrf: who.csrf } : body);
                  headers['content-type'] = 'application/json';
                }
              }
              const res = await app.server.app.inject({
                method: route.method as 'GET',
                url: path,
                headers,
                ...(payload === undefined ? {} : { payload }),
              });
              requests++;
              statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
              assert.ok(res.statusCode < 500, `${route.method} ${path} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
            },
          ),
          { numRuns: route.method === 'GET' && !jsonRoutes.has(route.path) ? pageRuns : runs },
        );
      });
    }
  });

  it('and the server still answers', async () => {
    const res = await fetch(`${app.url}/readyz`);
    assert.equal(res.status, 200);
  });
});
