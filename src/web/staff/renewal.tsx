// The renewal dashboard of a fiscal year (GET /staff/renewal?year=F): its calendar
// (administrators move a day of it), how many holders have renewed, are due, wait for
// staff, are locked or listed for deletion, the same per institution and per
// responsible person, the holders filtered by standing and institution, a reminder
// sent again to those still due, and the downloads: the deletion list (CSV) and the
// achievements for the annual report (CSV, BibTeX).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { achievementsOf, homeDeletions, renewalOverview } from '../../db/renewal.js';
import type { Staff } from '../../db/schema-staff.js';
import { calendarLookup } from '../../db/settings.js';
import { achievementsBibtex, achievementsCsv, dedupeAchievements } from '../../domain/achievements-export.js';
import {
  type CalendarOverride,
  calendarProblems,
  deletionAt,
  lockAt,
  lockedThrough,
  renewalCalendar,
  renewalOpensAt,
} from '../../domain/fiscal-calendar.js';
import { formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { isRenewalStanding, type RenewalStanding, renewalStandings } from '../../domain/renewal.js';
import { can } from '../../domain/staff.js';
import type { MessageKey } from '../../i18n/index.js';
import { sendRenewalReminders } from '../../services/renewal.js';
import { setRenewalCalendar } from '../../services/settings.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { Button, type FieldErrors, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { pageContext } from '../views/page.js';
import { sendAttachment } from './attachment.js';
import { sendStaffCsv } from './csv.js';
import { StaffPage } from './views.js';

const yearField = z.coerce.number().int().min(2000).max(2100);
const query = z.object({
  year: yearField.optional().catch(undefined),
  standing: z.string().max(20).optional().catch(undefined),
  institution: z.string().max(200).optional().catch(undefined),
  lang: z.string().max(5).optional().catch(undefined),
});
const yearForm = z.object({ year: yearField.catch(0) });
const calendarForm = z.object({
  year: yearField.catch(0),
  opensOn: z.string().max(20).default(''),
  lockOn: z.string().max(20).default(''),
  deletionOn: z.string().max(20).default(''),
});

/** The most holders a list shows; the counts are of all. */
const LIST_LIMIT = 500;

export async function renewalDashboardRoutes(app: FastifyInstance) {
  const { database, config } = app.deps;
  const db = database.db;
  const opensDefault = config.renewal.opensOn;

  /** The fiscal year whose renewal is running now (or whose lock passed last). */
  const currentYear = async () => {
    const calendar = await calendarLookup(db, opensDefault);
    const now = new Date();
    const through = lockedThrough(now, calendar);
    return now >= renewalOpensAt(calendar(through + 1)) ? through + 1 : through;
  };
  const yearOf = async (request: FastifyRequest) => query.parse(request.query ?? {}).year ?? (await currentYear());

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    year: number,
    errors: FieldErrors = {},
    typed?: Partial<Record<keyof CalendarOverride, string>>,
  ) => {
    const staff = request.staff as Staff;
    const q = query.parse(request.query ?? {});
    const standing: RenewalStanding | undefined = isRenewalStanding(q.standing) ? q.standing : undefined;
    const institution = q.institution?.trim() ?? '';
    const page = pageContext(request);
    const { t, lang } = page;
    const [rows, calendar, current] = await Promise.all([
      renewalOverview(db, year),
      calendarLookup(db, opensDefault),
      currentYear(),
    ]);
    const c = calendar(year);
    const counts = Object.fromEntries(renewalStandings.map((s) => [s, 0])) as Record<RenewalStanding, number>;
    for (const r of rows) counts[r.standing]++;
    // Reminded again: everyone who has not renewed (a locked one renews to get back in).
    const notRenewed = counts.due + counts.locked + counts.deletion;
    const by = (key: (r: (typeof rows)[number]) => string) => {
      const groups = new Map<string, Record<RenewalStanding, number>>();
      for (const r of rows) {
        const k = key(r);
        const g =
          groups.get(k) ?? (Object.fromEntries(renewalStandings.map((s) => [s, 0])) as Record<RenewalStanding, number>);
        g[r.standing]++;
        groups.set(k, g);
      }
      return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    };
    const byInstitution = by((r) => r.institution ?? '');
    const byResponsible = by((r) =>
      r.same_as_applicant
        ? `${personName(r)} (${t('check.responsibleSelf')})`
        : `${[r.responsible_given_name, r.responsible_family_name].filter(Boolean).join(' ')} <${r.responsible_email ?? ''}>`,
    );
    const listed = rows.filter(
      (r) =>
        (!standing || r.standing === standing) &&
        (!institution || (r.institution ?? '').toLowerCase().includes(institution.toLowerCase())),
    );
    const csrf = reply.generateCsrf();
    const title = t('staff.renewal.title', { year });
    const link = (change: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      const merged = { year, standing, institution: institution || undefined, ...change };
      for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') params.set(k, String(v));
      return `/staff/renewal?${params}`;
    };
    const StandingTable = (props: { caption: string; groups: [string, Record<RenewalStanding, number>][] }) => (
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
    return sendHtml(
      reply,
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
                  {`${t(`staff.renewal.standing.${s}`)}: ${counts[s]}`}
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
        <StandingTable caption={t('staff.renewal.byInstitution')} groups={byInstitution} />
        <StandingTable caption={t('staff.renewal.byResponsible')} groups={byResponsible} />
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
      </StaffPage>,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get('/staff/renewal', async (request, reply) => show(request, reply, await yearOf(request)));

  app.post('/staff/renewal/calendar', async (request, reply) => {
    const staff = request.staff as Staff;
    const input = readForm(calendarForm, request.body);
    if (!input.year) return reply.code(400).send();
    const defaults = renewalCalendar(input.year, {}, opensDefault);
    const typed = { opensOn: input.opensOn.trim(), lockOn: input.lockOn.trim(), deletionOn: input.deletionOn.trim() };
    const problems = calendarProblems({ fiscalYear: input.year, ...typed });
    const { t } = request;
    if (Object.keys(problems).length) {
      const errors: FieldErrors = {};
      for (const [field, problem] of Object.entries(problems))
        errors[field] = t(`staff.renewal.error.${problem}` as MessageKey, {
          year: input.year,
          previous: input.year - 1,
        });
      return show(request, reply, input.year, errors, typed);
    }
    // Only what differs from the defaults is kept: a default changed later still applies.
    const override: CalendarOverride = {};
    for (const field of ['opensOn', 'lockOn', 'deletionOn'] as const)
      if (typed[field] !== defaults[field]) override[field] = typed[field];
    await setRenewalCalendar(db, `staff:${staff.id}`, input.year, override);
    return reply.redirect(`/staff/renewal?year=${input.year}`, 303);
  });

  app.post('/staff/renewal/reminders', async (request, reply) => {
    const staff = request.staff as Staff;
    const { year } = readForm(yearForm, request.body);
    if (!year) return reply.code(400).send();
    await sendRenewalReminders(useCaseDeps(app), `staff:${staff.id}`, year);
    return reply.redirect(`/staff/renewal?year=${year}`, 303);
  });

  const exportRows = async (year: number) =>
    (await achievementsOf(db, year)).map((r) => ({
      type: r.type,
      pmid: r.pmid,
      doi: r.doi,
      title: r.title,
      authors: r.authors,
      authorsJa: r.authors_ja,
      journal: r.journal,
      journalScope: r.journal_scope,
      publishedOn: r.published_on,
      volume: r.volume,
      number: r.number,
      pages: r.pages,
      fiscalYear: r.fiscal_year,
      publication: r.publication,
      holder: { name: personName(r), institution: r.institution, accountName: r.uid },
    }));

  app.get('/staff/renewal/achievements.csv', async (request, reply) => {
    const year = await yearOf(request);
    const lang = query.parse(request.query ?? {}).lang === 'en' ? 'en' : 'ja';
    const csv = achievementsCsv(dedupeAchievements(await exportRows(year)), lang);
    return sendAttachment(reply, 'text/csv; charset=utf-8', `achievements-${year}.csv`, csv);
  });

  app.get('/staff/renewal/achievements.bib', async (request, reply) => {
    const year = await yearOf(request);
    const bib = achievementsBibtex(dedupeAchievements(await exportRows(year)));
    return sendAttachment(reply, 'application/x-bibtex; charset=utf-8', `achievements-${year}.bib`, bib);
  });

  app.get('/staff/renewal/deletions.csv', async (request, reply) => {
    const year = await yearOf(request);
    const rows = await homeDeletions(db, year);
    async function* records() {
      for (const r of rows)
        yield {
          account: r.uid,
          division: r.division,
          group: r.group_name,
          home: `/home/${r.uid}`,
          holder: personName(r),
          institution: r.institution ?? '',
          state: r.state,
          listed_at: r.listed_at.toISOString(),
          via: r.via ?? '',
          done_at: r.done_at?.toISOString() ?? '',
          output: r.output ?? '',
        };
    }
    return sendStaffCsv(
      reply,
      `home-deletions-${year}`,
      [
        'account',
        'division',
        'group',
        'home',
        'holder',
        'institution',
        'state',
        'listed_at',
        'via',
        'done_at',
        'output',
      ],
      records(),
    );
  });
}
