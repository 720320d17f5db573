// SSH keys: the account's keys (type, size, SHA256 fingerprint, comment, when added,
// whether the directory has it yet), adding one (validated as on the application:
// a private key is refused and never stored; duplicates and RSA under 3072 bits
// refused) and removing one after a confirmation. The directory gets the change by
// a job; the holder is mailed every change.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sshKeysOf } from '../../db/ssh-keys.js';
import type { Account } from '../../db/user-accounts.js';
import { sshKeyInDirectory } from '../../domain/account-state.js';
import { formatCentreDate } from '../../domain/notices.js';
import { checkSshPublicKey } from '../../domain/ssh-public-key.js';
import { AppError } from '../../services/errors.js';
import { addHolderKey, removeHolderKey } from '../../services/ssh-keys.js';
import { sshKeyMessages } from '../apply/account-step.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { Banner } from '../views/components/banner.js';
import { Button, type FieldErrors, Textarea } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { type PageContext, pageContext } from '../views/page.js';
import { AccountLayout } from './views.js';

const addForm = z.object({ publicKey: z.string().max(100_000).default('') });
const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});
const doneQuery = z.object({
  done: z.enum(['added', 'removed']).optional().catch(undefined),
  key: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional()
    .catch(undefined),
  // A removed key's row may be gone when the page is shown (the job was quick): its fingerprint comes along.
  fingerprint: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/)
    .optional()
    .catch(undefined),
});

/** Type and size as `ssh-keygen -l` names them, and the comment, read from the stored line. */
function describe(line: string) {
  const k = checkSshPublicKey(line);
  return k.ok
    ? { type: `${k.key.type.toUpperCase()} ${k.key.bits}`, comment: k.key.comment }
    : { type: '', comment: '' };
}

export async function sshKeyRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const keyDeps = useCaseDeps(app);
  const db = database.db;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    account: Account,
    form: { value?: string; errors?: FieldErrors; banner?: string } = {},
  ) => {
    const page = pageContext(request);
    const { t } = page;
    const keys = await sshKeysOf(db, account.id);
    const errors = form.errors ?? {};
    return sendHtml(
      reply,
      <AccountLayout
        page={page}
        account={account.uid}
        csrf={reply.generateCsrf()}
        title={t('user.keys.title')}
        current="/account/ssh-keys"
        errors={errors}
      >
        <Banner text={form.banner} />
        <p class="body" safe>
          {t('user.keys.intro')}
        </p>
        {keys.length === 0 ? (
          <p class="body" safe>
            {t('user.keys.none')}
          </p>
        ) : (
          <KeyTable page={page} account={account} keys={keys} />
        )}
        {keys.some((k) => k.state !== 'active') ? (
          <p class="body" safe>
            {t('user.keys.pending')}
          </p>
        ) : (
          ''
        )}
        <h2 class="heading-m" safe>
          {t('user.keys.add.title')}
        </h2>
        <form method="post" action="/account/ssh-keys" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <Textarea
            name="publicKey"
            label={t('user.keys.add.label')}
            hint={t('user.keys.add.hint')}
            value={form.value ?? ''}
            error={errors.publicKey}
            rows={6}
          />
          <Button label={t('user.keys.add.submit')} />
        </form>
      </AccountLayout>,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get('/account/ssh-keys', async (request, reply) => {
    const account = request.account as Account;
    const q = doneQuery.parse(request.query ?? {});
    const key = q.key ? (await sshKeysOf(db, account.id)).find((k) => k.id === q.key) : undefined;
    const fingerprint = q.done === 'removed' ? q.fingerprint : key?.fingerprint;
    const banner =
      q.done && fingerprint
        ? request.t(q.done === 'added' ? 'user.keys.addedBanner' : 'user.keys.removedBanner', { fingerprint })
        : undefined;
    return show(request, reply, account, banner ? { banner } : {});
  });

  app.post('/account/ssh-keys', async (request, reply) => {
    const account = request.account as Account;
    const { t } = request;
    const text = readForm(addForm, request.body).publicKey;
    // A private key refused at the edge is not even passed on.
    const outcome = request.privateKeyFields.has('publicKey')
      ? ({ ok: false, problem: 'PRIVATE_KEY' } as const)
      : await addHolderKey(keyDeps, account, text);
    if (outcome.ok) return reply.redirect(`/account/ssh-keys?done=added&key=${outcome.key.id}`, 303);
    switch (outcome.problem) {
      case 'PRIVATE_KEY':
        // Not shown again.
        return show(request, reply, account, { errors: { publicKey: t(sshKeyMessages.PRIVATE_KEY) } });
      case 'DUPLICATE':
        return show(request, reply, account, { value: text, errors: { publicKey: t('user.keys.error.duplicate') } });
      case 'EMPTY':
        return show(request, reply, account, { value: '', errors: { publicKey: t('user.keys.error.required') } });
      default:
        return show(request, reply, account, {
          value: text.slice(0, 16_384),
          errors: { publicKey: t(sshKeyMessages[outcome.problem]) },
        });
    }
  });

  /** The key `id` of this account; another account's id is the same as no key at all. */
  const ownKey = async (request: FastifyRequest, account: Account) => {
    const param = idParam.safeParse(request.params);
    const key = param.success
      ? (await sshKeysOf(db, account.id)).find((k) => k.id === param.data.id && sshKeyInDirectory(k.state))
      : undefined;
    if (!key) throw new AppError('NOT_FOUND');
    return key;
  };

  app.get('/account/ssh-keys/:id/remove', async (request, reply) => {
    const account = request.account as Account;
    const key = await ownKey(request, account);
    const page = pageContext(request);
    const { t } = page;
    return sendHtml(
      reply,
      <AccountLayout
        page={page}
        account={account.uid}
        csrf={reply.generateCsrf()}
        title={t('user.keys.confirm.title')}
        current="/account/ssh-keys"
      >
        <p class="body" safe>
          {t('user.keys.confirm.body', { fingerprint: key.fingerprint })}
        </p>
        <form method="post" action={`/account/ssh-keys/${key.id}/remove`} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <div class="button-group">
            <button type="submit" class="button button--warning" safe>
              {t('user.keys.confirm.submit')}
            </button>
            <a href="/account/ssh-keys" class="link" safe>
              {t('user.keys.confirm.cancel')}
            </a>
          </div>
        </form>
      </AccountLayout>,
    );
  });

  app.post('/account/ssh-keys/:id/remove', async (request, reply) => {
    const account = request.account as Account;
    const key = await ownKey(request, account);
    const outcome = await removeHolderKey(keyDeps, account, key.id);
    if (!outcome.ok) {
      const message = request.t(outcome.problem === 'LAST' ? 'user.keys.error.last' : 'user.keys.error.gone');
      return show(request, reply, account, { errors: { publicKey: message } });
    }
    return reply.redirect(`/account/ssh-keys?done=removed&fingerprint=${encodeURIComponent(key.fingerprint)}`, 303);
  });
}

function KeyTable(props: { page: PageContext; account: Account; keys: Awaited<ReturnType<typeof sshKeysOf>> }) {
  const { t, lang } = props.page;
  return (
    <table class="table">
      <caption class="table__caption visually-hidden" safe>
        {t('user.keys.caption', { account: props.account.uid })}
      </caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {t('user.keys.type')}
          </th>
          <th scope="col" safe>
            {t('user.keys.fingerprint')}
          </th>
          <th scope="col" safe>
            {t('user.keys.comment')}
          </th>
          <th scope="col" safe>
            {t('user.keys.added')}
          </th>
          <th scope="col" safe>
            {t('user.keys.status')}
          </th>
          <th scope="col">
            <span class="visually-hidden" safe>
              {t('user.keys.remove')}
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.keys.map((k) => {
          const d = describe(k.public_key);
          return (
            <tr>
              <td safe>{d.type}</td>
              <td>
                <code class="fingerprint" safe>
                  {k.fingerprint}
                </code>
              </td>
              <td safe>{d.comment}</td>
              <td safe>{formatCentreDate(k.added_at, lang)}</td>
              <td safe>{t(`user.keys.status.${k.state}`)}</td>
              <td>
                {k.state === 'removing' ? (
                  ''
                ) : (
                  <a href={`/account/ssh-keys/${k.id}/remove`} class="link">
                    <span safe>{t('user.keys.remove')}</span>
                    <span class="visually-hidden" safe>
                      {` ${t('user.keys.removeHidden', { fingerprint: k.fingerprint })}`}
                    </span>
                  </a>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
