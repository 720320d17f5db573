// What every step of the application form shares: finding the applicant's draft
// from the session opened by the mailed link, and the page shown without one.
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getApplication } from '../../db/applications.js';
import type { Application } from '../../db/schema-applications.js';
import { sendHtml } from '../render.js';
import { BackLink, Button, ErrorSummary, type FieldErrors } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { type PageContext, pageContext } from '../views/page.js';

export const applicationSteps = ['applicant', 'eligibility', 'affiliation', 'account', 'responsible', 'check'] as const;
export type ApplicationStep = (typeof applicationSteps)[number];

/** The step pages built so far; the overview links only these. */
export const builtSteps: ReadonlySet<ApplicationStep> = new Set([
  'applicant',
  'eligibility',
  'affiliation',
  'account',
  'responsible',
]);

/** The draft of this browser's applicant session, or undefined (the caller answers with noDraft). */
export async function currentDraft(request: FastifyRequest): Promise<Application | undefined> {
  const session = request.session;
  if (session?.audience !== 'applicant') return undefined;
  const application = await getApplication(request.server.deps.database.db, Number(session.subject));
  return application?.state === 'draft' ? application : undefined;
}

export function NoDraftPage({ page }: { page: PageContext }) {
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

export function noDraft(request: FastifyRequest, reply: FastifyReply) {
  return sendHtml(reply, <NoDraftPage page={pageContext(request)} />, 401);
}

/**
 * The frame of every question page: title (with "Error:" when there are errors),
 * back link, error summary, the step's place in the form, the heading, and a form
 * posting to the step's own address with its CSRF token, a note that answers are
 * saved, and the Continue button.
 */
export function StepPage(props: {
  page: PageContext;
  csrf: string;
  step: ApplicationStep;
  title: string;
  errors: FieldErrors;
  intro?: string;
  children: Children;
}) {
  const { page, errors, title } = props;
  const { t } = page;
  const n = applicationSteps.indexOf(props.step) + 1;
  return (
    <Layout page={page} title={Object.keys(errors).length ? `${t('form.errorPrefix')} ${title}` : title}>
      <BackLink href="/apply/application" label={t('applyStep.back')} />
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <span class="caption" safe>
        {t('applyStep.progress', { n, total: applicationSteps.length })}
      </span>
      <h1 class="heading-l" safe>
        {title}
      </h1>
      {props.intro ? (
        <p class="body" safe>
          {props.intro}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={`/apply/${props.step}`} novalidate>
        <CsrfField token={props.csrf} />
        {props.children}
        <p class="body hint" safe>
          {t('applyStep.saved')}
        </p>
        <Button label={t('applyStep.continue')} />
      </form>
    </Layout>
  );
}
