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
import {
  isRequestKind,
  openRequestStates,
  type RequestKind,
  requestKinds,
  staffMayAsk,
} from '../../domain/account-request.js';
import { formatCentreDate, formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { proposeGroupName } from '../../domain/provisioning.js';
import { can } from '../../domain/staff.js';
import {
  askAboutRequest,
  decideRequest,
  type RequestReviewOutcome,
  sendRequestPledge,
} from '../../services/request-review.js';
import { countryName } from '../apply/countries.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { answerSections } from '../views/application-answers.js';
import { Button, type FieldErrors, Radios, Textarea, TextInput } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import { pageContext } from '../views/page.js';
import { RequestHistory, RequestSummary } from '../views/request-summary.js';
import { StaffLayout, StaffPage } from './views.js';

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
  const { database, outbox, config } = app.deps;
  const db = database.db;
  const review = {
    db,
    outbox,
    baseUrl: config.baseUrl,
    renewalOpensOn: config.renewal.opensOn,
    pokeJobs: app.deps.pokeJobs,
  };

  app.get('/staff/requests', async (request, reply) => {
    const staff = request.staff as Staff;
    const q = listQuery.parse(request.query ?? {});
    const kind: RequestKind | undefined = isRequestKind(q.kind) ? q.kind : undefined;
    const all = q.state === 'all';
    const rows = await listRequests(db, { ...(kind ? { kind } : {}), ...(all ? {} : { states: openRequestStates }) });
    const page = pageContext(request);
    const { t } = page;
    return sendHtml(
      reply,
      <StaffLayout page={page} staff={staff} csrf={reply.generateCsrf()} title={t('staff.requests.title')}>
        <h1 class="heading-l" safe>
          {t('staff.requests.title')}
        </h1>
        <form method="get" action="/staff/requests" class="filters">
          <div class="form-group">
            <label class="label" for="kind" safe>
              {t('staff.requests.kind')}
            </label>
            <select class="select" id="kind" name="kind">
              <option value="" safe>
                {t('staff.requests.allKinds')}
              </option>
              {requestKinds.map((k) => (
                <option value={k} selected={k === kind} safe>
                  {t(`request.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="form-group">
            <label class="label" for="state" safe>
              {t('staff.requests.state')}
            </label>
            <select class="select" id="state" name="state">
              <option value="open" selected={!all} safe>
                {t('staff.requests.openOnly')}
              </option>
              <option value="all" selected={all} safe>
                {t('staff.requests.all')}
              </option>
            </select>
          </div>
          <button type="submit" class="button button--secondary" safe>
            {t('staff.requests.filter')}
          </button>
        </form>
        {rows.length === 0 ? (
          <p class="body" safe>
            {t('staff.requests.none')}
          </p>
        ) : (
          <table class="table">
            <caption class="table__caption visually-hidden" safe>
              {t('staff.requests.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('request.list.number')}
                </th>
                <th scope="col" safe>
                  {t('request.list.kind')}
                </th>
                <th scope="col" safe>
                  {t('staff.requests.account')}
                </th>
                <th scope="col" safe>
                  {t('staff.requests.holder')}
                </th>
                <th scope="col" safe>
                  {t('request.list.sent')}
                </th>
                <th scope="col" safe>
                  {t('request.list.status')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/staff/requests/${r.id}`} class="link" safe>
                      {String(r.id)}
                    </a>
                  </td>
                  <td safe>{t(`request.kind.${r.kind}`)}</td>
                  <td safe>{r.uid}</td>
                  <td safe>{`${personName(r)}${r.institution ? ` (${r.institution})` : ''}`}</td>
                  <td safe>{formatCentreDate(r.created_at, page.lang)}</td>
                  <td safe>{t(`request.state.${r.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </StaffLayout>,
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
      <StaffPage page={page} staff={staff} csrf={csrf} title={title} errors={errors}>
        <p class="body">
          <strong safe>{`${t('request.detail.status')}: ${t(`request.state.${r.state}`)}`}</strong>
        </p>
        {continuation ? (
          <div class="inset-text" id="waiting-continuation">
            <p class="body" safe>
              {t('staff.request.continuation', { year: continuation.fiscal_year })}
            </p>
          </div>
        ) : (
          ''
        )}
        <SummaryCard
          id="holder"
          title={t('staff.request.holder')}
          rows={[
            {
              key: t('staff.requests.account'),
              value: accounts.map((a) => `${a.uid} (${a.group_name}, ${t(`user.state.${a.state}`)})`).join(', '),
            },
            ...(sections.find((s) => s.step === 'applicant')?.rows.slice(0, 4) ?? []),
            { key: t('affiliation.institution'), value: full.applicant.institution ?? '' },
            {
              key: t('staff.request.currentResponsible'),
              value: full.responsible.same_as_applicant
                ? t('check.responsibleSelf')
                : `${personName(full.responsible)} <${full.responsible.email ?? ''}>`,
            },
          ]}
        />
        <RequestSummary page={page} data={r.data} />
        {r.kind === 'reissue' ? (
          <>
            <SummaryCard
              id="post-to"
              title={t('staff.request.reissue.postTo')}
              rows={[
                {
                  key: t('affiliation.address'),
                  value: [
                    personName(full.applicant),
                    full.applicant.institution,
                    full.applicant.department,
                    full.applicant.postal_code,
                    full.applicant.address,
                    full.applicant.country ? countryName(full.applicant.country, page.lang) : null,
                  ]
                    .filter(Boolean)
                    .join('\n'),
                },
              ]}
            />
            <p class="body" safe>
              {t('staff.request.reissue.note')}
            </p>
          </>
        ) : (
          ''
        )}
        {r.question ? (
          <SummaryCard
            id="question"
            title={t('staff.request.info.label')}
            rows={[
              { key: t('staff.request.info.label'), value: r.question },
              ...(r.answer ? [{ key: t('staff.request.answer'), value: r.answer }] : []),
            ]}
          />
        ) : (
          ''
        )}
        {r.decision_reason ? (
          <p class="body pre-line" safe>
            {`${t('request.detail.reason')}: ${r.decision_reason}`}
          </p>
        ) : (
          ''
        )}
        {r.data.kind === 'manager' ? (
          <section aria-labelledby="pledge-title">
            <h2 class="heading-m" id="pledge-title" safe>
              {t('staff.request.pledge')}
            </h2>
            {errors.pledge ? (
              <p id="pledge-error" class="error-message" safe>
                {errors.pledge}
              </p>
            ) : (
              ''
            )}
            <p
              class="body"
              id="pledge"
              tabindex="-1"
              aria-describedby={errors.pledge ? 'pledge-error' : undefined}
              safe
            >
              {pledge?.signed_at
                ? t('staff.request.pledge.signed', {
                    date: formatCentreTime(pledge.signed_at, page.lang),
                    name: pledge.signer_name ?? '',
                  })
                : pledge
                  ? t('staff.request.pledge.sent', {
                      email: pledge.email,
                      date: formatCentreTime(pledge.sent_at, page.lang),
                    })
                  : t('staff.request.pledge.none')}
            </p>
            {open && !pledge?.signed_at && can(staff.role, 'pledge.send') ? (
              <form method="post" action={`/staff/requests/${r.id}/pledge`} novalidate>
                <CsrfField token={csrf} />
                <input type="hidden" name="version" value={String(r.version)} />
                <button type="submit" class="button button--secondary" safe>
                  {t(pledge ? 'staff.request.pledge.resend' : 'staff.request.pledge.send')}
                </button>
              </form>
            ) : (
              ''
            )}
          </section>
        ) : (
          ''
        )}
        {r.state === 'submitted' && staffMayAsk(r.kind) && can(staff.role, 'applications.requestInformation') ? (
          <form method="post" action={`/staff/requests/${r.id}/request-information`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(r.version)} />
            <h2 class="heading-m" safe>
              {t('staff.request.info')}
            </h2>
            <Textarea
              name="question"
              label={t('staff.request.info.label')}
              value={typed.question ?? ''}
              error={errors.question}
              rows={4}
            />
            <Button label={t('staff.request.info.submit')} />
          </form>
        ) : (
          ''
        )}
        {open && can(staff.role, 'applications.decide') ? (
          <form method="post" action={`/staff/requests/${r.id}/decision`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(r.version)} />
            <h2 class="heading-m" safe>
              {t('staff.request.decision')}
            </h2>
            <Radios
              name="decision"
              legend={t('staff.request.decisionLabel')}
              error={errors.decision}
              options={[
                { value: 'approved', label: t('staff.request.approve') },
                { value: 'rejected', label: t('staff.request.reject') },
              ]}
            />
            {r.kind === 'manager' ? (
              <TextInput
                name="group"
                spellcheck={false}
                label={t('staff.request.group')}
                hint={t('staff.request.groupHint')}
                value={typed.group ?? proposal}
                error={errors.group}
              />
            ) : (
              ''
            )}
            <Textarea
              name="reason"
              label={t('staff.request.reason')}
              value={typed.reason ?? ''}
              error={errors.reason}
              rows={3}
            />
            <Button label={t('staff.request.submit')} />
          </form>
        ) : (
          ''
        )}
        <RequestHistory page={page} events={events} actor={actor} />
      </StaffPage>,
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
