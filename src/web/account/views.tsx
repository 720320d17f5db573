// The frame of the account holder's pages (their pages, who is logged in, Log out)
// and the pages around logging in.
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../db/user-accounts.js';
import type { MessageKey } from '../../i18n/index.js';
import { sendHtml } from '../render.js';
import { BackLink, Button, ErrorSummary, type FieldErrors, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { errorTitle, type PageContext, pageContext } from '../views/page.js';

const pages: [string, MessageKey][] = [
  ['/account', 'user.nav.info'],
  ['/account/ssh-keys', 'user.nav.sshKeys'],
  ['/account/password', 'user.nav.password'],
  ['/account/requests', 'request.nav'],
  ['/account/renewal', 'user.nav.renewal'],
  ['/account/usage-plan', 'plan.nav'],
  ['/account/groups', 'group.nav'],
];

/** Every page of a logged-in account holder: their pages, the account name, Log out; errors above the heading. */
export function AccountLayout(props: {
  page: PageContext;
  account: string;
  csrf: string;
  title: string;
  /** This page's address, marked in the navigation. */
  current: string;
  errors?: FieldErrors;
  scripts?: string[];
  /** Locked for not renewing: the renewal pages are the only ones this holder reaches. */
  renewalOnly?: boolean;
  /** Shown above the error summary (a Back link). */
  before?: Children;
  children: Children;
}) {
  const { page } = props;
  const { t } = page;
  const errors = props.errors ?? {};
  return (
    <Layout page={page} title={errorTitle(page, props.title, errors)} scripts={props.scripts ?? []}>
      <div class="staff-bar">
        <nav aria-label={t('user.service')} class="staff-bar__nav">
          {(props.renewalOnly ? pages.filter(([href]) => href === '/account/renewal') : pages).map(([href, key]) => (
            <a href={href} class="link" aria-current={href === props.current ? 'page' : undefined} safe>
              {t(key)}
            </a>
          ))}
        </nav>
        <span safe>{t('user.signedInAs', { account: props.account })}</span>
        <form method="post" action="/logout" class="staff-bar__logout">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button button--secondary" safe>
            {t('user.logout')}
          </button>
        </form>
      </div>
      {props.before ?? ''}
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <h1 class="heading-l" safe>
        {props.title}
      </h1>
      {props.children}
    </Layout>
  );
}

/** The frame of a question page of the logged-in holder: the layout with a Back link and the error summary. */
export function AccountFormLayout(props: {
  page: PageContext;
  account: string;
  csrf: string;
  title: string;
  current: string;
  errors?: FieldErrors;
  back?: string;
  scripts?: string[];
  renewalOnly?: boolean;
  children: Children;
}) {
  const { page } = props;
  return (
    <AccountLayout
      page={page}
      account={props.account}
      csrf={props.csrf}
      title={props.title}
      current={props.current}
      renewalOnly={props.renewalOnly ?? false}
      errors={props.errors ?? {}}
      scripts={props.scripts ?? []}
      before={props.back ? <BackLink href={props.back} label={page.t('applyStep.back')} /> : ''}
    >
      {props.children}
    </AccountLayout>
  );
}

/**
 * A question page of the logged-in holder (a request's form): the layout with a Back
 * link and the error summary; 400 when there are errors.
 */
export function accountFormPage(
  request: FastifyRequest,
  reply: FastifyReply,
  p: {
    title: string;
    current: string;
    errors?: FieldErrors;
    back?: string;
    body: Children;
    status?: number;
    scripts?: string[];
    renewalOnly?: boolean;
  },
) {
  const { body, status, ...frame } = p;
  return sendHtml(
    reply,
    <AccountFormLayout
      {...frame}
      page={pageContext(request)}
      account={(request.account as Account).uid}
      csrf={reply.generateCsrf()}
    >
      {body}
    </AccountFormLayout>,
    status ?? (Object.keys(p.errors ?? {}).length ? 400 : 200),
  );
}

export function LoginPage(props: { page: PageContext; csrf: string; accountName: string; errors: FieldErrors }) {
  const { page, errors } = props;
  const { t } = page;
  return (
    <Layout page={page} title={errorTitle(page, t('user.login.title'), errors)}>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <h1 class="heading-l" safe>
        {t('user.login.title')}
      </h1>
      <p class="body" safe>
        {t('user.login.intro')}
      </p>
      <form method="post" action="/login" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput
          name="accountName"
          autocomplete="username"
          spellcheck={false}
          label={t('user.login.accountName')}
          value={props.accountName}
          error={errors.accountName}
        />
        <TextInput name="password" type="password" autocomplete="current-password" label={t('user.login.password')} />
        <Button label={t('user.login.submit')} />
      </form>
      <p class="body">
        <a href="/login/recover" class="link" safe>
          {t('user.login.forgot')}
        </a>
      </p>
      <p class="body">
        <a href="/apply" class="link" safe>
          {t('user.login.noAccount')}
        </a>
      </p>
    </Layout>
  );
}

/** Why a locked account cannot log in, and what to do; shown only after the right password. */
export function LockedPage(props: { page: PageContext; account: string; reason: MessageKey; contact: string }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('user.locked.title')}>
      <h1 class="heading-l" safe>
        {t('user.locked.title')}
      </h1>
      <p class="body" safe>
        {t(props.reason, { account: props.account })}
      </p>
      <p class="body" safe>
        {t('user.locked.contact', { email: props.contact })}
      </p>
    </Layout>
  );
}
