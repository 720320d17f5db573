// The staff's page of one application: the status panel with the next action and,
// under it, the other actions (application-actions.tsx); then every answer grouped as
// on the form, the information requested, the pledges, provisioning, and the history
// with internal comments and the form to add one. Its routes are in application.tsx.
import { formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { formatTb } from '../../domain/usage-plan.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { pledgesNeeded } from '../../jobs/handlers/review.js';
import { answerSections } from '../views/application-answers.js';
import { Banner } from '../views/components/banner.js';
import { ErrorSummary } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { errorTitle } from '../views/page.js';
import { CommentForm, type DetailProps, OtherActions, StatusPanel, stateName } from './application-actions.js';
import { ProvisioningSection } from './provisioning.js';
import { StaffLayout } from './views.js';

export type { DetailProps };
export { stateName };

function actorName(t: Translate, actor: string, names: Map<number, string>): string {
  if (actor === 'applicant') return t('staff.timeline.applicant');
  if (actor.startsWith('staff:')) return names.get(Number(actor.slice(6))) ?? actor;
  return t('staff.timeline.system');
}

/** The latest request for information, with what the applicant changed. */
function InformationSection(props: DetailProps) {
  const { page, asked } = props;
  const { t, lang } = page;
  if (!asked) return '';
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
    </>
  );
}

/** The pledges sent and signed, with their kept PDF copies. */
function PledgeSection(props: DetailProps) {
  const { page, full, pledges } = props;
  const { t, lang } = page;
  const a = full.application;
  if (pledges.length === 0) return '';
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
    </>
  );
}

export function DetailPage(props: DetailProps) {
  const { page, staff, full, errors, names } = props;
  const { t, lang } = page;
  const a = full.application;
  const name = `${a.reference ?? ''} ${personName(full.applicant, lang)}`.trim();
  const title = errorTitle(page, name, errors);
  return (
    <StaffLayout page={page} staff={staff} csrf={props.csrf} title={title}>
      <a href="/staff/applications" class="back-link" safe>
        {t('staff.detail.back')}
      </a>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <Banner text={props.banner} />
      <span class="caption" safe>
        {a.reference ?? ''}
      </span>
      <h1 class="heading-l" safe>
        {personName(full.applicant, lang)}
      </h1>
      <StatusPanel {...props} />
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

      <OtherActions {...props} />

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
      <ProvisioningSection page={page} staff={staff} view={props.provisioning} />

      <h2 class="heading-m" id="history" safe>
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

      <CommentForm {...props} />
    </StaffLayout>
  );
}
