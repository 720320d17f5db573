// The application's overview (GOV.UK task list): the verified address, how long the
// draft is kept, and each step with its status. Only a session opened from the
// mailed link reaches it.
import type { FastifyInstance } from 'fastify';
import type { Application } from '../../db/schema-applications.js';
import { isReviewState } from '../../domain/application-state.js';
import { allQuestionsDone, applicationSteps, stepAfter } from '../../domain/application-steps.js';
import { formatCentreDate } from '../../domain/notices.js';
import type { MessageKey } from '../../i18n/index.js';
import { sendHtml } from '../render.js';
import { Layout } from '../views/layout.js';
import { type PageContext, pageContext } from '../views/page.js';
import { accountStepRoutes } from './account-step.js';
import { affiliationStepRoutes } from './affiliation-step.js';
import { applicantStepRoutes } from './applicant-step.js';
import { checkStepRoutes } from './check-step.js';
import { noDraft, reopenedSteps, sessionApplication } from './draft.js';
import { eligibilityStepRoutes } from './eligibility-step.js';
import { responsibleStepRoutes } from './responsible-step.js';

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
        {t('applyTask.expires', { date: formatCentreDate(application.expires_at, lang) })}
      </p>
      <h2 class="heading-m" safe>
        {t('applyTask.steps')}
      </h2>
      <ol class="task-list">
        {applicationSteps.map((step) => {
          const open = step !== 'check' || allQuestionsDone(application.steps_done);
          const status =
            step === 'check'
              ? open
                ? t('applyTask.status.ready')
                : t('applyTask.status.cannotStart')
              : application.steps_done.includes(step)
                ? t('applyTask.status.done')
                : t('applyTask.status.notStarted');
          return (
            <li class="task-list__item">
              {open ? (
                <a href={`/apply/${step}`} class="task-list__name link" safe>
                  {t(`applyTask.step.${step}` as MessageKey)}
                </a>
              ) : (
                <span class="task-list__name" safe>
                  {t(`applyTask.step.${step}` as MessageKey)}
                </span>
              )}
              <span class="task-list__status" safe>
                {status}
              </span>
            </li>
          );
        })}
      </ol>
      {/* One button to go on: the first step not done yet, or the check page. */}
      <a href={`/apply/${nextStep(application.steps_done)}`} class="button" safe>
        {t(application.steps_done.length ? 'applyTask.continue' : 'applyTask.start')}
      </a>
    </Layout>
  );
}

const nextStep = (done: readonly string[]) => stepAfter('', done);

export async function applicationRoutes(app: FastifyInstance) {
  // Step pages register here as they are built.
  await app.register(applicantStepRoutes);
  await app.register(eligibilityStepRoutes);
  await app.register(affiliationStepRoutes);
  await app.register(accountStepRoutes);
  await app.register(responsibleStepRoutes);
  await app.register(checkStepRoutes);
  app.get('/apply/application', async (request, reply) => {
    const application = await sessionApplication(request);
    if (application?.state === 'information_requested' && reopenedSteps(request).length > 0) {
      return reply.redirect('/apply/check', 303);
    }
    if (application && isReviewState(application.state)) return reply.redirect('/apply/submitted', 303);
    if (application?.state !== 'draft') return noDraft(request, reply);
    return sendHtml(reply, <TaskListPage page={pageContext(request)} application={application} />);
  });
}
