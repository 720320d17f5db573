// Step 3 of the application form: the applicant's institution and postal address,
// where the registration certificate is posted. The postal code follows the
// country's rules (Japan: NNN-NNNN) and the telephone number is checked with
// libphonenumber for that country. Saved on every Continue like every step.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApplicantAnswers, getApplicant } from '../../db/applications.js';
import { checkExtension, checkPhone, formatPhone } from '../../domain/phone.js';
import { checkPostalCode } from '../../domain/postal-code.js';
import { checkText, normaliseText } from '../../domain/text.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { type FieldErrors, Select, Textarea, TextInput } from '../views/components/form.js';
import type { PageContext } from '../views/page.js';
import { countrySelect, isCountryCode } from './countries.js';
import { registerStep, StepPage, type StepViewProps } from './draft.js';

const field = z.string().max(20_000).default('');
export const affiliationForm = z.object({
  institution: field,
  department: field,
  country: field,
  postalCode: field,
  address: field,
  phone: field,
  extension: field,
});
type Form = z.infer<typeof affiliationForm>;

export function checkAffiliationAnswers(input: Form, t: Translate): { values: ApplicantAnswers; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (
    name: keyof Form,
    max: number,
    required: MessageKey | undefined,
    tooLong: MessageKey,
    multiline = false,
  ) => {
    const result = checkText(input[name], { max, multiline, optional: !required });
    if (result.ok) return result.value || null;
    errors[name] =
      result.code === 'REQUIRED' && required
        ? t(required)
        : result.code === 'CONTROL_CHARACTERS'
          ? t('form.error.controlCharacters')
          : t(tooLong);
    return normaliseText(input[name], { multiline }).slice(0, max * 4) || null;
  };
  const institution = text('institution', 200, 'affiliation.error.institutionRequired', 'affiliation.error.tooLong');
  const department = text('department', 200, undefined, 'affiliation.error.tooLong');
  const country = isCountryCode(input.country) ? input.country : '';
  if (!country) errors.country = t('affiliation.error.country');
  let postalCode: string | null = normaliseText(input.postalCode).slice(0, 40) || null;
  if (country) {
    const result = checkPostalCode(input.postalCode, country);
    if (result.ok) postalCode = result.postalCode;
    else
      errors.postalCode = t(
        result.code === 'REQUIRED'
          ? 'affiliation.error.postalCodeRequired'
          : result.code === 'JAPAN_FORMAT'
            ? 'affiliation.error.postalCodeJapan'
            : 'affiliation.error.postalCodeInvalid',
      );
  }
  const address = text('address', 400, 'affiliation.error.addressRequired', 'affiliation.error.addressTooLong', true);
  let phone: string | null = normaliseText(input.phone).slice(0, 40) || null;
  const phoneCheck = checkPhone(input.phone, country || 'JP');
  if (phoneCheck.ok) phone = phoneCheck.e164;
  else
    errors.phone = t(
      phoneCheck.code === 'REQUIRED' ? 'affiliation.error.phoneRequired' : 'affiliation.error.phoneInvalid',
    );
  const extension = checkExtension(input.extension);
  if (!extension.ok) errors.extension = t('affiliation.error.extension');
  return {
    values: {
      institution,
      department,
      country: country || null,
      postal_code: postalCode,
      address,
      phone,
      phone_extension: extension.ok ? extension.value || null : normaliseText(input.extension).slice(0, 20) || null,
    },
    errors,
  };
}

export const toForm = (a: ApplicantAnswers): Form => ({
  institution: a.institution ?? '',
  department: a.department ?? '',
  country: a.country ?? 'JP',
  postalCode: a.postal_code ?? '',
  address: a.address ?? '',
  phone: formatPhone(a.phone, a.country),
  extension: a.phone_extension ?? '',
});

function AffiliationPage(props: StepViewProps<Form>) {
  const { page, answers, errors } = props;
  const { t } = page;
  const title = t('affiliation.title');
  return (
    <StepPage
      page={page}
      csrf={props.csrf}
      step="affiliation"
      title={title}
      errors={errors}
      intro={t('affiliation.intro')}
    >
      <AffiliationFields page={page} answers={answers} errors={errors} />
    </StepPage>
  );
}

/** The questions about the institution and postal address (the application's step, and a Modification). */
export function AffiliationFields({
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
      <TextInput
        name="institution"
        label={t('affiliation.institution')}
        hint={t('affiliation.institutionHint')}
        autocomplete="organization"
        value={answers.institution}
        error={errors.institution}
      />
      <TextInput
        name="department"
        label={t('affiliation.department')}
        value={answers.department}
        error={errors.department}
      />
      <Select
        name="country"
        label={t('affiliation.country')}
        placeholder={t('applyStep.choose')}
        {...countrySelect(page)}
        value={answers.country}
        error={errors.country}
      />
      <TextInput
        name="postalCode"
        label={t('affiliation.postalCode')}
        hint={t('affiliation.postalCodeHint')}
        autocomplete="postal-code"
        width="10"
        value={answers.postalCode}
        error={errors.postalCode}
      />
      <Textarea
        name="address"
        label={t('affiliation.address')}
        value={answers.address}
        error={errors.address}
        rows={3}
      />
      <TextInput
        name="phone"
        type="tel"
        label={t('affiliation.phone')}
        hint={t('affiliation.phoneHint')}
        autocomplete="tel"
        value={answers.phone}
        error={errors.phone}
      />
      <TextInput
        name="extension"
        label={t('affiliation.extension')}
        inputmode="numeric"
        width="5"
        value={answers.extension}
        error={errors.extension}
      />
    </>
  );
}

export async function affiliationStepRoutes(app: FastifyInstance) {
  registerStep(app, 'affiliation', {
    form: affiliationForm,
    load: async (draft) => toForm(await getApplicant(app.deps.database.db, draft.id)),
    check: (input, t) => {
      const { values, errors } = checkAffiliationAnswers(input, t);
      return { answers: { applicant: values }, errors };
    },
    View: AffiliationPage,
  });
}
