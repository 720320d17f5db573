// Staff accounts for administrators (GET /staff/people): the list with role and
// state, making an account (the one-time enrolment link is shown once, to pass on),
// changing a role, disabling and enabling, and a new enrolment link. The same as
// `sc-account staff …`; every change is audited. An administrator cannot change or
// disable their own account here (so the console always keeps one administrator).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Staff } from '../../db/schema-staff.js';
import { findStaffByEmail, getStaff, listStaff } from '../../db/staff.js';
import { checkEmail } from '../../domain/email-address.js';
import { isStaffRole, staffRoles } from '../../domain/staff.js';
import { checkText } from '../../domain/text.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import { changeStaffRole, createStaffMember, resetStaffMember, setStaffMemberDisabled } from '../../services/staff.js';
import { readForm } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import { Button, type FieldErrors, Select, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { type PageContext, pageContext } from '../views/page.js';
import { StaffPage } from './views.js';

function PeoplePage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  people: Staff[];
  errors: FieldErrors;
  typed: Record<string, string>;
  /** A link just made, shown once. */
  link?: { email: string; url: string } | undefined;
}) {
  const { page, staff, csrf, errors, typed } = props;
  const { t } = page;
  const title = t('staff.people.title');
  const roleOptions = staffRoles.map((r) => ({ value: r, label: t(`staff.role.${r}` as MessageKey) }));
  const state = (p: Staff) =>
    p.disabled_at ? t('staff.people.disabled') : p.enrolled_at ? t('staff.people.active') : t('staff.people.pending');
  return (
    <StaffPage page={page} staff={staff} csrf={csrf} title={title} errors={errors}>
      {props.link ? (
        <div class="notification-banner" role="status">
          <div class="notification-banner__content">
            <p class="body" safe>
              {t('staff.people.link', { email: props.link.email })}
            </p>
            <p class="code-block" id="enrolment-link" safe>
              {props.link.url}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      <table class="table">
        <thead>
          <tr>
            <th scope="col" safe>
              {t('staff.people.name')}
            </th>
            <th scope="col" safe>
              {t('staff.login.email')}
            </th>
            <th scope="col" safe>
              {t('staff.people.role')}
            </th>
            <th scope="col" safe>
              {t('staff.people.state')}
            </th>
            <th scope="col" safe>
              {t('staff.people.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.people.map((p) => (
            <tr>
              <td safe>{p.name}</td>
              <td safe>{p.email}</td>
              <td safe>{t(`staff.role.${p.role}` as MessageKey)}</td>
              <td safe>{state(p)}</td>
              <td>
                {p.id === staff.id ? (
                  ''
                ) : (
                  <form method="post" action={`/staff/people/${p.id}`} class="inline-form">
                    <CsrfField token={csrf} />
                    <label class="visually-hidden" for={`role-${p.id}`} safe>
                      {`${t('staff.people.role')} ${p.name}`}
                    </label>
                    <select class="select" id={`role-${p.id}`} name="role">
                      {roleOptions.map((o) => (
                        <option value={o.value} selected={o.value === p.role} safe>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" name="action" value="role" class="button button--secondary" safe>
                      {t('staff.people.changeRole')}
                    </button>
                    <button
                      type="submit"
                      name="action"
                      value={p.disabled_at ? 'enable' : 'disable'}
                      class="button button--secondary"
                      safe
                    >
                      {p.disabled_at ? t('staff.people.enable') : t('staff.people.disable')}
                    </button>
                    <button type="submit" name="action" value="reset" class="button button--secondary" safe>
                      {t('staff.people.reset')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 class="heading-m" safe>
        {t('staff.people.add')}
      </h2>
      <form method="post" action="/staff/people" novalidate>
        <CsrfField token={csrf} />
        <TextInput
          name="email"
          type="email"
          label={t('staff.login.email')}
          value={typed.email ?? ''}
          error={errors.email}
          spellcheck={false}
        />
        <TextInput name="name" label={t('staff.people.name')} value={typed.name ?? ''} error={errors.name} />
        <Select
          name="role"
          label={t('staff.people.role')}
          placeholder={t('applyStep.choose')}
          options={roleOptions}
          value={typed.role ?? ''}
          error={errors.role}
        />
        <Button label={t('staff.people.create')} />
      </form>
    </StaffPage>
  );
}

export async function peopleRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const config = app.deps.config;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; typed?: Record<string, string>; link?: { email: string; url: string } } = {},
  ) =>
    sendHtml(
      reply,
      <PeoplePage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        people={await listStaff(db)}
        errors={extra.errors ?? {}}
        typed={extra.typed ?? {}}
        link={extra.link}
      />,
      extra.errors && Object.keys(extra.errors).length ? 400 : 200,
    );

  app.get('/staff/people', (request, reply) => show(request, reply));

  app.post('/staff/people', async (request, reply) => {
    const admin = request.staff as Staff;
    const input = readForm(
      z.object({
        email: z.string().max(320).default(''),
        name: z.string().max(400).default(''),
        role: z.string().max(20).default(''),
      }),
      request.body,
    );
    const t = request.t;
    const errors: FieldErrors = {};
    const email = checkEmail(input.email, { freeMailDomains: [] });
    if (!email.ok || !('address' in email)) errors.email = t('applyEmail.error.invalid');
    else if (await findStaffByEmail(db, email.address)) errors.email = t('staff.people.error.exists');
    const name = checkText(input.name, { max: 200 });
    if (!name.ok) errors.name = t('staff.people.error.name');
    if (!isStaffRole(input.role)) errors.role = t('staff.people.error.role');
    if (Object.keys(errors).length || !email.ok || !('address' in email) || !name.ok || !isStaffRole(input.role)) {
      return show(request, reply, { errors, typed: input });
    }
    const address = email.address;
    const { enrolmentUrl: url } = await createStaffMember(
      db,
      `staff:${admin.id}`,
      { email: address, name: name.value, role: input.role },
      config.baseUrl,
    );
    return show(request, reply, { link: { email: address, url } });
  });

  app.post('/staff/people/:id', async (request, reply) => {
    const admin = request.staff as Staff;
    const person = await getStaff(db, idParam(request));
    if (!person) throw new AppError('NOT_FOUND');
    if (person.id === admin.id) throw new AppError('FORBIDDEN');
    // Buttons, nothing typed: a choice that is none of them is refused (400), not ignored.
    const input = z
      .object({ action: z.string().max(20).default(''), role: z.string().max(20).default('') })
      .parse(request.body ?? {});
    const actor = `staff:${admin.id}`;
    let link: string | undefined;
    if (input.action === 'role' && isStaffRole(input.role)) await changeStaffRole(db, actor, person, input.role);
    else if (input.action === 'disable' || input.action === 'enable')
      await setStaffMemberDisabled(db, actor, person.id, input.action === 'disable');
    else if (input.action === 'reset') link = await resetStaffMember(db, actor, person.id, config.baseUrl);
    if (link) return show(request, reply, { link: { email: person.email, url: link } });
    return reply.redirect('/staff/people', 303);
  });
}
