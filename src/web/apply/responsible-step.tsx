// Step 5 of the application form: the responsible person (domain.md: a faculty
// member, resident under FEFTA, who signs the pledge and whose UNIX group the
// account joins). A faculty applicant may be their own responsible person; their
// own answers are then copied. Saved on every Continue like every step.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type ApplicantAnswers,
  freeMailDomains,
  getApplicant,
  getResponsiblePerson,
  type ResponsiblePersonAnswers,
} from '../../db/applications.js';
import { checkEmail } from '../../domain/email-address.js';
import { canBeResponsiblePerson, isJobTitle, jobTitles } from '../../domain/job-title.js';
import { checkPhone, formatPhone } from '../../domain/phone.js';
import { checkText, normaliseText } from '../../domain/text.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { saveDraftStep } from '../../services/submissions.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { Checkbox, type FieldErrors, Select, Textarea, TextInput } from '../views/components/form.js';
import { type PageContext, pageContext } from '../views/page.js';
import { currentDraft, noDraft, pageAfterStep, StepPage } from './draft.js';

const field = z.string().max(20_000).default('');
export const responsibleForm = z.object({
  self: field,
  familyName: field,
  givenName: field,
  nameJa: field,
  jobTitle: field,
  institution: field,
  email: field,
  address: field,
  phone: field,
  accountName: field,
  groupName: field,
  unknown: field,
});
type Form = z.infer<typeof responsibleForm>;

const latinName = /^[A-Za-z][A-Za-z .'-]*$/;
const accountName = /^[a-z][a-z0-9_]{2,15}$/;
const groupName = /^[a-z_][a-z0-9_-]{0,31}$/;
const facultyTitles = jobTitles.filter(canBeResponsiblePerson);

function ResponsiblePage(props: { page: PageContext; csrf: string; answers: Form; errors: FieldErrors }) {
  const { page } = props;
  const { t } = page;
  return (
    <StepPage
      page={page}
      csrf={props.csrf}
      step="responsible"
      title={t('responsible.title')}
      errors={props.errors}
      intro={t('responsible.intro')}
    >
      <ResponsibleFields page={page} answers={props.answers} errors={props.errors} />
    </StepPage>
  );
}

/** The questions about a responsible person (the application's step, and a Manager Modification). */
export function ResponsibleFields({
  page,
  answers,
  errors,
}: {
  page: PageContext;
  answers: Form;
  errors: FieldErrors;
}) {
  const { t } = page;
  return (
    <>
      <Checkbox name="self" label={t('responsible.self')} checked={answers.self === 'yes'} error={errors.self} />
      <p class="body hint" safe>
        {t('responsible.selfHint')}
      </p>
      <div id="responsible-other" data-reveal-when="self!=yes">
        <h2 class="heading-m" safe>
          {t('responsible.or')}
        </h2>
        <TextInput
          name="familyName"
          label={t('responsible.familyName')}
          value={answers.familyName}
          error={errors.familyName}
        />
        <TextInput
          name="givenName"
          label={t('responsible.givenName')}
          value={answers.givenName}
          error={errors.givenName}
        />
        <TextInput name="nameJa" label={t('applicant.nameJa')} value={answers.nameJa} error={errors.nameJa} />
        <Select
          name="jobTitle"
          label={t('responsible.jobTitle')}
          placeholder={t('applyStep.choose')}
          options={facultyTitles.map((j) => ({ value: j, label: t(`jobTitle.${j}` as MessageKey) }))}
          value={answers.jobTitle}
          error={errors.jobTitle}
        />
        <TextInput
          name="institution"
          label={t('responsible.institution')}
          value={answers.institution}
          error={errors.institution}
        />
        <TextInput
          name="email"
          type="email"
          spellcheck={false}
          label={t('responsible.email')}
          value={answers.email}
          error={errors.email}
        />
        <Textarea
          name="address"
          label={t('responsible.address')}
          value={answers.address}
          error={errors.address}
          rows={3}
        />
        <TextInput name="phone" type="tel" label={t('responsible.phone')} value={answers.phone} error={errors.phone} />
      </div>
      <TextInput
        name="accountName"
        spellcheck={false}
        label={t('responsible.accountName')}
        value={answers.accountName}
        error={errors.accountName}
      />
      <TextInput
        name="groupName"
        spellcheck={false}
        label={t('responsible.groupName')}
        value={answers.groupName}
        error={errors.groupName}
      />
      <Checkbox name="unknown" label={t('responsible.unknown')} checked={answers.unknown === 'yes'} />
    </>
  );
}

export const toResponsibleForm = (r: Awaited<ReturnType<typeof getResponsiblePerson>>): Form => ({
  self: r.same_as_applicant ? 'yes' : '',
  familyName: r.same_as_applicant ? '' : (r.family_name ?? ''),
  givenName: r.same_as_applicant ? '' : (r.given_name ?? ''),
  nameJa: r.same_as_applicant ? '' : (r.name_ja ?? ''),
  jobTitle: r.same_as_applicant ? '' : (r.job_title ?? ''),
  institution: r.same_as_applicant ? '' : (r.institution ?? ''),
  email: r.email && !r.same_as_applicant ? r.email : '',
  address: r.same_as_applicant ? '' : (r.address ?? ''),
  phone: r.same_as_applicant ? '' : formatPhone(r.phone, r.country),
  accountName: r.account_name ?? '',
  groupName: r.group_name ?? '',
  unknown: r.account_unknown ? 'yes' : '',
});

/**
 * Checks the answers about a responsible person: the values to store (normalised,
 * bounded, kept even when wrong) and the errors. `applicant`: the applicant's own
 * answers, copied when they are their own responsible person.
 */
export function checkResponsibleAnswers(
  input: Form,
  ctx: { applicant: ApplicantAnswers; email: string; freeMailDomains: readonly string[]; t: Translate },
): { values: ResponsiblePersonAnswers; errors: FieldErrors } {
  const { applicant, t } = ctx;
  const errors: FieldErrors = {};
  const self = input.self === 'yes';
  const keep = (value: string, multiline = false) => normaliseText(value, { multiline }).slice(0, 800) || null;
  let values: ResponsiblePersonAnswers;

  if (self) {
    if (!isJobTitle(applicant.job_title) || !canBeResponsiblePerson(applicant.job_title)) {
      errors.self = t('responsible.error.selfNotFaculty');
    }
    values = {
      same_as_applicant: true,
      family_name: applicant.family_name,
      given_name: applicant.given_name,
      name_ja: applicant.name_ja,
      job_title: applicant.job_title,
      institution: applicant.institution,
      department: applicant.department,
      country: applicant.country,
      postal_code: applicant.postal_code,
      address: applicant.address,
      phone: applicant.phone,
      phone_extension: applicant.phone_extension,
      email: ctx.email,
    };
  } else {
    const required = (name: keyof Form, message: MessageKey, max = 200, multiline = false) => {
      const r = checkText(input[name], { max, multiline });
      if (!r.ok) errors[name] = t(message);
      return r.ok ? r.value : keep(input[name], multiline);
    };
    const family = required('familyName', 'responsible.error.familyName', 64);
    if (!errors.familyName && !latinName.test(family ?? '')) errors.familyName = t('responsible.error.familyName');
    const given = required('givenName', 'responsible.error.givenName', 64);
    if (!errors.givenName && !latinName.test(given ?? '')) errors.givenName = t('responsible.error.givenName');
    // The name in Japanese, when they have one: Japanese pages and mails call them by it.
    const nameJa = checkText(input.nameJa, { max: 64, optional: true });
    if (!nameJa.ok) errors.nameJa = t('applicant.error.nameJaTooLong');
    const title = isJobTitle(input.jobTitle) && canBeResponsiblePerson(input.jobTitle) ? input.jobTitle : null;
    if (!title) errors.jobTitle = t('responsible.error.jobTitle');
    const institution = required('institution', 'responsible.error.institution');
    const email = checkEmail(input.email, { freeMailDomains: ctx.freeMailDomains });
    if (!email.ok) errors.email = t('responsible.error.email');
    const address = required('address', 'responsible.error.address', 400, true);
    const phone = checkPhone(input.phone, applicant.country ?? 'JP');
    if (!phone.ok) errors.phone = t('responsible.error.phone');
    values = {
      same_as_applicant: false,
      family_name: family,
      given_name: given,
      name_ja: nameJa.ok ? nameJa.value || null : keep(input.nameJa),
      job_title: title,
      institution,
      email: email.ok ? email.address : keep(input.email),
      address,
      phone: phone.ok ? phone.e164 : keep(input.phone),
    };
  }
  const unknown = input.unknown === 'yes';
  const account = normaliseText(input.accountName).slice(0, 64);
  if (account && !unknown && !accountName.test(account)) errors.accountName = t('responsible.error.accountName');
  const group = normaliseText(input.groupName).slice(0, 64);
  if (group && !groupName.test(group)) errors.groupName = t('responsible.error.groupName');
  values = {
    ...values,
    account_name: unknown ? null : account || null,
    group_name: group || null,
    account_unknown: unknown,
  };
  return { values, errors };
}

export async function responsibleStepRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  app.get('/apply/responsible', async (request, reply) => {
    const draft = await currentDraft(request, 'responsible');
    if (!draft) return noDraft(request, reply);
    const answers = toResponsibleForm(await getResponsiblePerson(db, draft.id));
    return sendHtml(
      reply,
      <ResponsiblePage page={pageContext(request)} csrf={reply.generateCsrf()} answers={answers} errors={{}} />,
    );
  });

  app.post('/apply/responsible', async (request, reply) => {
    const draft = await currentDraft(request, 'responsible');
    if (!draft) return noDraft(request, reply);
    const t = request.t;
    const input = readForm(responsibleForm, request.body);
    const applicant = await getApplicant(db, draft.id);
    const { values, errors } = checkResponsibleAnswers(input, {
      applicant,
      email: draft.email,
      freeMailDomains: await freeMailDomains(db),
      t,
    });

    const done = Object.keys(errors).length === 0;
    const stepsDone = await saveDraftStep(db, draft.id, 'responsible', {}, done, values);
    if (done) return reply.redirect(pageAfterStep('responsible', stepsDone), 303);
    return sendHtml(
      reply,
      <ResponsiblePage page={pageContext(request)} csrf={reply.generateCsrf()} answers={input} errors={errors} />,
      400,
    );
  });
}
