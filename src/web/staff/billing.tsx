// Prices and charges in the console (GET /staff/billing?year=F): administrators set a
// fiscal year's prices (from April 1, or a dated revision from today on), the
// catalogue of paid services and the bundles of groups; staff read every group's
// charges and download them for accounting. Views in billing-page.tsx; use cases in
// services/prices.ts and services/billing.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bundles } from '../../db/billing.js';
import { getPriceTable, listCatalogue } from '../../db/prices.js';
import type { Staff } from '../../db/schema-staff.js';
import { renderStatementPdf } from '../../documents/statement-pdf.js';
import { fiscalYearOf } from '../../domain/fiscal-calendar.js';
import { parseTb, parseYen } from '../../domain/usage-plan.js';
import type { MessageKey } from '../../i18n/index.js';
import { serviceNamesOf } from '../../i18n/statement-lines.js';
import { allStatements, groupStatement } from '../../services/billing.js';
import { groupKnown, readAllStatements, statementListCsv } from '../../services/billing-records.js';
import { AppError } from '../../services/errors.js';
import {
  catalogueEntryInput,
  MAX_PRICE_YEN,
  putCatalogueService,
  setBillingBundle,
  setPriceRevision,
} from '../../services/prices.js';
import { readFields } from '../forms.js';
import { sendHtml } from '../render.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { BillingPage, StaffStatementPage } from './billing-page.js';

const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined) });
const statementParams = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  group: z.string().max(40),
});

export async function billingRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const actor = (request: FastifyRequest) => `staff:${(request.staff as Staff).id}`;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { year?: number; errors?: FieldErrors; typed?: Record<string, string>; banner?: string } = {},
  ) => {
    const year = extra.year ?? yearQuery.parse(request.query ?? {}).year ?? fiscalYearOf(app.deps.now());
    const statements = await allStatements(db, year);
    const errors = extra.errors ?? {};
    return sendHtml(
      reply,
      <BillingPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        year={year}
        prices={await getPriceTable(db, year)}
        catalogue={await listCatalogue(db)}
        bundles={await bundles(db)}
        statements={statements.ok ? statements.value : undefined}
        errors={errors}
        typed={extra.typed ?? {}}
        banner={extra.banner}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get('/staff/billing', (request, reply) =>
    show(
      request,
      reply,
      (request.query as { done?: unknown }).done === 'saved' ? { banner: request.t('staff.billing.saved') } : {},
    ),
  );

  app.post('/staff/billing/prices', async (request, reply) => {
    const { t } = request;
    const typed = readFields(request.body, 100);
    const catalogue = (await listCatalogue(db)).filter((c) => c.active);
    const errors: FieldErrors = {};
    const yen = (field: string, name: string): number => {
      const parsed = parseYen(typed[field] ?? '');
      if (!parsed.ok || parsed.yen > MAX_PRICE_YEN) {
        errors[field] = t('staff.billing.error.yen', { field: name });
        return 0;
      }
      return parsed.yen;
    };
    const yearText = (typed.fiscalYear ?? '').normalize('NFKC').trim();
    const fiscalYear = /^\d{4}$/.test(yearText) ? Number(yearText) : 0;
    if (fiscalYear < 2000 || fiscalYear > 2100) errors.fiscalYear = t('staff.billing.error.fiscalYear');
    const freeText = (typed.gaFree ?? '').trim();
    const free = freeText === '0' ? { ok: true as const, tenths: 0 } : parseTb(freeText);
    if (!free.ok) errors.gaFree = t('staff.billing.error.tb', { field: t('staff.billing.gaFree') });
    const storage = {
      ga: yen('ga', t('staff.billing.perBlock', { kind: t('plan.kind.ga') })),
      pg: yen('pg', t('staff.billing.perBlock', { kind: t('plan.kind.pg') })),
      archive: yen('archive', t('staff.billing.perBlock', { kind: t('plan.kind.archive') })),
    };
    const services: Record<string, number> = {};
    for (const c of catalogue) {
      const field = `s_${c.code}`;
      if (!(typed[field] ?? '').trim()) continue;
      services[c.code] = yen(field, request.lang === 'ja' ? c.name_ja : c.name_en);
    }
    const taxText = (typed.taxPercent ?? '').normalize('NFKC').trim();
    const taxPercent = /^\d{1,3}$/.test(taxText) ? Number(taxText) : -1;
    if (taxPercent < 0 || taxPercent > 100) errors.taxPercent = t('staff.billing.error.percent');
    if (!errors.fiscalYear && !/^\d{4}-\d{2}-\d{2}$/.test((typed.startsOn ?? '').trim()))
      errors.startsOn = t('staff.billing.error.not_a_day');
    if (Object.keys(errors).length) return show(request, reply, { errors, typed });
    const outcome = await setPriceRevision(
      { db },
      actor(request),
      {
        fiscalYear,
        startsOn: (typed.startsOn ?? '').trim(),
        gaFreeTenths: free.ok ? free.tenths : 0,
        storage,
        services,
        taxPercent,
      },
      app.deps.now(),
    );
    if (!outcome.ok) {
      const fieldErrors: FieldErrors = {};
      if (outcome.fields.startsOn)
        fieldErrors.startsOn = t(`staff.billing.error.${outcome.fields.startsOn}` as MessageKey);
      if (outcome.fields.services) fieldErrors.fiscalYear = t('plan.error.unknown_service', { field: '' });
      return show(request, reply, { errors: fieldErrors, typed, year: fiscalYear });
    }
    return reply.redirect(`/staff/billing?year=${fiscalYear}&done=saved`, 303);
  });

  app.post('/staff/billing/catalogue', async (request, reply) => {
    const { t } = request;
    const typed = readFields(request.body, 400);
    const input = {
      code: (typed.code ?? '').trim(),
      nameJa: typed.nameJa ?? '',
      nameEn: typed.nameEn ?? '',
      unitJa: typed.unitJa ?? '',
      unitEn: typed.unitEn ?? '',
    };
    const parsed = catalogueEntryInput.safeParse(input);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      const names: Record<string, MessageKey> = {
        nameJa: 'staff.billing.nameJa',
        nameEn: 'staff.billing.nameEn',
        unitJa: 'staff.billing.unitJa',
        unitEn: 'staff.billing.unitEn',
      };
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'code');
        errors[field] =
          field === 'code'
            ? t('staff.billing.error.code')
            : t('staff.billing.error.text', { field: t(names[field] ?? 'staff.billing.code') });
      }
      return show(request, reply, { errors, typed });
    }
    await putCatalogueService({ db }, actor(request), parsed.data);
    return reply.redirect('/staff/billing?done=saved', 303);
  });

  app.post('/staff/billing/bundles', async (request, reply) => {
    const { t } = request;
    const typed = readFields(request.body, 4000);
    const members = (typed.members ?? '').split(/[\s,、，]+/).filter(Boolean);
    if (members.length > 200)
      return show(request, reply, { errors: { members: t('staff.billing.error.unknown_group') }, typed });
    const outcome = await setBillingBundle({ db }, actor(request), {
      secondaryGroup: (typed.secondaryGroup ?? '').slice(0, 40),
      members: members.map((m) => m.slice(0, 40)),
    });
    if (!outcome.ok) {
      const errors: FieldErrors = {};
      for (const [field, problem] of Object.entries(outcome.fields))
        errors[field] = t(`staff.billing.error.${problem}` as MessageKey);
      return show(request, reply, { errors, typed });
    }
    return reply.redirect('/staff/billing?done=saved', 303);
  });

  app.get('/staff/billing/statements.csv', async (request, reply) => {
    const year = yearQuery.parse(request.query ?? {}).year ?? fiscalYearOf(app.deps.now());
    const all = await readAllStatements(db, year);
    if (!all.ok) throw new AppError('NOT_FOUND');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="charges-${year}.csv"`);
    reply.header('Cache-Control', 'no-store');
    return statementListCsv(all.value, { bom: true });
  });

  app.get('/staff/billing/statements/:year/:group/statement.pdf', async (request, reply) => {
    const params = statementParams.safeParse(request.params);
    if (!params.success || !(await groupKnown(db, params.data.group))) throw new AppError('NOT_FOUND');
    const { year, group } = params.data;
    const result = await groupStatement(db, group, year);
    if (!result.ok) throw new AppError('NOT_FOUND');
    const pdf = await renderStatementPdf({
      group,
      fiscalYear: year,
      statement: result.value.statement,
      bundle: result.value.bundle?.secondaryGroup,
      services: serviceNamesOf(await listCatalogue(db)),
      issuedAt: app.deps.now(),
    });
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename="statement-${group}-${year}.pdf"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(pdf);
  });

  app.get('/staff/billing/statements/:year/:group', async (request, reply) => {
    const params = statementParams.safeParse(request.params);
    if (!params.success) throw new AppError('NOT_FOUND');
    const { year, group } = params.data;
    if (!(await groupKnown(db, group))) throw new AppError('NOT_FOUND');
    const result = await groupStatement(db, group, year);
    if (!result.ok) throw new AppError('NOT_FOUND');
    const services = serviceNamesOf(await listCatalogue(db))[request.lang];
    return sendHtml(
      reply,
      <StaffStatementPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        year={year}
        group={group}
        statement={result.value.statement}
        bundle={result.value.bundle?.secondaryGroup}
        services={services}
      />,
    );
  });
}
