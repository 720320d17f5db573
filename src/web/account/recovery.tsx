// A forgotten password without a trusted mail channel: the holder proves they hold
// the private key of an SSH key registered for the account by signing a challenge
// with `ssh-keygen -Y sign -n sc-account`, then chooses a new password. Each attempt
// is a row (src/db/password-recovery.ts): 10 minutes, single use; the browser holds
// only its token. A name that is no account gets the same pages and fails at the signature.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../db/audit.js';
import { forgetLoginFailures } from '../../db/login-throttle.js';
import {
  createRecovery,
  findRecovery,
  markRecoveryVerified,
  type PasswordRecovery,
} from '../../db/password-recovery.js';
import { sshKeysOf } from '../../db/ssh-keys.js';
import { findAccountByName, getAccount } from '../../db/user-accounts.js';
import { throttleKey } from '../../domain/login-throttle.js';
import { verifySshSignature } from '../../domain/ssh-signature.js';
import { hashToken, newToken } from '../../domain/tokens.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { Button, ErrorSummary, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { MessagePage } from '../views/message-page.js';
import { errorTitle, type PageContext, pageContext } from '../views/page.js';
import { changePassword, NewPasswordFields, newPasswordErrors, strengthScript } from './new-password.js';
import { REISSUE_PATH } from './reissue.js';

export const RECOVERY_NAMESPACE = 'sc-account';
export const RECOVERY_LIFETIME_MS = 10 * 60_000;

const nameForm = z.object({ accountName: z.string().max(1000).default('') });
const signForm = z.object({ token: z.string().max(100).default(''), signature: z.string().max(20_000).default('') });
const passwordForm = z.object({
  token: z.string().max(100).default(''),
  password: z.string().max(4096).default(''),
  password2: z.string().max(4096).default(''),
});

/** The command the page shows; the challenge has only characters that need no quoting beyond '…'. */
export const signCommand = (challenge: string) =>
  `printf '%s' '${challenge}' | ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n ${RECOVERY_NAMESPACE}`;

/** Where a holder without a usable SSH key goes. */
function NoKey({ page }: { page: PageContext }) {
  return (
    <p class="body">
      <span safe>{page.t('user.recover.noKey')}</span>{' '}
      <a href={REISSUE_PATH} class="link" safe>
        {page.t('user.recover.noKeyLink')}
      </a>
    </p>
  );
}

export async function recoveryRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const limit = { config: { rateLimit: { max: 20, timeWindow: 10 * 60_000 } } };

  const frame = (page: PageContext, title: string, errors: FieldErrors, body: JSX.Element, scripts: string[] = []) => (
    <Layout page={page} title={errorTitle(page, title, errors)} scripts={scripts}>
      <ErrorSummary title={page.t('applyEmail.error.summary')} errors={errors} />
      {body}
    </Layout>
  );

  const showStart = (request: FastifyRequest, reply: FastifyReply, value = '', errors: FieldErrors = {}) => {
    const page = pageContext(request);
    const { t } = page;
    return sendHtml(
      reply,
      frame(
        page,
        t('user.recover.title'),
        errors,
        <>
          <h1 class="heading-l" safe>
            {t('user.recover.title')}
          </h1>
          <p class="body" safe>
            {t('user.recover.intro')}
          </p>
          <form method="post" action="/login/recover" novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <TextInput
              name="accountName"
              autocomplete="username"
              spellcheck={false}
              label={t('user.recover.accountName')}
              value={value}
              error={errors.accountName}
            />
            <Button label={t('user.recover.continue')} />
          </form>
          <NoKey page={page} />
        </>,
      ),
      Object.keys(errors).length ? 400 : 200,
    );
  };

  const showSign = (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    flow: PasswordRecovery,
    errors: FieldErrors = {},
    signature = '',
  ) => {
    const page = pageContext(request);
    const { t } = page;
    return sendHtml(
      reply,
      frame(
        page,
        t('user.recover.sign.title'),
        errors,
        <>
          <h1 class="heading-l" safe>
            {t('user.recover.sign.title')}
          </h1>
          <p class="body" safe>
            {t('user.recover.sign.intro')}
          </p>
          <pre class="code-block" id="sign-command">
            <code safe>{signCommand(flow.challenge)}</code>
          </pre>
          <p class="body" safe>
            {t('user.recover.sign.expires')}
          </p>
          <form method="post" action="/login/recover/sign" novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <input type="hidden" name="token" value={token} />
            <Textarea
              name="signature"
              label={t('user.recover.signature')}
              hint={t('user.recover.signatureHint')}
              value={signature}
              error={errors.signature}
              rows={8}
            />
            <Button label={t('user.recover.verify')} />
          </form>
          <NoKey page={page} />
        </>,
      ),
      Object.keys(errors).length ? 400 : 200,
    );
  };

  const showNewPassword = (request: FastifyRequest, reply: FastifyReply, token: string, errors: FieldErrors = {}) => {
    const page = pageContext(request);
    const { t } = page;
    return sendHtml(
      reply,
      frame(
        page,
        t('user.recover.new.title'),
        errors,
        <>
          <h1 class="heading-l" safe>
            {t('user.recover.new.title')}
          </h1>
          <form method="post" action="/login/recover/password" novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <input type="hidden" name="token" value={token} />
            <NewPasswordFields page={page} errors={errors} />
            <Button label={t('user.recover.new.submit')} />
          </form>
        </>,
        [strengthScript],
      ),
      Object.keys(errors).length ? 400 : 200,
    );
  };

  const expired = (request: FastifyRequest, reply: FastifyReply) =>
    sendHtml(
      reply,
      <MessagePage
        page={pageContext(request)}
        title={request.t('user.recover.title')}
        body={request.t('user.recover.expired')}
        link={{ href: '/login/recover', label: request.t('user.recover.title') }}
      />,
      410,
    );

  const audit = (flow: PasswordRecovery, action: string, details: Record<string, unknown>, request: FastifyRequest) =>
    recordAudit(db, {
      actor: flow.account_id ? `account:${flow.account_id}` : 'anonymous',
      action,
      subject: flow.account_id ? `account:${flow.account_id}` : null,
      details: { ...details, ip: request.ip },
    });

  app.get('/login/recover', (request, reply) => showStart(request, reply));

  app.post('/login/recover', limit, async (request, reply) => {
    const parsed = nameForm.safeParse(request.body ?? {});
    const name = (parsed.success ? parsed.data.accountName : '').trim().toLowerCase().slice(0, 64);
    if (!name) return showStart(request, reply, '', { accountName: request.t('user.recover.error.accountName') });
    const account = await findAccountByName(db, name);
    const token = newToken();
    const safeName = /^[a-z0-9_-]+$/.test(name) ? name : 'account';
    const flow = await createRecovery(db, {
      tokenHash: hashToken(token),
      accountId: account?.state === 'active' ? account.id : null,
      accountName: name,
      challenge: `${RECOVERY_NAMESPACE}:reset:${safeName}:${randomBytes(18).toString('base64url')}`,
      expiresAt: new Date(Date.now() + RECOVERY_LIFETIME_MS),
    });
    return showSign(request, reply, token, flow);
  });

  app.post('/login/recover/sign', limit, async (request, reply) => {
    const input = readForm(signForm, request.body);
    const flow = await findRecovery(db, hashToken(input.token), new Date());
    if (!flow || flow.verified_at) return expired(request, reply);
    const { t } = request;
    if (request.privateKeyFields.has('signature'))
      return showSign(request, reply, input.token, flow, { signature: t('user.recover.error.privateKey') });
    if (!input.signature.trim())
      return showSign(request, reply, input.token, flow, { signature: t('user.recover.error.required') });
    const keys = flow.account_id ? (await sshKeysOf(db, flow.account_id)).filter((k) => k.state === 'active') : [];
    const check = verifySshSignature(
      input.signature,
      flow.challenge,
      RECOVERY_NAMESPACE,
      keys.map((k) => k.public_key),
    );
    if (!check.ok) {
      await audit(flow, 'account.recovery.failed', { problem: check.problem }, request);
      const message =
        check.problem === 'malformed'
          ? t('user.recover.error.malformed')
          : check.problem === 'namespace'
            ? t('user.recover.error.namespace')
            : t('user.recover.error.bad');
      return showSign(request, reply, input.token, flow, { signature: message }, input.signature.slice(0, 20_000));
    }
    const key = keys[check.keyIndex];
    if (!key || !(await markRecoveryVerified(db, flow.id, key.fingerprint))) return expired(request, reply);
    await audit(flow, 'account.recovery.verified', { key: key.fingerprint }, request);
    return showNewPassword(request, reply, input.token);
  });

  app.post('/login/recover/password', limit, async (request, reply) => {
    const input = readForm(passwordForm, request.body);
    const now = new Date();
    const flow = await findRecovery(db, hashToken(input.token), now);
    const account = flow?.verified_at && flow.account_id ? await getAccount(db, flow.account_id) : undefined;
    if (!flow || !account || account.state !== 'active') return expired(request, reply);
    const errors = newPasswordErrors(request.t, account, input.password, input.password2);
    if (Object.keys(errors).length) return showNewPassword(request, reply, input.token, errors);
    const changed = await changePassword(app, request, reply, account, input.password, {
      mail: 'passwordReset',
      action: 'account.password.reset',
      ...(flow.key_fingerprint ? { detail: flow.key_fingerprint } : {}),
      keepSignedIn: false,
      recoveryId: flow.id,
    });
    if (changed === undefined) return expired(request, reply);
    await forgetLoginFailures(db, [throttleKey('account', account.uid, request.ip)]);
    return sendHtml(
      reply,
      <MessagePage
        page={pageContext(request)}
        title={request.t('user.recover.done.title')}
        body={request.t('user.recover.done.body')}
        link={{ href: '/login', label: request.t('user.login.title') }}
      />,
    );
  });
}
