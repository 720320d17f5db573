// The actions on the staff's application page: the status panel at the top (where the
// application stands, what happens next and the one next action as the page's only
// primary button), the other actions grouped under it as secondary buttons, and the
// comment form (the rejection's own page is application-reject-page.tsx).

import type { FullApplication } from '../../db/applications.js';
import type { latestInformationRequest } from '../../db/information-requests.js';
import type { pledgesOf } from '../../db/pledges.js';
import type { latestScreening, TimelineItem } from '../../db/review.js';
import type { Staff } from '../../db/schema-staff.js';
import { type ApplicationState, screeningChecklist } from '../../domain/application-state.js';
import { questionSteps } from '../../domain/application-steps.js';
import { formatCentreTime } from '../../domain/notices.js';
import { rejectionReasons } from '../../domain/rejection-reasons.js';
import { can, type StaffAction, staffPermissions } from '../../domain/staff.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { pledgesNeeded } from '../../jobs/handlers/review.js';
import { decisionTargets } from '../../services/decisions.js';
import { Checkbox, type FieldErrors, Radios, Select, Textarea } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { type GroupChoice, GroupField, type ProvisioningView } from './provisioning.js';

/** What the application page and its parts show. */
export interface DetailProps {
  page: PageContext;
  /** The PG division takes applications now (an approval then makes the PG account too). */
  pgAccepting?: boolean;
  staff: Staff;
  csrf: string;
  full: FullApplication;
  items: TimelineItem[];
  names: Map<number, string>;
  pledges: Awaited<ReturnType<typeof pledgesOf>>;
  /** Ids of the pledges whose PDF copy is kept. */
  documents: Set<number>;
  errors: FieldErrors;
  /** What was typed in the forms, kept on an error. */
  typed: {
    comment?: string;
    decision?: string;
    template?: string;
    reason?: string;
    checks?: string[];
    steps?: string[];
    message?: string;
    cleared?: string;
    screeningReason?: string;
    group?: string;
  };
  /** The latest screening decision. */
  screening: Awaited<ReturnType<typeof latestScreening>>;
  /** The latest request for information. */
  asked: Awaited<ReturnType<typeof latestInformationRequest>>;
  /** The group to confirm at approval, while approval is possible. */
  group: GroupChoice | undefined;
  provisioning: ProvisioningView;
  /** The success banner after an action. */
  banner?: string | undefined;
}

export type DoneAction =
  | 'comment'
  | 'assigned'
  | 'pledge'
  | 'information'
  | 'screening'
  | 'approved'
  | 'rejected'
  | 'retry'
  | 'posted';
export const doneActions: readonly DoneAction[] = [
  'comment',
  'assigned',
  'pledge',
  'information',
  'screening',
  'approved',
  'rejected',
  'retry',
  'posted',
];

export const stateName = (t: Translate, s: ApplicationState) => t(`staff.state.${s}` as MessageKey);

/** The one action that moves the application on from where it stands, if any. */
type NextAction = 'pledge' | 'screening' | 'approve' | 'retry' | 'posted';
const permissionOf: Record<NextAction, StaffAction> = {
  pledge: 'pledge.send',
  screening: 'screening.decide',
  approve: 'applications.decide',
  retry: 'accounts.provision',
  posted: 'accounts.provision',
};

/** What the panel says and which action it offers, from the state (the state machine's moves) alone. */
export function nextStep(props: Pick<DetailProps, 'full' | 'screening' | 'provisioning'>): {
  text: MessageKey;
  action?: NextAction;
} {
  const a = props.full.application;
  const cleared = props.screening?.cleared;
  switch (a.state) {
    case 'submitted':
      return { text: 'staff.next.submitted', action: 'pledge' };
    case 'information_requested':
      return { text: 'staff.next.information_requested' };
    case 'pledge_sent':
      return { text: 'staff.next.pledge_sent' };
    case 'pledge_signed':
      return a.needs_screening
        ? { text: 'staff.next.pledgeSignedScreening' }
        : { text: 'staff.next.pledge_signed', action: 'approve' };
    case 'screening':
      if (cleared === true) return { text: 'staff.next.screeningCleared', action: 'approve' };
      if (cleared === false) return { text: 'staff.next.screeningNotCleared' };
      return { text: 'staff.next.screening', action: 'screening' };
    case 'approved':
      return props.provisioning.job?.state === 'failed'
        ? { text: 'staff.next.approvedFailed', action: 'retry' }
        : { text: 'staff.next.approved' };
    case 'provisioned':
      return { text: 'staff.next.provisioned', action: 'posted' };
    case 'issued':
      return { text: 'staff.next.issued' };
    default:
      return { text: 'staff.next.closed' };
  }
}

const Hidden = ({ name, value }: { name: string; value: string }) => <input type="hidden" name={name} value={value} />;

function PrimaryButton({ label }: { label: string }) {
  return (
    <button type="submit" class="button" safe>
      {label}
    </button>
  );
}

function SecondaryButton({ label, warning }: { label: string; warning?: boolean }) {
  return (
    <button type="submit" class={warning ? 'button button--warning' : 'button button--secondary'} safe>
      {label}
    </button>
  );
}

/** The screening's checklist, decision and reason; the next action while screening, else a secondary one. */
function ScreeningForm(props: DetailProps & { primary: boolean }) {
  const { page, full, errors, typed } = props;
  const { t } = page;
  const a = full.application;
  return (
    <form method="post" action={`/staff/applications/${a.id}/screening`} novalidate>
      <h3 class="heading-s" id="screening" safe>
        {t('staff.screening.heading')}
      </h3>
      <CsrfField token={props.csrf} />
      <Hidden name="version" value={String(a.version)} />
      <p class="body hint" safe>
        {t('staff.screening.checklistHint')}
      </p>
      {screeningChecklist.map((item) => (
        <Checkbox
          name={`check_${item}`}
          label={t(`staff.screening.check.${item}` as MessageKey)}
          checked={typed.checks?.includes(item) ?? false}
        />
      ))}
      <Radios
        name="cleared"
        legend={t('staff.screening.legend')}
        value={typed.cleared}
        error={errors.cleared}
        inline
        options={[
          { value: 'yes', label: t('staff.screening.cleared') },
          { value: 'no', label: t('staff.screening.notCleared') },
        ]}
      />
      <Textarea
        name="screeningReason"
        label={t('staff.screening.reason')}
        value={typed.screeningReason ?? ''}
        error={errors.screeningReason}
        rows={3}
      />
      {props.primary ? (
        <PrimaryButton label={t('staff.screening.submit')} />
      ) : (
        <SecondaryButton label={t('staff.screening.submit')} />
      )}
    </form>
  );
}

/** The next action's form, with the page's only primary button. */
function NextActionForm(props: DetailProps & { action: NextAction }) {
  const { page, full, errors, typed } = props;
  const { t } = page;
  const a = full.application;
  const version = String(a.version);
  switch (props.action) {
    case 'pledge':
      return (
        <form method="post" action={`/staff/applications/${a.id}/pledge`}>
          {pledgesNeeded(full).includes('applicant') ? (
            <p class="body" safe>
              {t('staff.pledge.applicantToo')}
            </p>
          ) : (
            ''
          )}
          <CsrfField token={props.csrf} />
          <Hidden name="version" value={version} />
          <PrimaryButton label={t('staff.pledge.send')} />
        </form>
      );
    case 'screening':
      return <ScreeningForm {...props} primary />;
    case 'approve':
      return (
        <form method="post" action={`/staff/applications/${a.id}/decision`} novalidate>
          <CsrfField token={props.csrf} />
          <Hidden name="version" value={version} />
          <Hidden name="decision" value="approved" />
          {props.group ? <GroupField page={page} choice={props.group} value={typed.group} error={errors.group} /> : ''}
          <PrimaryButton label={t('staff.next.approve')} />
        </form>
      );
    case 'retry':
      return (
        <form method="post" action={`/staff/applications/${a.id}/provision/retry`}>
          <CsrfField token={props.csrf} />
          <PrimaryButton label={t('staff.provision.retry')} />
        </form>
      );
    case 'posted':
      return (
        <form method="post" action={`/staff/applications/${a.id}/certificate/posted`}>
          <p class="body">
            <a href={`/staff/applications/${a.id}/certificate.pdf`} class="link" safe>
              {t('staff.certificates.download')}
            </a>
          </p>
          <CsrfField token={props.csrf} />
          <Hidden name="from" value="application" />
          <PrimaryButton label={t('staff.next.posted')} />
        </form>
      );
  }
}

/** Where the application stands, what happens next, and the next action (or who takes it). */
export function StatusPanel(props: DetailProps) {
  const { page, staff, full, errors } = props;
  const { t, lang } = page;
  const a = full.application;
  const next = nextStep(props);
  const permission = next.action ? permissionOf[next.action] : undefined;
  const allowed = permission !== undefined && can(staff.role, permission);
  return (
    <section class="status-panel" aria-labelledby="status-heading">
      {/* The panel's heading is for screen readers: the state says the rest, and the next action stays in the first screenful. */}
      <h2 class="visually-hidden" id="status-heading" safe>
        {t('staff.next.heading')}
      </h2>
      <p class="body status-panel__state">
        <strong class="tag" safe>
          {t('staff.detail.state', { state: stateName(t, a.state) })}
        </strong>{' '}
        {a.submitted_at ? (
          <span safe>{t('staff.detail.submitted', { when: formatCentreTime(a.submitted_at, lang) })}</span>
        ) : (
          ''
        )}
      </p>
      <p class="body" safe>
        {t(next.text, { attempts: props.provisioning.job?.attempts ?? 0 })}
      </p>
      {errors.decision ? (
        <p class="error-message" id="decision" safe>
          {errors.decision}
        </p>
      ) : (
        ''
      )}
      {next.action && allowed ? <NextActionForm {...props} action={next.action} /> : ''}
      {permission && !allowed ? (
        <p class="body" safe>
          {t('staff.next.roleOnly', { role: t(`staff.role.${staffPermissions[permission]}` as MessageKey) })}
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

/** The form to ask the applicant for information, folded while nothing was typed into it. */
function InformationForm(props: DetailProps) {
  const { page, full, errors, typed } = props;
  const { t } = page;
  const a = full.application;
  const open = Boolean(errors.message || errors.steps || errors.information || typed.message);
  return (
    <details class="details" open={open}>
      <summary class="details__summary">
        <span class="details__summary-text" safe>
          {t('staff.other.information')}
        </span>
      </summary>
      <div class="details__text">
        <form method="post" action={`/staff/applications/${a.id}/request-information`} novalidate>
          <CsrfField token={props.csrf} />
          <Hidden name="version" value={String(a.version)} />
          <Textarea
            name="message"
            label={t('staff.information.message')}
            value={typed.message ?? ''}
            error={errors.message}
            rows={4}
          />
          <fieldset class="fieldset">
            <legend class="fieldset__legend" safe>
              {t('staff.information.steps')}
            </legend>
            {errors.steps ? (
              <p id="steps-error" class="error-message" safe>
                {errors.steps}
              </p>
            ) : (
              ''
            )}
            {questionSteps.map((step, i) => (
              <Checkbox
                name={i === 0 ? 'steps' : `steps_${step}`}
                label={t(`applyTask.step.${step}` as MessageKey)}
                checked={typed.steps?.includes(step) ?? false}
              />
            ))}
          </fieldset>
          <SecondaryButton label={t('staff.information.submit')} />
        </form>
      </div>
    </details>
  );
}

/** The rejection's reason; the next page asks again before anything is sent. */
function RejectForm(props: DetailProps) {
  const { page, full, errors, typed } = props;
  const { t } = page;
  const a = full.application;
  const open = Boolean(errors.reason || typed.decision === 'rejected');
  return (
    <details class="details" id="reject" open={open}>
      <summary class="details__summary">
        <span class="details__summary-text" safe>
          {t('staff.other.reject')}
        </span>
      </summary>
      <div class="details__text">
        <form method="post" action={`/staff/applications/${a.id}/decision`} novalidate>
          <CsrfField token={props.csrf} />
          <Hidden name="version" value={String(a.version)} />
          <Hidden name="decision" value="rejected" />
          <Select
            name="template"
            label={t('staff.decision.template')}
            placeholder={t('staff.decision.noTemplate')}
            options={Object.entries(rejectionReasons).map(([key, text]) => ({
              value: key,
              label: page.lang === 'ja' ? text.ja : text.en,
            }))}
            value={typed.template ?? ''}
          />
          <Textarea
            name="reason"
            label={t('staff.decision.reason')}
            value={typed.reason ?? ''}
            error={errors.reason}
            rows={3}
          />
          <SecondaryButton label={t('staff.other.rejectContinue')} warning />
        </form>
      </div>
    </details>
  );
}

/** An internal comment, under the history where comments are read. */
export function CommentForm(props: DetailProps) {
  const { page, staff, full, errors, typed } = props;
  const { t } = page;
  if (!can(staff.role, 'applications.comment')) return '';
  return (
    <section aria-labelledby="comment-heading">
      <h2 class="heading-m" id="comment-heading" safe>
        {t('staff.comment.heading')}
      </h2>
      <form method="post" action={`/staff/applications/${full.application.id}/comment`} novalidate>
        <CsrfField token={props.csrf} />
        <Textarea
          name="comment"
          label={t('staff.comment.label')}
          value={typed.comment ?? ''}
          error={errors.comment}
          rows={3}
        />
        <SecondaryButton label={t('staff.comment.submit')} />
      </form>
    </section>
  );
}

/** Every action other than the next one and the comment, as secondary buttons under one heading, under the panel. */
export function OtherActions(props: DetailProps) {
  const { page, staff, full, names } = props;
  const { t } = page;
  const a = full.application;
  const role = staff.role;
  const next = nextStep(props).action;
  const resend = a.state === 'pledge_sent' && can(role, 'pledge.send');
  const ask = a.state === 'submitted' && can(role, 'applications.requestInformation');
  // A screening that did not clear may be recorded again (when more is learnt).
  const screenAgain = a.state === 'screening' && next !== 'screening' && can(role, 'screening.decide');
  const reject =
    can(role, 'applications.decide') &&
    decisionTargets(a.state, a.needs_screening, props.screening?.cleared === true).includes('rejected');
  const assign = can(role, 'applications.assign');
  if (!resend && !ask && !screenAgain && !reject && !assign) return '';
  return (
    <section class="other-actions" aria-labelledby="other-actions-heading">
      <h2 class="heading-m" id="other-actions-heading" safe>
        {t('staff.other.heading')}
      </h2>
      {assign ? (
        <form method="post" action={`/staff/applications/${a.id}/assign`} class="inline-form">
          <CsrfField token={props.csrf} />
          <Select
            name="staff"
            label={t('staff.detail.assigned')}
            placeholder={t('staff.detail.nobody')}
            options={[...names].map(([id, name]) => ({ value: String(id), label: name }))}
            value={a.assigned_to === null ? '' : String(a.assigned_to)}
          />
          <SecondaryButton label={t('staff.detail.assign')} />
        </form>
      ) : (
        ''
      )}
      {resend ? (
        <form method="post" action={`/staff/applications/${a.id}/pledge`}>
          <CsrfField token={props.csrf} />
          <Hidden name="version" value={String(a.version)} />
          <SecondaryButton label={t('staff.pledge.resend')} />
        </form>
      ) : (
        ''
      )}
      {screenAgain ? <ScreeningForm {...props} primary={false} /> : ''}
      {ask ? <InformationForm {...props} /> : ''}
      {reject ? <RejectForm {...props} /> : ''}
    </section>
  );
}
