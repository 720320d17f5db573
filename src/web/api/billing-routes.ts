// The API's usage plans and billing (/api/v1/usage-plans, /api/v1/billing): the staff
// queue of plan versions, a group's plan, staff decisions and the large-scale mark;
// the price table, the catalogue of paid services and the bundles; every group's
// statement for a fiscal year. Registered inside the v1 context (routes.tsx), whose
// hooks check the token and the scope each route names.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bundleList,
  bundleProblemText,
  catalogueRecord,
  catalogueRecordOf,
  decisionMessageProblem,
  fiscalYearParams,
  groupKnown,
  groupStatementRecord,
  largeScaleInput,
  planGroupParams,
  planQueue,
  planQueueQuery,
  planRecord,
  planVersionRecord,
  priceProblemText,
  priceTableRecord,
  readAllStatements,
  readBundles,
  readGroupStatement,
  readPlan,
  readPlanQueue,
  readPlanVersion,
  readPriceTable,
  type StatementOutcome,
  statementList,
  statementParams,
} from '../../services/billing-records.js';
import { AppError } from '../../services/errors.js';
import {
  billingBundleInput,
  catalogueEntryInput,
  priceRevisionInput,
  putCatalogueService,
  setBillingBundle,
  setPriceRevision,
} from '../../services/prices.js';
import { rowId } from '../../services/schemas.js';
import { decideUsagePlan, planDecisionInput, setLargeScale } from '../../services/usage-plans.js';
import { useCaseDeps } from '../use-case-deps.js';
import { actorOf, problems } from './route-parts.js';

const idParam = z.object({ id: rowId });

/** A service's refused fields as an INVALID_INPUT problem. */
const fieldProblem = (fields: Record<string, string | undefined>, text: Record<string, string>) =>
  new AppError('INVALID_INPUT', {
    errors: Object.entries(fields).map(([field, why]) => ({ instancePath: `/${field}`, message: text[why ?? ''] })),
  });

/** A statement, or the problem that kept it from being worked out. */
function statementOf<T>(outcome: StatementOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new AppError(outcome.problem);
}

const billingProblems =
  ' A fiscal year without prices is answered 404 NO_PRICES; a booked service without a price in it, 409 NO_SERVICE_PRICE.';

export async function billingRoutes(app: FastifyInstance) {
  const deps = useCaseDeps(app);
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/usage-plans',
    {
      config: { scope: 'plans.read' },
      schema: {
        summary: 'Usage plan versions in a state (by default those waiting for staff), oldest first',
        tags: ['usage-plans'],
        querystring: planQueueQuery,
        response: { 200: planQueue, ...problems(400, 401, 403) },
      },
    },
    async (request) => readPlanQueue(db, request.query.state),
  );
  r.get(
    '/usage-plans/:group',
    {
      config: { scope: 'plans.read' },
      schema: {
        summary: 'A group’s usage plan: its marks, delegates and every version (newest first) with its history',
        tags: ['usage-plans'],
        params: planGroupParams,
        response: { 200: planRecord, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const plan = await readPlan(db, request.params.group);
      if (!plan) throw new AppError('NOT_FOUND');
      return plan;
    },
  );
  r.post(
    '/usage-plans/versions/:id/decision',
    {
      config: { scope: 'plans.decide' },
      schema: {
        summary:
          'Approve a waiting version (its quotas and bookings apply from today, or its first day), ask for changes or refuse it',
        description:
          'Send the `rowVersion` read last: another’s move since, or a version not waiting, is answered 409 CONFLICT. Asking for changes or refusing needs a message to the filer. An approval that would set a quota below what is in use is answered 409 BELOW_USAGE listing them (`lowered`); send `confirmLower: true` to approve anyway.',
        tags: ['usage-plans'],
        params: idParam,
        body: planDecisionInput,
        response: { 200: planVersionRecord, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const outcome = await decideUsagePlan(deps, actorOf(request), request.params.id, request.body, deps.now());
      if (outcome.ok) {
        const version = await readPlanVersion(db, outcome.version.id);
        if (!version) throw new AppError('NOT_FOUND');
        return version;
      }
      if (outcome.problem === 'INVALID')
        throw fieldProblem(outcome.fields, {
          required: decisionMessageProblem,
          too_long: decisionMessageProblem,
        });
      if (outcome.problem === 'BELOW_USAGE') throw new AppError('BELOW_USAGE', { lowered: outcome.lowered });
      throw new AppError(outcome.problem);
    },
  );
  r.post(
    '/usage-plans/:group/large-scale',
    {
      config: { scope: 'plans.decide' },
      schema: {
        summary: 'Mark a group as a large-scale GA user from before sc-account (or not)',
        description:
          'A marked group may ask for GA storage beyond 1 TB a user while new large-scale use is closed. An approved plan asking for more marks its group itself.',
        tags: ['usage-plans'],
        params: planGroupParams,
        body: largeScaleInput,
        response: { 200: planRecord, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { group } = request.params;
      if (!(await groupKnown(db, group))) throw new AppError('NOT_FOUND');
      await setLargeScale(deps, actorOf(request), group, request.body.largeScale);
      return (await readPlan(db, group)) as z.infer<typeof planRecord>;
    },
  );

  r.get(
    '/billing/prices/:fiscalYear',
    {
      config: { scope: 'plans.read' },
      schema: {
        summary: 'The price table of a fiscal year with its dated revisions',
        description: 'A fiscal year without prices is answered 404 NO_PRICES.',
        tags: ['billing'],
        params: fiscalYearParams,
        response: { 200: priceTableRecord, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const table = await readPriceTable(db, request.params.fiscalYear);
      if (!table) throw new AppError('NO_PRICES');
      return table;
    },
  );
  r.post(
    '/billing/prices',
    {
      config: { scope: 'billing.manage' },
      schema: {
        summary: 'Set the prices of a fiscal year from a day on',
        description:
          'The first prices of a year start on its April 1 (and may be set at any time); prices in force are history, so a later revision starts today or later. A revision for a day that has one replaces it. Answers the year’s table.',
        tags: ['billing'],
        body: priceRevisionInput,
        response: { 200: priceTableRecord, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const outcome = await setPriceRevision(deps, actorOf(request), request.body, deps.now());
      if (!outcome.ok) throw fieldProblem(outcome.fields, priceProblemText);
      return (await readPriceTable(db, request.body.fiscalYear)) as z.infer<typeof priceTableRecord>;
    },
  );
  r.post(
    '/billing/catalogue',
    {
      config: { scope: 'billing.manage' },
      schema: {
        summary: 'Add a paid service to the catalogue, or change its names or whether plans may ask for it',
        tags: ['billing'],
        body: catalogueEntryInput,
        response: { 200: catalogueRecord, ...problems(400, 401, 403) },
      },
    },
    async (request) => catalogueRecordOf(await putCatalogueService(deps, actorOf(request), request.body)),
  );
  r.post(
    '/billing/bundles',
    {
      config: { scope: 'billing.manage' },
      schema: {
        summary: 'Set the groups charged together on their total (sharing a secondary group); no members removes it',
        tags: ['billing'],
        body: billingBundleInput,
        response: { 200: bundleList, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const outcome = await setBillingBundle(deps, actorOf(request), request.body);
      if (!outcome.ok) throw fieldProblem(outcome.fields, bundleProblemText);
      return readBundles(db);
    },
  );
  r.get(
    '/billing/statements/:fiscalYear',
    {
      config: { scope: 'plans.read' },
      schema: {
        summary: 'Every group’s statement for a fiscal year (a bundle’s apportioned to its groups), by group',
        description: `Amounts are whole yen; each line also carries its exact amount.${billingProblems}`,
        tags: ['billing'],
        params: fiscalYearParams,
        response: { 200: statementList, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => statementOf(await readAllStatements(db, request.params.fiscalYear)),
  );
  r.get(
    '/billing/statements/:fiscalYear/:group',
    {
      config: { scope: 'plans.read' },
      schema: {
        summary: 'One group’s statement for a fiscal year, with its bundle’s when it is charged with others',
        description: `A group with no GA accounts and no plan is answered 404 NOT_FOUND.${billingProblems}`,
        tags: ['billing'],
        params: statementParams,
        response: { 200: groupStatementRecord, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => statementOf(await readGroupStatement(db, request.params.group, request.params.fiscalYear)),
  );
}
