// The application's overview (GOV.UK task list): the verified address, how long the
// draft is kept, and each step with its status. Only a session opened from the
// mailed link reaches it.
import type { FastifyInstance } from 'fastify';
import { getApplication } from '../../db/applications.js';
import type { Application } from '../../db/schema-applications.js';
import type { MessageKey } from '../i18n/index.js';
import { sendHtml } from '../render.js';
import { Layout } from '../views/layout.js';
import { type PageContext, pageContext } from '../views/page.js';

export const applicationSteps = ['applicant', 'eligibility', 'affiliation', 'account', 'responsible', 'check'] as const;

function formatDate(date: Date, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Asia/Tokyo',
  }).format(date);
}

function TaskListPage({ page, application }: { page: PageContext; application: Application }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('applyTask.title')}>
      <h1 class="heading-l" safe>
        {t('applyTask.title')}
      </h1>
      <p class="body" safe>
        {t('applyTask.email', { email: application.email })}
      </p>
      <p class="body hint" safe>
        {t('applyTask.expires', { date: formatDate(application.expires_at, lang) })}
      </p>
      <h2 class="heading-m" safe>
        {t('applyTask.steps')}
      </h2>
      <ol class="task-list">
        {applicationSteps.map((step) => (
          <li class="task-list__item">
            <span class="task-list__name" safe>
              {t(`applyTask.step.${step}` as MessageKey)}
            </span>
            <span class="task-list__status" safe>
              {application.steps_done.includes(step) ? t('applyTask.status.done') : t('applyTask.status.notStarted')}
            </span>
          </li>
        ))}
      </ol>
      <p class="body" safe>
        {t('applyTask.comingSoon')}
      </p>
    </Layout>
  );
}

function NoSessionPage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('applyTask.title')}>
      <h1 class="heading-l" safe>
        {t('applyTask.title')}
      </h1>
      <p class="body" safe>
        {t('applyTask.noSession')}
      </p>
      <p class="body">
        <a href="/apply/email" class="link" safe>
          {t('applyEmail.verify.expired.again')}
        </a>
      </p>
    </Layout>
  );
}

export async function applicationRoutes(app: FastifyInstance) {
  app.get('/apply/application', async (request, reply) => {
    const session = request.session;
    const application =
      session?.audience === 'applicant'
        ? await getApplication(app.deps.database.db, Number(session.subject))
        : undefined;
    if (application?.state !== 'draft') {
      return sendHtml(reply, <NoSessionPage page={pageContext(request)} />, 401);
    }
    return sendHtml(reply, <TaskListPage page={pageContext(request)} application={application as Application} />);
  });
}
