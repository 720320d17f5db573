// The page that asks again before an application is rejected, which cannot be undone:
// who is mailed, the reason as they will read it, "Reject the application" and "Go
// back" (the application's page again with what was typed). Its route is the decision
// route in application.tsx.

import type { Staff } from '../../db/schema-staff.js';
import { personName } from '../../domain/person-name.js';
import { isRejectionReason, rejectionText } from '../../domain/rejection-reasons.js';
import { ConfirmOrBack, type FieldErrors } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import type { DetailProps } from './application-page.js';
import { StaffPage } from './views.js';

const Hidden = ({ name, value }: { name: string; value: string }) => <input type="hidden" name={name} value={value} />;

/** Asked again before a rejection: who is mailed, the reason they read, and the two ways on. */
export function RejectApplicationPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  full: DetailProps['full'];
  typed: { template: string; reason: string };
  errors?: FieldErrors;
}) {
  const { page, full, typed } = props;
  const { t } = page;
  const a = full.application;
  const template = isRejectionReason(typed.template) ? typed.template : undefined;
  const responsible = full.responsible.same_as_applicant
    ? []
    : [`${personName(full.responsible)} (${full.responsible.email})`];
  const to = [`${personName(full.applicant)} (${a.email})`, ...responsible];
  return (
    <StaffPage
      page={page}
      staff={props.staff}
      csrf={props.csrf}
      title={t('staff.reject.title', { reference: a.reference ?? '' })}
      errors={props.errors ?? {}}
    >
      <div class="warning-text" role="note">
        <span class="warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="warning-text__text" safe>
          {t('staff.reject.what')}
        </strong>
      </div>
      <p class="body" safe>
        {t('staff.reject.to', { to: to.join(page.lang === 'ja' ? '、' : ', ') })}
      </p>
      <h2 class="heading-s" safe>
        {t('staff.reject.reason')}
      </h2>
      <blockquote class="inset-text pre-line" safe>
        {rejectionText(template, typed.reason)}
      </blockquote>
      <form method="post" action={`/staff/applications/${a.id}/decision`} novalidate>
        <CsrfField token={props.csrf} />
        <Hidden name="version" value={String(a.version)} />
        <Hidden name="decision" value="rejected" />
        <Hidden name="template" value={typed.template} />
        <Hidden name="reason" value={typed.reason} />
        <ConfirmOrBack confirm={t('staff.reject.confirm')} back={t('staff.reject.back')} />
      </form>
    </StaffPage>
  );
}
