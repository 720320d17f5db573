// Settings for administrators (GET /staff/settings): closures of the application
// system, acceptance of new applications per service with their notices, and the
// lists the form checks against (free mail domains, reserved account names). The
// same as `sc-account notices …` and `sc-account lists …`; every change is in the
// audit log with what it was before and after. The page is in settings-page.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type CheckList, listEntries } from '../../db/applications.js';
import { listClosures, listServiceAcceptance } from '../../db/notices.js';
import type { Staff } from '../../db/schema-staff.js';
import { type CheckListName, checkListNames, isListEntry, normaliseListEntry } from '../../domain/check-lists.js';
import { isService, parseCentreInput, type Service } from '../../domain/notices.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import { addClosureWindow, removeClosureWindow, setServiceAccepting } from '../../services/notices.js';
import { changeCheckList } from '../../services/settings.js';
import { readFields, readForm } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { SettingsPage, type Typed } from './settings-page.js';

const text = z.string().max(4000).default('');

export async function settingsRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  const show = async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, typed: Typed = {}) => {
    const [closures, services, freeMail, reserved] = await Promise.all([
      listClosures(db, new Date()),
      listServiceAcceptance(db),
      listEntries(db, 'free-mail'),
      listEntries(db, 'reserved-names'),
    ]);
    return sendHtml(
      reply,
      <SettingsPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        closures={closures}
        services={services}
        lists={{ 'free-mail': freeMail, 'reserved-names': reserved }}
        errors={errors}
        typed={typed}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  };
  const actor = (request: FastifyRequest) => `staff:${(request.staff as Staff).id}`;

  app.get('/staff/settings', (request, reply) => show(request, reply));

  app.post('/staff/settings/closures', async (request, reply) => {
    const input = readForm(
      z.object({ from: text, until: text, reasonJa: text, reasonEn: text, loginsBlocked: text }),
      request.body,
    );
    const t = request.t;
    const from = parseCentreInput(input.from);
    const until = parseCentreInput(input.until);
    const outcome = await addClosureWindow(db, actor(request), {
      startsAt: from ?? new Date(Number.NaN),
      endsAt: until ?? new Date(Number.NaN),
      reasonJa: input.reasonJa,
      reasonEn: input.reasonEn,
      loginsAllowed: input.loginsBlocked !== 'yes',
    });
    if (outcome.ok) return reply.redirect('/staff/settings#closures', 303);
    const errors: FieldErrors = {};
    const f = outcome.fields;
    if (f.startsAt) errors.from = t('staff.settings.error.time');
    if (f.endsAt) errors.until = t(f.endsAt === 'order' ? 'staff.settings.error.order' : 'staff.settings.error.time');
    if (f.reasonJa) errors.reasonJa = t('staff.settings.error.reason');
    if (f.reasonEn) errors.reasonEn = t('staff.settings.error.reason');
    return show(request, reply, errors, input);
  });

  app.post('/staff/settings/closures/:id/remove', async (request, reply) => {
    await removeClosureWindow(db, actor(request), idParam(request));
    return reply.redirect('/staff/settings#closures', 303);
  });

  app.post('/staff/settings/services/:service', async (request, reply) => {
    const service = (request.params as { service?: unknown }).service;
    if (!isService(service)) throw new AppError('NOT_FOUND');
    const body = readForm(z.record(z.string(), z.string().max(4000)), request.body);
    const t = request.t;
    const s: Service = service;
    const outcome = await setServiceAccepting(db, actor(request), s, {
      accepting: body.accepting === 'yes',
      noticeJa: body[`noticeJa_${s}`] ?? '',
      noticeEn: body[`noticeEn_${s}`] ?? '',
      url: body[`url_${s}`] ?? '',
    });
    if (outcome.ok) return reply.redirect('/staff/settings#services', 303);
    const errors: FieldErrors = {};
    if (outcome.fields.noticeJa) errors[`noticeJa_${s}`] = t('staff.settings.error.notice');
    if (outcome.fields.noticeEn) errors[`noticeEn_${s}`] = t('staff.settings.error.notice');
    if (outcome.fields.url) errors[`url_${s}`] = t('staff.settings.error.url');
    return show(request, reply, errors, body);
  });

  app.post('/staff/settings/lists/:list', async (request, reply) => {
    const list = (request.params as { list?: unknown }).list;
    if (!checkListNames.includes(list as CheckListName)) throw new AppError('NOT_FOUND');
    const which = list as CheckListName;
    const body = readFields(request.body, 300);
    const entry = normaliseListEntry(body[`entry_${which}`] ?? '');
    if (!isListEntry(which, entry)) {
      return show(
        request,
        reply,
        { [`entry_${which}`]: request.t(`staff.settings.error.${which}` as MessageKey) },
        body,
      );
    }
    const remove = body.action === 'remove';
    await changeCheckList(db, actor(request), which as CheckList, entry, remove);
    return reply.redirect(`/staff/settings#list-${which}`, 303);
  });
}
