// The staff's page of one application: every answer grouped as on the form, the
// history with internal comments, the pledges, the screening, the information
// requested, provisioning, and the forms of the actions the state and the staff
// member's role allow. Its routes are in application.tsx.
import type { FullApplication } from '../../db/applications.js';
import type { latestInformationRequest } from '../../db/information-requests.js';
import type { pledgesOf } from '../../db/pledges.js';
import type { latestScreening, TimelineItem } from '../../db/review.js';
import type { Staff } from '../../db/schema-staff.js';
import { type ApplicationState, screeningChecklist } from '../../domain/application-state.js';
import { questionSteps } from '../../domain/application-steps.js';
import { formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { rejectionReasons } from '../../domain/rejection-reasons.js';
import { can } from '../../domain/staff.js';
import { formatTb } from '../../domain/usage-plan.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { pledgesNeeded } from '../../jobs/handlers/review.js';
import { decisionTargets } from '../../services/decisions.js';
import { answerSections } from '../views/application-answers.js';
import {
  Button,
  Checkbox,
  ErrorSummary,
  type FieldErrors,
  Radios,
  Select,
  Textarea,
} from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import { errorTitle, type PageContext } from '../views/page.js';
import { type GroupChoice, GroupField, ProvisioningSection, type ProvisioningView } from './provisioning.js';
import { StaffLayout } from './views.js';

export const stateName = (t: Translate, s: ApplicationState) => t(`staff.state.${s}` as MessageKey);

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
}

function actorName(t: Translate, actor: string, names: Map<number, string>): string {
  if (actor === 'applicant') return t('staff.timeline.applicant');
  if (actor.startsWith('staff:')) return names.get(Number(actor.slice(6))) ?? actor;
  return t('staff.timeline.system');
}

/** The latest request for information (with what the applicant changed) and the form to ask. */
function InformationSection(props: DetailProps) {
  const { page, staff, full, asked, errors, typed } = props;
  const { t, lang } = page;
  const a = full.application;
  const canAsk = can(staff.role, 'applications.requestInformation') && a.state === 'submitted';
  if (!asked && !canAsk) return '';
  return (
    <>
      <h2 class="heading-m" id="information" safe>
        {t('staff.information.heading')}
      </h2>
      {asked ? (
        <div class="inset-text">
          <p class="body" safe>
            {t('staff.information.asked', {
              when: formatCentreTime(asked.created_at, lang),
              steps: asked.steps.map((s) => t(`applyTask.step.${s}` as MessageKey)).join(', '),
            })}
          </p>
          <p class="body pre-line" safe>
            {asked.message}
          </p>
          {asked.answered_at ? (
            <>
              <p class="body" safe>
                {t('staff.information.answered', { when: formatCentreTime(asked.answered_at, lang) })}
              </p>
              {asked.changes && asked.changes.length > 0 ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col" safe>
                        {t('staff.information.field')}
                      </th>
                      <th scope="col" safe>
                        {t('staff.information.before')}
                      </th>
                      <th scope="col" safe>
                        {t('staff.information.after')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {asked.changes.map((c) => (
                      <tr>
                        <td safe>{c.field}</td>
                        <td class="diff-before" safe>
                          {c.before ?? ''}
                        </td>
                        <td class="diff-after" safe>
                          {c.after ?? ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p class="body" safe>
                  {t('staff.information.unchanged')}
                </p>
              )}
            </>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      {canAsk ? (
        <form method="post" action={`/staff/applications/${a.id}/request-information`} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(a.version)} />
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
          <Button label={t('staff.information.submit')} />
        </form>
      ) : (
        ''
      )}
    </>
  );
}

/** The export-control screening: the reviewer's checklist, decision and reason. */
function ScreeningSection(props: DetailProps) {
  const { page, staff, full, errors, typed } = props;
  const { t } = page;
  const a = full.application;
  if (a.state !== 'screening' || !can(staff.role, 'screening.decide')) return '';
  return (
    <form method="post" action={`/staff/applications/${a.id}/screening`} novalidate>
      <h2 class="heading-m" id="screening" safe>
        {t('staff.screening.heading')}
      </h2>
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={String(a.version)} />
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
      <Button label={t('staff.screening.submit')} />
    </form>
  );
}

/** The pledges sent and signed (with their kept PDF copies), and the form to send (or send again) while the application waits. */
function PledgeSection(props: DetailProps) {
  const { page, staff, full, pledges } = props;
  const { t, lang } = page;
  const a = full.application;
  const canSend = can(staff.role, 'pledge.send') && (a.state === 'submitted' || a.state === 'pledge_sent');
  if (pledges.length === 0 && !canSend) return '';
  const needed = pledgesNeeded(full);
  return (
    <>
      <h2 class="heading-m" id="pledge" safe>
        {t('staff.pledge.heading')}
      </h2>
      {needed.includes('applicant') ? (
        <p class="body" safe>
          {t('staff.pledge.applicantToo')}
        </p>
      ) : (
        ''
      )}
      {pledges.map((p) => (
        <p class="body">
          <strong safe>{t(`staff.pledge.kind.${p.kind}` as MessageKey)}</strong>
          {': '}
          <span safe>
            {p.signed_at
              ? t('staff.pledge.signed', {
                  name: p.signer_name ?? '',
                  when: formatCentreTime(p.signed_at, lang),
                  version: p.text_version ?? '',
                  digest: (p.text_sha256 ?? '').slice(0, 16),
                })
              : t('staff.pledge.sent', {
                  email: p.email,
                  when: formatCentreTime(p.sent_at, lang),
                  until: formatCentreTime(p.expires_at, lang),
                })}
          </span>
          {props.documents.has(p.id) ? (
            <>
              {' '}
              <a href={`/staff/applications/${a.id}/pledges/${p.id}.pdf`} class="link" safe>
                {t('staff.pledge.pdf')}
              </a>
            </>
          ) : (
            ''
          )}
        </p>
      ))}
      {canSend ? (
        <form method="post" action={`/staff/applications/${a.id}/pledge`}>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(a.version)} />
          <Button label={a.state === 'pledge_sent' ? t('staff.pledge.resend') : t('staff.pledge.send')} />
        </form>
      ) : (
        ''
      )}
    </>
  );
}

export function DetailPage(props: DetailProps) {
  const { page, staff, full, errors, typed, names } = props;
  const { t, lang } = page;
  const a = full.application;
  const version = String(a.version);
  const targets = decisionTargets(a.state, a.needs_screening, props.screening?.cleared === true);
  const canDecide = can(staff.role, 'applications.decide') && targets.length > 0;
  const name = `${a.reference ?? ''} ${personName(full.applicant, lang)}`.trim();
  const title = errorTitle(page, name, errors);
  return (
    <StaffLayout page={page} staff={staff} csrf={props.csrf} title={title}>
      <a href="/staff/applications" class="back-link" safe>
        {t('staff.detail.back')}
      </a>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <span class="caption" safe>
        {a.reference ?? ''}
      </span>
      <h1 class="heading-l" safe>
        {personName(full.applicant, lang)}
      </h1>
      <p class="body">
        <strong class="tag" safe>
          {t('staff.detail.state', { state: stateName(t, a.state) })}
        </strong>{' '}
        {a.submitted_at ? (
          <span safe>{t('staff.detail.submitted', { when: formatCentreTime(a.submitted_at, lang) })}</span>
        ) : (
          ''
        )}
      </p>
      {a.needs_screening ? (
        <div class="warning-text">
          <p class="body" safe>
            {t('staff.detail.screening')}
          </p>
        </div>
      ) : (
        ''
      )}
      {a.use_pg ? (
        <div class="warning-text" id="pg-checks">
          <p class="body" safe>
            {props.pgAccepting
              ? t('staff.detail.pg', {
                  tb: a.pg_storage_tenths ? formatTb(a.pg_storage_tenths) : '–',
                  paid: t(a.pg_paid_confirmed ? 'check.pgPaidYes' : 'check.pgPaidNo'),
                })
              : t('staff.detail.pgClosed')}
          </p>
        </div>
      ) : (
        ''
      )}
      {a.email_special_reason ? (
        <p class="body" safe>
          {t('staff.detail.specialEmail', { reason: a.email_special_reason })}
        </p>
      ) : (
        ''
      )}

      {can(staff.role, 'applications.assign') ? (
        <form method="post" action={`/staff/applications/${a.id}/assign`} class="inline-form">
          <CsrfField token={props.csrf} />
          <Select
            name="staff"
            label={t('staff.detail.assigned')}
            placeholder={t('staff.detail.nobody')}
            options={[...names].map(([id, name]) => ({ value: String(id), label: name }))}
            value={a.assigned_to === null ? '' : String(a.assigned_to)}
          />
          <Button label={t('staff.detail.assign')} />
        </form>
      ) : (
        ''
      )}

      {answerSections(full, page).map(({ step, rows }) => (
        <SummaryCard
          id={step}
          title={t(`applyTask.step.${step}` as MessageKey)}
          rows={rows}
          {...(step === 'eligibility' && a.needs_screening ? { highlight: true } : {})}
        />
      ))}

      <InformationSection {...props} />
      <PledgeSection {...props} />
      <ProvisioningSection
        page={page}
        staff={staff}
        csrf={props.csrf}
        applicationId={a.id}
        state={a.state}
        view={props.provisioning}
      />
      <ScreeningSection {...props} />

      <h2 class="heading-m" safe>
        {t('staff.timeline.heading')}
      </h2>
      <ol class="timeline">
        {props.items.map((item) =>
          item.kind === 'move' ? (
            <li class="timeline__item">
              <span class="timeline__when" safe>
                {formatCentreTime(item.at, lang)}
              </span>
              <span safe>
                {item.from
                  ? t('staff.timeline.move', { from: stateName(t, item.from), to: stateName(t, item.to) })
                  : t('staff.timeline.created')}
              </span>{' '}
              <span class="hint" safe>
                {t('staff.timeline.by', { actor: actorName(t, item.actor, names) })}
              </span>
              {item.note ? (
                <p class="timeline__note" safe>
                  {item.note}
                </p>
              ) : (
                ''
              )}
            </li>
          ) : (
            <li class="timeline__item timeline__item--comment">
              <span class="timeline__when" safe>
                {formatCentreTime(item.at, lang)}
              </span>
              <span safe>
                {item.kind === 'screening'
                  ? `${t(item.cleared ? 'staff.screening.cleared' : 'staff.screening.notCleared')} – ${item.staffName}`
                  : item.staffName}
              </span>
              <p class="timeline__note" safe>
                {item.kind === 'screening' ? item.reason : item.body}
              </p>
            </li>
          ),
        )}
      </ol>

      {can(staff.role, 'applications.comment') ? (
        <form method="post" action={`/staff/applications/${a.id}/comment`} novalidate>
          <CsrfField token={props.csrf} />
          <Textarea
            name="comment"
            label={t('staff.comment.label')}
            value={typed.comment ?? ''}
            error={errors.comment}
            rows={3}
          />
          <Button label={t('staff.comment.submit')} />
        </form>
      ) : (
        ''
      )}

      {canDecide ? (
        <form method="post" action={`/staff/applications/${a.id}/decision`} novalidate>
          <h2 class="heading-m" safe>
            {t('staff.decision.heading')}
          </h2>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={version} />
          <Radios
            name="decision"
            legend={t('staff.decision.legend')}
            value={typed.decision}
            error={errors.decision}
            options={targets.map((to) => ({
              value: to,
              label: to === 'approved' ? t('staff.decision.approve') : t('staff.decision.reject'),
            }))}
          />
          {props.group && targets.includes('approved') ? (
            <GroupField page={page} choice={props.group} value={typed.group} error={errors.group} />
          ) : (
            ''
          )}
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
          <Button label={t('staff.decision.submit')} />
        </form>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}
