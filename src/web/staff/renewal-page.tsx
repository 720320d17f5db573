// The renewal dashboard's page (GET /staff/renewal?year=F): the years around the
// current one, the calendar with the administrators' form to move a day of it, the
// counts by standing with the reminder and the downloads, the same counts per
// institution and per responsible person, and the holders filtered by standing and
// institution. Its routes are in renewal.tsx.
import type { RenewalOverviewRow } from '../../db/renewal.js';
import type { Staff } from '../../db/schema-staff.js';
import {
  type CalendarOverride,
  deletionAt,
  lockAt,
  type RenewalCalendar,
  renewalOpensAt,
} from '../../domain/fiscal-calendar.js';
import { formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { type RenewalStanding, renewalStandings } from '../../domain/renewal.js';
import { can } from '../../domain/staff.js';
import { labelled, type MessageKey } from '../../i18n/index.js';
import { Button, type FieldErrors, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { StaffPage } from './views.js';

/** The most holders a list shows; the counts are of all. */
const LIST_LIMIT = 500;

type Counts = Record<RenewalStanding, number>;

/** Holders counted by standing, one row per group. */
function StandingTable(props: { page: PageContext; caption: string; groups: [string, Counts][] }) {
  const { t } = props.page;
  return (
    <table class="table">
      <caption class="table__caption" safe>
        {props.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {props.caption}
          </th>
          {renewalStandings.map((s) => (
            <th scope="col" class="table__header--numeric" safe>
              {t(`staff.renewal.standing.${s}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.groups.map(([name, g]) => (
          <tr>
            <th scope="row" safe>
              {name || t('request.check.none')}
            </th>
            {renewalStandings.map((s) => (
              <td class="table__cell--numeric" safe>
                {String(g[s])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RenewalPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  /** The fiscal year shown. */
  year: number;
  /** The fiscal year whose renewal is running now (or whose lock passed last). */
  current: number;
  /** The shown year's calendar. */
  calendar: RenewalCalendar;
  rows: RenewalOverviewRow[];
  /** The holders' list filtered by standing and by (part of) the institution's name. */
  standing: RenewalStanding | undefined;
  institution: string;
  errors: FieldErrors;
  /** The calendar's days as typed, on an error. */
  typed?: Partial<Record<keyof CalendarOverride, string>> | undefined;
}) {
  const { page, staff, csrf, year, current, rows, standing, institution, errors, typed } = props;
  const { t, lang } = page;
  const c = props.calendar;
  const counts = Object.fromEntries(renewalStandings.map((s) => [s, 0])) as Counts;
  for (const r of rows) counts[r.standing]++;
  // Reminded again: everyone who has not renewed (a locked one renews to get back in).
  const notRenewed = counts.due + counts.locked + counts.deletion;
  const by = (key: (r: (typeof rows)[number]) => string) => {
    const groups = new Map<string, Counts>();
    for (const r of rows) {
      const k = key(r);
      const g = groups.get(k) ?? (Object.fromEntries(renewalStandings.map((s) => [s, 0])) as Counts);
      g[r.standing]++;
      groups.set(k, g);
    }
    return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  };
  const byInstitution = by((r) => r.institution ?? '');
  const byResponsible = by((r) =>
    r.same_as_applicant
      ? `${personName(r, page.lang)} (${t('check.responsibleSelf')})`
      : `${[r.responsible_given_name, r.responsible_family_name].filter(Boolean).join(' ')} <${r.responsible_email ?? ''}>`,
  );
  const listed = rows.filter(
    (r) =>
      (!standing || r.standing === standing) &&
      (!institution || (r.institution ?? '').toLowerCase().includes(institution.toLowerCase())),
  );
  const title = t('staff.renewal.title', { year });
  const link = (change: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    const merged = { year, standing, institution: institution || undefined, ...change };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') params.set(k, String(v));
    return `/staff/renewal?${params}`;
  };
  return (
    <StaffPage page={page} staff={staff} csrf={csrf} title={title} errors={errors}>
      <nav aria-label={t('staff.renewal.years')}>
        <ul class="list list--inline">
          {[current - 2, current - 1, current, current + 1].map((y) => (
            <li>
              {y === year ? (
                <strong safe>{t('staff.renewal.year', { year: y })}</strong>
              ) : (
                <a href={`/staff/renewal?year=${y}`} class="link" safe>
                  {t('staff.renewal.year', { year: y })}
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="calendar-title">
        <h2 class="heading-m" id="calendar-title" safe>
          {t('staff.renewal.calendar')}
        </h2>
        <dl class="summary-list">
          {(
            [
              ['staff.renewal.opensOn', renewalOpensAt(c)],
              ['staff.renewal.lockOn', lockAt(c)],
              ['staff.renewal.deletionOn', deletionAt(c)],
            ] as [MessageKey, Date][]
          ).map(([key, at]) => (
            <div class="summary-list__row">
              <dt class="summary-list__key" safe>
                {t(key)}
              </dt>
              <dd class="summary-list__value" safe>
                {formatCentreTime(at, lang)}
              </dd>
            </div>
          ))}
        </dl>
        {can(staff.role, 'settings.manage') ? (
          <form method="post" action="/staff/renewal/calendar" novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="year" value={String(year)} />
            <p class="body" safe>
              {t('staff.renewal.calendarHint')}
            </p>
            {(['opensOn', 'lockOn', 'deletionOn'] as const).map((field) => (
              <TextInput
                name={field}
                label={t(`staff.renewal.${field}`)}
                hint={t('staff.renewal.dayHint')}
                value={typed?.[field] ?? c[field]}
                error={errors[field]}
                spellcheck={false}
              />
            ))}
            <Button label={t('staff.renewal.calendarSave')} />
          </form>
        ) : (
          ''
        )}
      </section>
      <section aria-labelledby="counts-title">
        <h2 class="heading-m" id="counts-title" safe>
          {t('staff.renewal.counts', { count: rows.length })}
        </h2>
        <ul class="state-counts">
          {renewalStandings.map((s) => (
            <li>
              <a href={link({ standing: s })} class="link" aria-current={s === standing ? 'true' : undefined} safe>
                {labelled(page.lang, t(`staff.renewal.standing.${s}`), counts[s])}
              </a>
            </li>
          ))}
        </ul>
        {can(staff.role, 'renewal.manage') && notRenewed > 0 ? (
          <form method="post" action="/staff/renewal/reminders" novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="year" value={String(year)} />
            <button type="submit" class="button button--secondary" safe>
              {t('staff.renewal.remind', { count: notRenewed })}
            </button>
          </form>
        ) : (
          ''
        )}
        <ul class="list">
          <li>
            <a href={`/staff/renewal/achievements.csv?year=${year}&lang=${lang}`} class="link" safe>
              {t('staff.renewal.achievementsCsv')}
            </a>
          </li>
          <li>
            <a href={`/staff/renewal/achievements.bib?year=${year}`} class="link" safe>
              {t('staff.renewal.achievementsBib')}
            </a>
          </li>
          {can(staff.role, 'renewal.manage') ? (
            <li>
              <a href={`/staff/renewal/deletions.csv?year=${year}`} class="link" safe>
                {t('staff.renewal.deletionsCsv')}
              </a>
            </li>
          ) : (
            ''
          )}
        </ul>
      </section>
      <StandingTable page={page} caption={t('staff.renewal.byInstitution')} groups={byInstitution} />
      <StandingTable page={page} caption={t('staff.renewal.byResponsible')} groups={byResponsible} />
      <section aria-labelledby="holders-title">
        <h2 class="heading-m" id="holders-title" safe>
          {t('staff.renewal.holders')}
        </h2>
        <form method="get" action="/staff/renewal" class="filters">
          <input type="hidden" name="year" value={String(year)} />
          <div class="form-group">
            <label class="label" for="standing" safe>
              {t('staff.renewal.standing')}
            </label>
            <select class="select" id="standing" name="standing">
              <option value="" safe>
                {t('staff.renewal.allStandings')}
              </option>
              {renewalStandings.map((s) => (
                <option value={s} selected={s === standing} safe>
                  {t(`staff.renewal.standing.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <TextInput name="institution" label={t('affiliation.institution')} value={institution} />
          <button type="submit" class="button button--secondary" safe>
            {t('staff.requests.filter')}
          </button>
        </form>
        {listed.length === 0 ? (
          <p class="body" safe>
            {t('staff.requests.none')}
          </p>
        ) : (
          <table class="table">
            <caption class="table__caption" safe>
              {t('staff.renewal.listed', { shown: Math.min(listed.length, LIST_LIMIT), count: listed.length })}
            </caption>
            <thead>
              <tr>
                {(
                  [
                    'staff.requests.account',
                    'staff.requests.holder',
                    'affiliation.institution',
                    'staff.renewal.standing',
                    'staff.renewal.validThrough',
                  ] as const
                ).map((k) => (
                  <th scope="col" safe>
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {listed.slice(0, LIST_LIMIT).map((r) => (
                <tr>
                  <td>
                    <a href={`/staff/applications/${r.application_id}`} class="link" safe>
                      {r.uid}
                    </a>
                  </td>
                  <td safe>{personName(r)}</td>
                  <td safe>{r.institution ?? ''}</td>
                  <td safe>{t(`staff.renewal.standing.${r.standing}`)}</td>
                  <td safe>{String(r.valid_through ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </StaffPage>
  );
}
