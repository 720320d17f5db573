// Pages of the staff console's sign-in, enrolment and frame.
import type { Children } from '@kitajs/html';
import type { Staff } from '../../db/schema-staff.js';
import { can } from '../../domain/staff.js';
import { type MessageKey, sentences } from '../../i18n/index.js';
import { Button, ErrorSummary, type FieldErrors, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { errorTitle, type PageContext } from '../views/page.js';

/** The pages of Settings, the one shown marked as current. */
export function SettingsNav({ page, current }: { page: PageContext; current: string }) {
  const { t } = page;
  const pages: [string, MessageKey][] = [
    ['/staff/settings', 'staff.settings.nav.notices'],
    ['/staff/settings/texts', 'settingsText.title'],
    ['/staff/settings/mail', 'settingsMail.title'],
  ];
  return (
    <nav aria-label={t('staff.settings.title')} class="sub-nav">
      <ul class="sub-nav__list">
        {pages.map(([href, key]) => (
          <li class="sub-nav__item">
            <a href={href} class="link" aria-current={href === current ? 'page' : undefined} safe>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The frame of a Settings page: errors, the Settings pages, the heading. */
export function SettingsFrame(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  title: string;
  /** The address of this page, marked in the Settings pages. */
  current: string;
  errors: FieldErrors;
  children: Children;
}) {
  const { page } = props;
  return (
    <StaffPage
      page={page}
      staff={props.staff}
      csrf={props.csrf}
      title={props.title}
      errors={props.errors}
      before={<SettingsNav page={page} current={props.current} />}
    >
      {props.children}
    </StaffPage>
  );
}

/** A staff page with a form: "Error:" in the title and the error summary while it has errors, then the heading. */
export function StaffPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  title: string;
  errors: FieldErrors;
  /** Between the error summary and the heading (the Settings pages' navigation). */
  before?: Children;
  children: Children;
}) {
  const { page } = props;
  return (
    <StaffLayout page={page} staff={props.staff} csrf={props.csrf} title={errorTitle(page, props.title, props.errors)}>
      <ErrorSummary title={page.t('applyEmail.error.summary')} errors={props.errors} />
      {props.before ?? ''}
      <h1 class="heading-l" safe>
        {props.title}
      </h1>
      {props.children}
    </StaffLayout>
  );
}

/** The frame of every page a signed-in staff member sees: who they are and Sign out. */
export function StaffLayout(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  title: string;
  children: Children;
}) {
  const { page, staff } = props;
  const { t } = page;
  return (
    <Layout page={page} title={`${props.title} – ${t('staff.service')}`}>
      <div class="staff-bar">
        <nav aria-label={t('staff.service')} class="staff-bar__nav">
          <a href="/staff/applications" class="link" safe>
            {t('staff.nav.applications')}
          </a>
          <a href="/staff/requests" class="link" safe>
            {t('staff.nav.requests')}
          </a>
          <a href="/staff/renewal" class="link" safe>
            {t('staff.nav.renewal')}
          </a>
          <a href="/staff/plans" class="link" safe>
            {t('staff.nav.plans')}
          </a>
          <a href="/staff/groups" class="link" safe>
            {t('staff.nav.groups')}
          </a>
          <a href="/staff/sign-in-activity" class="link" safe>
            {t('staff.nav.signIns')}
          </a>
          <a href="/staff/tokens" class="link" safe>
            {t('staff.nav.tokens')}
          </a>
          {can(staff.role, 'accounts.provision') ? (
            <a href="/staff/certificates" class="link" safe>
              {t('staff.nav.certificates')}
            </a>
          ) : (
            ''
          )}
          {can(staff.role, 'settings.manage') ? (
            <a href="/staff/settings" class="link" safe>
              {t('staff.nav.settings')}
            </a>
          ) : (
            ''
          )}
          {can(staff.role, 'settings.manage') ? (
            <a href="/staff/webhooks" class="link" safe>
              {t('staff.nav.webhooks')}
            </a>
          ) : (
            ''
          )}
          {can(staff.role, 'staff.manage') ? (
            <a href="/staff/people" class="link" safe>
              {t('staff.nav.people')}
            </a>
          ) : (
            ''
          )}
          {can(staff.role, 'audit.read') ? (
            <a href="/staff/audit" class="link" safe>
              {t('staff.nav.audit')}
            </a>
          ) : (
            ''
          )}
        </nav>
        <span safe>
          {t('staff.signedInAs', { name: staff.name, role: t(`staff.role.${staff.role}` as MessageKey) })}
        </span>
        <form method="post" action="/staff/logout" class="staff-bar__logout">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button button--secondary" safe>
            {t('staff.logout')}
          </button>
        </form>
      </div>
      {props.children}
    </Layout>
  );
}

export function LoginPage(props: { page: PageContext; csrf: string; email: string; errors: FieldErrors }) {
  const { page, errors } = props;
  const { t } = page;
  return (
    <Layout page={page} title={errorTitle(page, t('staff.login.title'), errors)}>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <h1 class="heading-l" safe>
        {t('staff.login.title')}
      </h1>
      <form method="post" action="/staff" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput
          name="email"
          type="email"
          autocomplete="username"
          spellcheck={false}
          label={t('staff.login.email')}
          value={props.email}
          error={errors.email}
        />
        <TextInput name="password" type="password" autocomplete="current-password" label={t('staff.login.password')} />
        <Button label={t('staff.login.submit')} />
      </form>
    </Layout>
  );
}

export function VerifyPage(props: { page: PageContext; csrf: string; errors: FieldErrors }) {
  const { page, errors } = props;
  const { t } = page;
  return (
    <Layout page={page} title={errorTitle(page, t('staff.verify.title'), errors)}>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <form method="post" action="/staff/verify" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput
          name="code"
          autocomplete="one-time-code"
          spellcheck={false}
          label={t('staff.verify.title')}
          isPageHeading
          hint={sentences(page.lang, t('staff.verify.code'), t('staff.verify.hint'))}
          width="10"
          error={errors.code}
        />
        <Button label={t('staff.verify.submit')} />
      </form>
    </Layout>
  );
}

export function EnrolPage(props: {
  page: PageContext;
  csrf: string;
  token: string;
  email: string;
  secret: string;
  errors: FieldErrors;
}) {
  const { page, errors } = props;
  const { t } = page;
  return (
    <Layout page={page} title={errorTitle(page, t('staff.enrol.title'), errors)}>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <h1 class="heading-l" safe>
        {t('staff.enrol.title')}
      </h1>
      <p class="body" safe>
        {t('staff.enrol.intro', { email: props.email })}
      </p>
      <form method="post" action="/staff/enrol" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <TextInput
          name="password"
          type="password"
          autocomplete="new-password"
          label={t('staff.enrol.password')}
          hint={t('staff.enrol.passwordHint')}
          error={errors.password}
        />
        <TextInput
          name="password2"
          type="password"
          autocomplete="new-password"
          label={t('staff.enrol.password2')}
          error={errors.password2}
        />
        <h2 class="heading-m" safe>
          {t('staff.enrol.totpHeading')}
        </h2>
        <p class="body" safe>
          {t('staff.enrol.totpIntro')}
        </p>
        <p>
          <img
            src={`/staff/enrol/qr.svg?token=${encodeURIComponent(props.token)}`}
            alt={t('staff.enrol.qrAlt')}
            width="200"
            height="200"
          />
        </p>
        <p class="code-block" id="totp-secret" safe>
          {props.secret.replace(/(.{4})/g, '$1 ').trim()}
        </p>
        <TextInput
          name="code"
          autocomplete="one-time-code"
          spellcheck={false}
          label={t('staff.enrol.code')}
          inputmode="numeric"
          width="5"
          error={errors.code}
        />
        <Button label={t('staff.enrol.submit')} />
      </form>
    </Layout>
  );
}

export function EnrolledPage({ page, codes }: { page: PageContext; codes: string[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('staff.enrol.done.title')}>
      <h1 class="heading-l" safe>
        {t('staff.enrol.done.title')}
      </h1>
      <p class="body" safe>
        {t('staff.enrol.done.codes')}
      </p>
      <ul class="list recovery-codes">
        {codes.map((c) => (
          <li>
            <code safe>{c}</code>
          </li>
        ))}
      </ul>
      {/* Kept: a text file saved, or the page printed (the button needs JavaScript; the browser's own print works without). */}
      <p class="body recovery-codes__keep">
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${t('staff.enrol.done.fileTitle')}\n\n${codes.join('\n')}\n`)}`}
          download="sc-account-recovery-codes.txt"
          class="button button--secondary"
          safe
        >
          {t('staff.enrol.done.download')}
        </a>{' '}
        <button type="button" class="button button--secondary" data-print hidden safe>
          {t('staff.enrol.done.print')}
        </button>
      </p>
      <p class="body">
        <a href="/staff" class="link" safe>
          {t('staff.enrol.done.signIn')}
        </a>
      </p>
    </Layout>
  );
}
