// The applicant's link from a request for information (GET shows the staff's
// message and a button; POST opens the application in this browser with only the
// named steps editable). Works until the changes are sent or the link expires.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getApplication } from '../../db/applications.js';
import { openInformationRequest } from '../../db/information-requests.js';
import { hashToken } from '../../domain/tokens.js';
import { sendHtml } from '../render.js';
import { Button } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { sendMessage } from '../views/message-page.js';
import { type PageContext, pageContext } from '../views/page.js';

function OpenPage(props: { page: PageContext; csrf: string; token: string; message: string; reference: string }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('information.title')}>
      <span class="caption" safe>
        {props.reference}
      </span>
      <h1 class="heading-l" safe>
        {t('information.title')}
      </h1>
      <div class="inset-text">
        <p class="body pre-line" safe>
          {props.message}
        </p>
      </div>
      <form method="post" action="/apply/information">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <Button label={t('information.open')} />
      </form>
    </Layout>
  );
}

export async function informationRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const find = async (token: string) => {
    if (!token || token.length > 100) return undefined;
    const asked = await openInformationRequest(db, hashToken(token), new Date());
    const application = asked ? await getApplication(db, asked.application_id) : undefined;
    return asked && application?.state === 'information_requested' ? { asked, application } : undefined;
  };
  const gone = (request: FastifyRequest, reply: FastifyReply) =>
    sendMessage(request, reply, { title: 'information.gone.title', body: 'information.gone.body' }, 410);

  app.get('/apply/information', async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    const found = await find(token);
    if (!found) return gone(request, reply);
    return sendHtml(
      reply,
      <OpenPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        token={token}
        message={found.asked.message}
        reference={found.application.reference ?? ''}
      />,
    );
  });

  app.post(
    '/apply/information',
    { config: { rateLimit: { max: 30, timeWindow: 10 * 60_000 } } },
    async (request, reply) => {
      const token = String((request.body as { token?: unknown } | undefined)?.token ?? '');
      const found = await find(token);
      if (!found) return gone(request, reply);
      await app.sessionControl.rotate(request, reply, {
        audience: 'applicant',
        subject: String(found.application.id),
        data: { reopened: found.asked.steps, request: found.asked.id },
      });
      return reply.redirect('/apply/check', 303);
    },
  );
}
