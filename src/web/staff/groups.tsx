// Group and workshop accounts in the console (GET /staff/groups): the queue by state,
// one group with its participants and history, and staff's actions on it: the decision
// (a group is not approved only after a page asking again), the bulk approval of its
// confirmed participants, a participant refused with a reason, the decision on an
// extension and the print batch of its certificates. Views in groups-page.tsx; use
// cases in services/group-accounts.ts and group-lifecycle.ts, as the API and
// `sc-account groups` call them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { certificatesToPost } from '../../db/accounts.js';
import { reservedAccountNames } from '../../db/applications.js';
import { type GroupAccount, getGroup, groupEvents, holderOfAccount, participantsOf } from '../../db/groups.js';
import { staffNames } from '../../db/review.js';
import type { Staff } from '../../db/schema-staff.js';
import { centreDayOf } from '../../domain/fiscal-calendar.js';
import { MAX_PARTICIPANTS } from '../../domain/group-account.js';
import { personName } from '../../domain/person-name.js';
import { isGroupName } from '../../domain/provisioning.js';
import { checkText } from '../../domain/text.js';
import { formatDay } from '../../i18n/statement-lines.js';
import { AppError } from '../../services/errors.js';
import { approveParticipants, decideGroup, refuseParticipant } from '../../services/group-accounts.js';
import { decideExtension, makeGroupCertificateBatch } from '../../services/group-lifecycle.js';
import { readGroupQueue, sentGroupStates } from '../../services/group-records.js';
import { rowId } from '../../services/schemas.js';
import { readForm, ticked } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import {
  GroupPage,
  GroupQueuePage,
  type GroupTyped,
  type GroupView,
  type QueueFilter,
  RefuseParticipantPage,
  RejectGroupPage,
} from './groups-page.js';

const version = z.coerce
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31 - 1)
  .default(0);
const decisionForm = z.object({
  version,
  decision: z.string().max(40).default(''),
  unixGroup: z.string().max(100).default(''),
  handout: z.string().max(10).default(''),
  screening: z.string().max(20_000).default(''),
  message: z.string().max(20_000).default(''),
  confirm: z.string().max(10).default(''),
});
const decisions = ['approved', 'information_requested', 'rejected'] as const;
const approvalForm = z.object({
  participant: ticked(MAX_PARTICIPANTS),
  which: z.string().max(20).default(''),
});
const refusalForm = z.object({ reason: z.string().max(20_000).default('') });
const extensionForm = z.object({
  version,
  extensionDecision: z.string().max(20).default(''),
  extensionMessage: z.string().max(20_000).default(''),
});
/** What the page says after an action (Post/Redirect/Get): which, and its figures. */
const doneQuery = z.object({
  done: z.string().max(40).optional(),
  count: z.coerce.number().int().nonnegative().max(100_000).optional(),
  skipped: z
    .string()
    .max(2000)
    .regex(/^\d{1,10}(\.\d{1,10})*$/)
    .optional(),
  participant: rowId.optional(),
  batch: rowId.optional(),
});
const queueQuery = z.object({ state: z.string().max(40).optional() });
/** The queue's default: the groups staff may still act on. */
const openStates = ['submitted', 'information_requested', 'approved'] as const;

/** The text's problem as the field's message: nothing typed, or not text within its length. */
const textError = (value: string, required: string, invalid: string) => (value.trim() ? invalid : required);

export async function groupConsoleRoutes(app: FastifyInstance) {
  const deps = useCaseDeps(app);
  const { db } = deps;
  const actor = (request: FastifyRequest) => `staff:${(request.staff as Staff).id}`;

  app.get('/staff/groups', async (request, reply) => {
    const asked = queueQuery.safeParse(request.query ?? {});
    const state = asked.success ? asked.data.state : undefined;
    const filter: QueueFilter =
      state === 'all' ? 'all' : (sentGroupStates.find((s) => s === state) ?? ('open' as const));
    const states = filter === 'open' ? openStates : filter === 'all' ? sentGroupStates : filter;
    const groups = (await readGroupQueue(db, states)).items;
    return sendHtml(
      reply,
      <GroupQueuePage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        filter={filter}
        states={sentGroupStates}
        groups={groups}
      />,
    );
  });

  /** The group of the route's `:id` as staff see it (a draft is not theirs yet), or the 404 page. */
  const load = async (request: FastifyRequest): Promise<GroupAccount> => {
    const group = await getGroup(db, idParam(request));
    if (!group || group.state === 'draft') throw new AppError('NOT_FOUND');
    return group;
  };

  const viewOf = async (group: GroupAccount): Promise<GroupView> => {
    const [participants, events, inCharge, signer, names] = await Promise.all([
      participantsOf(db, group.id),
      groupEvents(db, group.id),
      holderOfAccount(db, group.in_charge_account_id),
      group.pledge_signed_by ? holderOfAccount(db, group.pledge_signed_by) : Promise.resolve(undefined),
      staffNames(db),
    ]);
    let certificates: GroupView['certificates'];
    if (group.handout === 'post' && (group.state === 'approved' || group.state === 'ended')) {
      const ours = new Set(participants.flatMap((p) => (p.application_id === null ? [] : [p.application_id])));
      const waiting = (await certificatesToPost(db)).filter((c) => ours.has(c.application_id));
      certificates = {
        unbatched: waiting.filter((c) => c.batch_id === null).length,
        batches: [...new Set(waiting.flatMap((c) => (c.batch_id === null ? [] : [c.batch_id])))],
      };
    }
    return {
      group,
      inCharge,
      signer,
      participants,
      events,
      staffNames: names,
      today: centreDayOf(app.deps.now()),
      certificates,
    };
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    group: GroupAccount,
    extra: { errors?: FieldErrors; typed?: GroupTyped; banner?: string; status?: number } = {},
  ) => {
    const errors = extra.errors ?? {};
    return sendHtml(
      reply,
      <GroupPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        view={await viewOf(group)}
        errors={errors}
        typed={extra.typed ?? {}}
        banner={extra.banner}
      />,
      extra.status ?? (Object.keys(errors).length ? 400 : 200),
    );
  };

  /** The page as it is now, after another's move: what was typed is kept. */
  const changed = async (request: FastifyRequest, reply: FastifyReply, id: number, typed: GroupTyped) => {
    const now = await getGroup(db, id);
    if (!now) throw new AppError('NOT_FOUND');
    return show(request, reply, now, { typed, banner: request.t('staff.group.conflict'), status: 409 });
  };

  app.get('/staff/groups/:id', async (request, reply) => {
    const group = await load(request);
    const q = doneQuery.safeParse(request.query ?? {});
    const done = q.success ? q.data : {};
    const t = request.t;
    let banner: string | undefined;
    switch (done.done) {
      case 'approved':
      case 'information_requested':
      case 'rejected':
        banner = t(`staff.group.done.${done.done}`);
        break;
      case 'participants': {
        const names = new Map((await participantsOf(db, group.id)).map((p) => [p.id, p.account_name ?? '']));
        const skipped = (done.skipped?.split('.') ?? []).map((id) => names.get(Number(id))).filter(Boolean);
        banner = t('staff.group.done.participants', { count: done.count ?? 0 });
        if (skipped.length) banner += ` ${t('staff.group.done.skipped', { names: skipped.join(', ') })}`;
        break;
      }
      case 'refused': {
        const p = (await participantsOf(db, group.id)).find((x) => x.id === done.participant);
        if (p) banner = t('staff.group.done.refused', { name: personName(p) });
        break;
      }
      case 'extension-approved':
        banner = t('staff.group.done.extensionApproved', { date: formatDay(group.ends_on, request.lang) });
        break;
      case 'extension-refused':
        banner = t('staff.group.done.extensionRefused');
        break;
      case 'batch':
        if (done.batch) banner = t('staff.group.done.batch', { id: done.batch });
        break;
      case 'no-batch':
        banner = t('staff.group.done.noBatch');
        break;
    }
    return show(request, reply, group, { banner });
  });

  app.post('/staff/groups/:id/decision', async (request, reply) => {
    const group = await load(request);
    const input = readForm(decisionForm, request.body);
    const typed = {
      decision: input.decision,
      unixGroup: input.unixGroup,
      handout: input.handout,
      screening: input.screening,
      message: input.message,
    };
    const t = request.t;
    if (input.version !== group.version) return changed(request, reply, group.id, typed);
    const decision = decisions.find((d) => d === input.decision);
    if (input.confirm === 'back') return show(request, reply, group, { typed });
    // Every answer is checked here, so that the page names each problem at once.
    const errors: FieldErrors = {};
    if (!decision) errors.decision = t('staff.group.error.decision');
    else if (decision === 'approved' && !group.pledge_signed_at) errors.decision = t('staff.group.error.pledge');
    const handout = input.handout || 'post';
    if (decision === 'approved') {
      const name = (input.unixGroup.trim() || group.responsible_group).toLowerCase();
      if (name !== group.responsible_group && !isGroupName(name, await reservedAccountNames(db)))
        errors.unixGroup = t('staff.group.error.unixGroup');
      if (handout !== 'post' && handout !== 'sheet') errors.handout = t('staff.group.error.handout');
      if (group.needs_screening && !checkText(input.screening, { max: 4000, multiline: true }).ok)
        errors.screening = textError(
          input.screening,
          t('staff.group.error.screening'),
          t('staff.group.error.screeningInvalid'),
        );
    }
    if (!checkText(input.message, { max: 4000, multiline: true, optional: decision === 'approved' }).ok)
      errors.message = textError(input.message, t('staff.group.error.message'), t('staff.group.error.messageInvalid'));
    if (Object.keys(errors).length || !decision) return show(request, reply, group, { errors, typed });
    if (decision === 'rejected' && input.confirm !== 'yes')
      return sendHtml(
        reply,
        <RejectGroupPage
          page={pageContext(request)}
          staff={request.staff as Staff}
          csrf={reply.generateCsrf()}
          group={group}
          typed={{ ...typed, handout: input.handout }}
        />,
      );
    const outcome = await decideGroup(deps, actor(request), group.id, {
      version: input.version,
      decision,
      message: input.message,
      unixGroup: input.unixGroup,
      handout: handout === 'sheet' ? 'sheet' : 'post',
      screening: input.screening,
    });
    if (outcome.ok) return reply.redirect(`/staff/groups/${group.id}?done=${decision}`, 303);
    switch (outcome.problem) {
      case 'NOT_FOUND':
        throw new AppError('NOT_FOUND');
      case 'CHANGED':
      case 'NOT_ALLOWED':
        return changed(request, reply, group.id, typed);
      case 'PLEDGE':
        return show(request, reply, group, { errors: { decision: t('staff.group.error.pledge') }, typed });
      case 'GROUP':
        return show(request, reply, group, { errors: { unixGroup: t('staff.group.error.unixGroup') }, typed });
      case 'SCREENING':
        return show(request, reply, group, {
          errors: {
            screening: textError(
              input.screening,
              t('staff.group.error.screening'),
              t('staff.group.error.screeningInvalid'),
            ),
          },
          typed,
        });
      case 'MESSAGE':
        return show(request, reply, group, {
          errors: {
            message: textError(input.message, t('staff.group.error.message'), t('staff.group.error.messageInvalid')),
          },
          typed,
        });
    }
  });

  app.post('/staff/groups/:id/participants/approve', async (request, reply) => {
    const group = await load(request);
    const input = readForm(approvalForm, request.body);
    const ids = input.participant.flatMap((v) => {
      const id = rowId.safeParse(v);
      return id.success ? [id.data] : [];
    });
    const which = input.which === 'confirmed' ? 'confirmed' : ids;
    if (which !== 'confirmed' && which.length === 0)
      return show(request, reply, group, { errors: { participants: request.t('staff.group.error.participants') } });
    const outcome = await approveParticipants(deps, actor(request), group.id, which, app.deps.now());
    if (!outcome.ok) {
      if (outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
      return show(request, reply, group, { banner: request.t('staff.group.participants.notAllowed'), status: 409 });
    }
    const skipped = outcome.skipped.map((s) => s.participantId).join('.');
    return reply.redirect(
      `/staff/groups/${group.id}?done=participants&count=${outcome.approved}${skipped ? `&skipped=${skipped}` : ''}`,
      303,
    );
  });

  /** The participant of the route's `:participant` in the group, or the 404 page. */
  const participantOf = async (request: FastifyRequest, group: GroupAccount) => {
    const id = idParam(request, 'participant');
    const participant = (await participantsOf(db, group.id)).find((p) => p.id === id);
    if (!participant) throw new AppError('NOT_FOUND');
    return participant;
  };
  const refusable = (group: GroupAccount, state: string) =>
    ['submitted', 'information_requested', 'approved'].includes(group.state) &&
    (state === 'invited' || state === 'confirmed');

  const showRefusal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    group: GroupAccount,
    participant: Awaited<ReturnType<typeof participantOf>>,
    extra: { errors?: FieldErrors; reason?: string; status?: number } = {},
  ) => {
    const errors = extra.errors ?? {};
    const allowed = refusable(group, participant.state);
    return sendHtml(
      reply,
      <RefuseParticipantPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        group={group}
        participant={participant}
        allowed={allowed}
        errors={errors}
        reason={extra.reason ?? ''}
      />,
      extra.status ?? (Object.keys(errors).length ? 400 : 200),
    );
  };

  app.get('/staff/groups/:id/participants/:participant/refuse', async (request, reply) => {
    const group = await load(request);
    return showRefusal(request, reply, group, await participantOf(request, group));
  });

  app.post('/staff/groups/:id/participants/:participant/refuse', async (request, reply) => {
    const group = await load(request);
    const participant = await participantOf(request, group);
    const { reason } = readForm(refusalForm, request.body);
    if (!refusable(group, participant.state)) return showRefusal(request, reply, group, participant, { status: 409 });
    const checked = checkText(reason, { max: 1000, multiline: true });
    if (!checked.ok)
      return showRefusal(request, reply, group, participant, {
        errors: {
          reason: textError(
            reason,
            request.t('staff.group.error.reason'),
            request.t('staff.group.error.reasonInvalid'),
          ),
        },
        reason,
      });
    const outcome = await refuseParticipant(deps, actor(request), group.id, participant.id, checked.value);
    if (!outcome.ok) {
      const now = await participantOf(request, group);
      return showRefusal(request, reply, group, now, { reason, status: 409 });
    }
    return reply.redirect(`/staff/groups/${group.id}?done=refused&participant=${participant.id}`, 303);
  });

  app.post('/staff/groups/:id/extension', async (request, reply) => {
    const group = await load(request);
    const input = readForm(extensionForm, request.body);
    const typed = { extensionDecision: input.extensionDecision, extensionMessage: input.extensionMessage };
    const t = request.t;
    const decision = (['approved', 'refused'] as const).find((d) => d === input.extensionDecision);
    const errors: FieldErrors = {};
    if (!decision) errors.extensionDecision = t('staff.group.error.extensionDecision');
    if (!checkText(input.extensionMessage, { max: 4000, multiline: true, optional: true }).ok)
      errors.extensionMessage = t('staff.group.error.extensionMessage');
    if (Object.keys(errors).length || !decision) return show(request, reply, group, { errors, typed });
    const outcome = await decideExtension(deps, actor(request), group.id, {
      version: input.version,
      decision,
      message: input.extensionMessage,
    });
    if (outcome.ok) return reply.redirect(`/staff/groups/${group.id}?done=extension-${decision}`, 303);
    if (outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    if (outcome.problem === 'INVALID')
      return show(request, reply, group, {
        errors: { extensionMessage: t('staff.group.error.extensionMessage') },
        typed,
      });
    return changed(request, reply, group.id, typed);
  });

  app.post('/staff/groups/:id/certificates', async (request, reply) => {
    const group = await load(request);
    const staff = request.staff as Staff;
    if (group.state !== 'approved' && group.state !== 'ended') return show(request, reply, group, { status: 409 });
    const batch = await makeGroupCertificateBatch(db, { id: staff.id, actor: actor(request) }, group.id);
    return reply.redirect(
      `/staff/groups/${group.id}?done=${batch === undefined ? 'no-batch' : `batch&batch=${batch}`}`,
      303,
    );
  });
}
