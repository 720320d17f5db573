// The applicant withdraws an application in review with the link from their
// confirmation mail (GET shows a button; only POST withdraws, so mail scanners that
// follow links change nothing). Staff stop reviewing; a pledge link stops working.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findByWithdrawToken } from '../../db/applications.js';
import type { Application } from '../../db/schema-applications.js';
import { isReviewState } from '../../domain/application-state.js';
import { hashToken } from '../../domain/tokens.js';
import { withdrawApplication } from '../../services/submissions.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
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
  const { database } = app.deps;
  const db = database.db;
  const submissions = useCaseDeps(app);

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
      const done = await withdrawApplication(submissions, application, request.lang);
      if (!done) return gone(request, reply);
      const page = pageContext(request);
      return sendHtml(
        reply,
        <MessagePage
          page={page}
          title={page.t('withdraw.done.title')}
          body={page.t('withdraw.done.body', { reference: application.reference ?? '' })}
        />,
      );
    },
  );
}
