// Password: the current one and a new one twice. The new one must meet the policy;
// the directory gets its hash by a job (binds with the old one fail from then on),
// every other session of the account ends and the holder is mailed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Account } from '../../db/user-accounts.js';
import { passwordChangedLately } from '../../domain/password-policy.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { Button, type FieldErrors, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { pageContext } from '../views/page.js';
import { changePassword, NewPasswordFields, newPasswordErrors, strengthScript } from './new-password.js';
import { AccountLayout } from './views.js';

const passwordForm = z.object({
  current: z.string().max(4096).default(''),
  password: z.string().max(4096).default(''),
  password2: z.string().max(4096).default(''),
});

export async function passwordRoutes(app: FastifyInstance) {
  const { directories } = app.deps;
  // A stolen session must not become a way to guess the current password quickly.
  const limit = { config: { rateLimit: { max: 10, timeWindow: 10 * 60_000 } } };

  const show = (request: FastifyRequest, reply: FastifyReply, account: Account, errors: FieldErrors = {}) => {
    const page = pageContext(request);
    const { t } = page;
    return sendHtml(
      reply,
      <AccountLayout
        page={page}
        account={account.uid}
        csrf={reply.generateCsrf()}
        title={t('user.password.title')}
        current="/account/password"
        errors={errors}
        scripts={[strengthScript]}
      >
        <form method="post" action="/account/password" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <input type="text" name="username" value={account.uid} autocomplete="username" hidden />
          <TextInput
            name="current"
            type="password"
            autocomplete="current-password"
            label={t('user.password.current')}
            error={errors.current}
          />
          <NewPasswordFields page={page} errors={errors} />
          <Button label={t('user.password.submit')} />
        </form>
      </AccountLayout>,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get('/account/password', (request, reply) => show(request, reply, request.account as Account));

  app.post('/account/password', limit, async (request, reply) => {
    const account = request.account as Account;
    const { t } = request;
    const input = readForm(passwordForm, request.body);
    const recentChange = passwordChangedLately(account.password_changed_at, new Date());
    const currentOk =
      input.current !== '' &&
      (await directories[account.division].checkPassword(account.uid, input.current, { recentChange })) === 'ok';
    const errors: FieldErrors = {
      ...(currentOk ? {} : { current: t('user.password.error.current') }),
      ...newPasswordErrors(t, account, input.password, input.password2),
    };
    if (Object.keys(errors).length) return show(request, reply, account, errors);
    const applied = await changePassword(app, request, reply, account, input.password, {
      mail: 'passwordChanged',
      action: 'account.password.changed',
      keepSignedIn: true,
    });
    const page = pageContext(request);
    return sendHtml(
      reply,
      <AccountLayout
        page={page}
        account={account.uid}
        csrf={reply.generateCsrf()}
        title={t(applied ? 'user.password.done.title' : 'user.password.pending.title')}
        current="/account/password"
      >
        <p class="body" safe>
          {t(applied ? 'user.password.done.body' : 'user.password.pending.body')}
        </p>
      </AccountLayout>,
    );
  });
}
