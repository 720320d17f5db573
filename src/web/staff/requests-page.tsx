// The staff's pages of the holders' requests: the queue by kind and state, and one
// request with the holder, what is asked, the new responsible person's pledge, the
// forms of the actions and the history. Its routes are in requests.tsx.
import type { AccountRequest, listRequests, requestEvents } from '../../db/account-requests.js';
import type { accountsOf } from '../../db/accounts.js';
import type { FullApplication } from '../../db/applications.js';
import type { requestPledge } from '../../db/pledges.js';
import type { continuationWaitingFor } from '../../db/renewal.js';
import type { Staff } from '../../db/schema-staff.js';
import { type RequestKind, requestKinds, staffMayAsk } from '../../domain/account-request.js';
import { formatCentreDate, formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { can } from '../../domain/staff.js';
import { labelled } from '../../i18n/index.js';
import { countryName } from '../apply/countries.js';
import type { answerSections } from '../views/application-answers.js';
import { Button, type FieldErrors, Radios, Textarea, TextInput } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { RequestHistory, RequestSummary } from '../views/request-summary.js';
import { StaffLayout, StaffPage } from './views.js';

type QueueRow = Awaited<ReturnType<typeof listRequests>>[number];

export function RequestQueuePage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  kind: RequestKind | undefined;
  all: boolean;
  rows: QueueRow[];
}) {
  const { page, staff, kind, all, rows } = props;
  const { t } = page;
  return (
    <StaffLayout page={page} staff={staff} csrf={props.csrf} title={t('staff.requests.title')}>
      <h1 class="heading-l" safe>
        {t('staff.requests.title')}
      </h1>
      <form method="get" action="/staff/requests" class="filters">
        <div class="form-group">
          <label class="label" for="kind" safe>
            {t('staff.requests.kind')}
          </label>
          <select class="select" id="kind" name="kind">
            <option value="" safe>
              {t('staff.requests.allKinds')}
            </option>
            {requestKinds.map((k) => (
              <option value={k} selected={k === kind} safe>
                {t(`request.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label class="label" for="state" safe>
            {t('staff.requests.state')}
          </label>
          <select class="select" id="state" name="state">
            <option value="open" selected={!all} safe>
              {t('staff.requests.openOnly')}
            </option>
            <option value="all" selected={all} safe>
              {t('staff.requests.all')}
            </option>
          </select>
        </div>
        <button type="submit" class="button button--secondary" safe>
          {t('staff.requests.filter')}
        </button>
      </form>
      {rows.length === 0 ? (
        <p class="body" safe>
          {t('staff.requests.none')}
        </p>
      ) : (
        <table class="table">
          <caption class="table__caption visually-hidden" safe>
            {t('staff.requests.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('request.list.number')}
              </th>
              <th scope="col" safe>
                {t('request.list.kind')}
              </th>
              <th scope="col" safe>
                {t('staff.requests.account')}
              </th>
              <th scope="col" safe>
                {t('staff.requests.holder')}
              </th>
              <th scope="col" safe>
                {t('request.list.sent')}
              </th>
              <th scope="col" safe>
                {t('request.list.status')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/staff/requests/${r.id}`} class="link" safe>
                    {String(r.id)}
                  </a>
                </td>
                <td safe>{t(`request.kind.${r.kind}`)}</td>
                <td safe>{r.uid}</td>
                <td safe>{`${personName(r)}${r.institution ? ` (${r.institution})` : ''}`}</td>
                <td safe>{formatCentreDate(r.created_at, page.lang)}</td>
                <td safe>{t(`request.state.${r.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}

export function RequestPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  title: string;
  errors: FieldErrors;
  typed: { question?: string; reason?: string; group?: string };
  r: AccountRequest;
  full: FullApplication;
  accounts: Awaited<ReturnType<typeof accountsOf>>;
  events: Awaited<ReturnType<typeof requestEvents>>;
  pledge: Awaited<ReturnType<typeof requestPledge>> | undefined;
  continuation: Awaited<ReturnType<typeof continuationWaitingFor>> | undefined;
  open: boolean;
  sections: ReturnType<typeof answerSections>;
  proposal: string;
  actor: (a: string) => string;
}) {
  const {
    page,
    staff,
    csrf,
    title,
    errors,
    typed,
    r,
    full,
    accounts,
    events,
    pledge,
    continuation,
    open,
    sections,
    proposal,
    actor,
  } = props;
  const { t } = page;
  return (
    <StaffPage page={page} staff={staff} csrf={csrf} title={title} errors={errors}>
      <p class="body">
        <strong safe>{labelled(page.lang, t('request.detail.status'), t(`request.state.${r.state}`))}</strong>
      </p>
      {continuation ? (
        <div class="inset-text" id="waiting-continuation">
          <p class="body" safe>
            {t('staff.request.continuation', { year: continuation.fiscal_year })}
          </p>
        </div>
      ) : (
        ''
      )}
      <SummaryCard
        id="holder"
        title={t('staff.request.holder')}
        rows={[
          {
            key: t('staff.requests.account'),
            value: accounts.map((a) => `${a.uid} (${a.group_name}, ${t(`user.state.${a.state}`)})`).join(', '),
          },
          ...(sections.find((s) => s.step === 'applicant')?.rows.slice(0, 4) ?? []),
          { key: t('affiliation.institution'), value: full.applicant.institution ?? '' },
          {
            key: t('staff.request.currentResponsible'),
            value: full.responsible.same_as_applicant
              ? t('check.responsibleSelf')
              : `${personName(full.responsible)} <${full.responsible.email ?? ''}>`,
          },
        ]}
      />
      <RequestSummary page={page} data={r.data} />
      {r.kind === 'reissue' ? (
        <>
          <SummaryCard
            id="post-to"
            title={t('staff.request.reissue.postTo')}
            rows={[
              {
                key: t('affiliation.address'),
                value: [
                  personName(full.applicant),
                  full.applicant.institution,
                  full.applicant.department,
                  full.applicant.postal_code,
                  full.applicant.address,
                  full.applicant.country ? countryName(full.applicant.country, page.lang) : null,
                ]
                  .filter(Boolean)
                  .join('\n'),
              },
            ]}
          />
          <p class="body" safe>
            {t('staff.request.reissue.note')}
          </p>
        </>
      ) : (
        ''
      )}
      {r.question ? (
        <SummaryCard
          id="question"
          title={t('staff.request.info.label')}
          rows={[
            { key: t('staff.request.info.label'), value: r.question },
            ...(r.answer ? [{ key: t('staff.request.answer'), value: r.answer }] : []),
          ]}
        />
      ) : (
        ''
      )}
      {r.decision_reason ? (
        <p class="body pre-line" safe>
          {labelled(page.lang, t('request.detail.reason'), r.decision_reason ?? '')}
        </p>
      ) : (
        ''
      )}
      {r.data.kind === 'manager' ? (
        <section aria-labelledby="pledge-title">
          <h2 class="heading-m" id="pledge-title" safe>
            {t('staff.request.pledge')}
          </h2>
          {errors.pledge ? (
            <p id="pledge-error" class="error-message" safe>
              {errors.pledge}
            </p>
          ) : (
            ''
          )}
          <p class="body" id="pledge" tabindex="-1" aria-describedby={errors.pledge ? 'pledge-error' : undefined} safe>
            {pledge?.signed_at
              ? t('staff.request.pledge.signed', {
                  date: formatCentreTime(pledge.signed_at, page.lang),
                  name: pledge.signer_name ?? '',
                })
              : pledge
                ? t('staff.request.pledge.sent', {
                    email: pledge.email,
                    date: formatCentreTime(pledge.sent_at, page.lang),
                  })
                : t('staff.request.pledge.none')}
          </p>
          {open && !pledge?.signed_at && can(staff.role, 'pledge.send') ? (
            <form method="post" action={`/staff/requests/${r.id}/pledge`} novalidate>
              <CsrfField token={csrf} />
              <input type="hidden" name="version" value={String(r.version)} />
              <button type="submit" class="button button--secondary" safe>
                {t(pledge ? 'staff.request.pledge.resend' : 'staff.request.pledge.send')}
              </button>
            </form>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {r.state === 'submitted' && staffMayAsk(r.kind) && can(staff.role, 'applications.requestInformation') ? (
        <form method="post" action={`/staff/requests/${r.id}/request-information`} novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="version" value={String(r.version)} />
          <h2 class="heading-m" safe>
            {t('staff.request.info')}
          </h2>
          <Textarea
            name="question"
            label={t('staff.request.info.label')}
            value={typed.question ?? ''}
            error={errors.question}
            rows={4}
          />
          <Button label={t('staff.request.info.submit')} />
        </form>
      ) : (
        ''
      )}
      {open && can(staff.role, 'applications.decide') ? (
        <form method="post" action={`/staff/requests/${r.id}/decision`} novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="version" value={String(r.version)} />
          <h2 class="heading-m" safe>
            {t('staff.request.decision')}
          </h2>
          <Radios
            name="decision"
            legend={t('staff.request.decisionLabel')}
            error={errors.decision}
            options={[
              { value: 'approved', label: t('staff.request.approve') },
              { value: 'rejected', label: t('staff.request.reject') },
            ]}
          />
          {r.kind === 'manager' ? (
            <TextInput
              name="group"
              spellcheck={false}
              label={t('staff.request.group')}
              hint={t('staff.request.groupHint')}
              value={typed.group ?? proposal}
              error={errors.group}
            />
          ) : (
            ''
          )}
          <Textarea
            name="reason"
            label={t('staff.request.reason')}
            value={typed.reason ?? ''}
            error={errors.reason}
            rows={3}
          />
          <Button label={t('staff.request.submit')} />
        </form>
      ) : (
        ''
      )}
      <RequestHistory page={page} events={events} actor={actor} />
    </StaffPage>
  );
}
