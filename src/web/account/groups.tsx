// Group and workshop accounts for the person in charge (GET /account/groups): the
// groups they act for, applying for one, its page with the participants (typed, or a
// CSV uploaded in UTF-8 or Shift_JIS, or pasted: each row's result shown, the failed
// rows given back to fix and send again), reminders and removal, the responsible
// person's pledge, sending for review, withdrawing, one extension, and the printed
// sheet of initial passwords. Views in groups-views.tsx; use cases in
// services/group-accounts.ts and group-lifecycle.ts.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getGroup, groupsOfHolder, participantsOf } from '../../db/groups.js';
import { plansHolderMayKeep } from '../../db/usage-plans.js';
import type { Account } from '../../db/user-accounts.js';
import { centreDayOf, dayFromParts } from '../../domain/fiscal-calendar.js';
import { decodeCsv, type ListProblem, MAX_CSV_BYTES } from '../../domain/group-account.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import {
  type AddOutcome,
  addParticipants,
  checkGroupDetails,
  createGroup,
  type GroupField,
  type GroupInput,
  type GroupProblem,
  groupInput,
  groupPledgeDeclarations,
  mayActForGroup,
  remindParticipant,
  removeParticipant,
  signGroupPledge,
  submitGroup,
  updateGroup,
  withdrawGroup,
} from '../../services/group-accounts.js';
import { openPasswordSheet, requestExtension } from '../../services/group-lifecycle.js';
import { readFields } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { datePartId, firstDatePart } from '../views/components/date-input.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import {
  GROUPS_PATH,
  GroupFormPage,
  GroupListPage,
  GroupPage,
  type GroupPageData,
  groupPath,
  kindOf,
  PasswordSheetPage,
} from './groups-views.js';

const doneQuery = z.object({
  done: z
    .enum(['created', 'changed', 'sent', 'signed', 'reminded', 'removed', 'withdrawn', 'extension', 'pledgeAsked'])
    .optional()
    .catch(undefined),
});

const detailKeys = [
  'responsibleGroup',
  'title',
  'kind',
  'purpose',
  'startsOn_day',
  'startsOn_month',
  'startsOn_year',
  'endsOn_day',
  'endsOn_month',
  'endsOn_year',
  'needsScreening',
  'version',
] as const;

/** The day typed in a date input's three parts; '' when nothing was typed, the parts as typed when they make no day. */
const dayOf = (typed: Record<string, string>, prefix: string) => {
  const parts = [typed[`${prefix}_day`] ?? '', typed[`${prefix}_month`] ?? '', typed[`${prefix}_year`] ?? ''] as const;
  if (!parts.some((p) => p.trim())) return '';
  return dayFromParts(...parts) ?? parts.join('/').slice(0, 10);
};

/** A day as the form's three parts. */
const dayParts = (prefix: string, day: string): Record<string, string> => {
  const [y, m, d] = day.split('-');
  return { [`${prefix}_year`]: y ?? '', [`${prefix}_month`]: String(Number(m)), [`${prefix}_day`]: String(Number(d)) };
};

export async function groupRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const deps = useCaseDeps(app);
  const now = () => app.deps.now();

  const frameOf = (request: FastifyRequest, reply: FastifyReply) => ({
    page: pageContext(request),
    account: (request.account as Account).uid,
    csrf: reply.generateCsrf(),
  });

  /** The group of the path, which the holder must act for (else the 404 page). */
  const ownGroup = async (request: FastifyRequest) => {
    const group = await getGroup(db, idParam(request));
    if (!group || !(await mayActForGroup(db, (request.account as Account).id, group))) throw new AppError('NOT_FOUND');
    return group;
  };

  app.get(GROUPS_PATH, async (request, reply) => {
    const account = request.account as Account;
    const kept = await plansHolderMayKeep(db, account.id);
    const groups = await groupsOfHolder(
      db,
      account.id,
      kept.map((k) => k.group),
    );
    const q = doneQuery.parse(request.query ?? {});
    return sendHtml(
      reply,
      <GroupListPage
        frame={frameOf(request, reply)}
        groups={groups}
        mayApply={kept.length > 0}
        banner={q.done ? request.t(`group.done.${q.done}`) : undefined}
      />,
    );
  });

  /** The service's field problems as messages by form field (a date's message at its first part). */
  const detailErrors = (request: FastifyRequest, fields: Partial<Record<GroupField, GroupProblem>>): FieldErrors => {
    const errors: FieldErrors = {};
    const first = firstDatePart(request.lang);
    for (const [field, problem] of Object.entries(fields) as [GroupField, GroupProblem][]) {
      const key = field === 'startsOn' || field === 'endsOn' ? datePartId(field, first) : field;
      errors[key] = request.t(`group.error.${field}.${problem}` as MessageKey);
    }
    return errors;
  };

  const readDetails = (request: FastifyRequest) => {
    const body = readFields(request.body, 40_000);
    const typed: Record<string, string> = {};
    for (const key of detailKeys) if (body[key] !== undefined) typed[key] = body[key];
    const errors: FieldErrors = {};
    const kind = kindOf(typed.kind);
    if (!kind) errors.kind = request.t('group.error.kind');
    if (typed.needsScreening !== 'yes' && typed.needsScreening !== 'no')
      errors.needsScreening = request.t('group.error.needsScreening');
    const input: GroupInput = {
      title: typed.title ?? '',
      kind: kind ?? 'workshop',
      purpose: typed.purpose ?? '',
      startsOn: dayOf(typed, 'startsOn'),
      endsOn: dayOf(typed, 'endsOn'),
      responsibleGroup: typed.responsibleGroup ?? '',
      needsScreening: typed.needsScreening === 'yes',
    };
    return { typed, errors, input };
  };

  /** Problems in a fixed order: the page's order of fields. */
  const ordered = (errors: FieldErrors, request: FastifyRequest): FieldErrors => {
    const first = firstDatePart(request.lang);
    const order = [
      'responsibleGroup',
      'title',
      'kind',
      'purpose',
      datePartId('startsOn', first),
      datePartId('endsOn', first),
      'needsScreening',
    ];
    return Object.fromEntries(
      [...order, ...Object.keys(errors)]
        .filter((k, i, all) => errors[k] && all.indexOf(k) === i)
        .map((k) => [k, errors[k] as string]),
    );
  };

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    props: { action: string; back: string; typed: Record<string, string>; errors: FieldErrors; isNew: boolean },
  ) => {
    const account = request.account as Account;
    const groups = props.isNew ? (await plansHolderMayKeep(db, account.id)).map((g) => g.group) : undefined;
    if (props.isNew && !groups?.length) throw new AppError('NOT_FOUND');
    return sendHtml(
      reply,
      <GroupFormPage
        frame={frameOf(request, reply)}
        action={props.action}
        back={props.back}
        responsibleGroups={groups}
        typed={props.typed}
        errors={ordered(props.errors, request)}
      />,
      Object.keys(props.errors).length ? 400 : 200,
    );
  };

  app.get(`${GROUPS_PATH}/new`, async (request, reply) => {
    const today = centreDayOf(now());
    return formPage(request, reply, {
      action: `${GROUPS_PATH}/new`,
      back: GROUPS_PATH,
      typed: { needsScreening: 'no', ...dayParts('startsOn', today) },
      errors: {},
      isNew: true,
    });
  });

  app.post(`${GROUPS_PATH}/new`, async (request, reply) => {
    const { typed, errors, input } = readDetails(request);
    const made = await createGroup(deps, (request.account as Account).id, input, request.lang, now());
    if (made.ok && !Object.keys(errors).length) return reply.redirect(`${groupPath(made.group.id)}?done=created`, 303);
    const all = { ...errors, ...(made.ok ? {} : made.problem === 'INVALID' ? detailErrors(request, made.fields) : {}) };
    return formPage(request, reply, {
      action: `${GROUPS_PATH}/new`,
      back: GROUPS_PATH,
      typed,
      errors: all,
      isNew: true,
    });
  });

  app.get(`${GROUPS_PATH}/:id/edit`, async (request, reply) => {
    const g = await ownGroup(request);
    return formPage(request, reply, {
      action: `${groupPath(g.id)}/edit`,
      back: groupPath(g.id),
      typed: {
        title: g.title,
        kind: g.kind,
        purpose: g.purpose,
        needsScreening: g.needs_screening ? 'yes' : 'no',
        version: String(g.version),
        ...dayParts('startsOn', g.starts_on),
        ...dayParts('endsOn', g.ends_on),
      },
      errors: {},
      isNew: false,
    });
  });

  app.post(`${GROUPS_PATH}/:id/edit`, async (request, reply) => {
    const g = await ownGroup(request);
    const { typed, errors, input } = readDetails(request);
    const version = /^\d{1,9}$/.test(typed.version ?? '') ? Number(typed.version) : -1;
    const props = { action: `${groupPath(g.id)}/edit`, back: groupPath(g.id), typed, isNew: false };
    if (Object.keys(errors).length) {
      // Check the rest too, so that every problem is named at once.
      const more = detailErrors(request, checkGroupDetails(groupInput.parse(input), centreDayOf(now())).fields);
      return formPage(request, reply, { ...props, errors: { ...errors, ...more } });
    }
    const { responsibleGroup: _, ...details } = input;
    const changed = await updateGroup(deps, (request.account as Account).id, g.id, { ...details, version }, now());
    if (changed.ok) return reply.redirect(`${groupPath(g.id)}?done=changed`, 303);
    if (changed.problem === 'INVALID')
      return formPage(request, reply, { ...props, errors: detailErrors(request, changed.fields) });
    if (changed.problem === 'CHANGED')
      return formPage(request, reply, {
        ...props,
        typed: { ...typed, version: String(g.version) },
        errors: { title: request.t('group.error.changed') },
      });
    throw new AppError(changed.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT');
  });

  const groupPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Pick<GroupPageData, 'added' | 'banner'>> & {
      errors?: FieldErrors;
      typed?: Record<string, string>;
      status?: number;
    } = {},
  ) => {
    const g = await ownGroup(request);
    const account = request.account as Account;
    const responsible = (await plansHolderMayKeep(db, account.id)).some(
      (k) => k.group === g.responsible_group && k.as === 'responsible',
    );
    const data: GroupPageData = {
      group: g,
      participants: await participantsOf(db, g.id),
      responsible,
      added: extra.added,
      banner: extra.banner,
      errors: extra.errors ?? {},
      typed: extra.typed ?? {},
    };
    return sendHtml(reply, <GroupPage frame={frameOf(request, reply)} data={data} />, extra.status ?? 200);
  };

  app.get(`${GROUPS_PATH}/:id`, async (request, reply) => {
    const q = doneQuery.parse(request.query ?? {});
    return groupPage(request, reply, q.done ? { banner: request.t(`group.done.${q.done}`) } : {});
  });

  /** The page answering rows added: each row's result; a list refused as a whole said at its field. */
  const afterAdding = (
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: AddOutcome,
    field: string,
    typed: Record<string, string>,
  ) => {
    if (outcome.ok) {
      const failed = outcome.rows.filter((r) => !r.ok).length;
      return groupPage(request, reply, {
        added: { rows: outcome.rows, added: outcome.added },
        banner: request.t('group.done.added', { added: outcome.added, failed }),
        ...(failed ? { status: 400 } : {}),
      });
    }
    if (outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    if (outcome.problem === 'NOT_ALLOWED') throw new AppError('CONFLICT');
    const message = request.t(`group.list.${outcome.problem satisfies ListProblem}`);
    return groupPage(request, reply, { errors: { [field]: message }, typed, status: 400 });
  };

  await app.register(async (scope) => {
    // Only this route takes files: one CSV, at most MAX_CSV_BYTES (one byte more tells it was larger).
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { files: 1, fields: 5, fileSize: MAX_CSV_BYTES + 1, fieldSize: 1000, parts: 6 },
    });
    scope.post(`${GROUPS_PATH}/:id/participants/upload`, async (request, reply) => {
      const g = await ownGroup(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body.csvFile;
      const bytes = Buffer.isBuffer(file) ? file : typeof file === 'string' ? Buffer.from(file) : undefined;
      if (!bytes?.length)
        return groupPage(request, reply, { errors: { csvFile: request.t('group.list.noFile') }, status: 400 });
      if (bytes.length > MAX_CSV_BYTES)
        return afterAdding(request, reply, { ok: false, problem: 'too_large' }, 'csvFile', {});
      const text = decodeCsv(bytes);
      if (text === undefined) return afterAdding(request, reply, { ok: false, problem: 'encoding' }, 'csvFile', {});
      const outcome = await addParticipants(
        deps,
        (request.account as Account).id,
        g.id,
        { csv: text },
        request.lang,
        now(),
      );
      return afterAdding(request, reply, outcome, 'csvFile', {});
    });
  });

  app.post(`${GROUPS_PATH}/:id/participants/text`, async (request, reply) => {
    const g = await ownGroup(request);
    const body = readFields(request.body, MAX_CSV_BYTES);
    const text = body.csvText ?? '';
    if (!text.trim())
      return groupPage(request, reply, { errors: { csvText: request.t('group.list.empty') }, status: 400 });
    const outcome = await addParticipants(
      deps,
      (request.account as Account).id,
      g.id,
      { csv: text },
      request.lang,
      now(),
    );
    return afterAdding(request, reply, outcome, 'csvText', { csvText: text });
  });

  const participantAction = (name: 'remind' | 'remove') =>
    app.post(`${GROUPS_PATH}/:id/participants/:participant/${name}`, async (request, reply) => {
      const g = await ownGroup(request);
      const participant = idParam(request, 'participant');
      const account = (request.account as Account).id;
      const done =
        name === 'remind'
          ? await remindParticipant(deps, account, g.id, participant, now())
          : await removeParticipant(deps, account, g.id, participant);
      if (done.ok) return reply.redirect(`${groupPath(g.id)}?done=${name === 'remind' ? 'reminded' : 'removed'}`, 303);
      if (done.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
      return groupPage(request, reply, {
        errors: {
          participants: request.t(
            done.problem === 'TOO_MANY_REMINDERS' ? 'group.error.reminders' : 'group.error.participant',
          ),
        },
        status: 409,
      });
    });
  participantAction('remind');
  participantAction('remove');

  app.post(`${GROUPS_PATH}/:id/pledge`, async (request, reply) => {
    const g = await ownGroup(request);
    const body = readFields(request.body, 10);
    const ticked = groupPledgeDeclarations.filter((d) => body[`pledge_${d}`] === 'yes');
    // What the signer saw, in the page's language, is kept with the signature.
    const shown = groupPledgeDeclarations.map((d) => request.t(`group.pledge.${d}`)).join('\n');
    const signed = await signGroupPledge(deps, (request.account as Account).id, g.id, ticked, shown);
    if (signed.ok) return reply.redirect(`${groupPath(g.id)}?done=signed`, 303);
    if (signed.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    if (signed.problem === 'UNTICKED') {
      const errors: FieldErrors = {};
      for (const d of signed.missing)
        errors[`pledge_${d}`] = request.t('group.pledge.error', { statement: request.t(`group.pledge.short.${d}`) });
      const typed = Object.fromEntries(ticked.map((d) => [`pledge_${d}`, 'yes']));
      return groupPage(request, reply, { errors, typed, status: 400 });
    }
    return groupPage(request, reply, { errors: { pledge: request.t('group.error.pledge') }, status: 409 });
  });

  app.post(`${GROUPS_PATH}/:id/submit`, async (request, reply) => {
    const g = await ownGroup(request);
    const sent = await submitGroup(deps, (request.account as Account).id, g.id);
    if (sent.ok) return reply.redirect(`${groupPath(g.id)}?done=${sent.pledgeAsked ? 'pledgeAsked' : 'sent'}`, 303);
    if (sent.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    const key = sent.problem === 'NO_PARTICIPANTS' ? 'group.error.noParticipants' : 'group.error.notNow';
    return groupPage(request, reply, { errors: { participants: request.t(key) }, status: 409 });
  });

  app.post(`${GROUPS_PATH}/:id/withdraw`, async (request, reply) => {
    const g = await ownGroup(request);
    const done = await withdrawGroup(deps, (request.account as Account).id, g.id);
    if (done.ok) return reply.redirect(`${GROUPS_PATH}?done=withdrawn`, 303);
    return groupPage(request, reply, { errors: { participants: request.t('group.error.notNow') }, status: 409 });
  });

  app.post(`${GROUPS_PATH}/:id/extension`, async (request, reply) => {
    const g = await ownGroup(request);
    const body = readFields(request.body, 40_000);
    const typed = {
      to_day: body.to_day ?? '',
      to_month: body.to_month ?? '',
      to_year: body.to_year ?? '',
      reason: body.reason ?? '',
    };
    const asked = await requestExtension(
      deps,
      (request.account as Account).id,
      g.id,
      { to: dayOf(typed, 'to'), reason: typed.reason },
      now(),
    );
    if (asked.ok) return reply.redirect(`${groupPath(g.id)}?done=extension`, 303);
    if (asked.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    const errors: FieldErrors = {};
    if (asked.problem === 'INVALID') {
      if (asked.fields.to)
        errors[datePartId('to', firstDatePart(request.lang))] = request.t(`group.error.extension.${asked.fields.to}`);
      if (asked.fields.reason) errors.reason = request.t(`group.error.reason.${asked.fields.reason}`);
    } else errors.reason = request.t('group.error.notNow');
    return groupPage(request, reply, { errors, typed, status: asked.problem === 'INVALID' ? 400 : 409 });
  });

  app.post(`${GROUPS_PATH}/:id/sheet`, async (request, reply) => {
    const g = await ownGroup(request);
    const sheet = await openPasswordSheet(
      { ...deps, passwords: app.deps.passwords },
      (request.account as Account).id,
      g.id,
    );
    if (!sheet.ok) {
      if (sheet.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
      return groupPage(request, reply, { errors: { participants: request.t('group.error.notNow') }, status: 409 });
    }
    // A page with passwords is never kept by a cache.
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, <PasswordSheetPage frame={frameOf(request, reply)} group={g} rows={sheet.rows} />);
  });
}
