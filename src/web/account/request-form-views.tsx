// The parts of the holder's request forms (web/account/request-forms.tsx) and the
// Continuation's responsible person (continuation.tsx) that are only views: the new
// responsible person's questions, fieldsets, the check page's form with what was
// typed carried along, the date input.
import type { Children } from '@kitajs/html';
import type { z } from 'zod';
import type { RequestKind } from '../../domain/account-request.js';
import { ResponsibleFields, type responsibleForm } from '../apply/responsible-step.js';
import { DateInput, type DateValues } from '../views/components/date-input.js';
import { Button, type FieldErrors } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';

/** Everything typed, as hidden fields of the check page's form. */
export function Carried({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** The questions about a new responsible person, as a form posting to `action`. */
export function NewResponsibleForm(props: {
  page: PageContext;
  csrf: string;
  action: string;
  intro: string;
  answers: z.infer<typeof responsibleForm>;
  errors: FieldErrors;
}) {
  return (
    <>
      <p class="body" safe>
        {props.intro}
      </p>
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrf} />
        <ResponsibleFields page={props.page} answers={props.answers} errors={props.errors} />
        <Button label={props.page.t('request.form.continue')} />
      </form>
    </>
  );
}

export function Fieldset({ legend, children }: { legend: string; children: Children }) {
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend fieldset__legend--m" safe>
        {legend}
      </legend>
      {children}
    </fieldset>
  );
}

/** The check page: what the request asks for, a way back to change it, and Send. */
export function CheckForm(props: {
  page: PageContext;
  csrf: string;
  kind: RequestKind;
  values: Record<string, string>;
  children: Children;
}) {
  const { t } = props.page;
  return (
    <>
      {props.children}
      <form method="post" action={`/account/requests/${props.kind}/send`} novalidate>
        <CsrfField token={props.csrf} />
        <Carried values={props.values} />
        <Button label={t('request.check.submit')} />
      </form>
      {/* Back to the question page with everything typed. */}
      <form method="post" action={`/account/requests/${props.kind}`} novalidate>
        <CsrfField token={props.csrf} />
        <Carried values={props.values} />
        <input type="hidden" name="edit" value="1" />
        <button type="submit" class="button button--secondary" safe>
          {t('request.check.change')}
        </button>
      </form>
    </>
  );
}

/** The date input's first part in the order people write a date: year first in Japanese. */
/** The Suspension's last day, as a GOV.UK date input. */
export function SuspensionDate({
  page,
  answers,
  error,
}: {
  page: PageContext;
  answers: DateValues;
  error: string | undefined;
}) {
  const { t } = page;
  return (
    <DateInput
      page={page}
      legend={t('request.suspension.date')}
      hint={t('request.suspension.dateHint')}
      labels={{
        day: t('request.suspension.day'),
        month: t('request.suspension.month'),
        year: t('request.suspension.year'),
      }}
      values={answers}
      error={error}
    />
  );
}
