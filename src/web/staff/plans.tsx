// Usage plans in the console (GET /staff/plans): the versions waiting for a decision,
// one version beside what is in force with its estimate, the decision (approve, ask
// for changes, refuse; a quota below what is in use confirmed first) and the mark of a
// group as a large-scale user. Views in plans-page.tsx; use cases in
// services/usage-plans.ts, as the API and `sc-account plans` call them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Staff } from '../../db/schema-staff.js';
import { listPlanVersions } from '../../db/usage-plans.js';
import { serviceNamesOf } from '../../i18n/statement-lines.js';
import { estimateUsagePlan } from '../../services/billing.js';
import { groupKnown } from '../../services/billing-records.js';
import { AppError } from '../../services/errors.js';
import { versionForReview } from '../../services/usage-plan-reads.js';
import { decideUsagePlan, type LoweredQuota, setLargeScale } from '../../services/usage-plans.js';
import { readForm } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { PlanQueuePage, PlanVersionPage } from './plans-page.js';

const decisionForm = z.object({
  rowVersion: z.coerce
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31 - 1)
    .default(0),
  decision: z.string().max(40).default(''),
  message: z.string().max(20_000).default(''),
  confirmLower: z.string().max(10).default(''),
});
const decisions = ['approved', 'changes_requested', 'rejected'] as const;
const largeScaleForm = z.object({
  largeScale: z.enum(['yes', 'no']),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .optional(),
});
const groupParam = z.object({ group: z.string().max(40) });

export async function planRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const deps = useCaseDeps(app);

  app.get('/staff/plans', async (request, reply) =>
    sendHtml(
      reply,
      <PlanQueuePage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        waiting={await listPlanVersions(db, ['submitted'])}
      />,
    ),
  );

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: {
      errors?: FieldErrors;
      typed?: { decision?: string; message?: string };
      lowered?: LoweredQuota[];
      banner?: string;
      status?: number;
    } = {},
  ) => {
    const at = app.deps.now();
    const review = await versionForReview(db, id, at);
    if (!review) throw new AppError('NOT_FOUND');
    const estimate = await estimateUsagePlan(db, review.plan.group_name, review.version.content, at);
    const services = serviceNamesOf(review.catalogue)[request.lang];
    const errors = extra.errors ?? {};
    return sendHtml(
      reply,
      <PlanVersionPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        version={review.version}
        plan={review.plan}
        quotas={review.quotas}
        services={services}
        estimate={estimate.ok ? { year: estimate.value.fiscalYear, total: estimate.value.thisYear.total } : undefined}
        errors={errors}
        typed={extra.typed ?? {}}
        lowered={extra.lowered ?? []}
        banner={extra.banner}
      />,
      extra.status ?? (Object.keys(errors).length ? 400 : 200),
    );
  };

  app.get('/staff/plans/versions/:id', (request, reply) => {
    const done = (request.query as { done?: unknown }).done === 'decided';
    return show(request, reply, idParam(request), done ? { banner: request.t('staff.plan.done') } : {});
  });

  app.post('/staff/plans/versions/:id/decision', async (request, reply) => {
    const id = idParam(request);
    const staff = request.staff as Staff;
    const input = readForm(decisionForm, request.body);
    const typed = { decision: input.decision, message: input.message };
    const decision = decisions.find((d) => d === input.decision);
    if (!decision)
      return show(request, reply, id, { errors: { decision: request.t('staff.plan.error.decision') }, typed });
    const outcome = await decideUsagePlan(
      deps,
      `staff:${staff.id}`,
      id,
      { rowVersion: input.rowVersion, decision, message: input.message, confirmLower: input.confirmLower === 'yes' },
      app.deps.now(),
    );
    if (outcome.ok) return reply.redirect(`/staff/plans/versions/${id}?done=decided`, 303);
    switch (outcome.problem) {
      case 'NOT_FOUND':
        throw new AppError('NOT_FOUND');
      case 'CONFLICT':
        return show(request, reply, id, { banner: request.t('staff.plan.conflict'), status: 409 });
      case 'INVALID':
        return show(request, reply, id, {
          errors: {
            message: request.t(
              outcome.fields.message === 'required' ? 'staff.plan.error.message' : 'staff.plan.error.messageLong',
            ),
          },
          typed,
        });
      case 'BELOW_USAGE':
        return show(request, reply, id, {
          errors: { confirmLower: request.t('staff.plan.error.confirmLower') },
          typed,
          lowered: outcome.lowered,
        });
    }
  });

  app.post('/staff/plans/:group/large-scale', async (request, reply) => {
    const staff = request.staff as Staff;
    const { group } = groupParam.parse(request.params);
    if (!(await groupKnown(db, group))) throw new AppError('NOT_FOUND');
    const input = largeScaleForm.parse(request.body ?? {});
    await setLargeScale(deps, `staff:${staff.id}`, group, input.largeScale === 'yes');
    return reply.redirect(input.version ? `/staff/plans/versions/${input.version}` : '/staff/plans', 303);
  });
}
