// What every step of the application form shares: finding the applicant's draft
// from the session opened by the mailed link, and the page shown without one.

import type { Children } from '@kitajs/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { getApplication, type StepAnswers } from '../../db/applications.js';
import type { Application } from '../../db/schema-applications.js';
import { type ApplicationStep, applicationSteps, stepAfter } from '../../domain/application-steps.js';
import type { Translate } from '../../i18n/index.js';
import { saveDraftStep } from '../../services/submissions.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { BackLink, Button, ErrorSummary, type FieldErrors } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { NoticeBanner } from '../views/notices.js';
import { errorTitle, type PageContext, pageContext } from '../views/page.js';

/**
 * Where Continue leads after a step is saved complete: the overview while steps
 * remain, else the check page (so a "Change" from the check page returns to it).
 */
export const pageAfterStep = (current: ApplicationStep, stepsDone: readonly string[]): string =>
  `/apply/${stepAfter(current, stepsDone)}`;

/** The application of this browser's applicant session, in any state. */
export async function sessionApplication(request: FastifyRequest): Promise<Application | undefined> {
  const session = request.session;
  if (session?.audience !== 'applicant') return undefined;
  return getApplication(request.server.deps.database.db, Number(session.subject));
}

/** The steps a request for information reopened, as kept in the applicant's session. */
export function reopenedSteps(request: FastifyRequest): string[] {
  const data = request.session?.data as { reopened?: unknown } | undefined;
  return Array.isArray(data?.reopened) ? data.reopened.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * The application this browser's applicant session may edit at `step`: its draft,
 * or, while staff have asked for more information, the steps they reopened. Else
 * undefined (the caller answers with noDraft).
 */
export async function currentDraft(request: FastifyRequest, step?: ApplicationStep): Promise<Application | undefined> {
  const application = await sessionApplication(request);
  if (application?.state === 'draft') return application;
  if (application?.state === 'information_requested' && (!step || reopenedSteps(request).includes(step))) {
    return application;
  }
  return undefined;
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
    <Layout page={page} title={errorTitle(page, title, errors)}>
      <BackLink href="/apply/application" label={t('applyStep.back')} />
      {page.notices?.closure ? <NoticeBanner page={page} notices={{ ...page.notices, suspended: [] }} /> : ''}
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

/** What a step page needs to render: its answers (as typed or as stored) and messages. */
export interface StepViewProps<F> {
  page: PageContext;
  csrf: string;
  answers: F;
  errors: FieldErrors;
  /** The answers need more questions, shown now for the first time (asked, not refused). */
  followUp?: boolean;
}

/**
 * The GET and POST of a question page whose answers go to the applicant or the
 * application row: show the stored answers; on Continue check them, save them
 * (also when not all pass, so nothing typed is lost), mark the step done or not,
 * and go back to the overview or show the page again with the messages.
 */
export function registerStep<F>(
  app: FastifyInstance,
  step: ApplicationStep,
  options: {
    form: z.ZodType<F>;
    load: (draft: Application) => Promise<F>;
    /** `followUp`: the only problems are questions the answers just made necessary, never shown yet. */
    check: (input: F, t: Translate) => { answers: StepAnswers; errors: FieldErrors; followUp?: boolean };
    View: (props: StepViewProps<F>) => JSX.Element;
  },
): void {
  const { View } = options;
  const db = app.deps.database.db;
  app.get(`/apply/${step}`, async (request, reply) => {
    const draft = await currentDraft(request, step);
    if (!draft) return noDraft(request, reply);
    const answers = await options.load(draft);
    return sendHtml(
      reply,
      <View page={pageContext(request)} csrf={reply.generateCsrf()} answers={answers} errors={{}} />,
    );
  });
  // Each step checks its own text fields and says which one holds a control character.
  app.post(`/apply/${step}`, { config: { fieldsChecked: true } }, async (request, reply) => {
    const draft = await currentDraft(request, step);
    if (!draft) return noDraft(request, reply);
    const input = readForm(options.form, request.body);
    const { answers, errors, followUp } = options.check(input, request.t);
    const done = Object.keys(errors).length === 0;
    const stepsDone = await saveDraftStep(db, draft.id, step, answers, done);
    if (done) return reply.redirect(pageAfterStep(step, stepsDone), 303);
    // Questions that follow from an answer (without JavaScript, they were not on the page yet): asked now.
    if (followUp)
      return sendHtml(
        reply,
        <View page={pageContext(request)} csrf={reply.generateCsrf()} answers={input} errors={{}} followUp />,
      );
    return sendHtml(
      reply,
      <View page={pageContext(request)} csrf={reply.generateCsrf()} answers={input} errors={errors} />,
      400,
    );
  });
}
