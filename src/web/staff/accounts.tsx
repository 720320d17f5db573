// Locking an account from the console, and unlocking it: a page that says what will
// happen and asks for the reason (the holder is mailed it), then the use case
// (services/account-locks.ts). Reached from the accounts on an application's page.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Staff } from '../../db/schema-staff.js';
import { type Account, getAccount } from '../../db/user-accounts.js';
import { lockAccount, unlockAccount } from '../../services/account-locks.js';
import { AppError } from '../../services/errors.js';
import { readForm } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { BackLink, type FieldErrors, Textarea } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { pageContext } from '../views/page.js';
import { StaffPage } from './views.js';

const lockForm = z.object({ reason: z.string().max(20_000).default('') });

type Action = 'lock' | 'unlock';

export async function accountLockRoutes(app: FastifyInstance) {
  const deps = useCaseDeps(app);

  const load = async (request: FastifyRequest): Promise<Account> => {
    const account = await getAccount(deps.db, idParam(request));
    if (!account) throw new AppError('NOT_FOUND');
    return account;
  };
  const back = (account: Account) => `/staff/applications/${account.application_id}#provisioning`;

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    account: Account,
    action: Action,
    errors: FieldErrors = {},
    reason = '',
    status = 200,
  ) => {
    const page = pageContext(request);
    const { t } = page;
    // Only what the account's state allows is offered; anything else says so.
    const allowed =
      action === 'lock' ? account.state === 'active' : account.state === 'locked' && account.locked_reason === 'staff';
    return sendHtml(
      reply,
      <StaffPage
        page={page}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        title={t(`staff.accountLock.${action}.title`, { uid: account.uid })}
        errors={errors}
        before={<BackLink href={back(account)} label={t('staff.accountLock.back')} />}
      >
        {allowed ? (
          <form method="post" action={`/staff/accounts/${account.id}/${action}`} novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <p class="body" safe>
              {t(`staff.accountLock.${action}.what`, { uid: account.uid })}
            </p>
            {action === 'lock' ? (
              <Textarea
                name="reason"
                label={t('staff.accountLock.reason')}
                hint={t('staff.accountLock.reasonHint')}
                value={reason}
                error={errors.reason}
                rows={4}
              />
            ) : (
              ''
            )}
            <button type="submit" class={action === 'lock' ? 'button button--warning' : 'button'} safe>
              {t(`staff.accountLock.${action}.button`, { uid: account.uid })}
            </button>
          </form>
        ) : (
          <p class="body" safe>
            {t('staff.accountLock.notAllowed', { uid: account.uid })}
          </p>
        )}
      </StaffPage>,
      status,
    );
  };

  for (const action of ['lock', 'unlock'] as const) {
    app.get(`/staff/accounts/:id/${action}`, async (request, reply) =>
      show(request, reply, await load(request), action),
    );
  }

  app.post('/staff/accounts/:id/lock', async (request, reply) => {
    const account = await load(request);
    const { reason } = readForm(lockForm, request.body);
    const staff = request.staff as Staff;
    const outcome = await lockAccount(deps, `staff:${staff.id}`, account.id, { reason });
    if (outcome.ok) return reply.redirect(back(account), 303);
    if (outcome.problem === 'REASON')
      return show(
        request,
        reply,
        account,
        'lock',
        { reason: request.t('staff.accountLock.error.reason') },
        reason,
        400,
      );
    if (outcome.problem === 'NOT_ALLOWED') return show(request, reply, outcome.account, 'lock', {}, '', 409);
    throw new AppError('NOT_FOUND');
  });

  app.post('/staff/accounts/:id/unlock', async (request, reply) => {
    const account = await load(request);
    const staff = request.staff as Staff;
    const outcome = await unlockAccount(deps, `staff:${staff.id}`, account.id);
    if (outcome.ok) return reply.redirect(back(account), 303);
    if (outcome.problem === 'NOT_ALLOWED') return show(request, reply, outcome.account, 'unlock', {}, '', 409);
    throw new AppError('NOT_FOUND');
  });
}
