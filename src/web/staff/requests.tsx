// Account holders' requests in the staff console: the queue by kind and state, one
// request's page (the holder, what is asked with the differences, the new
// responsible person's pledge, the history) and its actions: request information,
// send the pledge (Manager Modification), approve or reject with a reason. An
// approval queues the change as a job (a Suspension's for its day). A Reissue's
// sender could not log in: staff see the address the letter goes to, and ask nothing.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AccountRequest, getRequest, listRequests, requestEvents } from '../../db/account-requests.js';
import { accountsOf } from '../../db/accounts.js';
import { getFullApplication, reservedAccountNames } from '../../db/applications.js';
import { requestPledge } from '../../db/pledges.js';
import { continuationWaitingFor } from '../../db/renewal.js';
import { staffNames } from '../../db/review.js';
import type { Staff } from '../../db/schema-staff.js';
import { isRequestKind, openRequestStates, type RequestKind } from '../../domain/account-request.js';
import { proposeGroupName } from '../../domain/provisioning.js';
import {
  askAboutRequest,
  decideRequest,
  type RequestReviewOutcome,
  sendRequestPledge,
} from '../../services/request-review.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { answerSections } from '../views/application-answers.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { RequestPage, RequestQueuePage } from './requests-page.js';

const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});
const listQuery = z.object({
  kind: z.string().max(20).optional().catch(undefined),
  state: z.enum(['open', 'all']).optional().catch(undefined),
});
const versionField = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .catch(-1);
const questionForm = z.object({ version: versionField, question: z.string().max(20_000).default('') });
const pledgeForm = z.object({ version: versionField });
const decisionForm = z.object({
  version: versionField,
  decision: z.string().max(20).default(''),
  reason: z.string().max(20_000).default(''),
  group: z.string().max(200).default(''),
});

export async function requestQueueRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const db = database.db;
  const review = useCaseDeps(app);

  app.get('/staff/requests', async (request, reply) => {
    const staff = request.staff as Staff;
    const q = listQuery.parse(request.query ?? {});
    const kind: RequestKind | undefined = isRequestKind(q.kind) ? q.kind : undefined;
    const all = q.state === 'all';
    const rows = await listRequests(db, { ...(kind ? { kind } : {}), ...(all ? {} : { states: openRequestStates }) });
    const page = pageContext(request);
    return sendHtml(
      reply,
      <RequestQueuePage page={page} staff={staff} csrf={reply.generateCsrf()} kind={kind} all={all} rows={rows} />,
    );
  });

  const find = async (request: FastifyRequest) => {
    const param = idParam.safeParse(request.params);
    const r = param.success ? await getRequest(db, param.data.id) : undefined;
    return r;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    r: AccountRequest,
    errors: FieldErrors = {},
    typed: { question?: string; reason?: string; group?: string } = {},
    status = 200,
  ) => {
    const staff = request.staff as Staff;
    const page = pageContext(request);
    const { t } = page;
    const full = await getFullApplication(db, r.application_id);
    if (!full) return reply.code(404).send();
    const [accounts, events, pledge, names, continuation] = await Promise.all([
      accountsOf(db, r.application_id),
      requestEvents(db, r.id),
      r.kind === 'manager' ? requestPledge(db, r.id) : Promise.resolve(undefined),
      staffNames(db),
      r.kind === 'manager' ? continuationWaitingFor(db, r.id) : Promise.resolve(undefined),
    ]);
    const csrf = reply.generateCsrf();
    const open = openRequestStates.includes(r.state);
    const sections = answerSections(full, page);
    const actor = (a: string) =>
      a.startsWith('staff:')
        ? (names.get(Number(a.slice(6))) ?? a)
        : a.startsWith('account:')
          ? t('request.actor.holder')
          : a === 'public'
            ? t('request.actor.public')
            : t('request.actor.system');
    const proposal =
      r.data.kind === 'manager'
        ? proposeGroupName(
            {
              groupName: (r.data.responsible.group_name as string | null) ?? null,
              accountName:
                r.data.responsible.same_as_applicant === true
                  ? full.application.account_name
                  : ((r.data.responsible.account_name as string | null) ?? null),
              familyName: (r.data.responsible.family_name as string | null) ?? null,
            },
            await reservedAccountNames(db),
          )
        : '';
    const title = t('staff.request.title', { id: r.id, kind: t(`request.kind.${r.kind}`) });
    return sendHtml(
      reply,
      <RequestPage
        page={page}
        staff={staff}
        csrf={csrf}
        title={title}
        errors={errors}
        typed={typed}
        r={r}
        full={full}
        accounts={accounts}
        events={events}
        pledge={pledge}
        continuation={continuation}
        open={open}
        sections={sections}
        proposal={proposal}
        actor={actor}
      />,
      Object.keys(errors).length && status === 200 ? 400 : status,
    );
  };

  const notFound = (reply: FastifyReply) => reply.callNotFound();

  app.get('/staff/requests/:id', async (request, reply) => {
    const r = await find(request);
    if (!r) return notFound(reply);
    return show(request, reply, r);
  });

  /** A form without a readable version was not made from the request as it is now. */
  const unseen = async (version: number, act: () => Promise<RequestReviewOutcome>): Promise<RequestReviewOutcome> =>
    version < 0 ? { ok: false, problem: 'CHANGED' } : act();

  /** A refused move, shown on the request's page: the changed field with 409, refused values with 400. */
  const refused = async (
    request: FastifyRequest,
    reply: FastifyReply,
    r: AccountRequest,
    outcome: Exclude<RequestReviewOutcome, { ok: true }>,
    field: string,
    typed: Record<string, string>,
  ) => {
    const { t } = request;
    switch (outcome.problem) {
      case 'NOT_FOUND':
        return notFound(reply);
      case 'NOT_ALLOWED':
        return show(request, reply, r, { [field]: t('staff.request.error.state') }, {}, 409);
      case 'CHANGED': {
        const now = (await getRequest(db, r.id)) as AccountRequest;
        return show(request, reply, now, { [field]: t('staff.request.changed') }, {}, 409);
      }
      case 'INVALID':
        return show(
          request,
          reply,
          r,
          Object.fromEntries(outcome.fields.map((f) => [f, t(`staff.request.error.${f}`)])),
          typed,
        );
    }
  };

  app.post('/staff/requests/:id/request-information', async (request, reply) => {
    const staff = request.staff as Staff;
    const r = await find(request);
    if (!r) return notFound(reply);
    const input = readForm(questionForm, request.body);
    const outcome = await unseen(input.version, () => askAboutRequest(review, `staff:${staff.id}`, r.id, input));
    if (!outcome.ok)
      return refused(request, reply, r, outcome, 'question', { question: input.question.slice(0, 20_000) });
    return reply.redirect(`/staff/requests/${r.id}`, 303);
  });

  app.post('/staff/requests/:id/pledge', async (request, reply) => {
    const staff = request.staff as Staff;
    const r = await find(request);
    if (!r) return notFound(reply);
    const input = readForm(pledgeForm, request.body);
    const outcome = await unseen(input.version, () => sendRequestPledge(review, `staff:${staff.id}`, r.id, input));
    if (!outcome.ok) return refused(request, reply, r, outcome, 'pledge', {});
    return reply.redirect(`/staff/requests/${r.id}`, 303);
  });

  app.post('/staff/requests/:id/decision', async (request, reply) => {
    const staff = request.staff as Staff;
    const r = await find(request);
    if (!r) return notFound(reply);
    const input = readForm(decisionForm, request.body);
    const typed = { reason: input.reason.slice(0, 20_000), group: input.group.slice(0, 200) };
    const decision = input.decision === 'approved' || input.decision === 'rejected' ? input.decision : undefined;
    if (!decision) return show(request, reply, r, { decision: request.t('staff.request.error.decision') }, typed);
    const outcome = await unseen(input.version, () =>
      decideRequest(review, `staff:${staff.id}`, r.id, { ...input, decision }),
    );
    if (!outcome.ok) return refused(request, reply, r, outcome, 'decision', typed);
    return reply.redirect(`/staff/requests/${r.id}`, 303);
  });
}
