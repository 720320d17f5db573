// Step 1 of the application form: about the applicant. Every Continue saves what
// was typed, valid or not, so nothing is lost on an error or a closed tab; the step
// counts as done only when every answer passes.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApplicantAnswers, getApplicant } from '../../db/applications.js';
import { isJobTitle, jobTitles } from '../../domain/job-title.js';
import { checkText, normaliseText, purposeOfUseRule, visibleLength } from '../../domain/text.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { type FieldErrors, Select, Textarea, TextInput } from '../views/components/form.js';
import { countrySelect, isCountryCode } from './countries.js';
import { registerStep, StepPage, type StepViewProps } from './draft.js';

const field = z.string().max(20_000).default('');
export const applicantForm = z.object({
  familyName: field,
  givenName: field,
  nameJa: field,
  nationality: field,
  field: field,
  jobTitle: field,
  purpose: field,
  jgaId: field,
  agdId: field,
});
type Form = z.infer<typeof applicantForm>;

const latinName = /^[A-Za-z][A-Za-z .'-]*$/;
const externalId = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks the answers; returns the values to store (normalised, bounded) and the errors. */
export function checkApplicantAnswers(input: Form, t: Translate): { values: ApplicantAnswers; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (
    name: keyof Form,
    max: number,
    messages: Partial<Record<string, string>>,
    multiline = false,
    min?: number,
  ) => {
    const result = checkText(input[name], { max, multiline, ...(min ? { min } : {}), optional: !messages.REQUIRED });
    if (result.ok) return result.value;
    errors[name] =
      result.code === 'CONTROL_CHARACTERS'
        ? t('form.error.controlCharacters')
        : (messages[result.code] ?? t('form.error.controlCharacters'));
    // Keep what was typed (normalised, bounded) so the next visit shows it again.
    return normaliseText(input[name], { multiline }).slice(0, max * 4);
  };
  const familyName = text('familyName', 64, {
    REQUIRED: t('applicant.error.familyNameRequired'),
    TOO_LONG: t('applicant.error.nameTooLong'),
  });
  if (!errors.familyName && !latinName.test(familyName)) errors.familyName = t('applicant.error.latin');
  const givenName = text('givenName', 64, {
    REQUIRED: t('applicant.error.givenNameRequired'),
    TOO_LONG: t('applicant.error.nameTooLong'),
  });
  if (!errors.givenName && !latinName.test(givenName)) errors.givenName = t('applicant.error.latin');
  const nameJa = text('nameJa', 64, { TOO_LONG: t('applicant.error.nameJaTooLong') });
  const nationality = isCountryCode(input.nationality) ? input.nationality : '';
  if (!nationality) errors.nationality = t('applicant.error.nationality');
  const researchField = text('field', 200, {
    REQUIRED: t('applicant.error.fieldRequired'),
    TOO_LONG: t('applicant.error.fieldTooLong'),
  });
  const jobTitle = isJobTitle(input.jobTitle) ? input.jobTitle : '';
  if (!jobTitle) errors.jobTitle = t('applicant.error.jobTitle');
  const purpose = text(
    'purpose',
    purposeOfUseRule.max,
    {
      REQUIRED: t('applicant.error.purposeRequired'),
      TOO_SHORT: t('applicant.error.purposeTooShort', {
        n: visibleLength(normaliseText(input.purpose, { multiline: true })),
      }),
      TOO_LONG: t('applicant.error.purposeTooLong'),
    },
    true,
    purposeOfUseRule.min,
  );
  const id = (name: 'jgaId' | 'agdId') => {
    const value = normaliseText(input[name]).slice(0, 64);
    if (value && !externalId.test(value)) errors[name] = t('applicant.error.id');
    return value || null;
  };
  return {
    values: {
      family_name: familyName || null,
      given_name: givenName || null,
      name_ja: nameJa || null,
      nationality: nationality || null,
      field: researchField || null,
      job_title: jobTitle || null,
      purpose: purpose || null,
      jga_id: id('jgaId'),
      agd_id: id('agdId'),
    },
    errors,
  };
}

export function toForm(a: ApplicantAnswers): Form {
  return {
    familyName: a.family_name ?? '',
    givenName: a.given_name ?? '',
    nameJa: a.name_ja ?? '',
    nationality: a.nationality ?? '',
    field: a.field ?? '',
    jobTitle: a.job_title ?? '',
    purpose: a.purpose ?? '',
    jgaId: a.jga_id ?? '',
    agdId: a.agd_id ?? '',
  };
}

function ApplicantPage(props: StepViewProps<Form>) {
  const { page, answers, errors } = props;
  const { t } = page;
  const title = t('applicant.title');
  return (
    <StepPage page={page} csrf={props.csrf} step="applicant" title={title} errors={errors}>
      <TextInput
        name="familyName"
        label={t('applicant.familyName')}
        hint={t('applicant.nameHint')}
        autocomplete="family-name"
        spellcheck={false}
        value={answers.familyName}
        error={errors.familyName}
      />
      <TextInput
        name="givenName"
        label={t('applicant.givenName')}
        autocomplete="given-name"
        spellcheck={false}
        value={answers.givenName}
        error={errors.givenName}
      />
      <TextInput name="nameJa" label={t('applicant.nameJa')} value={answers.nameJa} error={errors.nameJa} />
      <Select
        name="nationality"
        label={t('applicant.nationality')}
        placeholder={t('applyStep.choose')}
        {...countrySelect(page)}
        value={answers.nationality}
        error={errors.nationality}
      />
      <TextInput
        name="field"
        label={t('applicant.field')}
        hint={t('applicant.fieldHint')}
        value={answers.field}
        error={errors.field}
      />
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
        hint={t('applicant.purposeHint')}
        value={answers.purpose}
        error={errors.purpose}
        rows={8}
        countMin={purposeOfUseRule.min}
        countMax={purposeOfUseRule.max}
      />
      <TextInput
        name="jgaId"
        label={t('applicant.jgaId')}
        hint={t('applicant.idHint')}
        spellcheck={false}
        value={answers.jgaId}
        error={errors.jgaId}
      />
      <TextInput
        name="agdId"
        label={t('applicant.agdId')}
        spellcheck={false}
        value={answers.agdId}
        error={errors.agdId}
      />
    </StepPage>
  );
}

export async function applicantStepRoutes(app: FastifyInstance) {
  registerStep(app, 'applicant', {
    form: applicantForm,
    load: async (draft) => toForm(await getApplicant(app.deps.database.db, draft.id)),
    check: (input, t) => {
      const { values, errors } = checkApplicantAnswers(input, t);
      return { answers: { applicant: values }, errors };
    },
    View: ApplicantPage,
  });
}
