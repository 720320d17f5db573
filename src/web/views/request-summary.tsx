// What an account holder's request asks for, as the holder checks it and as staff
// review it: the details that change (now → requested), the new responsible person,
// or the end of use with its day and reason.
import type { FieldChange, ModifiableField, RequestData, RequestState } from '../../domain/account-request.js';
import { formatCentreTime } from '../../domain/notices.js';
import { formatPhone } from '../../domain/phone.js';
import type { MessageKey } from '../../i18n/index.js';
import { countryName } from '../apply/countries.js';
import { SummaryCard, type SummaryRow } from './components/summary-list.js';
import type { PageContext } from './page.js';

const fieldLabels: Record<ModifiableField, MessageKey> = {
  family_name: 'applicant.familyName',
  given_name: 'applicant.givenName',
  name_ja: 'applicant.nameJa',
  job_title: 'applicant.jobTitle',
  institution: 'affiliation.institution',
  department: 'affiliation.department',
  country: 'affiliation.country',
  postal_code: 'affiliation.postalCode',
  address: 'affiliation.address',
  phone: 'affiliation.phone',
  phone_extension: 'affiliation.extension',
  purpose: 'applicant.purpose',
  email: 'request.modification.email',
};

export function fieldValue(page: PageContext, field: ModifiableField, value: string | null): string {
  if (!value) return page.t('request.check.none');
  if (field === 'job_title') return page.t(`jobTitle.${value}` as MessageKey);
  if (field === 'country') return countryName(value, page.lang);
  // Kept in E.164: shown in Japan's national format, a foreign number in the international one.
  if (field === 'phone') return formatPhone(value, 'JP');
  return value;
}

export function ChangesTable({
  page,
  changes,
  caption,
}: {
  page: PageContext;
  changes: FieldChange[];
  caption: string;
}) {
  const { t } = page;
  return (
    <table class="table">
      <caption class="table__caption" safe>
        {caption}
      </caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {t('request.check.detail')}
          </th>
          <th scope="col" safe>
            {t('request.check.now')}
          </th>
          <th scope="col" safe>
            {t('request.check.requested')}
          </th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr>
            <th scope="row" safe>
              {t(fieldLabels[c.field])}
            </th>
            <td class="pre-line" safe>
              {fieldValue(page, c.field, c.before)}
            </td>
            <td class="pre-line" safe>
              {fieldValue(page, c.field, c.after)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The new responsible person's answers as rows. */
export function responsibleRows(page: PageContext, r: Record<string, string | boolean | null>): SummaryRow[] {
  const { t } = page;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : t('request.check.none'));
  if (r.same_as_applicant === true) return [{ key: t('responsible.title'), value: t('check.responsibleSelf') }];
  return [
    { key: t('check.responsibleName'), value: text([r.given_name, r.family_name].filter(Boolean).join(' ')) },
    { key: t('responsible.jobTitle'), value: r.job_title ? t(`jobTitle.${r.job_title}` as MessageKey) : text(null) },
    { key: t('responsible.institution'), value: text(r.institution) },
    { key: t('responsible.email'), value: text(r.email) },
    { key: t('responsible.address'), value: text(r.address) },
    {
      key: t('responsible.phone'),
      value: text(
        typeof r.phone === 'string' ? formatPhone(r.phone, typeof r.country === 'string' ? r.country : 'JP') : null,
      ),
    },
    { key: t('responsible.accountName'), value: text(r.account_name) },
    { key: t('responsible.groupName'), value: text(r.group_name) },
  ];
}

/** Day of a suspension as the page shows it, from YYYY-MM-DD. */
export function suspensionDay(page: PageContext, date: string): string {
  return new Intl.DateTimeFormat(page.lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export function RequestSummary({ page, data }: { page: PageContext; data: RequestData }) {
  const { t } = page;
  if (data.kind === 'modification')
    return <ChangesTable page={page} changes={data.changes} caption={t('staff.request.changes')} />;
  if (data.kind === 'manager')
    return (
      <SummaryCard
        id="new-responsible"
        title={t('staff.request.newResponsible')}
        rows={responsibleRows(page, data.responsible)}
      />
    );
  if (data.kind === 'reissue')
    return (
      <SummaryCard
        id="reissue"
        title={t('staff.request.reissue')}
        rows={[{ key: t('staff.request.reissue.message'), value: data.message ?? t('request.check.none') }]}
      />
    );
  return (
    <SummaryCard
      id="suspension"
      title={t('request.kind.suspension')}
      rows={[
        { key: t('request.detail.date'), value: suspensionDay(page, data.date) },
        { key: t('request.detail.reason'), value: data.reason },
      ]}
    />
  );
}

/** The moves of a request, oldest first; `actor` names who made each. */
export function RequestHistory(props: {
  page: PageContext;
  events: { at: Date; to_state: RequestState; actor: string }[];
  actor: (actor: string) => string;
}) {
  const { t, lang } = props.page;
  return (
    <>
      <h2 class="heading-m" safe>
        {t('request.detail.history')}
      </h2>
      <ol class="list timeline">
        {props.events.map((e) => (
          <li
            safe
          >{`${formatCentreTime(e.at, lang)} – ${t(`request.state.${e.to_state}`)} (${props.actor(e.actor)})`}</li>
        ))}
      </ol>
    </>
  );
}
