// The holder's requests: the list with their status and links to send a new one;
// one request's page (what it asks, its history, staff's question and the answer
// to it, withdrawal while it is open). A request of another holder is not found.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AccountRequest, getRequest, requestEvents, requestsOfHolder } from '../../db/account-requests.js';
import type { Account } from '../../db/user-accounts.js';
import { holderRequestKinds, openRequestStates } from '../../domain/account-request.js';
import { formatCentreDate } from '../../domain/notices.js';
import { labelled } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import { answerRequest, withdrawRequest } from '../../services/holder-requests.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { Banner } from '../views/components/banner.js';
import { Button, type FieldErrors, Textarea } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { type PageContext, pageContext } from '../views/page.js';
import { RequestHistory, RequestSummary } from '../views/request-summary.js';
import { AccountLayout } from './views.js';

const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});
const answerForm = z.object({ answer: z.string().max(20_000).default('') });

/** Who made a move, as the holder sees it. */
const actorLabel = (page: PageContext, actor: string) =>
  page.t(
    actor.startsWith('account:')
      ? 'request.actor.holder'
      : actor === 'system'
        ? 'request.actor.system'
        : 'request.actor.staff',
  );

export function RequestList({ page, requests }: { page: PageContext; requests: AccountRequest[] }) {
  const { t } = page;
  if (requests.length === 0)
    return (
      <p class="body" safe>
        {t('request.list.none')}
      </p>
    );
  return (
    <table class="table">
      <caption class="table__caption" safe>
        {t('request.list.yours')}
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
            {t('request.list.sent')}
          </th>
          <th scope="col" safe>
            {t('request.list.status')}
          </th>
        </tr>
      </thead>
      <tbody>
        {requests.map((r) => (
          <tr>
            <td>
              <a href={`/account/requests/${r.id}`} class="link" safe>
                {String(r.id)}
              </a>
            </td>
            <td safe>{t(`request.kind.${r.kind}`)}</td>
            <td safe>{formatCentreDate(r.created_at, page.lang)}</td>
            <td safe>{t(`request.state.${r.state}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function requestRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const db = database.db;
  const holderDeps = useCaseDeps(app);

  app.get('/account/requests', async (request, reply) => {
    const account = request.account as Account;
    const page = pageContext(request);
    const { t } = page;
    const requests = await requestsOfHolder(db, account.application_id);
    return sendHtml(
      reply,
      <AccountLayout
        page={page}
        account={account.uid}
        csrf={reply.generateCsrf()}
        title={t('request.list.title')}
        current="/account/requests"
      >
        <p class="body" safe>
          {t('request.list.intro')}
        </p>
        <h2 class="heading-m" safe>
          {t('request.new')}
        </h2>
        <ul class="list">
          {holderRequestKinds.map((kind) => (
            <li>
              <a href={`/account/requests/${kind}`} class="link" safe>
                {t(`request.kind.${kind}`)}
              </a>
              <p class="hint" safe>
                {t(`request.kind.${kind}.hint`)}
              </p>
            </li>
          ))}
        </ul>
        <RequestList page={page} requests={requests} />
      </AccountLayout>,
    );
  });

  /** The request `id` of this holder; any other id is not found. */
  const own = async (request: FastifyRequest) => {
    const account = request.account as Account;
    const param = idParam.safeParse(request.params);
    const r = param.success ? await getRequest(db, param.data.id) : undefined;
    if (!r || r.application_id !== account.application_id) throw new AppError('NOT_FOUND');
    return r;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    r: AccountRequest,
    form: { banner?: string; errors?: FieldErrors; answer?: string } = {},
  ) => {
    const account = request.account as Account;
    const page = pageContext(request);
    const { t } = page;
    const errors = form.errors ?? {};
    const events = await requestEvents(db, r.id);
    const csrf = reply.generateCsrf();
    return sendHtml(
      reply,
      <AccountLayout
        page={page}
        account={account.uid}
        csrf={csrf}
        title={t('request.detail.title', { id: r.id, kind: t(`request.kind.${r.kind}`) })}
        current="/account/requests"
        errors={errors}
      >
        <Banner text={form.banner} />
        <p class="body">
          <strong safe>{labelled(page.lang, t('request.detail.status'), t(`request.state.${r.state}`))}</strong>
        </p>
        <RequestSummary page={page} data={r.data} />
        {r.decision_reason ? (
          <>
            <h2 class="heading-m" safe>
              {t('request.detail.reason')}
            </h2>
            <p class="body pre-line" safe>
              {r.decision_reason}
            </p>
          </>
        ) : (
          ''
        )}
        {r.question ? (
          <>
            <h2 class="heading-m" safe>
              {t('request.detail.question')}
            </h2>
            <p class="body pre-line" safe>
              {r.question}
            </p>
          </>
        ) : (
          ''
        )}
        {r.state === 'information_requested' ? (
          <form method="post" action={`/account/requests/${r.id}/answer`} novalidate>
            <CsrfField token={csrf} />
            <Textarea
              name="answer"
              label={t('request.detail.answer')}
              value={form.answer ?? ''}
              error={errors.answer}
              rows={5}
            />
            <Button label={t('request.detail.sendAnswer')} />
          </form>
        ) : r.answer ? (
          <>
            <h2 class="heading-m" safe>
              {t('request.detail.answer')}
            </h2>
            <p class="body pre-line" safe>
              {r.answer}
            </p>
          </>
        ) : (
          ''
        )}
        {openRequestStates.includes(r.state) ? (
          <form method="post" action={`/account/requests/${r.id}/withdraw`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(r.version)} />
            <button type="submit" class="button button--warning" safe>
              {t('request.detail.withdraw')}
            </button>
          </form>
        ) : (
          ''
        )}
        <RequestHistory page={page} events={events} actor={(a) => actorLabel(page, a)} />
      </AccountLayout>,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get('/account/requests/:id', async (request, reply) => {
    const r = await own(request);
    const sent = (request.query as { sent?: string }).sent === '1';
    return show(request, reply, r, sent ? { banner: request.t('request.detail.sent') } : {});
  });

  app.post('/account/requests/:id/answer', async (request, reply) => {
    const r = await own(request);
    const answer = readForm(answerForm, request.body).answer;
    const outcome = await answerRequest(holderDeps, request.account as Account, r, answer);
    if (!outcome.ok && outcome.problem === 'ANSWER')
      return show(request, reply, r, {
        errors: { answer: request.t('request.detail.error.answer') },
        answer: answer.slice(0, 20_000),
      });
    if (!outcome.ok) return reply.redirect(`/account/requests/${r.id}`, 303);
    return show(request, reply, await own(request), { banner: request.t('request.detail.answered') });
  });

  app.post('/account/requests/:id/withdraw', async (request, reply) => {
    const r = await own(request);
    const outcome = await withdrawRequest(holderDeps, request.account as Account, r);
    if (!outcome.ok) return reply.redirect(`/account/requests/${r.id}`, 303);
    return show(request, reply, await own(request), { banner: request.t('request.detail.withdrawn') });
  });
}
