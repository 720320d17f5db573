// Step 6 and 7 of the application: check your answers, accept the terms, send.
// Sending re-checks the account name inside the submitting transaction (the unique
// index on names of applications in review decides a race; the loser keeps every
// answer and is told to change the name), takes a reference, records the state
// change, and queues the mails to the applicant and the responsible person in the
// same transaction. Nothing can be sent while applications are closed.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FullApplication, getFullApplication, reservedAccountNames } from '../../db/applications.js';
import { latestInformationRequest } from '../../db/information-requests.js';
import { currentTerms } from '../../db/settings.js';
import { checkAccountName } from '../../domain/account-name.js';
import { isReviewState } from '../../domain/application-state.js';
import { allQuestionsDone } from '../../domain/application-steps.js';
import type { ActiveNotices } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { sendApplication, sendRequestedChanges } from '../../services/submissions.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { answerSections } from '../views/application-answers.js';
import { BackLink, Button, Checkbox, ErrorSummary, type FieldErrors } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { NoticeBanner } from '../views/notices.js';
import { errorTitle, type PageContext, pageContext } from '../views/page.js';
import { noDraft, reopenedSteps, sessionApplication } from './draft.js';
import { termsPage } from './links.js';
import { robotCheck } from './robot-check.js';

const form = z.object({
  terms: z.string().max(10).default(''),
  termsVersion: z.string().max(40).default(''),
  criteriaVersion: z.string().max(40).default(''),
  altcha: z.string().max(8192).default(''),
  // The honeypot: hidden from people (display: none), filled in by naive robots.
  website: z.string().max(2000).default(''),
});

/** Closures and a suspension of new GA accounts stop submission; other suspensions do not. */
const blockingNotices = (notices: ActiveNotices): ActiveNotices => ({
  ...notices,
  suspended: notices.suspended.filter((s) => s.service === 'ga_account'),
});

interface CheckProps {
  page: PageContext;
  csrf: string;
  full: FullApplication;
  errors: FieldErrors;
  /** The signed proof-of-work challenge (JSON) for the browser's script. */
  challenge: string;
  termsTicked: boolean;
  /** The versions of the terms of use and issuance criteria shown, which the applicant accepts. */
  versions: AcceptedVersions;
}

interface AcceptedVersions {
  termsOfUse: string;
  issuanceCriteria: string;
}

function CheckPage({ page, csrf, full, errors, challenge, termsTicked, versions }: CheckProps) {
  const { t } = page;
  const title = t('check.title');
  const notices = page.notices ? blockingNotices(page.notices) : undefined;
  const open = page.notices?.applicationsOpen ?? true;
  return (
    <Layout page={page} title={errorTitle(page, title, errors)} scripts={['js/altcha.js']}>
      <BackLink href="/apply/application" label={t('applyStep.back')} />
      {notices ? <NoticeBanner page={page} notices={notices} /> : ''}
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <span class="caption" safe>
        {t('applyStep.progress', { n: 6, total: 6 })}
      </span>
      <h1 class="heading-l" safe>
        {title}
      </h1>
      {answerSections(full, page).map(({ step, rows }) => (
        <SummaryCard
          id={step}
          title={t(`applyTask.step.${step}` as MessageKey)}
          change={{ href: `/apply/${step}`, label: t('check.change') }}
          rows={rows}
        />
      ))}
      {full.application.needs_screening ? (
        <p class="body" safe>
          {t('check.screening')}
        </p>
      ) : (
        ''
      )}
      <h2 class="heading-m" id="send" safe>
        {t('check.send.heading')}
      </h2>
      {open ? (
        <>
          <p class="body" safe>
            {t('check.send.body')}
          </p>
          <ul class="list list--bullet">
            <li>
              <a href={termsPage('terms_of_use', versions.termsOfUse)} class="link" safe>
                {t('check.termsOfUse', { version: versions.termsOfUse })}
              </a>
            </li>
            <li>
              <a href={termsPage('issuance_criteria', versions.issuanceCriteria)} class="link" safe>
                {t('check.criteria', { version: versions.issuanceCriteria })}
              </a>
            </li>
          </ul>
          <form method="post" action="/apply/check" novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="termsVersion" value={versions.termsOfUse} />
            <input type="hidden" name="criteriaVersion" value={versions.issuanceCriteria} />
            <Checkbox name="terms" label={t('check.terms')} checked={termsTicked} error={errors.terms} />
            <div class="honeypot">
              <label for="website" safe>
                {t('check.honeypot')}
              </label>
              <input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off" />
            </div>
            <input
              type="hidden"
              id="altcha"
              name="altcha"
              value=""
              data-challenge={challenge}
              data-checking={t('check.robot.checking')}
              data-done={t('check.robot.done')}
            />
            <p class="body hint" id="altcha-status" aria-live="polite"></p>
            <Button label={t('check.submit')} />
          </form>
        </>
      ) : (
        <p class="body" safe>
          {t('check.closed')}
        </p>
      )}
    </Layout>
  );
}

/** The check page while staff have asked for more information: their message, the reopened steps, Send. */
function ResubmitPage(props: {
  page: PageContext;
  csrf: string;
  full: FullApplication;
  message: string;
  reopened: string[];
  errors: FieldErrors;
}) {
  const { page, full, errors } = props;
  const { t } = page;
  const title = t('resubmit.title');
  return (
    <Layout page={page} title={errorTitle(page, title, errors)}>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <span class="caption" safe>
        {full.application.reference ?? ''}
      </span>
      <h1 class="heading-l" safe>
        {title}
      </h1>
      <div class="inset-text">
        <p class="body" safe>
          {t('resubmit.asked')}
        </p>
        <p class="body pre-line" safe>
          {props.message}
        </p>
      </div>
      {answerSections(full, page).map(({ step, rows }) => (
        <SummaryCard
          id={step}
          title={t(`applyTask.step.${step}` as MessageKey)}
          change={props.reopened.includes(step) ? { href: `/apply/${step}`, label: t('check.change') } : undefined}
          rows={rows}
        />
      ))}
      <form method="post" action="/apply/check" novalidate>
        <CsrfField token={props.csrf} />
        <p class="body" safe>
          {t('resubmit.send')}
        </p>
        <Button label={t('resubmit.submit')} />
      </form>
    </Layout>
  );
}

function SubmittedPage({ page, full }: { page: PageContext; full: FullApplication }) {
  const { t } = page;
  const { application: a, responsible: r } = full;
  return (
    <Layout page={page} title={t('submitted.title')}>
      <div class="panel">
        <h1 class="panel__title" safe>
          {t('submitted.title')}
        </h1>
        <p class="panel__body">
          <span safe>{t('submitted.reference')}</span>
          <br />
          <strong class="panel__reference" safe>
            {a.reference ?? ''}
          </strong>
        </p>
      </div>
      <p class="body" safe>
        {t('submitted.mailApplicant', { email: a.email })}
      </p>
      {r.same_as_applicant ? (
        ''
      ) : (
        <p class="body" safe>
          {t('submitted.mailResponsible', { name: personName(r, page.lang), email: r.email ?? '' })}
        </p>
      )}
      <h2 class="heading-m" safe>
        {t('submitted.next.heading')}
      </h2>
      <ol class="list list--number">
        <li safe>{t('submitted.next.review')}</li>
        {a.needs_screening ? <li safe>{t('submitted.next.screening')}</li> : ''}
        <li safe>{t('submitted.next.certificate')}</li>
      </ol>
      <p class="body" safe>
        {t('submitted.next.quote')}
      </p>
    </Layout>
  );
}

/**
 * A name that passed its step may since have been reserved: say so and keep the rest.
 * (A name taken by another application in review is found by the unique index when
 * the application is sent.)
 */
function nameProblem(full: FullApplication, reserved: string[], t: Translate): string | undefined {
  const name = full.application.account_name ?? '';
  return checkAccountName(name, reserved).ok ? undefined : t('check.error.nameInvalid', { name });
}

export async function checkStepRoutes(app: FastifyInstance) {
  const { database, config } = app.deps;
  const db = database.db;
  const robot = robotCheck(config.sessionSecret);
  const submissions = useCaseDeps(app);
  const limited = { config: { rateLimit: { max: config.rateLimitMailPer10Minutes, timeWindow: 10 * 60_000 } } };

  /** The newest versions of the two texts: what the check page asks the applicant to accept. */
  const acceptedVersions = async (): Promise<AcceptedVersions> => {
    const [terms, criteria] = await Promise.all([
      currentTerms(db, 'terms_of_use'),
      currentTerms(db, 'issuance_criteria'),
    ]);
    return { termsOfUse: terms.version, issuanceCriteria: criteria.version };
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    full: FullApplication,
    errors: FieldErrors = {},
    termsTicked = false,
    status = 200,
  ) =>
    sendHtml(
      reply,
      <CheckPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        full={full}
        errors={errors}
        challenge={JSON.stringify(await robot.challenge(full.application.id))}
        termsTicked={termsTicked}
        versions={await acceptedVersions()}
      />,
      status,
    );

  /** The draft when it is ready to check; otherwise the reply has been sent. */
  const readyDraft = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = request.session;
    const full = session?.audience === 'applicant' ? await getFullApplication(db, Number(session.subject)) : undefined;
    if (!full || (full.application.state !== 'draft' && !isReviewState(full.application.state))) {
      await noDraft(request, reply);
      return undefined;
    }
    const answering = full.application.state === 'information_requested' && reopenedSteps(request).length > 0;
    if (isReviewState(full.application.state) && !answering) {
      await reply.redirect('/apply/submitted', 303);
      return undefined;
    }
    if (!allQuestionsDone(full.application.steps_done)) {
      await reply.redirect('/apply/application', 303);
      return undefined;
    }
    return full;
  };

  const showResubmit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    full: FullApplication,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const asked = await latestInformationRequest(db, full.application.id);
    return sendHtml(
      reply,
      <ResubmitPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        full={full}
        message={asked?.message ?? ''}
        reopened={reopenedSteps(request)}
        errors={errors}
      />,
      status,
    );
  };

  app.get('/apply/check', async (request, reply) => {
    const full = await readyDraft(request, reply);
    if (!full) return reply;
    if (full.application.state === 'information_requested') return showResubmit(request, reply, full);
    return show(request, reply, full);
  });

  /** The applicant sends the changes staff asked for: back to `submitted`, with what changed recorded. */
  const resubmit = async (request: FastifyRequest, reply: FastifyReply, full: FullApplication, reserved: string[]) => {
    const t = request.t;
    const name = nameProblem(full, reserved, t);
    if (name) return showResubmit(request, reply, full, { account: name }, 400);
    const a = full.application;
    const outcome = await sendRequestedChanges(submissions, full);
    if (!outcome.ok && outcome.problem === 'SENT') return reply.redirect('/apply/submitted', 303);
    if (!outcome.ok) {
      const message = t('check.error.nameTaken', { name: a.account_name ?? '' });
      return showResubmit(request, reply, full, { account: message }, 409);
    }
    // The steps close again.
    await app.sessionControl.rotate(request, reply, { audience: 'applicant', subject: String(a.id), data: {} });
    request.log.info({ application: a.id }, 'information sent');
    return reply.redirect('/apply/submitted', 303);
  };

  app.post('/apply/check', limited, async (request, reply) => {
    const [full, reserved] = await Promise.all([readyDraft(request, reply), reservedAccountNames(db)]);
    if (!full) return reply;
    if (full.application.state === 'information_requested') return resubmit(request, reply, full, reserved);
    const t = request.t;
    const input = readForm(form, request.body);
    const termsTicked = input.terms === 'yes';
    const errors: FieldErrors = {};

    if (!(request.applyNotices?.applicationsOpen ?? true)) {
      return show(request, reply, full, { send: t('check.error.closed') }, termsTicked, 409);
    }
    const versions = await acceptedVersions();
    // A new version published while the page was open has not been read: show it, unticked.
    const revised = input.termsVersion !== versions.termsOfUse || input.criteriaVersion !== versions.issuanceCriteria;
    if (!termsTicked) errors.terms = t('check.error.terms');
    else if (revised) errors.terms = t('check.error.termsChanged');
    const robotResult = await robot.verify(input.altcha, full.application.id);
    if (input.website.trim() !== '' || robotResult === 'failed') errors.send = t('check.error.robot');
    const name = nameProblem(full, reserved, t);
    if (name) errors.account = name;
    if (Object.keys(errors).length) return show(request, reply, full, errors, termsTicked && !revised, 400);

    const outcome = await sendApplication(submissions, full, { ...versions, lang: request.lang });
    // Sent twice at once: the other request did it.
    if (!outcome.ok && outcome.problem === 'SENT') return reply.redirect('/apply/submitted', 303);
    if (!outcome.ok) {
      const message = t('check.error.nameTaken', { name: full.application.account_name ?? '' });
      return show(request, reply, full, { account: message }, termsTicked, 409);
    }
    request.log.info({ application: full.application.id }, 'application submitted');
    return reply.redirect('/apply/submitted', 303);
  });

  app.get('/apply/submitted', async (request, reply) => {
    const application = await sessionApplication(request);
    if (!application) return noDraft(request, reply);
    if (application.state === 'draft') return reply.redirect('/apply/application', 303);
    const full = await getFullApplication(db, application.id);
    if (!full) return noDraft(request, reply);
    return sendHtml(reply, <SubmittedPage page={pageContext(request)} full={full} />);
  });
}
