// Step 2 of the application form: eligibility under FEFTA. A non-resident, or a
// person in METI's specific categories, gives (a)–(c) for staff screening, and the
// application is marked for screening. Saved on every Continue like every step.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApplicationAnswers } from '../../db/applications.js';
import type { Application } from '../../db/schema-applications.js';
import { isNonResidentReason, needsScreening, nonResidentReasons } from '../../domain/eligibility.js';
import { checkText, normaliseText } from '../../domain/text.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { type FieldErrors, Radios, Textarea } from '../views/components/form.js';
import { registerStep, StepPage, type StepViewProps } from './draft.js';

const field = z.string().max(40_000).default('');
const form = z.object({
  resident: field,
  reason: field,
  specific: field,
  career: field,
  employment: field,
  period: field,
});
type Form = z.infer<typeof form>;

const yesNo = (v: string): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);
const fromBool = (v: boolean | null): string => (v === true ? 'yes' : v === false ? 'no' : '');

function check(input: Form, t: Translate): { values: ApplicationAnswers; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const resident = yesNo(input.resident);
  if (resident === null) errors.resident = t('eligibility.error.resident');
  const reason = resident === false && isNonResidentReason(input.reason) ? input.reason : null;
  if (resident === false && !reason) errors.reason = t('eligibility.error.reason');
  const specific = yesNo(input.specific);
  if (specific === null) errors.specific = t('eligibility.error.specific');
  const screening = needsScreening({ resident, specificCategory: specific });
  const extra = (name: 'career' | 'employment' | 'period', required: MessageKey) => {
    const result = checkText(input[name], { max: 2000, multiline: true, optional: !screening });
    if (result.ok) return result.value || null;
    errors[name] =
      result.code === 'REQUIRED'
        ? t(required)
        : result.code === 'CONTROL_CHARACTERS'
          ? t('form.error.controlCharacters')
          : t('eligibility.error.tooLong');
    return normaliseText(input[name], { multiline: true }).slice(0, 8000) || null;
  };
  return {
    values: {
      fefta_resident: resident,
      non_resident_reason: reason,
      meti_specific_category: specific,
      career: extra('career', 'eligibility.error.careerRequired'),
      employment: extra('employment', 'eligibility.error.employmentRequired'),
      intended_period: extra('period', 'eligibility.error.periodRequired'),
      needs_screening: screening,
    },
    errors,
  };
}

const toForm = (a: Application): Form => ({
  resident: fromBool(a.fefta_resident),
  reason: a.non_resident_reason ?? '',
  specific: fromBool(a.meti_specific_category),
  career: a.career ?? '',
  employment: a.employment ?? '',
  period: a.intended_period ?? '',
});

function EligibilityPage(props: StepViewProps<Form>) {
  const { page, answers, errors, followUp } = props;
  const { t } = page;
  // Shown from the start when the answers need them; the script reveals them as answers change.
  const nonResident = answers.resident === 'no';
  const screened = nonResident || answers.specific === 'yes';
  // Said once, above the first question it brings.
  const notice = (
    <div class="inset-text" role="status">
      <p class="body" safe>
        {t('eligibility.followUp')}
      </p>
    </div>
  );
  const title = t('eligibility.title');
  const yesNoOptions = [
    { value: 'yes', label: t('eligibility.yes') },
    { value: 'no', label: t('eligibility.no') },
  ];
  return (
    <StepPage
      page={page}
      csrf={props.csrf}
      step="eligibility"
      title={title}
      errors={errors}
      intro={t('eligibility.intro')}
    >
      <Radios
        name="resident"
        legend={t('eligibility.resident')}
        hint={t('eligibility.residentHint')}
        options={yesNoOptions}
        value={answers.resident}
        error={errors.resident}
        inline
      />
      {followUp && nonResident ? notice : ''}
      <div class="conditional" id="reason-conditional" data-reveal-when="resident=no" hidden={!nonResident}>
        <Radios
          name="reason"
          legend={t('eligibility.reason')}
          options={nonResidentReasons.map((r) => ({ value: r, label: t(`eligibility.reason.${r}` as MessageKey) }))}
          value={answers.reason}
          error={errors.reason}
        />
      </div>
      <Radios
        name="specific"
        legend={t('eligibility.specific')}
        hint={t('eligibility.specificHint')}
        options={yesNoOptions}
        value={answers.specific}
        error={errors.specific}
        inline
      />
      {followUp && !nonResident ? notice : ''}
      <div id="screening-questions" data-reveal-when="resident=no|specific=yes" hidden={!screened}>
        <p class="body" safe>
          {t('eligibility.screening')}
        </p>
        <Textarea name="career" label={t('eligibility.career')} value={answers.career} error={errors.career} rows={4} />
        <Textarea
          name="employment"
          label={t('eligibility.employment')}
          value={answers.employment}
          error={errors.employment}
          rows={3}
        />
        <Textarea
          name="period"
          label={t('eligibility.period')}
          hint={t('eligibility.periodHint')}
          value={answers.period}
          error={errors.period}
          rows={2}
        />
      </div>
    </StepPage>
  );
}

export async function eligibilityStepRoutes(app: FastifyInstance) {
  registerStep(app, 'eligibility', {
    form,
    load: async (draft) => toForm(draft),
    check: (input, t) => {
      const { values, errors } = check(input, t);
      // A non-resident or specific-category answer needs the reason and (a)–(c): when none
      // of them was answered yet, they are asked (on the same page, now shown), not refused.
      const following = ['reason', 'career', 'employment', 'period'] as const;
      const untouched = following.every((f) => !input[f].trim());
      const onlyThose = Object.keys(errors).every((k) => (following as readonly string[]).includes(k));
      const followUp = untouched && onlyThose && Object.keys(errors).length > 0;
      return { answers: { application: values }, errors, followUp };
    },
    View: EligibilityPage,
  });
}
