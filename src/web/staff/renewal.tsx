// The renewal dashboard of a fiscal year (GET /staff/renewal?year=F): its calendar
// (administrators move a day of it), how many holders have renewed, are due, wait for
// staff, are locked or listed for deletion, the same per institution and per
// responsible person, the holders filtered by standing and institution, a reminder
// sent again to those still due, and the downloads: the deletion list (CSV) and the
// achievements for the annual report (CSV, BibTeX). The page is in renewal-page.tsx.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { achievementsOf, homeDeletions, renewalOverview } from '../../db/renewal.js';
import type { Staff } from '../../db/schema-staff.js';
import { calendarLookup } from '../../db/settings.js';
import { achievementsBibtex, achievementsCsv, dedupeAchievements } from '../../domain/achievements-export.js';
import {
  type CalendarOverride,
  calendarProblems,
  lockedThrough,
  renewalCalendar,
  renewalOpensAt,
} from '../../domain/fiscal-calendar.js';
import { personName } from '../../domain/person-name.js';
import { isRenewalStanding, type RenewalStanding } from '../../domain/renewal.js';
import type { MessageKey } from '../../i18n/index.js';
import { sendRenewalReminders } from '../../services/renewal.js';
import { setRenewalCalendar } from '../../services/settings.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { sendAttachment } from './attachment.js';
import { sendStaffCsv } from './csv.js';
import { RenewalPage } from './renewal-page.js';

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
    const q = query.parse(request.query ?? {});
    const standing: RenewalStanding | undefined = isRenewalStanding(q.standing) ? q.standing : undefined;
    const [rows, calendar, current] = await Promise.all([
      renewalOverview(db, year),
      calendarLookup(db, opensDefault),
      currentYear(),
    ]);
    return sendHtml(
      reply,
      <RenewalPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        year={year}
        current={current}
        calendar={calendar(year)}
        rows={rows}
        standing={standing}
        institution={q.institution?.trim() ?? ''}
        errors={errors}
        typed={typed}
      />,
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
