// The holder's usage plan (GET /account/usage-plan): every holder sees their own
// storage; the responsible person (and the holders they delegate) file versions of
// their group's plan through a form and a check page with the estimate, withdraw a
// version still waiting, name delegates, set the alert amount and read the statement
// of a fiscal year. Views in usage-plan-views.tsx; use cases in services/usage-plans.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getServiceAcceptance } from '../../db/notices.js';
import { listCatalogue } from '../../db/prices.js';
import { quotaInputs } from '../../db/quotas.js';
import { planOfGroup, planVersions } from '../../db/usage-plans.js';
import type { Account } from '../../db/user-accounts.js';
import { renderStatementPdf } from '../../documents/statement-pdf.js';
import { centreDayOf, dayFromParts, fiscalYearOf } from '../../domain/fiscal-calendar.js';
import {
  formatTb,
  MAX_SERVICE_QUANTITY,
  type PlanContent,
  parseTb,
  parseYen,
  type StorageLine,
} from '../../domain/usage-plan.js';
import type { MessageKey } from '../../i18n/index.js';
import { type ServiceNames, serviceNamesOf } from '../../i18n/statement-lines.js';
import { estimateUsagePlan, groupStatement } from '../../services/billing.js';
import { readGroupStatement, statementLinesCsv } from '../../services/billing-records.js';
import { AppError } from '../../services/errors.js';
import { plansOfHolder, quotasOfUser } from '../../services/usage-plan-reads.js';
import {
  checkPlan,
  fileUsagePlan,
  mayKeepPlan,
  type PlanInput,
  type PlanProblem,
  type PlanField as ServiceField,
  setPlanAlert,
  setPlanDelegate,
  withdrawUsagePlan,
} from '../../services/usage-plans.js';
import { readFields } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { datePartId, firstDatePart } from '../views/components/date-input.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import {
  PLAN_PATH,
  PlanCheckPage,
  type PlanFormFields,
  PlanFormPage,
  PlanOverviewPage,
  StatementPage,
} from './usage-plan-views.js';

const groupQuery = z.object({ group: z.string().max(40).default('') });
const doneQuery = z.object({
  done: z.enum(['sent', 'withdrawn', 'delegates', 'alert']).optional().catch(undefined),
  n: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
const statementQuery = z.object({
  group: z.string().max(40).default(''),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});
const action = z.object({ action: z.enum(['check', 'send', 'change']).default('check') });

const dateKeys = ['from_day', 'from_month', 'from_year', 'to_day', 'to_month', 'to_year'] as const;

export async function usagePlanRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const deps = useCaseDeps(app);
  const now = () => app.deps.now();

  const frameOf = (request: FastifyRequest, reply: FastifyReply) => ({
    page: pageContext(request),
    account: (request.account as Account).uid,
    csrf: reply.generateCsrf(),
  });

  const serviceNames = async (lang: 'ja' | 'en'): Promise<ServiceNames> =>
    serviceNamesOf(await listCatalogue(db))[lang];

  /** The group a keeper's page is about: the one asked for, which they must keep. */
  const keptGroup = async (request: FastifyRequest) => {
    const account = request.account as Account;
    const { group } = groupQuery.parse(request.query ?? {});
    if (!group || !(await mayKeepPlan(db, account.id, group))) throw new AppError('NOT_FOUND');
    return group;
  };

  const overview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; typed?: Record<string, string>; banner?: string } = {},
  ) => {
    const account = request.account as Account;
    const at = now();
    const year = fiscalYearOf(at);
    const groups = await plansOfHolder(db, account.id, at);
    const charges = new Map(
      await Promise.all(
        groups.map(async (g) => {
          const s = await groupStatement(db, g.group, year);
          return [g.group, { year, statement: s.ok ? s.value.statement : undefined }] as const;
        }),
      ),
    );
    const errors = extra.errors ?? {};
    return sendHtml(
      reply,
      <PlanOverviewPage
        frame={frameOf(request, reply)}
        groups={groups}
        charges={charges}
        mine={await quotasOfUser(db, account.uid, account.group_name, at)}
        services={await serviceNames(request.lang)}
        banner={extra.banner}
        errors={errors}
        typed={extra.typed ?? {}}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get(PLAN_PATH, async (request, reply) => {
    const q = doneQuery.parse(request.query ?? {});
    const banner = q.done ? request.t(`plan.done.${q.done}`, { number: q.n ?? '' }) : undefined;
    return overview(request, reply, banner ? { banner } : {});
  });

  /** The form's fields for this group: a GA quota per live user, the group's storage, each offered service. */
  const formFields = async (request: FastifyRequest, group: string): Promise<PlanFormFields> => {
    const { t, lang } = request;
    const users = (await quotaInputs(db, [group], centreDayOf(now()))).get(group)?.uids ?? [];
    const catalogue = (await listCatalogue(db)).filter((c) => c.active);
    const names = serviceNamesOf(catalogue)[lang];
    const kind = (k: 'ga' | 'pg' | 'archive') => t(`plan.kind.${k}`);
    return {
      users: users.map((uid) => ({
        name: `u_${uid}`,
        label: t('plan.form.userKind', { kind: kind('ga'), account: uid }),
      })),
      group: (['ga', 'pg', 'archive'] as const).map((k) => ({
        name: `g_${k}`,
        label: t('plan.form.groupKind', { kind: kind(k) }),
      })),
      services: catalogue.map((c) => ({
        name: `s_${c.code}`,
        label: t('plan.form.serviceField', names[c.code] ?? { name: c.code, unit: '' }),
      })),
    };
  };

  /** What the form starts with: the version waiting, else the one in force, else today to the year's end. */
  const startingValues = async (group: string): Promise<Record<string, string>> => {
    const plan = await planOfGroup(db, group);
    const versions = plan ? await planVersions(db, plan.id) : [];
    const base = versions.find((v) => v.state === 'submitted') ?? versions.find((v) => v.state === 'approved');
    const today = centreDayOf(now());
    const content: Pick<PlanContent, 'purpose' | 'relatedItems' | 'from' | 'to' | 'storage' | 'services'> =
      base?.content ?? {
        purpose: '',
        relatedItems: '',
        from: today,
        to: `${fiscalYearOf(now()) + 1}-03-31`,
        storage: [],
        services: [],
      };
    const from = [content.from, today].sort().at(-1) as string;
    const typed: Record<string, string> = { purpose: content.purpose, relatedItems: content.relatedItems };
    const [fy, fm, fd] = from.split('-');
    const [ty, tm, td] = content.to.split('-');
    Object.assign(typed, {
      from_day: String(Number(fd)),
      from_month: String(Number(fm)),
      from_year: fy,
      to_day: String(Number(td)),
      to_month: String(Number(tm)),
      to_year: ty,
    });
    for (const l of content.storage) {
      if (l.scope === 'user' && l.kind === 'ga') typed[`u_${l.subject}`] = formatTb(l.tenths);
      if (l.scope === 'group') typed[`g_${l.kind}`] = formatTb(l.tenths);
    }
    for (const s of content.services) typed[`s_${s.code}`] = String(s.quantity);
    return typed;
  };

  /** The form as typed, read into the service's input; field messages for what does not read. */
  const readPlanForm = (request: FastifyRequest, fields: PlanFormFields, body: Record<string, string>) => {
    const { t, lang } = request;
    const errors: FieldErrors = {};
    const typed: Record<string, string> = {};
    const known = [
      'purpose',
      'relatedItems',
      ...dateKeys,
      ...[...fields.users, ...fields.group, ...fields.services].map((f) => f.name),
    ];
    for (const key of known) typed[key] = body[key] ?? '';
    const from = dayFromParts(typed.from_day ?? '', typed.from_month ?? '', typed.from_year ?? '');
    const to = dayFromParts(typed.to_day ?? '', typed.to_month ?? '', typed.to_year ?? '');
    const storage: StorageLine[] = [];
    /** Which form field each storage line came from, for the service's problems. */
    const storageFields: string[] = [];
    const tb = (name: string, label: string, line: (tenths: number) => StorageLine) => {
      const raw = (typed[name] ?? '').trim();
      if (!raw) return;
      const parsed = parseTb(raw);
      if (!parsed.ok)
        errors[name] = t(`plan.error.tb.${parsed.problem === 'required' ? 'not_a_number' : parsed.problem}`, {
          field: label,
        });
      else {
        storage.push(line(parsed.tenths));
        storageFields.push(name);
      }
    };
    for (const f of fields.users)
      tb(f.name, f.label, (tenths) => ({ scope: 'user', subject: f.name.slice(2), kind: 'ga', tenths }));
    for (const f of fields.group)
      tb(f.name, f.label, (tenths) => ({
        scope: 'group',
        subject: '',
        kind: f.name.slice(2) as StorageLine['kind'],
        tenths,
      }));
    const services: { code: string; quantity: number }[] = [];
    const serviceFields: string[] = [];
    for (const f of fields.services) {
      const raw = (typed[f.name] ?? '').normalize('NFKC').trim();
      if (!raw) continue;
      const n = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(n >= 1 && n <= MAX_SERVICE_QUANTITY)) errors[f.name] = t('plan.error.quantity', { field: f.label });
      else {
        services.push({ code: f.name.slice(2), quantity: n });
        serviceFields.push(f.name);
      }
    }
    const input: PlanInput = {
      purpose: typed.purpose ?? '',
      relatedItems: typed.relatedItems ?? '',
      from: from ?? '',
      to: to ?? '',
      storage,
      services,
    };
    const dateErrors: FieldErrors = {};
    if (!from) dateErrors[datePartId('from', firstDatePart(lang))] = t('plan.error.from');
    if (!to) dateErrors[datePartId('to', firstDatePart(lang))] = t('plan.error.to');
    return { typed, input, errors, dateErrors, storageFields, serviceFields };
  };

  /** The service's problems as field messages, keyed by the form's fields. */
  const problemMessages = (
    request: FastifyRequest,
    fields: PlanFormFields,
    problems: Partial<Record<ServiceField, PlanProblem>>,
    read: { storageFields: string[]; serviceFields: string[] },
  ): FieldErrors => {
    const { t, lang } = request;
    const errors: FieldErrors = {};
    const labelOf = (name: string) =>
      [...fields.users, ...fields.group, ...fields.services].find((f) => f.name === name)?.label ?? name;
    for (const [key, problem] of Object.entries(problems) as [ServiceField, PlanProblem][]) {
      if (key === 'purpose' || key === 'relatedItems') errors[key] = t(`plan.error.${key}.${problem}` as MessageKey);
      else if (key === 'from') errors[datePartId('from', firstDatePart(lang))] = t('plan.error.from');
      else if (key === 'to')
        errors[datePartId('to', firstDatePart(lang))] = t(
          problem === 'to_not_a_day' ? 'plan.error.to' : (`plan.error.${problem}` as MessageKey),
        );
      else if (key === 'storage') errors.storage = t('plan.error.suspended');
      else {
        const [list, index] = key.split('.') as ['storage' | 'services', string];
        const name = (list === 'storage' ? read.storageFields : read.serviceFields)[Number(index)] ?? list;
        errors[name] = t(`plan.error.${problem}` as MessageKey, { field: labelOf(name) });
      }
    }
    return errors;
  };

  const suspendedNotice = async (request: FastifyRequest, group: string) => {
    const plan = await planOfGroup(db, group);
    if (plan?.large_scale) return undefined;
    const acceptance = await getServiceAcceptance(db, 'ga_large_storage');
    if (acceptance.accepting) return undefined;
    return (request.lang === 'ja' ? acceptance.noticeJa : acceptance.noticeEn) ?? undefined;
  };

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    group: string,
    fields: PlanFormFields,
    typed: Record<string, string>,
    errors: FieldErrors,
  ) =>
    sendHtml(
      reply,
      <PlanFormPage
        frame={frameOf(request, reply)}
        group={group}
        fields={fields}
        typed={typed}
        errors={errors}
        suspended={await suspendedNotice(request, group)}
      />,
      Object.keys(errors).length ? 400 : 200,
    );

  app.get(`${PLAN_PATH}/new`, async (request, reply) => {
    const group = await keptGroup(request);
    return formPage(request, reply, group, await formFields(request, group), await startingValues(group), {});
  });

  app.post(`${PLAN_PATH}/new`, async (request, reply) => {
    const group = await keptGroup(request);
    const account = request.account as Account;
    const body = readFields(request.body, 40_000);
    const { action: chosen } = action.parse({ action: body.action });
    const fields = await formFields(request, group);
    const read = readPlanForm(request, fields, body);
    if (chosen === 'change') return formPage(request, reply, group, fields, read.typed, {});
    const at = now();
    const checked = await checkPlan(db, group, await planOfGroup(db, group), read.input, at);
    const errors: FieldErrors = {
      ...problemMessages(request, fields, checked.fields, read),
      ...read.dateErrors,
      ...read.errors,
    };
    if (Object.keys(errors).length)
      return formPage(request, reply, group, fields, read.typed, orderErrors(errors, fields));
    if (chosen === 'send') {
      const filed = await fileUsagePlan(deps, account.id, group, read.input, at);
      if (!filed.ok) {
        if (filed.problem === 'NOT_ALLOWED') throw new AppError('NOT_FOUND');
        return formPage(
          request,
          reply,
          group,
          fields,
          read.typed,
          problemMessages(request, fields, filed.fields, read),
        );
      }
      return reply.redirect(`${PLAN_PATH}?done=sent&n=${filed.version.number}`, 303);
    }
    const estimate = await estimateUsagePlan(db, group, checked.content, at);
    const year = fiscalYearOf(at);
    return sendHtml(
      reply,
      <PlanCheckPage
        frame={frameOf(request, reply)}
        group={group}
        content={checked.content}
        fields={fields}
        typed={read.typed}
        estimate={
          estimate.ok
            ? {
                year: estimate.value.fiscalYear,
                thisYear: estimate.value.thisYear.total,
                fullYear: estimate.value.fullYear.total,
              }
            : { year, none: true }
        }
        services={await serviceNames(request.lang)}
      />,
    );
  });

  app.post(`${PLAN_PATH}/versions/:id/withdraw`, async (request, reply) => {
    const done = await withdrawUsagePlan(deps, (request.account as Account).id, idParam(request));
    if (!done.ok && done.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    return reply.redirect(`${PLAN_PATH}?done=withdrawn`, 303);
  });

  app.post(`${PLAN_PATH}/delegates`, async (request, reply) => {
    const group = await keptGroup(request);
    const body = readFields(request.body, 100);
    const remove = body.remove?.trim();
    const uid = remove || body[`delegate_${group}`] || '';
    const done = await setPlanDelegate(deps, (request.account as Account).id, group, uid, !remove);
    if (done.ok) return reply.redirect(`${PLAN_PATH}?done=delegates`, 303);
    if (done.problem === 'NOT_ALLOWED') throw new AppError('NOT_FOUND');
    const key = `delegate_${group}`;
    return overview(request, reply, { errors: { [key]: request.t('plan.delegates.error') }, typed: { [key]: uid } });
  });

  app.post(`${PLAN_PATH}/alert`, async (request, reply) => {
    const group = await keptGroup(request);
    const key = `alert_${group}`;
    const raw = readFields(request.body, 100)[key] ?? '';
    const parsed = raw.trim() ? parseYen(raw) : undefined;
    if (parsed && !parsed.ok)
      return overview(request, reply, { errors: { [key]: request.t('plan.alert.error') }, typed: { [key]: raw } });
    await setPlanAlert(deps, (request.account as Account).id, group, parsed?.ok ? parsed.yen : null, now());
    return reply.redirect(`${PLAN_PATH}?done=alert`, 303);
  });

  const statementOf = async (request: FastifyRequest) => {
    const account = request.account as Account;
    const q = statementQuery.parse(request.query ?? {});
    if (!q.group || !(await mayKeepPlan(db, account.id, q.group))) throw new AppError('NOT_FOUND');
    const year = q.year ?? fiscalYearOf(now());
    return { group: q.group, year, result: await groupStatement(db, q.group, year) };
  };

  app.get(`${PLAN_PATH}/statement.pdf`, async (request, reply) => {
    const { group, year, result } = await statementOf(request);
    if (!result.ok) throw new AppError('NOT_FOUND');
    const catalogue = await listCatalogue(db);
    const pdf = await renderStatementPdf({
      group,
      fiscalYear: year,
      statement: result.value.statement,
      bundle: result.value.bundle?.secondaryGroup,
      services: serviceNamesOf(catalogue),
      issuedAt: now(),
    });
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename="statement-${group}-${year}.pdf"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(pdf);
  });

  app.get(`${PLAN_PATH}/statement.csv`, async (request, reply) => {
    const { group, year } = await statementOf(request);
    const found = await readGroupStatement(db, group, year);
    if (!found.ok) throw new AppError('NOT_FOUND');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="statement-${group}-${year}.csv"`);
    reply.header('Cache-Control', 'no-store');
    return statementLinesCsv(found.value, { bom: true });
  });

  app.get(`${PLAN_PATH}/statement`, async (request, reply) => {
    const { group, year, result } = await statementOf(request);
    return sendHtml(
      reply,
      <StatementPage
        frame={frameOf(request, reply)}
        group={group}
        year={year}
        statement={result.ok ? result.value.statement : undefined}
        bundle={result.ok ? result.value.bundle?.secondaryGroup : undefined}
        services={await serviceNames(request.lang)}
      />,
    );
  });
}

/** Field messages in the order the fields stand on the page. */
function orderErrors(errors: FieldErrors, fields: PlanFormFields): FieldErrors {
  const order = [
    'purpose',
    'relatedItems',
    'from_day',
    'from_year',
    'to_day',
    'to_year',
    'storage',
    ...[...fields.users, ...fields.group, ...fields.services].map((f) => f.name),
  ];
  const out: FieldErrors = {};
  for (const key of order) if (errors[key]) out[key] = errors[key];
  for (const [key, message] of Object.entries(errors)) if (!out[key]) out[key] = message;
  return out;
}
