// The REST API at /api/v1 for the centre's tools, over the same services as the
// console. Every call carries an API token in the Authorization header; each route
// names the scope it needs (from the staff permission table). Requests and answers
// are checked against the services' zod schemas, from which the OpenAPI 3.1 document
// (/api/openapi.json) and its reference page (/api/reference) are made. Errors are
// RFC 9457 problems with the codes of the one registry (services/errors.ts).

import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { applicationStates } from '../../domain/application-state.js';
import type { StaffAction } from '../../domain/staff.js';
import { lockAccount, lockInput, lockResult, unlockAccount, unlockInput } from '../../services/account-locks.js';
import {
  accountDetail,
  accountDetailOf,
  accountList,
  accountListQuery,
  listAccountRequests,
  listAccounts,
  requestDetail,
  requestDetailOf,
  requestList,
  requestListQuery,
} from '../../services/accounts.js';
import { type ApiCaller, authenticateApiToken } from '../../services/api-tokens.js';
import {
  applicationDetail,
  applicationDetailOf,
  applicationList,
  applicationListQuery,
  listApplications,
} from '../../services/applications.js';
import { markCertificatePosted, retryProvisioning } from '../../services/certificates.js';
import { type DecisionProblem, decideApplication, decisionInput, decisionResult } from '../../services/decisions.js';
import { AppError, classify, type ErrorCode } from '../../services/errors.js';
import {
  addClosureWindow,
  closureInput,
  type NoticeField,
  type NoticeFieldProblem,
  removeClosureWindow,
  serviceAcceptanceInput,
  serviceParams,
  setServiceAccepting,
} from '../../services/notices.js';
import { pledgeInput, pledgeResult, sendPledges } from '../../services/pledges.js';
import {
  auditEntries,
  auditQuery,
  auditVerification,
  checkAudit,
  noticeList,
  readAudit,
  readNotices,
  readRenewalStatus,
  readStaff,
  renewalParams,
  renewalStatus,
  staffList,
} from '../../services/records.js';
import {
  askAboutRequest,
  decideRequest,
  type RequestField,
  type RequestReviewOutcome,
  requestDecisionInput,
  requestMoveResult,
  requestPledgeInput,
  requestQuestionInput,
  sendRequestPledge,
} from '../../services/request-review.js';
import {
  assignInput,
  assignReviewer,
  commentInput,
  commentOnApplication,
  informationInput,
  type ReviewFieldProblem,
  type ReviewOutcome,
  recordScreeningDecision,
  requestInformation,
  reviewResult,
  screeningInput,
} from '../../services/review.js';
import { rowId } from '../../services/schemas.js';
import { revokeKey, revokeKeyInput, revokeKeyResult } from '../../services/ssh-keys.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { ApiReferencePage, type OpenApiDocument } from '../views/api-reference.js';
import { pageContext } from '../views/page.js';
import { billingRoutes } from './billing-routes.js';
import { callLog } from './call-log.js';
import { groupRoutes } from './group-routes.js';
import { problemOf } from './problems.js';
import { actorOf, problems } from './route-parts.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope an API route needs. */
    scope?: StaffAction;
  }
  interface FastifyRequest {
    /** Who an API call acts for, once its token checked out. */
    apiCaller: ApiCaller | null;
  }
}

export const API_VERSION = '1.0.0';

/** How a refused decision is answered: the registry's code, and for a refused value its path and why. */
const decisionProblems: Record<DecisionProblem, [ErrorCode, string?, string?]> = {
  NOT_FOUND: ['NOT_FOUND'],
  CHANGED: ['CONFLICT'],
  NOT_ALLOWED: ['CONFLICT'],
  NAME_TAKEN: ['CONFLICT'],
  REASON: [
    'INVALID_INPUT',
    '/reason',
    'a rejection needs a template or a reason in plain text (at most 4,000 characters)',
  ],
  GROUP: ['INVALID_INPUT', '/group', 'not a UNIX group name that may be used'],
};

const idParam = z.object({ id: rowId });

/** Why a review's value was refused. */
const reviewFieldProblems: Record<ReviewFieldProblem, string> = {
  required: 'needed',
  too_long: 'at most 4,000 characters',
  invalid: 'plain text, at most 4,000 characters',
  checklist: 'cleared needs every check of the checklist',
  unknown: 'not an active staff member',
};

/** Why a request's field was refused. */
const requestFieldProblems: Record<Exclude<RequestField, 'pledge'>, string> = {
  question: 'a question in plain text, at most 2,000 characters',
  reason: 'a rejection needs a reason in plain text (at most 2,000 characters)',
  group: 'not a UNIX group name that may be used',
};

export async function apiRoutes(app: FastifyInstance) {
  const { config, database } = app.deps;
  // What the review use cases (decisions, pledges) need, the same for every call.
  const review = useCaseDeps(app);
  const calls = callLog(database.db, app.log as Logger);
  app.addHook('onClose', () => calls.close());
  app.decorateRequest('apiCaller', null);

  await app.register(
    async (api) => {
      api.setValidatorCompiler(validatorCompiler);
      api.setSerializerCompiler(serializerCompiler);
      await api.register(swagger, {
        openapi: {
          openapi: '3.1.0',
          info: {
            title: 'sc-account API',
            version: API_VERSION,
            description:
              'The machine interface of the supercomputer account service: applications, accounts, requests, renewal, usage plans and billing, group and workshop accounts, and the audit log. Every call needs an API token (staff console, API tokens; or `sc-account tokens create`) in the Authorization header.',
          },
          servers: [{ url: new URL('/api/v1', config.baseUrl).toString() }],
          components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
          security: [{ token: [] }],
        },
        transform: jsonSchemaTransform,
        transformObject: jsonSchemaTransformObject,
      });

      const send = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
        let code = classify(error);
        if ((error as { validation?: unknown }).validation) code = 'INVALID_INPUT';
        if (code === 'INTERNAL') request.log.error({ err: error, reference: request.id }, 'API request failed');
        else request.log.info({ code }, 'API request refused');
        const body = problemOf(request, code, error, config.baseUrl);
        if (code === 'UNAUTHORIZED') reply.header('WWW-Authenticate', 'Bearer realm="sc-account"');
        if (code === 'TOO_MANY_REQUESTS' && error instanceof AppError)
          reply.header('Retry-After', String(error.details.retryAfterSeconds ?? 60));
        if (code === 'UNAVAILABLE') reply.header('Retry-After', '30');
        return reply.status(body.status).type('application/problem+json').serializer(JSON.stringify).send(body);
      };
      api.setErrorHandler((error, request, reply) => send(request, reply, error));
      api.setNotFoundHandler((request, reply) => send(request, reply, new AppError('NOT_FOUND')));

      api.get('/openapi.json', { schema: { hide: true }, config: { csrf: false } }, async () => api.swagger());
      api.get('/reference', { schema: { hide: true }, config: { csrf: false } }, async (request, reply) =>
        sendHtml(reply, <ApiReferencePage page={pageContext(request)} doc={api.swagger() as OpenApiDocument} />),
      );

      await api.register(
        async (v1) => {
          // Every route names its scope, shown in the document beside the route.
          // Every route is token-authenticated: no cookie session, no CSRF check.
          v1.addHook('onRoute', (route) => {
            const scope = route.config?.scope;
            if (!scope) throw new Error(`API route ${route.method} ${route.url} names no scope`);
            route.schema = { ...route.schema, 'x-scope': scope } as typeof route.schema;
            route.config = { ...route.config, csrf: false };
          });
          // The token, from the Authorization header only: never from the query or a cookie.
          v1.addHook('onRequest', async (request) => {
            const match = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '');
            const caller = match?.[1] ? await authenticateApiToken(database.db, match[1]) : undefined;
            if (!caller) throw new AppError('UNAUTHORIZED');
            request.apiCaller = caller;
          });
          v1.addHook('preValidation', async (request) => {
            const scope = request.routeOptions.config.scope as StaffAction;
            if (!request.apiCaller?.scopes.includes(scope)) throw new AppError('INSUFFICIENT_SCOPE', { scope });
          });
          v1.addHook('onResponse', async (request, reply) => {
            const caller = request.apiCaller;
            if (!caller) return;
            calls.add({
              token_id: caller.tokenId,
              at: new Date(),
              method: request.method,
              route: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
              status: reply.statusCode,
              request_id: request.id,
              ip: request.ip,
            });
          });

          const r = v1.withTypeProvider<ZodTypeProvider>();
          r.get(
            '/applications',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary: 'Sent applications, newest first, with the queue’s filters',
                tags: ['applications'],
                querystring: applicationListQuery,
                response: { 200: applicationList, ...problems(400, 401, 403) },
              },
            },
            async (request) => listApplications(database.db, request.apiCaller?.staffId ?? null, request.query),
          );
          r.get(
            '/applications/:id',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary: 'One sent application with its people, accounts and history',
                tags: ['applications'],
                params: idParam,
                response: { 200: applicationDetail, ...problems(400, 401, 403, 404) },
              },
            },
            async (request) => {
              const detail = await applicationDetailOf(database.db, request.params.id);
              if (!detail) throw new AppError('NOT_FOUND');
              return detail;
            },
          );
          r.post(
            '/applications/:id/decision',
            {
              config: { scope: 'applications.decide' },
              schema: {
                summary: 'Approve or reject a sent application (approval queues its provisioning)',
                description:
                  'Send the `version` read last: when someone acted since, the answer is 409 CONFLICT. Approval needs the pledge signed and, when the eligibility answers ask for it, the screening cleared; a rejection needs a reason (a template or words).',
                tags: ['applications'],
                params: idParam,
                body: decisionInput,
                response: { 200: decisionResult, ...problems(400, 401, 403, 404, 409) },
              },
            },
            async (request) => {
              const outcome = await decideApplication(review, actorOf(request), request.params.id, request.body);
              if (outcome.ok) return { id: request.params.id, state: outcome.state, version: outcome.version };
              const [code, path, message] = decisionProblems[outcome.problem];
              throw new AppError(code, path ? { errors: [{ instancePath: path, message }] } : {});
            },
          );
          r.post(
            '/applications/:id/pledge',
            {
              config: { scope: 'pledge.send' },
              schema: {
                summary: 'Send the pledge links of a sent application (again, when sent before)',
                description:
                  'Mails the responsible person (and the host of a non-resident) the link to sign; the reminder and expiry count from now. Send the `version` read last: when someone acted since, the answer is 409 CONFLICT.',
                tags: ['applications'],
                params: idParam,
                body: pledgeInput,
                response: { 200: pledgeResult, ...problems(400, 401, 403, 404, 409) },
              },
            },
            async (request) => {
              const outcome = await sendPledges(review, actorOf(request), request.params.id, request.body.version);
              if (outcome.ok)
                return {
                  id: request.params.id,
                  state: 'pledge_sent' as const,
                  version: outcome.version,
                  sentTo: outcome.kinds,
                };
              if (outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
              if (outcome.problem === 'NO_PLEDGE') throw new AppError('BAD_REQUEST');
              throw new AppError('CONFLICT');
            },
          );
          const reviewMove = (
            path: string,
            scope: StaffAction,
            summary: string,
            description: string,
            body: z.ZodType,
            run: (caller: ApiCaller, id: number, body: never) => Promise<ReviewOutcome>,
            versioned = true,
          ) =>
            r.post(
              path,
              {
                config: { scope },
                schema: {
                  summary,
                  description,
                  tags: ['applications'],
                  params: idParam,
                  body,
                  response: { 200: reviewResult, ...problems(400, 401, 403, 404, ...(versioned ? [409] : [])) },
                },
              },
              async (request) => {
                const outcome = await run(request.apiCaller as ApiCaller, request.params.id, request.body as never);
                if (outcome.ok) return { id: request.params.id, state: outcome.state, version: outcome.version };
                if (outcome.problem === 'INVALID')
                  throw new AppError('INVALID_INPUT', {
                    errors: Object.entries(outcome.fields).map(([field, why]) => ({
                      instancePath: `/${field}`,
                      message: reviewFieldProblems[why],
                    })),
                  });
                throw new AppError(
                  outcome.problem === 'CHANGED' || outcome.problem === 'NOT_ALLOWED' ? 'CONFLICT' : outcome.problem,
                );
              },
            );
          const personal =
            ' Recorded under a staff member’s name: a service account’s token is refused (403 STAFF_ONLY).';
          const stale = ' Send the `version` read last: when someone acted since, the answer is 409 CONFLICT.';
          reviewMove(
            '/applications/:id/comment',
            'applications.comment',
            'Add a staff comment to an application',
            `Comments are seen by staff only.${personal}`,
            commentInput,
            (caller, id, body) => commentOnApplication(review, caller, id, body),
            false,
          );
          reviewMove(
            '/applications/:id/assignment',
            'applications.assign',
            'Assign an application to a staff member, or to nobody',
            'The staff member must be active.',
            assignInput,
            (caller, id, body) => assignReviewer(review, caller, id, body),
            false,
          );
          reviewMove(
            '/applications/:id/request-information',
            'applications.requestInformation',
            'Ask the applicant for information: they get a link to change the steps named',
            `The application waits for the applicant; the reminder and expiry follow the review settings.${stale}${personal}`,
            informationInput,
            (caller, id, body) => requestInformation(review, caller, id, body),
          );
          reviewMove(
            '/applications/:id/screening',
            'screening.decide',
            'Record the export-control screening of an application in screening',
            `Cleared needs every check of the checklist; not cleared leaves only rejection.${stale}${personal}`,
            screeningInput,
            (caller, id, body) => recordScreeningDecision(review, caller, id, body),
          );
          const afterApproval = z
            .object({ id: z.number().int(), state: z.enum(applicationStates) })
            .meta({ id: 'ApplicationState' });
          r.post(
            '/applications/:id/provisioning/retry',
            {
              config: { scope: 'accounts.provision' },
              schema: {
                summary: 'Run a failed provisioning again from its first try',
                description: 'Provisioning that has not failed (done, or still trying) is answered 409 CONFLICT.',
                tags: ['applications'],
                params: idParam,
                response: { 200: afterApproval, ...problems(400, 401, 403, 404, 409) },
              },
            },
            async (request) => {
              const outcome = await retryProvisioning(review, actorOf(request), request.params.id);
              if (!outcome.ok) throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT');
              return { id: request.params.id, state: outcome.state };
            },
          );
          r.post(
            '/applications/:id/certificate/posted',
            {
              config: { scope: 'accounts.provision' },
              schema: {
                summary: 'Record that the registration certificate is in the post (the application is issued)',
                description:
                  'The applicant is mailed. Recorded under a staff member’s name: a service account’s token is refused (403 STAFF_ONLY). An application without a certificate waiting is answered 409 CONFLICT.',
                tags: ['applications'],
                params: idParam,
                response: { 200: afterApproval, ...problems(400, 401, 403, 404, 409) },
              },
            },
            async (request) => {
              const outcome = await markCertificatePosted(review, request.apiCaller as ApiCaller, request.params.id);
              if (!outcome.ok) throw new AppError(outcome.problem === 'NOT_ALLOWED' ? 'CONFLICT' : outcome.problem);
              return { id: request.params.id, state: outcome.state };
            },
          );
          r.get(
            '/accounts',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary: 'Accounts, newest first, by state, division or name prefix, in keyset pages',
                tags: ['accounts'],
                querystring: accountListQuery,
                response: { 200: accountList, ...problems(400, 401, 403) },
              },
            },
            async (request) => listAccounts(database.db, request.query),
          );
          r.get(
            '/accounts/:id',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary: 'One account with its SSH keys (by fingerprint), its lock and its history',
                tags: ['accounts'],
                params: idParam,
                response: { 200: accountDetail, ...problems(400, 401, 403, 404) },
              },
            },
            async (request) => {
              const detail = await accountDetailOf(database.db, request.params.id);
              if (!detail) throw new AppError('NOT_FOUND');
              return detail;
            },
          );
          const lockRoute = (action: 'lock' | 'unlock') =>
            r.post(
              `/accounts/:id/${action}`,
              {
                config: { scope: 'accounts.lock' },
                schema: {
                  summary:
                    action === 'lock'
                      ? 'Lock an active account at once (the holder’s sessions end, the directory follows, the holder is mailed the reason)'
                      : 'Lift a lock staff set (a renewal lock lifts when the holder renews)',
                  description:
                    action === 'lock'
                      ? 'An account that is not active is answered 409 CONFLICT.'
                      : 'An account that is not locked by staff is answered 409 CONFLICT.',
                  tags: ['accounts'],
                  params: idParam,
                  body: action === 'lock' ? lockInput : unlockInput,
                  response: { 200: lockResult, ...problems(400, 401, 403, 404, 409) },
                },
              },
              async (request) => {
                const actor = actorOf(request);
                const outcome =
                  action === 'lock'
                    ? await lockAccount(review, actor, request.params.id, request.body as unknown as { reason: string })
                    : await unlockAccount(review, actor, request.params.id);
                if (outcome.ok) {
                  const a = outcome.account;
                  return { id: a.id, uid: a.uid, state: a.state, lockedReason: a.locked_reason };
                }
                if (outcome.problem === 'REASON')
                  throw new AppError('INVALID_INPUT', {
                    errors: [{ instancePath: '/reason', message: 'a reason in plain text, at most 1,000 characters' }],
                  });
                throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT');
              },
            );
          lockRoute('lock');
          lockRoute('unlock');
          r.post(
            '/accounts/:id/revoke-key',
            {
              config: { scope: 'accounts.lock' },
              schema: {
                summary:
                  'Revoke an SSH key thought compromised: it leaves the directory (even the last), the holder is mailed',
                description:
                  'A fingerprint the account has not (or no longer) in the directory is answered 409 CONFLICT.',
                tags: ['accounts'],
                params: idParam,
                body: revokeKeyInput,
                response: { 200: revokeKeyResult, ...problems(400, 401, 403, 404, 409) },
              },
            },
            async (request) => {
              const outcome = await revokeKey(review, actorOf(request), request.params.id, request.body);
              if (!outcome.ok) throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT');
              const left = await accountDetailOf(database.db, request.params.id);
              return {
                accountId: request.params.id,
                fingerprint: outcome.key.fingerprint,
                keysLeft: left?.sshKeys.filter((k) => k.state !== 'removing').length ?? 0,
              };
            },
          );
          r.get(
            '/requests',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary: 'Holders’ requests (changes, end of use, reissue), newest first, in keyset pages',
                tags: ['requests'],
                querystring: requestListQuery,
                response: { 200: requestList, ...problems(400, 401, 403) },
              },
            },
            async (request) => listAccountRequests(database.db, request.query),
          );
          r.get(
            '/requests/:id',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary: 'One request with what was asked and its history',
                tags: ['requests'],
                params: idParam,
                response: { 200: requestDetail, ...problems(400, 401, 403, 404) },
              },
            },
            async (request) => {
              const detail = await requestDetailOf(database.db, request.params.id);
              if (!detail) throw new AppError('NOT_FOUND');
              return detail;
            },
          );
          const requestMove = (
            path: string,
            scope: StaffAction,
            summary: string,
            description: string,
            body: z.ZodType,
            run: (actor: string, id: number, body: never) => Promise<RequestReviewOutcome>,
          ) =>
            r.post(
              path,
              {
                config: { scope },
                schema: {
                  summary,
                  description: `${description} Send the \`version\` read last: when someone acted since, or the request is not waiting for this, the answer is 409 CONFLICT.`,
                  tags: ['requests'],
                  params: idParam,
                  body,
                  response: { 200: requestMoveResult, ...problems(400, 401, 403, 404, 409) },
                },
              },
              async (request) => {
                const outcome = await run(actorOf(request), request.params.id, request.body as never);
                if (outcome.ok) {
                  const { id, state, version } = outcome.request;
                  return { id, state, version };
                }
                if (outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
                // An unsigned pledge is the request's state, not the caller's input (as for applications).
                const fields = outcome.problem === 'INVALID' ? outcome.fields.filter((f) => f !== 'pledge') : [];
                if (fields.length === 0) throw new AppError('CONFLICT');
                throw new AppError('INVALID_INPUT', {
                  errors: fields.map((f) => ({ instancePath: `/${f}`, message: requestFieldProblems[f] })),
                });
              },
            );
          requestMove(
            '/requests/:id/request-information',
            'applications.requestInformation',
            'Ask the holder for information about their request',
            'The holder is mailed the question and answers it on their account page.',
            requestQuestionInput,
            (actor, id, body) => askAboutRequest(review, actor, id, body),
          );
          requestMove(
            '/requests/:id/pledge',
            'pledge.send',
            'Send the pledge link of a Manager Modification’s new responsible person (again, when sent before)',
            'The link is valid for 14 days from now.',
            requestPledgeInput,
            (actor, id, body) => sendRequestPledge(review, actor, id, body),
          );
          requestMove(
            '/requests/:id/decision',
            'applications.decide',
            'Approve or reject a holder’s request (approval queues the change)',
            'A rejection needs a reason; a Manager Modification’s approval needs the new pledge signed and the UNIX group.',
            requestDecisionInput,
            (actor, id, body) => decideRequest(review, actor, id, body),
          );
          r.get(
            '/renewal/:year',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary:
                  'Where every holder stands for a fiscal year’s renewal (renewed, due, in review, locked, listed for deletion)',
                tags: ['renewal'],
                params: renewalParams,
                response: { 200: renewalStatus, ...problems(400, 401, 403) },
              },
            },
            async (request) => readRenewalStatus(database.db, request.params.year),
          );
          r.get(
            '/audit',
            {
              config: { scope: 'audit.read' },
              schema: {
                summary: 'Audit log entries, newest first, filtered, in keyset pages',
                tags: ['audit'],
                querystring: auditQuery,
                response: { 200: auditEntries, ...problems(400, 401, 403) },
              },
            },
            async (request) => readAudit(database.db, request.query),
          );
          r.get(
            '/audit/verify',
            {
              config: { scope: 'audit.read' },
              schema: {
                summary: 'Checks the audit log’s hash chain from its first entry',
                tags: ['audit'],
                response: { 200: auditVerification, ...problems(401, 403) },
              },
            },
            async () => checkAudit(database.db),
          );
          r.get(
            '/staff',
            {
              config: { scope: 'staff.manage' },
              schema: {
                summary: 'Staff accounts with role and state',
                tags: ['staff'],
                response: { 200: staffList, ...problems(401, 403) },
              },
            },
            async () => readStaff(database.db),
          );
          r.get(
            '/notices',
            {
              config: { scope: 'applications.read' },
              schema: {
                summary: 'Closures of the application system not yet over, and which services take applications',
                tags: ['notices'],
                response: { 200: noticeList, ...problems(401, 403) },
              },
            },
            async () => readNotices(database.db),
          );
          const noticeProblem = (fields: Partial<Record<NoticeField, NoticeFieldProblem>>) =>
            new AppError('INVALID_INPUT', {
              errors: Object.entries(fields).map(([f, why]) => ({
                instancePath: `/${f}`,
                message:
                  why === 'order'
                    ? 'must be later than startsAt'
                    : f === 'url'
                      ? 'an http or https address'
                      : 'plain text within the length allowed',
              })),
            });
          r.post(
            '/notices/closures',
            {
              config: { scope: 'settings.manage' },
              schema: {
                summary: 'Close the application system for a period (maintenance, the year end)',
                tags: ['notices'],
                body: closureInput,
                response: { 200: noticeList, ...problems(400, 401, 403) },
              },
            },
            async (request) => {
              const b = request.body;
              const outcome = await addClosureWindow(database.db, actorOf(request), {
                ...b,
                startsAt: new Date(b.startsAt),
                endsAt: new Date(b.endsAt),
              });
              if (!outcome.ok) throw noticeProblem(outcome.fields);
              return readNotices(database.db);
            },
          );
          r.post(
            '/notices/closures/:id/remove',
            {
              config: { scope: 'settings.manage' },
              schema: {
                summary: 'Remove a closure',
                tags: ['notices'],
                params: idParam,
                response: { 200: noticeList, ...problems(400, 401, 403, 404) },
              },
            },
            async (request) => {
              if (!(await removeClosureWindow(database.db, actorOf(request), request.params.id)))
                throw new AppError('NOT_FOUND');
              return readNotices(database.db);
            },
          );
          r.post(
            '/notices/services/:service',
            {
              config: { scope: 'settings.manage' },
              schema: {
                summary: 'Take applications for a service again, or stop them with a notice in both languages',
                tags: ['notices'],
                params: serviceParams,
                body: serviceAcceptanceInput,
                response: { 200: noticeList, ...problems(400, 401, 403) },
              },
            },
            async (request) => {
              const outcome = await setServiceAccepting(
                database.db,
                actorOf(request),
                request.params.service,
                request.body,
              );
              if (!outcome.ok) throw noticeProblem(outcome.fields);
              return readNotices(database.db);
            },
          );
          await v1.register(billingRoutes);
          await v1.register(groupRoutes);
        },
        { prefix: '/v1' },
      );
    },
    { prefix: '/api' },
  );
}
