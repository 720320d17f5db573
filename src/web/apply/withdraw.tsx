// The applicant withdraws an application in review with the link from their
// confirmation mail (GET shows a button; only POST withdraws, so mail scanners that
// follow links change nothing). Staff stop reviewing; a pledge link stops working.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ApplicationChangedError,
  advanceApplication,
  findByWithdrawToken,
  getResponsiblePerson,
} from '../../db/applications.js';
import { appendAudit } from '../../db/audit.js';
import type { Application } from '../../db/schema-applications.js';
import { isReviewState } from '../../domain/application-state.js';
import { TransitionError } from '../../domain/state-machine.js';
import { hashToken } from '../../domain/tokens.js';
import { sendHtml } from '../render.js';
import { Button } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { MessagePage, sendMessage } from '../views/message-page.js';
import { type PageContext, pageContext } from '../views/page.js';

function ConfirmPage({
  page,
  csrf,
  token,
  reference,
}: {
  page: PageContext;
  csrf: string;
  token: string;
  reference: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('withdraw.title')}>
      <h1 class="heading-l" safe>
        {t('withdraw.title')}
      </h1>
      <div class="warning-text">
        <p class="body" safe>
          {t('withdraw.body', { reference })}
        </p>
      </div>
      <form method="post" action="/apply/withdraw">
        <CsrfField token={csrf} />
        <input type="hidden" name="token" value={token} />
        <Button label={t('withdraw.submit')} />
      </form>
    </Layout>
  );
}

export async function withdrawRoutes(app: FastifyInstance) {
  const { database, outbox } = app.deps;
  const db = database.db;

  const find = async (token: string): Promise<Application | undefined> => {
    if (!token || token.length > 100) return undefined;
    const application = await findByWithdrawToken(db, hashToken(token));
    return application && isReviewState(application.state) ? application : undefined;
  };
  const gone = (request: FastifyRequest, reply: FastifyReply) =>
    sendMessage(request, reply, { title: 'withdraw.gone.title', body: 'withdraw.gone.body' }, 410);

  app.get('/apply/withdraw', async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    const application = await find(token);
    if (!application) return gone(request, reply);
    return sendHtml(
      reply,
      <ConfirmPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        token={token}
        reference={application.reference ?? ''}
      />,
    );
  });

  app.post(
    '/apply/withdraw',
    { config: { rateLimit: { max: 30, timeWindow: 10 * 60_000 } } },
    async (request, reply) => {
      const token = String((request.body as { token?: unknown } | undefined)?.token ?? '');
      const application = await find(token);
      if (!application) return gone(request, reply);
      const responsible = await getResponsiblePerson(db, application.id);
      const reference = application.reference ?? '';
      const done = await db.transaction().execute(async (trx) => {
        try {
          await advanceApplication(trx, application.id, 'withdrawn', 'applicant', null, application.version);
        } catch (error) {
          // Decided or changed meanwhile: the page says it cannot be withdrawn.
          if (error instanceof ApplicationChangedError || error instanceof TransitionError) return false;
          throw error;
        }
        await appendAudit(trx, {
          actor: 'applicant',
          action: 'application.withdrawn',
          subject: `application:${application.id}`,
        });
        await outbox.enqueue(trx, {
          to: application.email,
          lang: request.lang,
          template: 'applicationWithdrawn',
          params: { reference },
        });
        if (!responsible.same_as_applicant && responsible.email) {
          await outbox.enqueue(trx, {
            to: responsible.email,
            lang: 'ja',
            template: 'applicationWithdrawn',
            params: { reference },
          });
        }
        return true;
      });
      if (!done) return gone(request, reply);
      app.deps.pokeJobs();
      const page = pageContext(request);
      return sendHtml(
        reply,
        <MessagePage
          page={page}
          title={page.t('withdraw.done.title')}
          body={page.t('withdraw.done.body', { reference })}
        />,
      );
    },
  );
}
