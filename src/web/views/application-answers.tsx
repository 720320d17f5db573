// Every answer of an application, grouped by the step that asked it: what the
// applicant checks before sending and what staff review. Values are shown as the
// person chose them (country and job title names, Yes/No), in the page's language.
import type { FullApplication } from '../../db/applications.js';
import { pgTwinName } from '../../domain/account-name.js';
import type { ApplicationStep } from '../../domain/application-steps.js';
import { personName } from '../../domain/person-name.js';
import { formatPhone } from '../../domain/phone.js';
import { formatTb } from '../../domain/usage-plan.js';
import type { MessageKey } from '../../i18n/index.js';
import { countryName } from '../apply/countries.js';
import type { SummaryRow } from './components/summary-list.js';
import type { PageContext } from './page.js';

export function answerSections(
  full: FullApplication,
  page: PageContext,
): { step: ApplicationStep; rows: SummaryRow[] }[] {
  const { t, lang } = page;
  const { application: a, applicant: p, responsible: r } = full;
  const none = t('check.none');
  const text = (v: string | null | undefined) => (v ? v : none);
  const yesNo = (v: boolean | null) => (v === true ? t('eligibility.yes') : v === false ? t('eligibility.no') : none);
  const jobTitle = (v: string | null) => (v ? t(`jobTitle.${v}` as MessageKey) : none);
  const country = (v: string | null) => (v ? countryName(v, lang) : none);
  // Kept in E.164; shown as written in the address's country, with the extension said as such.
  const phone = (number: string | null, extension: string | null, where: string | null) => {
    if (!number) return none;
    const shown = formatPhone(number, where);
    return extension ? t('check.phoneExtension', { number: shown, extension }) : shown;
  };

  const eligibility: SummaryRow[] = [
    { key: t('eligibility.resident'), value: yesNo(a.fefta_resident) },
    ...(a.fefta_resident === false
      ? [{ key: t('eligibility.reason'), value: t(`eligibility.reason.${a.non_resident_reason}` as MessageKey) }]
      : []),
    { key: t('eligibility.specific'), value: yesNo(a.meti_specific_category) },
    ...(a.needs_screening
      ? [
          { key: t('eligibility.career'), value: text(a.career) },
          { key: t('eligibility.employment'), value: text(a.employment) },
          { key: t('eligibility.period'), value: text(a.intended_period) },
        ]
      : []),
  ];
  const responsible: SummaryRow[] = r.same_as_applicant
    ? [{ key: t('responsible.title'), value: t('check.responsibleSelf') }]
    : [
        { key: t('check.responsibleName'), value: text(personName(r, lang)) },
        { key: t('responsible.jobTitle'), value: jobTitle(r.job_title) },
        { key: t('responsible.institution'), value: text(r.institution) },
        { key: t('responsible.email'), value: text(r.email) },
        { key: t('responsible.address'), value: text(r.address) },
        { key: t('responsible.phone'), value: phone(r.phone, null, r.country ?? p.country) },
      ];
  responsible.push(
    { key: t('responsible.accountName'), value: r.account_unknown ? t('check.notKnown') : text(r.account_name) },
    { key: t('responsible.groupName'), value: text(r.group_name) },
  );
  return [
    {
      step: 'applicant',
      rows: [
        { key: t('check.email'), value: a.email },
        { key: t('applicant.familyName'), value: text(p.family_name) },
        { key: t('applicant.givenName'), value: text(p.given_name) },
        { key: t('applicant.nameJa'), value: text(p.name_ja) },
        { key: t('applicant.nationality'), value: country(p.nationality) },
        { key: t('applicant.field'), value: text(p.field) },
        { key: t('applicant.jobTitle'), value: jobTitle(p.job_title) },
        { key: t('applicant.purpose'), value: text(p.purpose) },
        { key: t('applicant.jgaId'), value: text(p.jga_id) },
        { key: t('applicant.agdId'), value: text(p.agd_id) },
      ],
    },
    { step: 'eligibility', rows: eligibility },
    {
      step: 'affiliation',
      rows: [
        { key: t('affiliation.institution'), value: text(p.institution) },
        { key: t('affiliation.department'), value: text(p.department) },
        { key: t('affiliation.country'), value: country(p.country) },
        { key: t('affiliation.postalCode'), value: text(p.postal_code) },
        { key: t('affiliation.address'), value: text(p.address) },
        { key: t('affiliation.phone'), value: phone(p.phone, p.phone_extension, p.country) },
      ],
    },
    {
      step: 'account',
      rows: [
        { key: t('account.name'), value: text(a.account_name) },
        { key: t('check.sshKey'), value: a.ssh_fingerprint ?? t('check.sshKeyNone') },
        {
          key: t('check.pg'),
          value: a.use_pg && a.account_name ? t('check.pgYes', { name: pgTwinName(a.account_name) }) : t('check.pgNo'),
        },
        ...(a.use_pg
          ? [
              {
                key: t('check.pgStorage'),
                value: a.pg_storage_tenths ? `${formatTb(a.pg_storage_tenths)} TB` : t('check.none'),
              },
              { key: t('check.pgPaid'), value: t(a.pg_paid_confirmed ? 'check.pgPaidYes' : 'check.pgPaidNo') },
            ]
          : []),
      ],
    },
    { step: 'responsible', rows: responsible },
  ];
}
