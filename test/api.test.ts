// The REST API at /api/v1: tokens in the Authorization header only, scopes from the
// staff permission table, problems (RFC 9457) with the registry's codes, every call
// logged with its token, and an OpenAPI 3.1 document made from the services' zod
// schemas that validates and that every answer agrees with. On PGlite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { sql } from 'kysely';
import { createRequest } from '../src/db/account-requests.js';
import { seedApplications } from '../src/db/seed.js';
import { apiScopes, isApiScope } from '../src/domain/api-tokens.js';
import { addDays, centreDayOf, fiscalYearDays, fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { lockResult } from '../src/services/account-locks.js';
import { accountDetail, accountList, requestDetail, requestList } from '../src/services/accounts.js';
import { createApiToken, revokeApiToken } from '../src/services/api-tokens.js';
import { applicationDetail, applicationList } from '../src/services/applications.js';
import {
  bundleList,
  catalogueRecord,
  groupStatementRecord,
  planQueue,
  planRecord,
  planVersionRecord,
  priceTableRecord,
  statementList,
} from '../src/services/billing-records.js';
import { requestExtension } from '../src/services/group-lifecycle.js';
import { groupList, groupRecord, participantApprovalResult } from '../src/services/group-records.js';
import { pledgeResult } from '../src/services/pledges.js';
import { auditEntries, auditVerification, noticeList, renewalStatus, staffList } from '../src/services/records.js';
import { requestMoveResult } from '../src/services/request-review.js';
import { reviewResult } from '../src/services/review.js';
import { addHolderKey, revokeKeyResult } from '../src/services/ssh-keys.js';
import { fileUsagePlan } from '../src/services/usage-plans.js';
import { problem } from '../src/web/api/problems.js';
import { useCaseDeps } from '../src/web/use-case-deps.js';
import { keyPair } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { runCli } from './helpers/cli.js';
import { databaseKinds } from './helpers/databases.js';
import { groupDeps, seedGroup } from './helpers/group.js';
import { givePgAccount, seedPlanGroup } from './helpers/plan-group.js';
import { createTestDatabase } from './helpers/postgres.js';
import { drainJobs } from './helpers/review.js';
import { addStaff, enrol, signIn } from './helpers/staff.js';

const TB = 10 ** 12;

for (const kind of databaseKinds) {
  describe(`REST API [${kind}]`, () => {
    let app: TestApp;
    const tokens = {} as Record<
      'reviewer' | 'admin' | 'service' | 'noScope' | 'revoked' | 'expired' | 'decider',
      string
    >;
    /** Every status each documented operation gave in this file: checked against the document at the end. */
    const seen = new Map<string, Set<number>>();

    const call = async (
      path: string,
      token?: string | null,
      headers: Record<string, string> = {},
      body?: Record<string, unknown>,
    ) => {
      const res = await fetch(`${app.url}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const route =
        path
          .split('?')[0]
          ?.replace(/^\/api\/v1/, '')
          .replace(/^\/(applications|accounts|requests|groups)\/[^/]+/, '/$1/{id}')
          .replace(/^\/notices\/closures\/[^/]+\/remove/, '/notices/closures/{id}/remove')
          .replace(/^\/notices\/services\/[^/]+/, '/notices/services/{service}')
          .replace(/^\/renewal\/[^/]+/, '/renewal/{year}')
          .replace(/^\/usage-plans\/versions\/[^/]+\/decision$/, '/usage-plans/versions/{id}/decision')
          .replace(/^\/usage-plans\/(?!versions\/)[^/]+(\/large-scale)?$/, '/usage-plans/{group}$1')
          .replace(/^\/billing\/prices\/[^/]+$/, '/billing/prices/{fiscalYear}')
          .replace(/^\/billing\/statements\/[^/]+\/[^/]+$/, '/billing/statements/{fiscalYear}/{group}')
          .replace(/^\/billing\/statements\/[^/]+$/, '/billing/statements/{fiscalYear}') ?? '';
      seen.set(route, (seen.get(route) ?? new Set()).add(res.status));
      const text = await res.text();
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        headers: res.headers,
        text,
        json: () => JSON.parse(text),
      };
    };
    const make = async (owner: { staffId: number } | { service: string }, scopes: string[], days = 30) => {
      const made = await createApiToken(app.server.database.db, 'test', {
        owner,
        name: 'test',
        scopes: scopes as never,
        days,
      });
      assert.ok(made.ok, JSON.stringify(made));
      return made.token;
    };

    before(async () => {
      app = await startTestApp({
        // The limit over all calls is tested in rate-limits.test.ts; here it stays out of the way.
        env: {
          ...(kind === 'postgres' ? { DATABASE_URL: await createTestDatabase() } : {}),
          LOG_LEVEL: 'warn',
          RATE_LIMIT_PER_MINUTE: '5000',
          // Every user and group has 5 TB in use: an approval that lowers a quota below it is held.
          QUOTA_USAGE_COMMAND: JSON.stringify(['/bin/echo', String(5 * TB), '{target}']),
        },
      });
      const db = app.server.database.db;
      await seedApplications(app.server.database, 120, { noVacuum: true });
      const reviewer = await addStaff(app, 'api-rev@centre.example.jp', 'reviewer');
      const admin = await addStaff(app, 'api-admin@centre.example.jp', 'admin');
      tokens.reviewer = await make({ staffId: reviewer.id }, ['applications.read']);
      tokens.admin = await make({ staffId: admin.id }, ['applications.read', 'audit.read']);
      tokens.service = await make({ service: 'monitoring' }, ['applications.read']);
      tokens.noScope = await make({ service: 'scheduler' }, ['audit.read']);
      tokens.decider = await make({ service: 'decider' }, ['applications.read', 'applications.decide']);
      tokens.revoked = await make({ service: 'old-tool' }, ['applications.read']);
      tokens.expired = await make({ service: 'older-tool' }, ['applications.read']);
      const revoked = await db
        .selectFrom('api_token')
        .select('id')
        .where('service_account', '=', 'old-tool')
        .executeTakeFirstOrThrow();
      assert.equal(await revokeApiToken(db, 'test', revoked.id), true);
      await sql`update api_token set expires_at = now() - interval '1 second' where service_account = 'older-tool'`.execute(
        db,
      );
    });
    after(() => app.close());

    it('refuses tokens that are not valid, and tokens anywhere but the Authorization header', async () => {
      for (const path of ['/api/v1/applications/1', '/api/v1/applications']) {
        assert.equal((await call(path, null)).status, 401, path);
        assert.equal((await call(path, tokens.noScope)).status, 403, path);
      }
      const decision = { version: 1, decision: 'rejected', template: 'criteria' };
      assert.equal((await call('/api/v1/applications/1/decision', null, {}, decision)).status, 401);
      assert.equal((await call('/api/v1/applications/1/decision', tokens.service, {}, decision)).status, 403);
      for (const [why, token, headers, query] of [
        ['none', null, {}, ''],
        ['malformed', 'nope', {}, ''],
        ['unknown', `sca_${'A'.repeat(32)}`, {}, ''],
        ['revoked', tokens.revoked, {}, ''],
        ['expired', tokens.expired, {}, ''],
        ['in the query', null, {}, `?access_token=${tokens.admin}`],
        ['in a cookie', null, { cookie: `token=${tokens.admin}` }, ''],
        ['as Basic', null, { authorization: `Basic ${Buffer.from(`x:${tokens.admin}`).toString('base64')}` }, ''],
      ] as const) {
        const res = await call(`/api/v1/applications${query}`, token, headers);
        assert.equal(res.status, 401, why);
        assert.match(res.type, /^application\/problem\+json/, why);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/, why);
        const body = problem.parse(res.json());
        assert.equal(body.code, 'UNAUTHORIZED', why);
      }
    });

    it('refuses a token without the route’s scope, naming the scope', async () => {
      const res = await call('/api/v1/applications', tokens.noScope, { 'accept-language': 'en' });
      assert.equal(res.status, 403);
      const body = problem.parse(res.json());
      assert.equal(body.code, 'INSUFFICIENT_SCOPE');
      assert.match(body.detail, /applications\.read/);
    });

    it('narrows a staff member’s token to what their role allows now', async () => {
      // The reviewer's token cannot be given audit.read; a lowered admin loses it at once.
      const db = app.server.database.db;
      const reviewer = await db
        .selectFrom('staff')
        .select('id')
        .where('email', '=', 'api-rev@centre.example.jp')
        .executeTakeFirstOrThrow();
      const refused = await createApiToken(db, 'test', {
        owner: { staffId: reviewer.id },
        name: 'x',
        scopes: ['audit.read'],
        days: 1,
      });
      assert.deepEqual(refused, { ok: false, problem: 'SCOPE_NOT_ALLOWED' });
      const tooLong = await createApiToken(db, 'test', {
        owner: { service: 'x-tool' },
        name: 'x',
        scopes: ['audit.read'],
        days: 366,
      });
      assert.deepEqual(tooLong, { ok: false, problem: 'LIFETIME' });
      assert.equal((await call('/api/v1/applications?limit=1', tokens.admin)).status, 200);
      await db
        .updateTable('staff')
        .set({ role: 'reviewer' })
        .where('email', '=', 'api-admin@centre.example.jp')
        .execute();
      try {
        assert.equal((await call('/api/v1/applications?limit=1', tokens.admin)).status, 200, 'applications.read stays');
        const scopes = await db.selectFrom('api_token').select('scopes').where('staff_id', 'is not', null).execute();
        assert.ok(
          scopes.some((s) => s.scopes.includes('audit.read')),
          'the stored scopes are unchanged',
        );
      } finally {
        await db
          .updateTable('staff')
          .set({ role: 'admin' })
          .where('email', '=', 'api-admin@centre.example.jp')
          .execute();
      }
      await db
        .updateTable('staff')
        .set({ disabled_at: new Date() })
        .where('email', '=', 'api-admin@centre.example.jp')
        .execute();
      try {
        assert.equal(
          (await call('/api/v1/applications?limit=1', tokens.admin)).status,
          401,
          'a disabled member’s token',
        );
      } finally {
        await db
          .updateTable('staff')
          .set({ disabled_at: null })
          .where('email', '=', 'api-admin@centre.example.jp')
          .execute();
      }
    });

    it('lists the queue in keyset pages, with its filters, and shows one application', async () => {
      const all: number[] = [];
      let after: string | null = null;
      do {
        const res = await call(`/api/v1/applications?limit=50${after ? `&after=${after}` : ''}`, tokens.service);
        assert.equal(res.status, 200);
        const page = applicationList.parse(res.json());
        all.push(...page.items.map((i) => i.id));
        after = page.next;
      } while (after);
      const db = app.server.database.db;
      const sent = await db.selectFrom('application').select('id').where('state', '!=', 'draft').execute();
      assert.equal(all.length, sent.length);
      assert.equal(new Set(all).size, all.length, 'no application twice across pages');

      const state = 'pledge_signed';
      const filtered = applicationList.parse(
        (await call(`/api/v1/applications?state=${state}&sort=oldest&limit=200`, tokens.service)).json(),
      );
      const expected = await db.selectFrom('application').select('id').where('state', '=', state).execute();
      assert.equal(filtered.items.length, expected.length);
      assert.ok(filtered.items.every((i) => i.state === state));
      const times = filtered.items.map((i) => i.submittedAt ?? '');
      assert.deepEqual(times, [...times].sort(), 'oldest first');

      const one = filtered.items[0];
      assert.ok(one);
      const res = await call(`/api/v1/applications/${one.id}`, tokens.reviewer);
      assert.equal(res.status, 200);
      const detail = applicationDetail.parse(res.json());
      assert.equal(detail.reference, one.reference);
      assert.equal(detail.state, state);
      assert.ok(detail.history.length > 0, 'its history');

      const draft = await db.selectFrom('application').select('id').where('state', '=', 'draft').executeTakeFirst();
      for (const id of [draft?.id ?? 999_999, 999_999]) {
        const missing = await call(`/api/v1/applications/${id}`, tokens.reviewer);
        assert.equal(missing.status, 404);
        assert.equal(problem.parse(missing.json()).code, 'NOT_FOUND');
      }
    });

    it('answers bad input with a 400 problem that says which value', async () => {
      for (const query of ['?limit=0', '?limit=abc', '?state=draft', '?from=2026-02-30', '?unknown=1', '?q=a%00b']) {
        const res = await call(`/api/v1/applications${query}`, tokens.service, { 'accept-language': 'en' });
        assert.equal(res.status, 400, query);
        const body = problem.parse(res.json());
        assert.ok(['INVALID_INPUT', 'CONTROL_CHARACTER'].includes(body.code), `${query}: ${body.code}`);
      }
      const res = await call('/api/v1/applications/abc', tokens.service);
      assert.equal(res.status, 400);
      const body = problem.parse(res.json());
      assert.equal(body.code, 'INVALID_INPUT');
      assert.ok(body.errors?.length, 'the refused values listed');
      // Unknown paths under /api are problems too, not the 404 page.
      const unknown = await call('/api/v1/nothing-here', tokens.service);
      assert.equal(unknown.status, 404);
      assert.match(unknown.type, /problem\+json/);
    });

    it('approves and rejects through the same use case as the console, once per version', async () => {
      const db = app.server.database.db;
      const ready = await db
        .selectFrom('application')
        .select(['id', 'version'])
        .where('state', '=', 'pledge_signed')
        .where('needs_screening', '=', false)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const path = `/api/v1/applications/${ready.id}/decision`;
      const badGroup = await call(
        path,
        tokens.decider,
        {},
        { version: ready.version, decision: 'approved', group: 'Root!' },
      );
      assert.equal(badGroup.status, 400);
      assert.deepEqual(
        problem.parse(badGroup.json()).errors?.map((e) => e.path),
        ['/group'],
      );
      const approved = await call(path, tokens.decider, {}, { version: ready.version, decision: 'approved' });
      assert.equal(approved.status, 200, approved.text);
      assert.deepEqual(approved.json(), { id: ready.id, state: 'approved', version: ready.version + 1 });
      const accounts = await db
        .selectFrom('account')
        .select(['uid', 'group_name'])
        .where('application_id', '=', ready.id)
        .execute();
      assert.ok(accounts.length >= 1, 'the accounts are recorded with the approval');
      const job = await db
        .selectFrom('job')
        .select('kind')
        .where('key', '=', `provision:${ready.id}`)
        .executeTakeFirst();
      assert.ok(job, 'and its provisioning job');
      const audit = await db
        .selectFrom('audit_log')
        .select('actor')
        .where('subject', '=', `application:${ready.id}`)
        .execute();
      assert.ok(
        audit.some((e) => /^token:\d+$/.test(e.actor)),
        'audited with the token',
      );
      // The same version again: someone (here, we) decided since.
      const again = await call(
        path,
        tokens.decider,
        {},
        { version: ready.version, decision: 'rejected', template: 'criteria' },
      );
      assert.equal(again.status, 409);
      assert.equal(problem.parse(again.json()).code, 'CONFLICT');

      const sent = await db
        .selectFrom('application')
        .select(['id', 'version'])
        .where('state', '=', 'submitted')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const sentPath = `/api/v1/applications/${sent.id}/decision`;
      const early = await call(sentPath, tokens.decider, {}, { version: sent.version, decision: 'approved' });
      assert.equal(early.status, 409, 'approval needs the pledge signed');
      const noReason = await call(sentPath, tokens.decider, {}, { version: sent.version, decision: 'rejected' });
      assert.equal(noReason.status, 400);
      assert.deepEqual(
        problem.parse(noReason.json()).errors?.map((e) => e.path),
        ['/reason'],
      );
      const unknownField = await call(
        sentPath,
        tokens.decider,
        {},
        { version: sent.version, decision: 'rejected', extra: 1 },
      );
      assert.equal(unknownField.status, 400);
      const rejected = await call(
        sentPath,
        tokens.decider,
        {},
        { version: sent.version, decision: 'rejected', template: 'purpose', reason: '理由' },
      );
      assert.equal(rejected.status, 200, rejected.text);
      const event = await db
        .selectFrom('application_event')
        .select(['to_state', 'note'])
        .where('application_id', '=', sent.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(event.to_state, 'rejected');
      assert.match(event.note ?? '', /purpose of use[\s\S]*理由/);
      const missing = await call(
        '/api/v1/applications/999999/decision',
        tokens.decider,
        {},
        { version: 1, decision: 'approved' },
      );
      assert.equal(missing.status, 404);
    });

    it('sends the pledge links as the console does, again with the new version, never on a stale one', async () => {
      const db = app.server.database.db;
      const sender = await make({ service: 'pledge-sender' }, ['pledge.send']);
      const sent = await db
        .selectFrom('application')
        .select(['id', 'version'])
        .where('state', '=', 'submitted')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const path = `/api/v1/applications/${sent.id}/pledge`;
      const first = await call(path, sender, {}, { version: sent.version });
      assert.equal(first.status, 200, first.text);
      const body = pledgeResult.parse(first.json());
      assert.equal(body.version, sent.version + 1);
      assert.ok(body.sentTo.length >= 1);
      assert.equal((await call(path, sender, {}, { version: sent.version })).status, 409, 'the version it had');
      assert.equal((await call(path, sender, {}, { version: body.version })).status, 200, 'sent again');
      const rejected = await db
        .selectFrom('application')
        .select(['id', 'version'])
        .where('state', '=', 'rejected')
        .executeTakeFirstOrThrow();
      assert.equal(
        (await call(`/api/v1/applications/${rejected.id}/pledge`, sender, {}, { version: rejected.version })).status,
        409,
      );
      assert.equal((await call('/api/v1/applications/999999/pledge', sender, {}, { version: 1 })).status, 404);
      const audit = await db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', `application:${sent.id}`)
        .execute();
      assert.deepEqual(
        audit.map((e) => e.action),
        ['pledge.sent', 'pledge.resent'],
      );
    });

    it('logs every call with its token and keeps the token’s last use', async () => {
      await app.server.app.inject({ method: 'GET', url: '/readyz' });
      // The log is written in batches: close() or the next second writes it.
      await new Promise((r) => setTimeout(r, 1500));
      const db = app.server.database.db;
      const rows = await db
        .selectFrom('api_call')
        .innerJoin('api_token', 'api_token.id', 'api_call.token_id')
        .select(['api_token.service_account', 'api_call.route', 'api_call.status', 'api_call.method'])
        .execute();
      assert.ok(
        rows.some((r) => r.service_account === 'monitoring' && r.route === '/api/v1/applications' && r.status === 200),
      );
      assert.ok(
        rows.some((r) => r.service_account === 'scheduler' && r.status === 403),
        'refused calls are logged',
      );
      assert.ok(!rows.some((r) => r.service_account === 'old-tool'), 'a revoked token makes no call');
      const used = await db.selectFrom('api_token').select(['service_account', 'last_used_at']).execute();
      assert.ok(used.find((u) => u.service_account === 'monitoring')?.last_used_at);
      assert.equal(used.find((u) => u.service_account === 'old-tool')?.last_used_at, null);
      const stored = await db.selectFrom('api_token').select('token_hash').execute();
      assert.ok(
        stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash)),
        'only hashes are kept',
      );
      assert.ok(!JSON.stringify(app.logs).includes(tokens.service), 'no token in the log');
    });

    it('walks every route of the document without a token, with bad input, and with a token of each scope: only the route’s own scope passes', async () => {
      const doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as {
        paths: Record<
          string,
          Record<string, { 'x-scope'?: string; parameters?: { in: string }[]; requestBody?: unknown }>
        >;
      };
      const byScope = new Map<string, string>();
      for (const scope of apiScopes)
        byScope.set(scope, await make({ service: `walk-${scope.replace('.', '-').toLowerCase()}` }, [scope]));
      const body = { version: 0, decision: 'rejected', template: 'criteria' };
      const good = { id: '999999', year: '2027', fiscalYear: '2027', group: 'no-such-lab' };
      let walked = 0;
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const scope = op['x-scope'];
          assert.ok(scope && isApiScope(scope), `${method} ${path} names a scope`);
          const fill = (p: string) =>
            p.replace(/\{(id|year|fiscalYear|group)\}/g, (_, name: string) => good[name as keyof typeof good]);
          const url = `/api/v1${fill(path)}`;
          const post = method === 'post' ? body : undefined;
          assert.equal((await call(url, null, {}, post)).status, 401, `${method} ${path} without a token`);
          // A value the schema refuses: an unknown query key, an id or a group that is not one, an empty body.
          const bad = /\{(id|year|fiscalYear|group)\}/.test(path)
            ? `/api/v1${fill(path.replace(/\{(id|year|fiscalYear|group)\}/, (_, name: string) => (name === 'group' ? 'Not_A_Group' : 'abc')))}`
            : op.parameters?.some((p) => p.in === 'query')
              ? `${url}?zz=1`
              : undefined;
          if (bad || op.requestBody) {
            const res = await call(bad ?? url, byScope.get(scope), {}, method === 'post' ? {} : undefined);
            assert.equal(res.status, 400, `${method} ${path} with bad input`);
          }
          for (const [other, token] of byScope) {
            const res = await call(url, token, {}, post);
            if (other === scope)
              assert.ok(![401, 403].includes(res.status), `${method} ${path} with ${other}: ${res.status}`);
            else assert.equal(res.status, 403, `${method} ${path} with ${other}`);
            walked++;
          }
        }
      }
      assert.equal(walked, Object.values(doc.paths).flatMap((m) => Object.keys(m)).length * apiScopes.length);
    });

    it('comments, assigns, asks for information and records the screening as the console does; a person’s judgement needs a staff member’s token', async () => {
      const db = app.server.database.db;
      const admin = await db
        .selectFrom('staff')
        .select('id')
        .where('email', '=', 'api-admin@centre.example.jp')
        .executeTakeFirstOrThrow();
      const scopes = [
        'applications.read',
        'applications.comment',
        'applications.assign',
        'applications.requestInformation',
        'screening.decide',
      ];
      const person = await make({ staffId: admin.id }, scopes);
      const robot = await make({ service: 'review-bot' }, scopes);
      const pick = (state: string) =>
        db
          .selectFrom('application')
          .select(['id', 'version', 'assigned_to'])
          .where('state', '=', state as never)
          .orderBy('id')
          .executeTakeFirstOrThrow();
      const inScreening = await pick('screening');
      const waiting = await pick('submitted');
      const at = (id: number, what: string) => `/api/v1/applications/${id}/${what}`;

      // A comment: a person's, never a service account's.
      const refused = await call(at(waiting.id, 'comment'), robot, {}, { comment: 'looks fine' });
      assert.equal(refused.status, 403);
      assert.equal(problem.parse(refused.json()).code, 'STAFF_ONLY');
      assert.equal((await call(at(999999, 'comment'), robot, {}, { comment: 'x' })).status, 404);
      const empty = await call(at(waiting.id, 'comment'), person, {}, { comment: ' ' });
      assert.deepEqual(
        problem.parse(empty.json()).errors?.map((e) => e.path),
        ['/comment'],
      );
      const commented = await call(at(waiting.id, 'comment'), person, {}, { comment: '所属を確認済み' });
      assert.equal(commented.status, 200, commented.text);
      const comments = await db
        .selectFrom('application_comment')
        .selectAll()
        .where('application_id', '=', waiting.id)
        .execute();
      assert.deepEqual(
        comments.map((c) => [c.staff_id, c.body]),
        [[admin.id, '所属を確認済み']],
      );

      // The assignment: a service account may sort the queue.
      const assigned = await call(at(waiting.id, 'assignment'), robot, {}, { staff: admin.id });
      assert.equal(assigned.status, 200, assigned.text);
      assert.equal((await pick('submitted')).assigned_to, admin.id);
      assert.equal((await call(at(999999, 'assignment'), robot, {}, { staff: null })).status, 404);
      const unknown = { version: 0, message: '?', steps: ['affiliation'] };
      assert.equal((await call(at(999999, 'request-information'), person, {}, unknown)).status, 404);
      const nothing = { version: 0, cleared: false, checklist: [], reason: '?' };
      assert.equal((await call(at(999999, 'screening'), person, {}, nothing)).status, 404);
      const nobody = await call(at(waiting.id, 'assignment'), robot, {}, { staff: 999999 });
      assert.deepEqual(
        problem.parse(nobody.json()).errors?.map((e) => e.path),
        ['/staff'],
      );

      // A request for information: the steps named, the mail with the link, the version moves on.
      const noSteps = await call(
        at(waiting.id, 'request-information'),
        person,
        {},
        { version: waiting.version, message: '?', steps: [] },
      );
      assert.deepEqual(
        problem.parse(noSteps.json()).errors?.map((e) => e.path),
        ['/steps'],
      );
      const asked = await call(
        at(waiting.id, 'request-information'),
        person,
        {},
        { version: waiting.version, message: '所属の証明をお送りください', steps: ['affiliation'] },
      );
      assert.equal(asked.status, 200, asked.text);
      assert.deepEqual(reviewResult.parse(asked.json()), {
        id: waiting.id,
        state: 'information_requested',
        version: waiting.version + 1,
      });
      const again = await call(
        at(waiting.id, 'request-information'),
        person,
        {},
        { version: waiting.version, message: 'again', steps: ['affiliation'] },
      );
      assert.equal(again.status, 409);

      // The screening: cleared needs the whole checklist.
      const partial = await call(
        at(inScreening.id, 'screening'),
        person,
        {},
        { version: inScreening.version, cleared: true, checklist: ['residence'], reason: '確認済み' },
      );
      assert.deepEqual(
        problem.parse(partial.json()).errors?.map((e) => e.path),
        ['/cleared'],
      );
      const all = ['residence', 'specificCategories', 'career', 'employment', 'period'];
      const byRobot = await call(
        at(inScreening.id, 'screening'),
        robot,
        {},
        { version: inScreening.version, cleared: true, checklist: all, reason: 'ok' },
      );
      assert.equal(problem.parse(byRobot.json()).code, 'STAFF_ONLY');
      const cleared = await call(
        at(inScreening.id, 'screening'),
        person,
        {},
        { version: inScreening.version, cleared: true, checklist: all, reason: '該当なし' },
      );
      assert.equal(cleared.status, 200, cleared.text);
      assert.equal(reviewResult.parse(cleared.json()).version, inScreening.version + 1);
      const twice = await call(
        at(inScreening.id, 'screening'),
        person,
        {},
        { version: inScreening.version, cleared: false, checklist: [], reason: 'x' },
      );
      assert.equal(twice.status, 409);
      const screening = await db
        .selectFrom('screening')
        .selectAll()
        .where('application_id', '=', inScreening.id)
        .execute();
      assert.deepEqual(
        screening.map((x) => [x.staff_id, x.cleared]),
        [[admin.id, true]],
      );
      const audited = await db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', 'in', [`application:${waiting.id}`, `application:${inScreening.id}`])
        .where('actor', 'like', 'token:%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audited.map((a) => a.action),
        ['application.commented', 'application.assigned', 'information.requested', 'screening.cleared'],
      );
    });

    it('reads accounts with their keys, lock and history, and the holders’ requests', async () => {
      const db = app.server.database.db;
      await drainJobs(app);
      const account = await db.selectFrom('account').selectAll().orderBy('id').executeTakeFirstOrThrow();
      const list = accountList.parse(
        (await call(`/api/v1/accounts?division=${account.division}&limit=500`, tokens.service)).json(),
      );
      assert.ok(list.items.some((a) => a.uid === account.uid));
      assert.ok(list.items.every((a) => a.division === account.division));
      const byName = accountList.parse((await call(`/api/v1/accounts?uid=${account.uid}`, tokens.service)).json());
      assert.ok(byName.items.every((a) => a.uid.startsWith(account.uid)));
      const one = await call(`/api/v1/accounts/${account.id}`, tokens.service);
      assert.equal(one.status, 200, one.text);
      const detail = accountDetail.parse(one.json());
      assert.equal(detail.uid, account.uid);
      assert.equal(detail.history[0]?.to, 'provisioning', 'its history starts when it is made');
      assert.equal((await call('/api/v1/accounts/999999', tokens.service)).status, 404);

      const made = await db.transaction().execute((trx) =>
        createRequest(trx, {
          applicationId: account.application_id,
          accountId: account.id,
          data: { kind: 'reissue', message: '証明書を紛失しました' },
        }),
      );
      const requests = requestList.parse((await call('/api/v1/requests?kind=reissue', tokens.service)).json());
      assert.deepEqual(
        requests.items.map((r) => [r.id, r.account]),
        [[made.id, account.uid]],
      );
      const shown = requestDetail.parse((await call(`/api/v1/requests/${made.id}`, tokens.service)).json());
      assert.equal(shown.data.message, '証明書を紛失しました');
      assert.equal(shown.history[0]?.to, 'submitted');
      assert.equal((await call('/api/v1/requests/999999', tokens.service)).status, 404);
    });

    it('locks an active account and lifts a staff lock, through the console’s use case', async () => {
      const db = app.server.database.db;
      await drainJobs(app);
      const locker = await make({ service: 'security-desk' }, ['accounts.lock']);
      const account = await db
        .selectFrom('account')
        .select(['id', 'uid', 'division'])
        .where('state', '=', 'active')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const at = (what: string, id = account.id) => `/api/v1/accounts/${id}/${what}`;
      const blank = await call(at('lock'), locker, {}, { reason: '  ' });
      assert.equal(blank.status, 400);
      assert.deepEqual(
        problem.parse(blank.json()).errors?.map((e) => e.path),
        ['/reason'],
      );
      assert.equal((await call(at('unlock'), locker, {}, {})).status, 409, 'not locked');
      const locked = await call(at('lock'), locker, {}, { reason: '鍵の漏えいの疑い' });
      assert.equal(locked.status, 200, locked.text);
      assert.deepEqual(lockResult.parse(locked.json()), {
        id: account.id,
        uid: account.uid,
        state: 'locked',
        lockedReason: 'staff',
      });
      assert.equal((await call(at('lock'), locker, {}, { reason: 'again' })).status, 409);
      assert.equal((await call(at('lock', 999999), locker, {}, { reason: 'x' })).status, 404);
      assert.equal((await call(at('unlock', 999999), locker, {}, {})).status, 404);
      const unlocked = await call(at('unlock'), locker, {}, {});
      assert.equal(lockResult.parse(unlocked.json()).state, 'active');

      // A key revoked: out of the directory's list even when it is the last.
      const holder = await db.selectFrom('account').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
      const keyDeps = { db, outbox: app.server.app.deps.outbox, pokeJobs: () => {} };
      for (const type of ['ed25519', 'ecdsa'] as const)
        assert.ok((await addHolderKey(keyDeps, holder, keyPair(type).publicKey)).ok);
      await drainJobs(app);
      const before = accountDetail.parse((await call(`/api/v1/accounts/${account.id}`, tokens.service)).json());
      const key = before.sshKeys.find((k) => k.state !== 'removing');
      assert.ok(key, 'the account has a key');
      const badPrint = await call(at('revoke-key'), locker, {}, { fingerprint: 'MD5:00' });
      assert.equal(badPrint.status, 400);
      const revoked = await call(at('revoke-key'), locker, {}, { fingerprint: key.fingerprint });
      assert.equal(revoked.status, 200, revoked.text);
      assert.deepEqual(revokeKeyResult.parse(revoked.json()), {
        accountId: account.id,
        fingerprint: key.fingerprint,
        keysLeft: before.sshKeys.filter((k) => k.state !== 'removing').length - 1,
      });
      assert.equal((await call(at('revoke-key'), locker, {}, { fingerprint: key.fingerprint })).status, 409);
      const last = before.sshKeys.find((k) => k.state !== 'removing' && k.fingerprint !== key.fingerprint);
      assert.ok(last);
      const lastGone = await call(at('revoke-key'), locker, {}, { fingerprint: last.fingerprint });
      assert.equal(revokeKeyResult.parse(lastGone.json()).keysLeft, 0, 'staff may revoke the last key');
      assert.equal((await call(at('revoke-key', 999999), locker, {}, { fingerprint: key.fingerprint })).status, 404);
      await drainJobs(app);
      const inDirectory = await app.server.app.deps.directories[account.division].getUser(account.uid);
      assert.deepEqual(inDirectory?.sshPublicKeys, [], 'the directory no longer has the keys');
      const history = accountDetail.parse(
        (await call(`/api/v1/accounts/${account.id}`, tokens.service)).json(),
      ).history;
      assert.deepEqual(
        history.slice(-2).map((h) => [h.to, h.reason, h.actor.startsWith('token:')]),
        [
          ['locked', 'staff', true],
          ['active', null, true],
        ],
      );
    });

    it('runs failed provisioning again and records a certificate posted', async () => {
      const db = app.server.database.db;
      await drainJobs(app);
      const admin = await db
        .selectFrom('staff')
        .select('id')
        .where('email', '=', 'api-admin@centre.example.jp')
        .executeTakeFirstOrThrow();
      const person = await make({ staffId: admin.id }, ['accounts.provision']);
      const robot = await make({ service: 'provisioner' }, ['accounts.provision']);
      const done = await db
        .selectFrom('application')
        .select('id')
        .where('state', '=', 'provisioned')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const at = (what: string, id = done.id) => `/api/v1/applications/${id}/${what}`;
      assert.equal((await call(at('provisioning/retry'), robot, {}, {})).status, 409, 'provisioning did not fail');
      await sql`update job set state = 'failed' where key = ${`provision:${done.id}`}`.execute(db);
      const retried = await call(at('provisioning/retry'), robot, {}, {});
      assert.equal(retried.status, 200, retried.text);
      assert.equal((await call(at('provisioning/retry', 999999), robot, {}, {})).status, 404);
      await drainJobs(app);

      const byRobot = await call(at('certificate/posted'), robot, {}, {});
      assert.equal(problem.parse(byRobot.json()).code, 'STAFF_ONLY');
      const posted = await call(at('certificate/posted'), person, {}, {});
      assert.equal(posted.status, 200, posted.text);
      assert.deepEqual(posted.json(), { id: done.id, state: 'issued' });
      assert.equal((await call(at('certificate/posted'), person, {}, {})).status, 409, 'posted once');
      assert.equal((await call(at('certificate/posted', 999999), person, {}, {})).status, 404);
      await mailsTo(
        app,
        (await db.selectFrom('application').select('email').where('id', '=', done.id).executeTakeFirstOrThrow()).email,
      );
    });

    it('asks about, sends the pledge of and decides holders’ requests as the console does', async () => {
      const db = app.server.database.db;
      const actor = await make({ service: 'request-desk' }, [
        'applications.read',
        'applications.requestInformation',
        'applications.decide',
        'pledge.send',
      ]);
      const account = await db.selectFrom('account').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      const change = await db.transaction().execute((trx) =>
        createRequest(trx, {
          applicationId: account.application_id,
          accountId: account.id,
          data: { kind: 'modification', changes: [{ field: 'department', before: null, after: 'Lab B' }] },
        }),
      );
      const holder = await db
        .selectFrom('application')
        .select('email')
        .where('id', '=', account.application_id)
        .executeTakeFirstOrThrow();
      const mailed = (await mailsTo(app, holder.email, 0)).length;
      const path = (what: string, id = change.id) => `/api/v1/requests/${id}/${what}`;
      const tooLong = await call(
        path('request-information'),
        actor,
        {},
        { version: change.version, question: 'x'.repeat(2001) },
      );
      assert.equal(tooLong.status, 400, tooLong.text);
      assert.equal(problem.parse(tooLong.json()).errors?.[0]?.path, '/question');
      const asked = await call(
        path('request-information'),
        actor,
        {},
        { version: change.version, question: '新しい所属の証明を' },
      );
      assert.equal(asked.status, 200, asked.text);
      assert.deepEqual(requestMoveResult.parse(asked.json()), {
        id: change.id,
        state: 'information_requested',
        version: change.version + 1,
      });
      const stale = await call(path('decision'), actor, {}, { version: change.version, decision: 'approved' });
      assert.equal(stale.status, 409, 'a decision on what the caller has not seen');
      const pledge = await call(path('pledge'), actor, {}, { version: change.version + 1 });
      assert.equal(pledge.status, 409, 'only a Manager Modification has a pledge');
      const noReason = await call(path('decision'), actor, {}, { version: change.version + 1, decision: 'rejected' });
      assert.equal(noReason.status, 400);
      assert.equal(problem.parse(noReason.json()).errors?.[0]?.path, '/reason');
      const decided = await call(
        path('decision'),
        actor,
        {},
        { version: change.version + 1, decision: 'rejected', reason: '証明が届きません' },
      );
      assert.equal(decided.status, 200, decided.text);
      assert.equal(requestMoveResult.parse(decided.json()).state, 'rejected');
      assert.equal((await call(path('decision', 999999), actor, {}, { version: 0, decision: 'approved' })).status, 404);
      assert.equal((await call(path('pledge', 999999), actor, {}, { version: 0 })).status, 404);

      // A Manager Modification: the new responsible person's pledge, then the approval once it is signed.
      const manager = await db.transaction().execute((trx) =>
        createRequest(trx, {
          applicationId: account.application_id,
          accountId: account.id,
          data: {
            kind: 'manager',
            responsible: {
              same_as_applicant: false,
              family_name: 'Sato',
              given_name: 'Hanako',
              email: 'sato@lab.example.ac.jp',
            },
            before: { name: 'Old Person', email: 'old@lab.example.ac.jp' },
          },
        }),
      );
      const early = await call(
        path('decision', manager.id),
        actor,
        {},
        { version: manager.version, decision: 'approved', group: 'satolab' },
      );
      assert.equal(early.status, 409, 'not before the pledge is signed');
      const sent = await call(path('pledge', manager.id), actor, {}, { version: manager.version });
      assert.equal(sent.status, 200, sent.text);
      assert.equal(requestMoveResult.parse(sent.json()).version, manager.version + 1);
      assert.equal(
        (await mailsTo(app, 'sato@lab.example.ac.jp')).length,
        1,
        'the new responsible person is asked to sign',
      );
      const badGroup = await call(
        path('decision', manager.id),
        actor,
        {},
        { version: manager.version + 1, decision: 'approved', group: 'Root!' },
      );
      assert.equal(badGroup.status, 400);
      assert.deepEqual(
        problem.parse(badGroup.json()).errors?.map((e) => e.path),
        ['/group'],
      );
      const unknown = await call(path('request-information', 999999), actor, {}, { version: 0, question: '?' });
      assert.equal(unknown.status, 404);
      const again = await call(path('request-information'), actor, {}, { version: change.version, question: '?' });
      assert.equal(again.status, 409, 'a question on a decided request');
      const history = requestDetail.parse((await call(`/api/v1/requests/${change.id}`, actor)).json()).history;
      assert.deepEqual(
        history.map((h) => h.to),
        ['submitted', 'information_requested', 'rejected'],
      );
      const audited = await db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('subject', '=', `request:${change.id}`)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audited.map((a) => a.action),
        ['account_request.information_requested', 'account_request.rejected'],
      );
      assert.ok(
        audited.every((a) => a.actor.startsWith('token:')),
        JSON.stringify(audited),
      );
      const mails = await mailsTo(app, holder.email, mailed + 2);
      assert.equal(mails.length, mailed + 2, 'the holder hears of the question and the decision');
    });

    it('closes the application system for a period and suspends a service, as the settings do', async () => {
      const admin = await make({ service: 'maintenance' }, ['settings.manage']);
      const backwards = await call(
        '/api/v1/notices/closures',
        admin,
        {},
        {
          startsAt: '2027-01-05T09:00:00+09:00',
          endsAt: '2027-01-04T09:00:00+09:00',
          reasonJa: '保守',
          reasonEn: 'Maintenance',
        },
      );
      assert.equal(backwards.status, 400);
      assert.deepEqual(
        problem.parse(backwards.json()).errors?.map((e) => e.path),
        ['/endsAt'],
      );
      const closed = await call(
        '/api/v1/notices/closures',
        admin,
        {},
        {
          startsAt: '2027-01-04T09:00:00+09:00',
          endsAt: '2027-01-05T09:00:00+09:00',
          reasonJa: '定期保守',
          reasonEn: 'Scheduled maintenance',
          loginsAllowed: false,
        },
      );
      assert.equal(closed.status, 200, closed.text);
      const closure = noticeList.parse(closed.json()).closures.find((c) => c.reasonEn === 'Scheduled maintenance');
      assert.ok(closure);
      assert.equal(closure.startsAt, '2027-01-04T00:00:00.000Z');
      assert.equal(closure.loginsAllowed, false);
      const removed = await call(`/api/v1/notices/closures/${closure.id}/remove`, admin, {}, {});
      assert.ok(!noticeList.parse(removed.json()).closures.some((c) => c.id === closure.id));
      assert.equal((await call(`/api/v1/notices/closures/${closure.id}/remove`, admin, {}, {})).status, 404);

      const silent = await call('/api/v1/notices/services/pg', admin, {}, { accepting: false });
      assert.deepEqual(
        problem.parse(silent.json()).errors?.map((e) => e.path),
        ['/noticeJa', '/noticeEn'],
      );
      const suspended = await call(
        '/api/v1/notices/services/pg',
        admin,
        {},
        {
          accepting: false,
          noticeJa: '受付を一時停止しています',
          noticeEn: 'Applications are paused',
          url: 'https://centre.example.jp/news/1',
        },
      );
      assert.equal(suspended.status, 200, suspended.text);
      const pg = noticeList.parse(suspended.json()).services.find((x) => x.service === 'pg');
      assert.deepEqual([pg?.accepting, pg?.noticeEn], [false, 'Applications are paused']);
      const resumed = await call('/api/v1/notices/services/pg', admin, {}, { accepting: true });
      assert.equal(noticeList.parse(resumed.json()).services.find((x) => x.service === 'pg')?.accepting, true);
      const audited = await app.server.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'settings.%')
        .where('actor', 'like', 'token:%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audited.map((a) => a.action),
        [
          'settings.closure.added',
          'settings.closure.removed',
          'settings.service.suspended',
          'settings.service.resumed',
        ],
      );
    });

    it('reads the audit log and checks its chain, the staff and the notices', async () => {
      const admin = await make({ service: 'auditor' }, ['audit.read', 'staff.manage', 'applications.read']);
      const page = await call('/api/v1/audit?action=api_token.&limit=5', admin);
      assert.equal(page.status, 200);
      const entries = auditEntries.parse(page.json());
      assert.equal(entries.items.length, 5);
      assert.ok(entries.items.every((e) => e.action.startsWith('api_token.')));
      const next = auditEntries.parse(
        (await call(`/api/v1/audit?action=api_token.&limit=5&before=${entries.next}`, admin)).json(),
      );
      assert.ok(next.items.every((e) => BigInt(e.id) < BigInt(entries.items.at(-1)?.id ?? '0')));
      const verified = auditVerification.parse((await call('/api/v1/audit/verify', admin)).json());
      assert.equal(verified.whole, true);
      assert.ok(verified.entries > 10);
      const staff = staffList.parse((await call('/api/v1/staff', admin)).json());
      assert.deepEqual(staff.items.map((p) => p.email).sort(), [
        'api-admin@centre.example.jp',
        'api-rev@centre.example.jp',
      ]);
      const renewal = renewalStatus.parse((await call('/api/v1/renewal/2026', admin)).json());
      assert.equal(renewal.fiscalYear, 2026);
      assert.equal(
        Object.values(renewal.counts).reduce((a, b) => a + b, 0),
        renewal.holders.length,
      );
      const notices = noticeList.parse((await call('/api/v1/notices', admin)).json());
      assert.ok(notices.services.some((x) => x.service === 'ga_account'));
    });

    it('keeps usage plans, prices, bundles and statements through the console’s use cases', async () => {
      const deps = useCaseDeps(app.server.app);
      const fy = fiscalYearOf(new Date());
      const today = centreDayOf(new Date());
      const { last } = fiscalYearDays(fy);
      const reader = await make({ service: 'plan-reader' }, ['plans.read']);
      const decider = await make({ service: 'plan-decider' }, ['plans.read', 'plans.decide']);
      const admin = await make({ service: 'billing-admin' }, ['billing.manage', 'plans.read']);
      const [person, user] = await seedPlanGroup(app.server.database, 'plan-lab', 2, `${fy}-04-01`);
      // A group already using PG may ask for PG storage while new PG use is closed.
      await givePgAccount(app.server.database, 'plan-lab', user as { id: number; uid: string });
      await seedPlanGroup(app.server.database, 'plan-lab2', 1, `${fy}-04-01`);
      assert.ok(person && user);

      // The year's prices: the first from April 1; a price table read back; a year without one.
      const prices = {
        fiscalYear: fy,
        startsOn: `${fy}-04-01`,
        gaFreeTenths: 300,
        storage: { ga: 40_000, pg: 60_000, archive: 10_000 },
        services: {},
        taxPercent: 10,
      };
      const notApril = await call('/api/v1/billing/prices', admin, {}, { ...prices, startsOn: `${fy}-05-01` });
      assert.equal(notApril.status, 400);
      assert.deepEqual(
        problem.parse(notApril.json()).errors?.map((e) => e.path),
        ['/startsOn'],
      );
      const set = await call('/api/v1/billing/prices', admin, {}, prices);
      assert.equal(set.status, 200, set.text);
      const table = priceTableRecord.parse(set.json());
      assert.deepEqual(table.revisions[0]?.storage, prices.storage);
      assert.deepEqual(priceTableRecord.parse((await call(`/api/v1/billing/prices/${fy}`, reader)).json()), table);
      const none = await call(`/api/v1/billing/prices/${fy + 5}`, reader, { 'accept-language': 'en' });
      assert.equal(none.status, 404);
      assert.equal(problem.parse(none.json()).title, 'The fiscal year has no prices');

      const gpu = { code: 'gpu_node', nameJa: 'GPU ノード', nameEn: 'GPU node', unitJa: '台', unitEn: 'node' };
      const added = await call('/api/v1/billing/catalogue', admin, {}, gpu);
      assert.deepEqual(catalogueRecord.parse(added.json()), { ...gpu, active: true });
      assert.equal((await call('/api/v1/billing/catalogue', admin, {}, { ...gpu, code: 'GPU' })).status, 400);

      const marked = await call('/api/v1/usage-plans/plan-lab/large-scale', decider, {}, { largeScale: true });
      assert.equal(planRecord.parse(marked.json()).largeScale, true);
      assert.equal(
        (await call('/api/v1/usage-plans/no-such-lab/large-scale', decider, {}, { largeScale: true })).status,
        404,
      );

      // The responsible person files a version; staff read the queue and the plan, and decide.
      const storage = (gaTenths: number) => [
        { scope: 'user' as const, subject: user.uid, kind: 'ga' as const, tenths: gaTenths },
        { scope: 'user' as const, subject: user.uid, kind: 'pg' as const, tenths: 150 },
      ];
      const filed = await fileUsagePlan(deps, person.id, 'plan-lab', {
        purpose: 'Assemblies of rice accessions',
        from: today,
        to: last,
        storage: storage(200),
      });
      assert.ok(filed.ok, JSON.stringify(filed));
      const queue = planQueue.parse((await call('/api/v1/usage-plans', reader)).json());
      assert.deepEqual(
        queue.items.map((i) => [i.id, i.group, i.state]),
        [[filed.version.id, 'plan-lab', 'submitted']],
      );
      assert.equal((await call('/api/v1/usage-plans?state=nonsense', reader)).status, 400);
      const plan = planRecord.parse((await call('/api/v1/usage-plans/plan-lab', reader)).json());
      const version = plan.versions[0];
      assert.ok(version);
      assert.deepEqual(version.content.storage, storage(200));
      assert.equal((await call('/api/v1/usage-plans/no-such-lab', reader)).status, 404);

      const decide = (id: number, body: Record<string, unknown>) =>
        call(`/api/v1/usage-plans/versions/${id}/decision`, decider, {}, body);
      const noMessage = await decide(version.id, { rowVersion: version.rowVersion, decision: 'changes_requested' });
      assert.deepEqual(
        problem.parse(noMessage.json()).errors?.map((e) => e.path),
        ['/message'],
      );
      const stale = await decide(version.id, { rowVersion: version.rowVersion + 1, decision: 'approved' });
      assert.equal(problem.parse(stale.json()).code, 'CONFLICT');
      assert.equal((await decide(999_999, { rowVersion: 0, decision: 'approved' })).status, 404);
      const approved = await decide(version.id, { rowVersion: version.rowVersion, decision: 'approved' });
      assert.equal(approved.status, 200, approved.text);
      const decided = planVersionRecord.parse(approved.json());
      assert.deepEqual(
        decided.events.map((e) => e.to),
        ['submitted', 'approved'],
      );
      assert.match(decided.decidedBy ?? '', /^token:\d+$/);

      // 5 TB in use: a version lowering the user's GA quota to 2 TB is held until staff confirm.
      const lower = await fileUsagePlan(deps, person.id, 'plan-lab', {
        purpose: 'Assemblies of rice accessions',
        from: today,
        to: last,
        storage: storage(20),
      });
      assert.ok(lower.ok);
      const held = await decide(lower.version.id, { rowVersion: lower.version.row_version, decision: 'approved' });
      assert.equal(held.status, 409);
      const heldProblem = problem.parse(held.json());
      assert.equal(heldProblem.code, 'BELOW_USAGE');
      assert.deepEqual(heldProblem.lowered, [
        { scope: 'user', subject: user.uid, kind: 'ga', fromBytes: 20 * TB, toBytes: 2 * TB, usedBytes: 5 * TB },
      ]);
      const confirmed = await decide(lower.version.id, {
        rowVersion: lower.version.row_version,
        decision: 'approved',
        confirmLower: true,
      });
      assert.equal(confirmed.status, 200, confirmed.text);

      // The statement: GA within the free 30 TB; 15 TB of PG is two blocks from today, prorated.
      const own = await call(`/api/v1/billing/statements/${fy}/plan-lab`, reader);
      assert.equal(own.status, 200, own.text);
      const statement = groupStatementRecord.parse(own.json());
      const pg = statement.statement.lines.find((l) => l.item.type === 'storage' && l.item.kind === 'pg');
      assert.ok(pg);
      assert.deepEqual([pg.from, pg.to, pg.quantity, pg.units], [today, last, 150, 2]);
      assert.equal(pg.exactNumerator, String(2 * 60_000 * pg.days));
      assert.equal(Math.floor(Number(pg.exact)), Math.floor((2 * 60_000 * pg.days) / pg.daysInYear));
      assert.ok(
        statement.statement.lines.every(
          (l) => l.item.type === 'storage' && (l.amount === 0) === (l.item.kind === 'ga'),
        ),
      );
      assert.equal(statement.statement.total, statement.statement.subtotal + statement.statement.tax);
      const all = statementList.parse((await call(`/api/v1/billing/statements/${fy}`, reader)).json());
      assert.deepEqual(
        all.items.find((i) => i.group === 'plan-lab'),
        statement,
      );
      assert.equal((await call(`/api/v1/billing/statements/${fy}/no-such-lab`, reader)).status, 404);
      assert.equal((await call(`/api/v1/billing/statements/${fy + 5}`, reader)).status, 404);

      // Two groups charged together: the statement shows the bundle's.
      const unknown = await call(
        '/api/v1/billing/bundles',
        admin,
        {},
        {
          secondaryGroup: 'plan-consortium',
          members: ['plan-lab', 'nobody-lab'],
        },
      );
      assert.deepEqual(
        problem.parse(unknown.json()).errors?.map((e) => e.path),
        ['/members'],
      );
      const bundled = await call(
        '/api/v1/billing/bundles',
        admin,
        {},
        {
          secondaryGroup: 'plan-consortium',
          members: ['plan-lab2', 'plan-lab'],
        },
      );
      assert.deepEqual(bundleList.parse(bundled.json()).items, [
        { secondaryGroup: 'plan-consortium', members: ['plan-lab', 'plan-lab2'] },
      ]);
      const part = groupStatementRecord.parse((await call(`/api/v1/billing/statements/${fy}/plan-lab`, reader)).json());
      assert.deepEqual(part.bundle?.members, ['plan-lab', 'plan-lab2']);

      // Next year a plan books a GPU node its prices leave out: its charges cannot be worked out.
      const next = await call(
        '/api/v1/billing/prices',
        admin,
        {},
        {
          ...prices,
          fiscalYear: fy + 1,
          startsOn: `${fy + 1}-04-01`,
        },
      );
      assert.equal(next.status, 200, next.text);
      const booked = await fileUsagePlan(deps, person.id, 'plan-lab', {
        purpose: 'Assemblies of rice accessions',
        from: `${fy + 1}-04-01`,
        to: `${fy + 1}-09-30`,
        storage: storage(20),
        services: [{ code: 'gpu_node', quantity: 1 }],
      });
      assert.ok(booked.ok, JSON.stringify(booked));
      const approvedNext = await decide(booked.version.id, {
        rowVersion: booked.version.row_version,
        decision: 'approved',
      });
      assert.equal(approvedNext.status, 200, approvedNext.text);
      for (const path of [`/billing/statements/${fy + 1}`, `/billing/statements/${fy + 1}/plan-lab`]) {
        const res = await call(`/api/v1${path}`, reader);
        assert.equal(res.status, 409, path);
        assert.equal(problem.parse(res.json()).code, 'NO_SERVICE_PRICE', path);
      }
    });

    it('reads groups and decides them, approves their participants in bulk and decides an extension', async () => {
      const deps = groupDeps(app);
      const reader = await make({ service: 'group-reader' }, ['groups.read']);
      const decider = await make({ service: 'group-decider' }, ['groups.read', 'groups.decide']);
      const group = await seedGroup(app, { invited: 3, confirmed: 2 });
      const unsigned = await seedGroup(app, { invited: 1, confirmed: 1, sign: false });
      const read = async (id: number) => groupRecord.parse((await call(`/api/v1/groups/${id}`, reader)).json());

      const queue = groupList.parse((await call('/api/v1/groups', reader)).json());
      assert.deepEqual(
        queue.items.filter((g) => [group.id, unsigned.id].includes(g.id)).map((g) => [g.state, g.confirmed]),
        [
          ['submitted', 1],
          ['submitted', 2],
        ],
      );
      const approvedOnly = groupList.parse((await call('/api/v1/groups?state=approved', reader)).json());
      assert.ok(approvedOnly.items.every((g) => g.state === 'approved'));
      assert.equal((await call('/api/v1/groups?state=draft', reader)).status, 400);
      const detail = await read(group.id);
      assert.deepEqual(
        detail.participants.map((p) => [p.state, p.accountName]),
        [
          ['confirmed', group.names[0]],
          ['confirmed', group.names[1]],
          ['invited', null],
        ],
      );
      assert.match(detail.participants[0]?.sshFingerprint ?? '', /^SHA256:/);
      assert.ok(detail.pledge?.signedAt);
      assert.equal((await call('/api/v1/groups/999999', reader)).status, 404);

      // The decision: its checks, the pledge, the version; then approval into a UNIX group of its own.
      const decide = (id: number, body: Record<string, unknown>) =>
        call(`/api/v1/groups/${id}/decision`, decider, {}, body);
      const early = await decide(unsigned.id, { version: (await read(unsigned.id)).version, decision: 'approved' });
      assert.equal(problem.parse(early.json()).code, 'CONFLICT');
      const noMessage = await decide(group.id, { version: detail.version, decision: 'information_requested' });
      assert.deepEqual(
        problem.parse(noMessage.json()).errors?.map((e) => e.path),
        ['/message'],
      );
      const badGroup = await decide(group.id, { version: detail.version, decision: 'approved', unixGroup: 'Root!' });
      assert.deepEqual(
        problem.parse(badGroup.json()).errors?.map((e) => e.path),
        ['/unixGroup'],
      );
      assert.equal((await decide(group.id, { version: detail.version + 1, decision: 'approved' })).status, 409);
      assert.equal((await decide(999_999, { version: 1, decision: 'approved' })).status, 404);
      const approved = await decide(group.id, {
        version: detail.version,
        decision: 'approved',
        unixGroup: 'ws-api',
        handout: 'post',
      });
      assert.equal(approved.status, 200, approved.text);
      const decided = groupRecord.parse(approved.json());
      assert.deepEqual([decided.state, decided.unixGroup, decided.handout], ['approved', 'ws-api', 'post']);
      assert.match(decided.events.at(-1)?.actor ?? '', /^token:\d+$/);

      // Participants in bulk: by id (one not confirmed is left out), then every confirmed one.
      const approve = (id: number, participants: unknown) =>
        call(`/api/v1/groups/${id}/participants/approve`, decider, {}, { participants });
      assert.equal((await approve(999_999, 'confirmed')).status, 404);
      assert.equal(problem.parse((await approve(unsigned.id, 'confirmed')).json()).code, 'CONFLICT');
      assert.equal((await approve(group.id, [])).status, 400);
      const [first, , third] = group.participants;
      const some = await approve(group.id, [first, third, 999_999]);
      assert.equal(some.status, 200, some.text);
      assert.deepEqual(participantApprovalResult.parse(some.json()), {
        approved: 1,
        skipped: [],
        leftOut: [third, 999_999],
      });
      const rest = participantApprovalResult.parse((await approve(group.id, 'confirmed')).json());
      assert.deepEqual(rest, { approved: 1, skipped: [], leftOut: [] });
      const after = await read(group.id);
      assert.deepEqual(
        after.participants
          .filter((p) => p.id !== third)
          .map((p) => p.state === 'approved' || p.state === 'provisioned'),
        [true, true],
      );

      // The extension the person in charge asked for: refused while none waits, then approved.
      const extend = (id: number, body: Record<string, unknown>) =>
        call(`/api/v1/groups/${id}/extension/decision`, decider, {}, body);
      assert.equal((await extend(group.id, { version: after.version, decision: 'approved' })).status, 409);
      assert.equal((await extend(999_999, { version: 1, decision: 'approved' })).status, 404);
      const asked = await requestExtension(deps, group.responsible.id, group.id, {
        to: addDays(after.endsOn, 14),
        reason: 'Two more sessions in the spring',
      });
      assert.deepEqual(asked, { ok: true });
      const waiting = await read(group.id);
      assert.deepEqual(waiting.extension, {
        to: addDays(after.endsOn, 14),
        reason: 'Two more sessions in the spring',
        state: 'requested',
      });
      assert.equal((await extend(group.id, { version: waiting.version - 1, decision: 'approved' })).status, 409);
      const extended = await extend(group.id, { version: waiting.version, decision: 'approved', message: 'Granted' });
      assert.equal(extended.status, 200, extended.text);
      const moved = groupRecord.parse(extended.json());
      assert.deepEqual([moved.endsOn, moved.extension?.state], [addDays(after.endsOn, 14), 'approved']);
      const mails = await app.server.database.db
        .selectFrom('job')
        .select('payload')
        .where('kind', '=', 'mail.send')
        .execute();
      const sent = mails
        .map((j) => j.payload as { template: string; message: { text: string } })
        .filter((p) => p.template === 'groupExtension');
      assert.equal(sent.length, 1);
      assert.match(sent[0]?.message.text ?? '', /Granted/);
    });

    it('serves an OpenAPI 3.1 document that validates, and every documented status occurred', async () => {
      const res = await fetch(`${app.url}/api/openapi.json`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as {
        openapi: string;
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      assert.equal(doc.openapi, '3.1.0');
      const validator = new Validator();
      const result = await validator.validate(doc as never);
      assert.ok(result.valid, JSON.stringify(result.errors));
      assert.deepEqual(Object.keys(doc.paths).sort(), [
        '/accounts',
        '/accounts/{id}',
        '/accounts/{id}/lock',
        '/accounts/{id}/revoke-key',
        '/accounts/{id}/unlock',
        '/applications',
        '/applications/{id}',
        '/applications/{id}/assignment',
        '/applications/{id}/certificate/posted',
        '/applications/{id}/comment',
        '/applications/{id}/decision',
        '/applications/{id}/pledge',
        '/applications/{id}/provisioning/retry',
        '/applications/{id}/request-information',
        '/applications/{id}/screening',
        '/audit',
        '/audit/verify',
        '/billing/bundles',
        '/billing/catalogue',
        '/billing/prices',
        '/billing/prices/{fiscalYear}',
        '/billing/statements/{fiscalYear}',
        '/billing/statements/{fiscalYear}/{group}',
        '/groups',
        '/groups/{id}',
        '/groups/{id}/decision',
        '/groups/{id}/extension/decision',
        '/groups/{id}/participants/approve',
        '/notices',
        '/notices/closures',
        '/notices/closures/{id}/remove',
        '/notices/services/{service}',
        '/renewal/{year}',
        '/requests',
        '/requests/{id}',
        '/requests/{id}/decision',
        '/requests/{id}/pledge',
        '/requests/{id}/request-information',
        '/staff',
        '/usage-plans',
        '/usage-plans/versions/{id}/decision',
        '/usage-plans/{group}',
        '/usage-plans/{group}/large-scale',
      ]);
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const documented = Object.keys(op.responses).map(Number).sort();
          const occurred = [...(seen.get(path) ?? [])].sort();
          assert.deepEqual(occurred, documented, `${method.toUpperCase()} ${path}: statuses seen`);
        }
      }
      const page = await fetch(`${app.url}/api/reference`, { headers: { 'accept-language': 'en' } });
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /GET \/applications\/\{id\}/);
      assert.match(html, /id="problem-INSUFFICIENT_SCOPE"/);
      assert.doesNotMatch(page.headers.get('content-security-policy') ?? '', /unsafe-inline/);
    });
  });
}

describe('API tokens in the console and on the command line', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'warn' } });
  });
  after(() => app.close());

  const apiStatus = async (token: string) =>
    (await fetch(`${app.url}/api/v1/applications?limit=1`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('a staff member makes a token shown once, uses it and revokes it; scopes beyond the role are refused', async () => {
    const reviewer = await signIn(app, await enrol(app, 'tok-rev@centre.example.jp', 'reviewer'), 'en');
    let page = await reviewer.get('/staff/tokens');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.html, /name="owner"/, 'only administrators make service tokens');
    assert.doesNotMatch(page.html, /value="audit\.read"/, 'a reviewer is offered only their scopes');
    // Nothing chosen, a scope beyond the role, a lifetime over a year: specific errors, answers kept.
    for (const [fields, message] of [
      [{ name: 'queue', days: '30' }, /Choose at least one scope/],
      [{ name: 'queue', days: '30', scopes: 'audit.read' }, /Choose only scopes that your role allows/],
      [{ name: 'queue', days: '400', scopes: 'applications.read' }, /from 1 to 365/],
      [{ name: '', days: '30', scopes: 'applications.read' }, /Enter what the token is for/],
    ] as const) {
      const res = await reviewer.submit(page.html, '/staff/tokens', fields);
      assert.equal(res.status, 400);
      assert.match(res.html, message);
      assert.match(res.html, new RegExp(`value="${fields.days}"`), 'the days typed are kept');
    }
    const made = await reviewer.submit(page.html, '/staff/tokens', {
      name: 'queue monitor',
      days: '30',
      scopes: 'applications.read',
    });
    assert.equal(made.status, 200);
    const token = made.html.match(/id="new-token"[^>]*>([^<]+)</)?.[1] ?? '';
    assert.match(token, /^sca_/);
    assert.equal(made.headers.get('cache-control'), 'no-store');
    assert.equal(await apiStatus(token), 200);
    page = await reviewer.get('/staff/tokens');
    assert.ok(!page.html.includes(token), 'not shown again');
    const id = page.html.match(/action="\/staff\/tokens\/(\d+)\/revoke"/)?.[1];
    const revoked = await reviewer.submit(page.html, `/staff/tokens/${id}/revoke`, {});
    assert.equal(revoked.status, 303);
    assert.match((await reviewer.get(revoked.location ?? '')).html, /The token was revoked/);
    assert.equal(await apiStatus(token), 401);

    // Another member's token is not theirs to revoke; an administrator's console shows and revokes it.
    const admin = await signIn(app, await enrol(app, 'tok-admin@centre.example.jp', 'admin'), 'en');
    const adminPage = await admin.get('/staff/tokens');
    const service = await admin.submit(adminPage.html, '/staff/tokens', {
      name: 'scheduler sync',
      owner: 'service',
      service: 'job-scheduler',
      days: '365',
      scopes: 'audit.read',
    });
    const serviceToken = service.html.match(/id="new-token"[^>]*>([^<]+)</)?.[1] ?? '';
    assert.match(serviceToken, /^sca_/);
    const serviceId = (await admin.get('/staff/tokens')).html.match(
      /job-scheduler[\s\S]*?\/staff\/tokens\/(\d+)\/revoke/,
    )?.[1];
    const other = await reviewer.submit(
      (await reviewer.get('/staff/tokens')).html,
      `/staff/tokens/${serviceId}/revoke`,
      {},
    );
    assert.equal(other.status, 404);
    assert.equal(await apiStatus(serviceToken), 403, 'alive, without applications.read');
    const audit = await app.server.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'like', 'api_token.%')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['api_token.created', 'api_token.revoked', 'api_token.created'],
    );
  });

  it('sc-account tokens create, list and revoke', async () => {
    const env = { DATA_DIR: app.dataDir };
    const bad = await runCli(['tokens', 'create', '--name', 'x', '--service', 'x-tool', '--scope', 'nope'], env);
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /unknown scope: nope/);
    const long = await runCli(
      ['tokens', 'create', '--name', 'x', '--service', 'x-tool', '--scope', 'audit.read', '--days', '366'],
      env,
    );
    assert.equal(long.code, 64);
    assert.match(long.stderr, /--days must be 1 to 365/);
    const made = await runCli(
      ['tokens', 'create', '--name', 'allocation', '--service', 'alloc', '--scope', 'applications.read,audit.read'],
      env,
    );
    assert.equal(made.code, 0, made.stderr);
    const token = made.stdout.trim().split('\n').at(-1) ?? '';
    assert.equal(await apiStatus(token), 200);
    const listed = await runCli(['tokens', 'list'], env);
    assert.match(listed.stdout, /active\s+service:alloc\s+"allocation"\s+applications\.read,audit\.read/);
    assert.ok(!listed.stdout.includes(token));
    const id = made.stdout.match(/Made token (\d+)/)?.[1] ?? '';
    assert.equal((await runCli(['tokens', 'revoke', id], env)).code, 0);
    assert.equal((await runCli(['tokens', 'revoke', id], env)).code, 1, 'already revoked');
    assert.equal(await apiStatus(token), 401);
  });
});

describe('sc-account applications', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'warn' } });
    await seedApplications(app.server.database, 6, { state: 'pledge_signed', noVacuum: true });
  });
  after(() => app.close());

  it('lists, shows and decides as the console does', async () => {
    const env = { DATA_DIR: app.dataDir };
    const listed = await runCli(['applications', 'list', '--state', 'pledge_signed', '--limit', '4'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout.match(/pledge_signed/g)?.length, 4);
    const after = listed.stdout.match(/More: --after (\S+)/)?.[1];
    assert.ok(after, 'a next page');
    const rest = await runCli(['applications', 'list', '--state', 'pledge_signed', '--after', after, '--json'], env);
    assert.equal((JSON.parse(rest.stdout) as { items: unknown[] }).items.length, 2);
    const bad = await runCli(['applications', 'list', '--state', 'nonsense'], env);
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /--state/);

    const db = app.server.database.db;
    const one = await db
      .selectFrom('application')
      .select(['id', 'version', 'reference'])
      .where('needs_screening', '=', false)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const shown = await runCli(['applications', 'show', String(one.id)], env);
    assert.equal((JSON.parse(shown.stdout) as { reference: string }).reference, one.reference);
    assert.equal((await runCli(['applications', 'show', '99999'], env)).code, 1);

    const stale = await runCli(
      ['applications', 'decide', String(one.id), '--version', String(one.version + 5), '--approve'],
      env,
    );
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /changed since that --version/);
    const noReason = await runCli(
      ['applications', 'decide', String(one.id), '--version', String(one.version), '--reject'],
      env,
    );
    assert.match(noReason.stderr, /needs --template or --reason/);
    const done = await runCli(
      ['applications', 'decide', String(one.id), '--version', String(one.version), '--approve'],
      env,
    );
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /is approved/);
    const accounts = await db.selectFrom('account').select('uid').where('application_id', '=', one.id).execute();
    assert.ok(accounts.length >= 1);
    const audit = await db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'application.approved')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.actor),
      ['cli'],
    );
  });
});
