// A group's participant answers their one-time link (GET/POST /group-invitation?token=…):
// opening it confirms their address; they choose an account name and give an SSH public
// key (the application's rules for both) and accept the terms of use. The button uses
// the link up. The token travels in the query (redacted from logs) and a hidden field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentTerms } from '../../db/settings.js';
import { formatDay } from '../../i18n/statement-lines.js';
import {
  answerInvitation,
  findInvitation,
  type InvitationField,
  type InvitationProblem,
  type InvitationView,
} from '../../services/group-accounts.js';
import { nameMessages, sshKeyMessages } from '../apply/account-step.js';
import { termsPage } from '../apply/links.js';
import { readFields } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { Button, Checkbox, ErrorSummary, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { MessagePage, sendMessage } from '../views/message-page.js';
import { errorTitle, type PageContext, pageContext } from '../views/page.js';

export const INVITATION_PATH = '/group-invitation';

function InvitationPage(props: {
  page: PageContext;
  csrf: string;
  token: string;
  invitation: InvitationView;
  termsVersion: string;
  typed: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, invitation: p, typed, errors } = props;
  const { t, lang } = page;
  const title = t('invitation.title', { title: p.title });
  return (
    <Layout page={page} title={errorTitle(page, title, errors)}>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <h1 class="heading-l" safe>
        {title}
      </h1>
      <p class="body" safe>
        {t('invitation.intro', {
          name: `${p.family_name} ${p.given_name}`,
          email: p.email,
          endsOn: formatDay(p.ends_on, lang),
        })}
      </p>
      <form method="post" action={INVITATION_PATH} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <input type="hidden" name="termsVersion" value={props.termsVersion} />
        <TextInput
          name="accountName"
          label={t('account.name')}
          hint={t('account.nameRules')}
          autocomplete="username"
          spellcheck={false}
          value={typed.accountName}
          error={errors.accountName}
        />
        <Textarea
          name="sshKey"
          label={t('invitation.sshKey')}
          hint={t('invitation.sshKeyHint')}
          value={typed.sshKey}
          error={errors.sshKey}
          rows={4}
        />
        <p class="body">
          <a href="/apply#ssh-key" class="link" safe>
            {t('applyStart.ssh.heading')}
          </a>
        </p>
        <p class="body">
          <a href={termsPage('terms_of_use', props.termsVersion)} class="link" safe>
            {t('check.termsOfUse', { version: props.termsVersion })}
          </a>
        </p>
        <Checkbox name="terms" label={t('invitation.terms')} checked={typed.terms === 'yes'} error={errors.terms} />
        <Button label={t('invitation.submit')} />
      </form>
    </Layout>
  );
}

const problemKey = (field: InvitationField, problem: InvitationProblem) => {
  if (field === 'terms')
    return problem === 'TERMS_CHANGED' ? 'invitation.error.termsChanged' : 'invitation.error.terms';
  if (field === 'sshKey')
    return problem === 'SSH_KEY_REQUIRED'
      ? 'invitation.error.sshKeyRequired'
      : sshKeyMessages[problem as keyof typeof sshKeyMessages];
  return problem === 'ACCOUNT_NAME_TAKEN'
    ? 'account.error.nameTaken'
    : nameMessages[problem as keyof typeof nameMessages];
};

export async function invitationRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const deps = useCaseDeps(app);

  const gone = (request: FastifyRequest, reply: FastifyReply) =>
    sendMessage(request, reply, { title: 'invitation.gone.title', body: 'invitation.gone.body' }, 410);

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    invitation: InvitationView,
    typed: Record<string, string>,
    errors: FieldErrors,
  ) =>
    sendHtml(
      reply,
      <InvitationPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        token={token}
        invitation={invitation}
        termsVersion={(await currentTerms(db, 'terms_of_use')).version}
        typed={typed}
        errors={errors}
      />,
      Object.keys(errors).length ? 400 : 200,
    );

  app.get(INVITATION_PATH, async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    const invitation = await findInvitation(db, token, app.deps.now());
    if (!invitation) return gone(request, reply);
    // A link in a mail is not kept by caches or sent on as a referrer.
    reply.header('cache-control', 'no-store');
    return show(request, reply, token, invitation, {}, {});
  });

  app.post(INVITATION_PATH, { config: { rateLimit: { max: 30, timeWindow: 10 * 60_000 } } }, async (request, reply) => {
    const body = readFields(request.body, 100_000);
    const token = body.token ?? '';
    const invitation = await findInvitation(db, token, app.deps.now());
    if (!invitation) return gone(request, reply);
    const typed = {
      accountName: body.accountName ?? '',
      sshKey: body.sshKey ?? '',
      terms: body.terms === 'yes' ? 'yes' : '',
    };
    const answered = await answerInvitation(
      deps,
      token,
      { ...typed, terms: typed.terms === 'yes', termsVersion: (body.termsVersion ?? '').slice(0, 100) },
      app.deps.now(),
    );
    if (answered.ok) {
      const page = pageContext(request);
      return sendHtml(
        reply,
        <MessagePage
          page={page}
          title={page.t('invitation.done.title')}
          body={page.t('invitation.done.body', { title: invitation.title })}
        />,
      );
    }
    if (answered.problem === 'GONE') return gone(request, reply);
    const errors: FieldErrors = {};
    for (const field of ['accountName', 'sshKey', 'terms'] as const) {
      const problem = answered.fields[field];
      if (problem) errors[field] = request.t(problemKey(field, problem));
    }
    // A private key pasted by mistake is not sent back to the page.
    if (answered.fields.sshKey === 'PRIVATE_KEY') typed.sshKey = '';
    return show(request, reply, token, invitation, typed, errors);
  });
}
