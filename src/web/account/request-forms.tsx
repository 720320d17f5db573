// The three requests an account holder sends, each a question page and a check page
// (GOV.UK check answers): Modification (the details prefilled; the check page shows
// the differences), Manager Modification (the application's questions about a
// responsible person) and Suspension (reason and day). The check page carries what
// was typed in hidden fields; sending checks it all again and creates the request.

import type { Children } from '@kitajs/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { openRequestOf } from '../../db/account-requests.js';
import { type FullApplication, freeMailDomains, getFullApplication } from '../../db/applications.js';
import type { Database } from '../../db/schema.js';
import type { Account } from '../../db/user-accounts.js';
import {
  detailChanges,
  type HolderDetails,
  modifiableFields,
  type RequestData,
  type RequestKind,
  suspensionDateProblem,
} from '../../domain/account-request.js';
import { checkEmail } from '../../domain/email-address.js';
import { dayFromParts } from '../../domain/fiscal-calendar.js';
import { jobTitles } from '../../domain/job-title.js';
import { formatCentreInput } from '../../domain/notices.js';
import { formatPhone } from '../../domain/phone.js';
import { checkText } from '../../domain/text.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import { submitRequest } from '../../services/holder-requests.js';
import { AffiliationFields, affiliationForm, checkAffiliationAnswers } from '../apply/affiliation-step.js';
import { checkApplicantAnswers } from '../apply/applicant-step.js';
import { checkResponsibleAnswers, responsibleForm, toResponsibleForm } from '../apply/responsible-step.js';
import { readForm } from '../forms.js';
import { useCaseDeps } from '../use-case-deps.js';
import { firstDatePart } from '../views/components/date-input.js';
import { Button, type FieldErrors, Select, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { pageContext } from '../views/page.js';
import { RequestSummary } from '../views/request-summary.js';
import { CheckForm, Fieldset, NewResponsibleForm, SuspensionDate } from './request-form-views.js';
import { accountFormPage } from './views.js';

const field = z.string().max(20_000).default('');
const modificationForm = z.object({
  familyName: field,
  givenName: field,
  nameJa: field,
  jobTitle: field,
  purpose: field,
  email: field,
  ...affiliationForm.shape,
});
type ModificationForm = z.infer<typeof modificationForm>;
const suspensionForm = z.object({ reason: field, day: field, month: field, year: field });
type SuspensionForm = z.infer<typeof suspensionForm>;

export const detailsOf = (full: FullApplication): HolderDetails =>
  ({
    ...Object.fromEntries(
      modifiableFields.map((f) => [f, (full.applicant as unknown as Record<string, string | null>)[f] ?? null]),
    ),
    email: full.application.email,
  }) as HolderDetails;

/** A new responsible person's answers checked as the application checks them. */
export const checkManager = async (
  db: Kysely<Database>,
  input: z.infer<typeof responsibleForm>,
  full: FullApplication,
  t: FastifyRequest['t'],
) =>
  checkResponsibleAnswers(input, {
    applicant: full.applicant,
    email: full.application.email,
    freeMailDomains: await freeMailDomains(db),
    t,
  });

/** A Manager Modification's data: the new person, and who it replaces. */
export const managerData = (full: FullApplication, values: Record<string, unknown>): RequestData => ({
  kind: 'manager',
  responsible: values as Record<string, string | boolean | null>,
  before: {
    name: [full.responsible.given_name, full.responsible.family_name].filter(Boolean).join(' '),
    email: full.responsible.email,
  },
});

const toModificationForm = (d: HolderDetails): ModificationForm => ({
  familyName: d.family_name ?? '',
  givenName: d.given_name ?? '',
  nameJa: d.name_ja ?? '',
  jobTitle: d.job_title ?? '',
  purpose: d.purpose ?? '',
  email: d.email ?? '',
  institution: d.institution ?? '',
  department: d.department ?? '',
  country: d.country ?? 'JP',
  postalCode: d.postal_code ?? '',
  address: d.address ?? '',
  phone: formatPhone(d.phone, d.country),
  extension: d.phone_extension ?? '',
});

/** "Change" on a check page: the question page again with what was typed, unchecked. */
const isEdit = (request: FastifyRequest) => (request.body as Record<string, unknown> | undefined)?.edit === '1';

/** Today in the centre's calendar, YYYY-MM-DD. */
const centreToday = () => formatCentreInput(new Date()).slice(0, 10);

export async function requestFormRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const db = database.db;
  const holderDeps = useCaseDeps(app);

  const frame = (
    request: FastifyRequest,
    reply: FastifyReply,
    p: { title: string; errors?: FieldErrors; back?: string; body: Children; status?: number },
  ) => accountFormPage(request, reply, { ...p, back: p.back ?? '/account/requests', current: '/account/requests' });

  const holder = async (request: FastifyRequest) => {
    const account = request.account as Account;
    const full = await getFullApplication(db, account.application_id);
    if (!full) throw new Error(`no application for account ${account.id}`);
    return { account, full };
  };

  /** An open request of the kind already: its page says so instead of a second form. */
  const openOne = async (request: FastifyRequest, reply: FastifyReply, kind: RequestKind) => {
    const account = request.account as Account;
    const open = await openRequestOf(db, account.application_id, kind);
    if (!open) return false;
    await frame(request, reply, {
      title: request.t(`request.kind.${kind}`),
      body: (
        <p class="body">
          <span safe>{request.t('request.error.open')}</span>{' '}
          <a href={`/account/requests/${open.id}`} class="link" safe>
            {request.t('request.detail.title', { id: open.id, kind: request.t(`request.kind.${kind}`) })}
          </a>
        </p>
      ),
      status: 409,
    });
    return true;
  };

  /** Sends the request and the holder to its page; an open one of the kind says so instead. */
  const send = async (request: FastifyRequest, reply: FastifyReply, data: RequestData, effectiveAt?: Date) => {
    const outcome = await submitRequest(holderDeps, request.account as Account, data, effectiveAt);
    if (outcome.ok) return reply.redirect(`/account/requests/${outcome.request.id}?sent=1`, 303);
    if (await openOne(request, reply, data.kind)) return reply;
    // Withdrawn or decided between the refusal and the look-up: the holder sends it again.
    throw new AppError('CONFLICT');
  };

  // Modification -----------------------------------------------------------------

  const checkModification = async (input: ModificationForm, full: FullApplication, t: FastifyRequest['t']) => {
    const a = full.applicant;
    const applicant = checkApplicantAnswers(
      {
        familyName: input.familyName,
        givenName: input.givenName,
        nameJa: input.nameJa,
        jobTitle: input.jobTitle,
        purpose: input.purpose,
        // Not asked here: kept as they are.
        nationality: a.nationality ?? '',
        field: a.field ?? '',
        jgaId: a.jga_id ?? '',
        agdId: a.agd_id ?? '',
      },
      t,
    );
    const affiliation = checkAffiliationAnswers(input, t);
    const errors: FieldErrors = {};
    for (const name of ['familyName', 'givenName', 'nameJa', 'jobTitle', 'purpose'])
      if (applicant.errors[name]) errors[name] = applicant.errors[name];
    Object.assign(errors, affiliation.errors);
    let email = input.email.trim();
    if (email.toLowerCase() !== full.application.email.toLowerCase()) {
      const checked = checkEmail(input.email, { freeMailDomains: await freeMailDomains(db) });
      if (checked.ok) email = checked.address;
      else
        errors.email = t(checked.code === 'FREE_MAIL' ? 'responsible.error.email' : 'request.modification.error.email');
    } else email = full.application.email;
    const after = { ...detailsOf(full), ...applicant.values, ...affiliation.values, email } as HolderDetails;
    const changes = detailChanges(detailsOf(full), after);
    // Not one field's error: shown above the form (and linked from the summary).
    if (!Object.keys(errors).length && changes.length === 0) errors.changes = t('request.modification.error.none');
    return { errors, changes };
  };

  const modificationPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    answers: ModificationForm,
    errors: FieldErrors = {},
  ) => {
    const page = pageContext(request);
    const { t } = page;
    return frame(request, reply, {
      title: t('request.modification.title'),
      errors,
      body: (
        <>
          <p class="body" safe>
            {t('request.modification.intro')}
          </p>
          {errors.changes ? (
            <div class="form-group form-group--error" id="changes" tabindex="-1">
              <p id="changes-error" class="error-message" safe>
                {errors.changes}
              </p>
            </div>
          ) : (
            ''
          )}
          <form method="post" action="/account/requests/modification" novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <Fieldset legend={t('request.modification.name')}>
              <TextInput
                name="familyName"
                label={t('applicant.familyName')}
                value={answers.familyName}
                error={errors.familyName}
              />
              <TextInput
                name="givenName"
                label={t('applicant.givenName')}
                value={answers.givenName}
                error={errors.givenName}
              />
              <TextInput name="nameJa" label={t('applicant.nameJa')} value={answers.nameJa} error={errors.nameJa} />
            </Fieldset>
            <Fieldset legend={t('request.modification.affiliation')}>
              <AffiliationFields page={page} answers={answers} errors={errors} />
            </Fieldset>
            <Fieldset legend={t('request.modification.contact')}>
              <TextInput
                name="email"
                type="email"
                spellcheck={false}
                autocomplete="email"
                label={t('request.modification.email')}
                value={answers.email}
                error={errors.email}
              />
            </Fieldset>
            <Fieldset legend={t('request.modification.work')}>
              <Select
                name="jobTitle"
                label={t('applicant.jobTitle')}
                placeholder={t('applyStep.choose')}
                options={jobTitles.map((j) => ({ value: j, label: t(`jobTitle.${j}` as MessageKey) }))}
                value={answers.jobTitle}
                error={errors.jobTitle}
              />
              <Textarea
                name="purpose"
                label={t('applicant.purpose')}
                value={answers.purpose}
                error={errors.purpose}
                rows={6}
              />
            </Fieldset>
            <Button label={t('request.form.continue')} />
          </form>
        </>
      ),
    });
  };

  app.get('/account/requests/modification', async (request, reply) => {
    if (await openOne(request, reply, 'modification')) return reply;
    const { full } = await holder(request);
    return modificationPage(request, reply, toModificationForm(detailsOf(full)));
  });

  app.post('/account/requests/modification', async (request, reply) => {
    const input = readForm(modificationForm, request.body);
    const { full } = await holder(request);
    if (isEdit(request)) return modificationPage(request, reply, input);
    const { errors, changes } = await checkModification(input, full, request.t);
    if (Object.keys(errors).length) return modificationPage(request, reply, input, errors);
    const page = pageContext(request);
    return frame(request, reply, {
      title: page.t('request.check.title'),
      back: '/account/requests/modification',
      body: (
        <CheckForm page={page} csrf={reply.generateCsrf()} kind="modification" values={input}>
          <RequestSummary page={page} data={{ kind: 'modification', changes }} />
        </CheckForm>
      ),
    });
  });

  app.post('/account/requests/modification/send', async (request, reply) => {
    const input = readForm(modificationForm, request.body);
    const { full } = await holder(request);
    const { errors, changes } = await checkModification(input, full, request.t);
    if (Object.keys(errors).length) return modificationPage(request, reply, input, errors);
    return send(request, reply, { kind: 'modification', changes });
  });

  // Manager Modification ---------------------------------------------------------

  const managerPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    answers: z.infer<typeof responsibleForm>,
    errors: FieldErrors = {},
  ) => {
    const page = pageContext(request);
    return frame(request, reply, {
      title: page.t('request.manager.title'),
      errors,
      body: (
        <NewResponsibleForm
          page={page}
          csrf={reply.generateCsrf()}
          action="/account/requests/manager"
          intro={page.t('request.manager.intro')}
          answers={answers}
          errors={errors}
        />
      ),
    });
  };

  app.get('/account/requests/manager', async (request, reply) => {
    if (await openOne(request, reply, 'manager')) return reply;
    return managerPage(
      request,
      reply,
      toResponsibleForm({ same_as_applicant: false, account_unknown: false } as never),
    );
  });

  app.post('/account/requests/manager', async (request, reply) => {
    const input = readForm(responsibleForm, request.body);
    const { full } = await holder(request);
    if (isEdit(request)) return managerPage(request, reply, input);
    const { values, errors } = await checkManager(db, input, full, request.t);
    if (Object.keys(errors).length) return managerPage(request, reply, input, errors);
    const page = pageContext(request);
    return frame(request, reply, {
      title: page.t('request.check.title'),
      back: '/account/requests/manager',
      body: (
        <CheckForm page={page} csrf={reply.generateCsrf()} kind="manager" values={input}>
          <RequestSummary page={page} data={managerData(full, values)} />
        </CheckForm>
      ),
    });
  });

  app.post('/account/requests/manager/send', async (request, reply) => {
    const input = readForm(responsibleForm, request.body);
    const { full } = await holder(request);
    const { values, errors } = await checkManager(db, input, full, request.t);
    if (Object.keys(errors).length) return managerPage(request, reply, input, errors);
    return send(request, reply, managerData(full, values));
  });

  // Suspension -------------------------------------------------------------------

  const checkSuspension = (input: SuspensionForm, request: FastifyRequest) => {
    const { t } = request;
    const errors: FieldErrors = {};
    const dateKey = firstDatePart(request.lang);
    const reason = checkText(input.reason, { max: 1000, multiline: true });
    if (!reason.ok) errors.reason = t('request.suspension.error.reason');
    const date = dayFromParts(input.day, input.month, input.year) ?? '';
    if (!date) errors[dateKey] = t('request.suspension.error.date');
    else {
      const problem = suspensionDateProblem(date, centreToday());
      if (problem) errors[dateKey] = t(`request.suspension.error.${problem}`);
    }
    return { errors, date, reason: reason.ok ? reason.value : '' };
  };

  const suspensionPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    answers: SuspensionForm,
    errors: FieldErrors = {},
  ) => {
    const page = pageContext(request);
    const { t } = page;
    return frame(request, reply, {
      title: t('request.suspension.title'),
      errors,
      body: (
        <>
          <p class="body" safe>
            {t('request.suspension.intro')}
          </p>
          <form method="post" action="/account/requests/suspension" novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <Textarea
              name="reason"
              label={t('request.suspension.reason')}
              hint={t('request.suspension.reasonHint')}
              value={answers.reason}
              error={errors.reason}
              rows={4}
            />
            <SuspensionDate page={page} answers={answers} error={errors[firstDatePart(page.lang)]} />
            <Button label={t('request.form.continue')} />
          </form>
        </>
      ),
    });
  };

  app.get('/account/requests/suspension', async (request, reply) => {
    if (await openOne(request, reply, 'suspension')) return reply;
    return suspensionPage(request, reply, suspensionForm.parse({}));
  });

  app.post('/account/requests/suspension', async (request, reply) => {
    const input = readForm(suspensionForm, request.body);
    if (isEdit(request)) return suspensionPage(request, reply, input);
    const { errors, date, reason } = checkSuspension(input, request);
    if (Object.keys(errors).length) return suspensionPage(request, reply, input, errors);
    const page = pageContext(request);
    return frame(request, reply, {
      title: page.t('request.check.title'),
      back: '/account/requests/suspension',
      body: (
        <CheckForm page={page} csrf={reply.generateCsrf()} kind="suspension" values={input}>
          <RequestSummary page={page} data={{ kind: 'suspension', reason, date }} />
        </CheckForm>
      ),
    });
  });

  app.post('/account/requests/suspension/send', async (request, reply) => {
    const input = readForm(suspensionForm, request.body);
    const { errors, date, reason } = checkSuspension(input, request);
    if (Object.keys(errors).length) return suspensionPage(request, reply, input, errors);
    // Locked from the start of that day in the centre's time.
    return send(request, reply, { kind: 'suspension', reason, date }, new Date(`${date}T00:00:00+09:00`));
  });
}
