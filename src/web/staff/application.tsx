// One application for staff (GET /staff/applications/:id): every answer grouped as
// on the form, the SSH key's fingerprint, the eligibility answers marked when they
// need screening, the history with internal comments, the assignment, and only the
// actions the state and the staff member's role allow. Each action names the
// version of the application it was taken on: when another staff member acted in
// between, it is refused with 409 and the page as it is now. After an action the
// page comes back with `?done=<action>` and says what was done; a rejection is
// asked again on a page of its own before anything is sent.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FullApplication, getFullApplication } from '../../db/applications.js';
import { latestInformationRequest } from '../../db/information-requests.js';
import { getServiceAcceptance } from '../../db/notices.js';
import { pledgeDocument, pledgeDocumentIds, pledgesOf } from '../../db/pledges.js';
import { latestScreening, staffNames, timeline } from '../../db/review.js';
import type { Staff } from '../../db/schema-staff.js';
import { screeningChecklist } from '../../domain/application-state.js';
import { questionSteps } from '../../domain/application-steps.js';
import { isRejectionReason } from '../../domain/rejection-reasons.js';
import { can } from '../../domain/staff.js';
import { checkText } from '../../domain/text.js';
import { pledgeFileName } from '../../jobs/handlers/pledge-document.js';
import { checkReason, decideApplication, decisionTargets } from '../../services/decisions.js';
import { AppError } from '../../services/errors.js';
import { sendPledges } from '../../services/pledges.js';
import {
  assignReviewer,
  type Caller,
  commentOnApplication,
  recordScreeningDecision,
  requestInformation,
} from '../../services/review.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { type DoneAction, doneActions, stateName } from './application-actions.js';
import { DetailPage, type DetailProps } from './application-page.js';
import { RejectApplicationPage } from './application-reject-page.js';
import { sendAttachment } from './attachment.js';
import { groupChoice, provisioningView } from './provisioning.js';

const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});
const commentForm = z.object({ comment: z.string().max(20_000).default('') });
const assignForm = z.object({ staff: z.string().max(20).default('') });
const versionForm = z.object({ version: z.coerce.number().int().nonnegative().default(-1) });
const informationForm = z.object({
  version: z.coerce.number().int().nonnegative().default(-1),
  message: z.string().max(20_000).default(''),
});
const screeningForm = z.object({
  version: z.coerce.number().int().nonnegative().default(-1),
  cleared: z.string().max(10).default(''),
  screeningReason: z.string().max(20_000).default(''),
});
const decisionForm = z.object({
  version: z.coerce.number().int().nonnegative().default(-1),
  decision: z.string().max(40).default(''),
  template: z.string().max(40).default(''),
  reason: z.string().max(20_000).default(''),
  group: z.string().max(100).default(''),
  confirm: z.string().max(10).default(''),
});
const doneQuery = z.object({ done: z.string().max(40).optional() });

export async function applicationDetailRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const db = database.db;
  // What the review use cases (decisions, pledges) need, the same for every request.
  const review = useCaseDeps(app);
  /** The signed-in staff member, as the use cases name who acts. */
  const asCaller = (request: FastifyRequest): Caller => {
    const staff = request.staff as Staff;
    return { actor: `staff:${staff.id}`, staffId: staff.id };
  };

  const load = async (request: FastifyRequest) => {
    const parsed = idParam.safeParse(request.params);
    const full = parsed.success ? await getFullApplication(db, parsed.data.id) : undefined;
    if (!full || full.application.state === 'draft') throw new AppError('NOT_FOUND');
    return full;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    full: FullApplication,
    errors: FieldErrors = {},
    typed: DetailProps['typed'] = {},
    status = 200,
    banner?: string,
  ) => {
    const staff = request.staff as Staff;
    const approvable =
      can(staff.role, 'applications.decide') &&
      (full.application.state === 'pledge_signed' || full.application.state === 'screening');
    const [items, names, pledges, documents, screening, asked, group, provisioning, pg] = await Promise.all([
      timeline(db, full.application.id),
      staffNames(db),
      pledgesOf(db, full.application.id),
      pledgeDocumentIds(db, full.application.id),
      latestScreening(db, full.application.id),
      latestInformationRequest(db, full.application.id),
      approvable ? groupChoice(app, full) : undefined,
      provisioningView(app, full.application.id),
      full.application.use_pg ? getServiceAcceptance(db, 'pg') : undefined,
    ]);
    return sendHtml(
      reply,
      <DetailPage
        page={pageContext(request)}
        staff={staff}
        csrf={reply.generateCsrf()}
        full={full}
        items={items}
        names={names}
        pledges={pledges}
        documents={documents}
        screening={screening}
        asked={asked}
        group={group}
        provisioning={provisioning}
        pgAccepting={pg?.accepting ?? false}
        errors={errors}
        typed={typed}
        banner={banner}
      />,
      status,
    );
  };

  /** Another staff member acted first: the page as it is now, with the news at `field`. */
  const changed = async (request: FastifyRequest, reply: FastifyReply, field: string, typed: DetailProps['typed']) => {
    const now = await load(request);
    const message = request.t('staff.changed', { state: stateName(request.t, now.application.state) });
    return show(request, reply, now, { [field]: message }, typed, 409);
  };

  /** Back to the page after `action`, which the page's banner names. */
  const done = (reply: FastifyReply, id: number, action: DoneAction) =>
    reply.redirect(`/staff/applications/${id}?done=${action}`, 303);

  app.get('/staff/applications/:id', async (request, reply) => {
    const full = await load(request);
    const q = doneQuery.safeParse(request.query ?? {});
    const action = doneActions.find((d) => q.success && d === q.data.done);
    const banner = action ? request.t(`staff.done.${action}`) : undefined;
    return show(request, reply, full, {}, {}, 200, banner);
  });

  /** The kept PDF copy of a signed pledge of this application. */
  app.get('/staff/applications/:id/pledges/:pledge', async (request, reply) => {
    const full = await load(request);
    const match = /^(\d{1,9})\.pdf$/.exec(String((request.params as { pledge?: unknown }).pledge ?? ''));
    const pledge = match
      ? (await pledgesOf(db, full.application.id)).find((p) => p.id === Number(match[1]))
      : undefined;
    const document = pledge ? await pledgeDocument(db, pledge.id) : undefined;
    if (!pledge || !document) throw new AppError('NOT_FOUND');
    const filename = pledgeFileName(full.application.reference, pledge.kind);
    return sendAttachment(reply, 'application/pdf', filename, Buffer.from(document.pdf));
  });

  app.post('/staff/applications/:id/comment', async (request, reply) => {
    const full = await load(request);
    const raw = readForm(commentForm, request.body).comment;
    const outcome = await commentOnApplication(review, asCaller(request), full.application.id, { comment: raw });
    if (!outcome.ok) {
      const problem = outcome.problem === 'INVALID' ? outcome.fields.comment : undefined;
      if (!problem) throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_REQUEST');
      const message =
        problem === 'required' ? request.t('staff.comment.error.required') : request.t('staff.comment.error.tooLong');
      return show(request, reply, full, { comment: message }, { comment: raw }, 400);
    }
    return done(reply, full.application.id, 'comment');
  });

  app.post('/staff/applications/:id/assign', async (request, reply) => {
    const full = await load(request);
    const chosen = readForm(assignForm, request.body).staff;
    const to = /^\d{1,9}$/.test(chosen) ? Number(chosen) : null;
    if (chosen && to === null) throw new AppError('BAD_REQUEST');
    const outcome = await assignReviewer(review, asCaller(request), full.application.id, { staff: to });
    if (!outcome.ok) throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_REQUEST');
    return done(reply, full.application.id, 'assigned');
  });

  app.post('/staff/applications/:id/pledge', async (request, reply) => {
    const full = await load(request);
    const staff = request.staff as Staff;
    const t = request.t;
    const a = full.application;
    const { version } = readForm(versionForm, request.body);
    const outcome = await sendPledges(review, `staff:${staff.id}`, a.id, version);
    if (outcome.ok) return done(reply, a.id, 'pledge');
    switch (outcome.problem) {
      case 'NOT_FOUND':
        throw new AppError('NOT_FOUND');
      case 'NO_PLEDGE':
        throw new AppError('BAD_REQUEST');
      case 'NOT_ALLOWED':
        return show(request, reply, full, { pledge: t('staff.notAllowed', { state: stateName(t, a.state) }) }, {}, 409);
      case 'CHANGED':
        return changed(request, reply, 'pledge', {});
    }
  });

  app.post('/staff/applications/:id/request-information', async (request, reply) => {
    const full = await load(request);
    const t = request.t;
    const a = full.application;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = readForm(informationForm, body);
    const steps = questionSteps.filter((step, i) => body[i === 0 ? 'steps' : `steps_${step}`] === 'yes');
    const typed = { message: input.message, steps };
    if (input.version !== a.version) return changed(request, reply, 'information', typed);
    const outcome = await requestInformation(review, asCaller(request), a.id, {
      version: input.version,
      message: input.message,
      steps,
    });
    if (outcome.ok) return done(reply, a.id, 'information');
    switch (outcome.problem) {
      case 'INVALID': {
        const errors: FieldErrors = {};
        if (outcome.fields.message) errors.message = t('staff.information.error.message');
        if (outcome.fields.steps) errors.steps = t('staff.information.error.steps');
        return show(request, reply, full, errors, typed, 400);
      }
      case 'CHANGED':
      case 'NOT_ALLOWED':
        return changed(request, reply, 'information', typed);
      default:
        throw new AppError('NOT_FOUND');
    }
  });

  app.post('/staff/applications/:id/screening', async (request, reply) => {
    const full = await load(request);
    const t = request.t;
    const a = full.application;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = readForm(screeningForm, body);
    const checks = screeningChecklist.filter((c) => body[`check_${c}`] === 'yes');
    const typed = { checks, cleared: input.cleared, screeningReason: input.screeningReason };
    if (input.version !== a.version) return changed(request, reply, 'screening', typed);
    const notAllowed = () =>
      show(request, reply, full, { screening: t('staff.notAllowed', { state: stateName(t, a.state) }) }, typed, 409);
    if (a.state !== 'screening') return notAllowed();
    const cleared = input.cleared === 'yes' ? true : input.cleared === 'no' ? false : undefined;
    const errors: FieldErrors = {};
    const reasonError = () => (errors.screeningReason = t('staff.screening.error.reason'));
    if (cleared === undefined) {
      // Nothing is recorded without the choice; the reason is checked too, to say everything at once.
      errors.cleared = t('staff.screening.error.choose');
      if (!checkText(input.screeningReason, { max: 4000, multiline: true }).ok) reasonError();
      return show(request, reply, full, errors, typed, 400);
    }
    const outcome = await recordScreeningDecision(review, asCaller(request), a.id, {
      version: input.version,
      cleared,
      checklist: checks,
      reason: input.screeningReason,
    });
    if (outcome.ok) return done(reply, a.id, 'screening');
    if (outcome.problem === 'CHANGED') return changed(request, reply, 'screening', typed);
    if (outcome.problem === 'NOT_ALLOWED') return notAllowed();
    if (outcome.problem !== 'INVALID') throw new AppError('NOT_FOUND');
    if (outcome.fields.cleared) errors.cleared = t('staff.screening.error.checklist');
    if (outcome.fields.reason) reasonError();
    return show(request, reply, full, errors, typed, 400);
  });

  app.post('/staff/applications/:id/decision', async (request, reply) => {
    const full = await load(request);
    const staff = request.staff as Staff;
    const t = request.t;
    const input = readForm(decisionForm, request.body);
    const typed = { decision: input.decision, reason: input.reason, template: input.template, group: input.group };
    const a = full.application;
    const notAllowed = () =>
      show(request, reply, full, { decision: t('staff.notAllowed', { state: stateName(t, a.state) }) }, typed, 409);
    if (input.version !== a.version) return changed(request, reply, 'decision', typed);
    const to = input.decision === 'approved' || input.decision === 'rejected' ? input.decision : undefined;
    if (!to) return show(request, reply, full, { decision: t('staff.decision.error.choose') }, typed, 400);
    const template = isRejectionReason(input.template) && to === 'rejected' ? input.template : undefined;
    // "Go back" from the rejection's page: this page again, with what was typed.
    if (to === 'rejected' && input.confirm === 'back') return show(request, reply, full, {}, typed);
    if (to === 'rejected' && input.confirm !== 'yes') {
      // Asked again only when the rejection could be made as it stands.
      const screening = await latestScreening(db, a.id);
      if (!decisionTargets(a.state, a.needs_screening, screening?.cleared === true).includes('rejected'))
        return notAllowed();
      if (!checkReason(to, template, input.reason).ok)
        return show(request, reply, full, { reason: t('staff.decision.error.reason') }, typed, 400);
      return sendHtml(
        reply,
        <RejectApplicationPage
          page={pageContext(request)}
          staff={staff}
          csrf={reply.generateCsrf()}
          full={full}
          typed={{ template: input.template, reason: input.reason }}
        />,
      );
    }
    const outcome = await decideApplication(review, `staff:${staff.id}`, a.id, {
      version: input.version,
      decision: to,
      ...(template ? { template } : {}),
      reason: input.reason,
      group: input.group,
    });
    if (outcome.ok) return done(reply, a.id, to);
    switch (outcome.problem) {
      case 'NOT_FOUND':
        throw new AppError('NOT_FOUND');
      case 'CHANGED':
        return changed(request, reply, 'decision', typed);
      case 'REASON':
        return show(request, reply, full, { reason: t('staff.decision.error.reason') }, typed, 400);
      case 'GROUP':
        return show(request, reply, full, { group: t('staff.decision.error.group') }, typed, 400);
      case 'NOT_ALLOWED':
        return notAllowed();
      case 'NAME_TAKEN':
        return show(
          request,
          reply,
          full,
          { decision: t('staff.decision.error.nameTaken', { name: outcome.name ?? '' }) },
          typed,
          409,
        );
    }
  });
}
