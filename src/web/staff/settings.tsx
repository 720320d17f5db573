// Settings for administrators (GET /staff/settings): closures of the application
// system, acceptance of new applications per service with their notices, and the
// lists the form checks against (free mail domains, reserved account names). The
// same as `sc-account notices …` and `sc-account lists …`; every change is in the
// audit log with what it was before and after.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type CheckList, listEntries } from '../../db/applications.js';
import { listClosures, listServiceAcceptance } from '../../db/notices.js';
import type { Staff } from '../../db/schema-staff.js';
import { type CheckListName, checkListNames, isListEntry, normaliseListEntry } from '../../domain/check-lists.js';
import { formatCentreTime, isService, parseCentreInput, type Service } from '../../domain/notices.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import { addClosureWindow, removeClosureWindow, setServiceAccepting } from '../../services/notices.js';
import { changeCheckList } from '../../services/settings.js';
import { readFields, readForm } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import { Button, Checkbox, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { serviceName } from '../views/notices.js';
import { type PageContext, pageContext } from '../views/page.js';
import { SettingsFrame } from './views.js';

type Typed = Record<string, string>;

interface SettingsProps {
  page: PageContext;
  staff: Staff;
  csrf: string;
  closures: Awaited<ReturnType<typeof listClosures>>;
  services: Awaited<ReturnType<typeof listServiceAcceptance>>;
  lists: Record<CheckListName, string[]>;
  errors: FieldErrors;
  typed: Typed;
}

function SettingsPage(props: SettingsProps) {
  const { page, staff, csrf, errors, typed } = props;
  const { t, lang } = page;
  const title = t('staff.settings.title');
  return (
    <SettingsFrame page={page} staff={staff} csrf={csrf} title={title} current="/staff/settings" errors={errors}>
      <h2 class="heading-m" id="closures" safe>
        {t('staff.settings.closures')}
      </h2>
      {props.closures.length === 0 ? (
        <p class="body" safe>
          {t('staff.settings.noClosures')}
        </p>
      ) : (
        <ul class="list">
          {props.closures.map((c) => (
            <li>
              <form method="post" action={`/staff/settings/closures/${c.id}/remove`} class="inline-form">
                <CsrfField token={csrf} />
                <span safe>
                  {`${formatCentreTime(c.startsAt, lang)} – ${formatCentreTime(c.endsAt, lang)}: ${lang === 'ja' ? c.reasonJa : c.reasonEn}`}
                </span>
                <button type="submit" class="button button--secondary" safe>
                  {t('staff.settings.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/staff/settings/closures" novalidate>
        <CsrfField token={csrf} />
        <TextInput
          name="from"
          label={t('staff.settings.from')}
          hint={t('staff.settings.timeHint')}
          value={typed.from ?? ''}
          error={errors.from}
        />
        <TextInput
          name="until"
          label={t('staff.settings.until')}
          hint={t('staff.settings.timeHint')}
          value={typed.until ?? ''}
          error={errors.until}
        />
        <TextInput
          name="reasonJa"
          label={t('staff.settings.reasonJa')}
          value={typed.reasonJa ?? ''}
          error={errors.reasonJa}
        />
        <TextInput
          name="reasonEn"
          label={t('staff.settings.reasonEn')}
          value={typed.reasonEn ?? ''}
          error={errors.reasonEn}
        />
        <Checkbox
          name="loginsBlocked"
          label={t('staff.settings.loginsBlocked')}
          checked={typed.loginsBlocked === 'yes'}
        />
        <Button label={t('staff.settings.addClosure')} />
      </form>

      <h2 class="heading-m" id="services" safe>
        {t('staff.settings.services')}
      </h2>
      {props.services.map((s) => (
        <section class="summary-card" aria-labelledby={`service-${s.service}`}>
          <div class="summary-card__title-wrapper">
            <h3 class="summary-card__title heading-s" id={`service-${s.service}`} safe>
              {serviceName(page, s.service)}
            </h3>
            <span safe>{s.accepting ? t('staff.settings.accepting') : t('staff.settings.suspended')}</span>
          </div>
          <form method="post" action={`/staff/settings/services/${s.service}`} class="settings-service" novalidate>
            <CsrfField token={csrf} />
            {s.accepting ? (
              <>
                <input type="hidden" name="accepting" value="no" />
                <Textarea
                  name={`noticeJa_${s.service}`}
                  label={t('staff.settings.noticeJa')}
                  value={typed[`noticeJa_${s.service}`] ?? ''}
                  error={errors[`noticeJa_${s.service}`]}
                  rows={2}
                />
                <Textarea
                  name={`noticeEn_${s.service}`}
                  label={t('staff.settings.noticeEn')}
                  value={typed[`noticeEn_${s.service}`] ?? ''}
                  error={errors[`noticeEn_${s.service}`]}
                  rows={2}
                />
                <TextInput
                  name={`url_${s.service}`}
                  type="url"
                  label={t('staff.settings.url')}
                  value={typed[`url_${s.service}`] ?? ''}
                  error={errors[`url_${s.service}`]}
                />
                <Button label={t('staff.settings.suspend')} />
              </>
            ) : (
              <>
                <p class="body" safe>
                  {(lang === 'ja' ? s.noticeJa : s.noticeEn) ?? ''}
                </p>
                <input type="hidden" name="accepting" value="yes" />
                <Button label={t('staff.settings.resume')} />
              </>
            )}
          </form>
        </section>
      ))}

      {checkListNames.map((list) => (
        <>
          <h2 class="heading-m" id={`list-${list}`} safe>
            {t(`staff.settings.list.${list}` as MessageKey)}
          </h2>
          <p class="body settings-list" safe>
            {props.lists[list].sort().join(', ')}
          </p>
          <form method="post" action={`/staff/settings/lists/${list}`} class="inline-form" novalidate>
            <CsrfField token={csrf} />
            <TextInput
              name={`entry_${list}`}
              label={t('staff.settings.entry')}
              value={typed[`entry_${list}`] ?? ''}
              error={errors[`entry_${list}`]}
              spellcheck={false}
            />
            <button type="submit" name="action" value="add" class="button" safe>
              {t('staff.settings.add')}
            </button>
            <button type="submit" name="action" value="remove" class="button button--secondary" safe>
              {t('staff.settings.remove')}
            </button>
          </form>
        </>
      ))}
    </SettingsFrame>
  );
}

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
