// Logging in to the account page with the account name and password, checked by
// the directory (an LDAP bind as the user, or the embedded directory's hash); a new
// session at login, revoked at logout. Failures slow down per account and pause per
// account and address (src/domain/login-throttle.ts); every login and failure is audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { verifyPassword } from '../../credentials.js';
import { recordAudit } from '../../db/audit.js';
import { beginSignIn, finishSignIn } from '../../db/login-throttle.js';
import { type Account, findAccountByName, getAccount } from '../../db/user-accounts.js';
import type { PasswordCheck } from '../../directory/directory.js';
import { passwordChangedLately } from '../../domain/password-policy.js';
import type { MessageKey } from '../../i18n/index.js';
import type { LoginOutcome } from '../../metrics.js';
import { AppError } from '../../services/errors.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { MessagePage } from '../views/message-page.js';
import { pageContext } from '../views/page.js';
import { RENEWAL } from './continuation-draft.js';
import { renewalOnly } from './continuation-frame.js';
import { LockedPage, LoginPage } from './views.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in account on the account pages. */
    account: Account | null;
  }
}

const loginForm = z.object({
  accountName: z.string().max(1000).default(''),
  password: z.string().max(4096).default(''),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the locked page says for an account. */
export function lockedMessage(account: Account): MessageKey {
  if (account.locked_reason) return `user.locked.${account.locked_reason}`;
  return account.state === 'ended' ? 'user.locked.ended' : 'user.locked.staff';
}

/**
 * The account pages' guard: a logged-in user whose account is still active, else
 * the session ends (GET: to the login page; anything else: refused). A holder locked
 * for not renewing reaches the renewal pages only (GET elsewhere: to them).
 */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const session = request.session;
  const account =
    session?.audience === 'user'
      ? await getAccount(request.server.deps.database.db, Number(session.subject))
      : undefined;
  if (account && renewalOnly(account)) {
    // Locked for not renewing: the renewal pages only, to renew and so restore access.
    request.account = account;
    if (request.url === RENEWAL || request.url.startsWith(`${RENEWAL}/`) || request.url.startsWith(`${RENEWAL}?`))
      return;
    if (request.method === 'GET') return reply.redirect(RENEWAL, 303);
    throw new AppError('FORBIDDEN');
  }
  if (account?.state !== 'active') {
    if (session?.audience === 'user') await request.server.sessionControl.end(request, reply);
    if (request.method === 'GET') return reply.redirect('/login', 303);
    throw new AppError('FORBIDDEN');
  }
  request.account = account;
}

export async function loginRoutes(app: FastifyInstance) {
  const { database, directories, config } = app.deps;
  const countLogin = (outcome: LoginOutcome) => app.deps.metrics.logins.inc({ audience: 'user', outcome });
  const db = database.db;
  app.decorateRequest('account', null);

  const showLogin = (request: FastifyRequest, reply: FastifyReply, accountName = '', failed = false) =>
    sendHtml(
      reply,
      <LoginPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        accountName={accountName}
        errors={failed ? { accountName: request.t('user.login.failed') } : {}}
      />,
      failed ? 401 : 200,
    );

  app.get('/login', async (request, reply) => {
    if (request.session?.audience === 'user') return reply.redirect('/account', 303);
    return showLogin(request, reply);
  });

  app.post('/login', { config: { rateLimit: { max: 60, timeWindow: 10 * 60_000 } } }, async (request, reply) => {
    const input = readForm(loginForm, request.body);
    const name = input.accountName.trim().toLowerCase().slice(0, 64);
    const now = new Date();
    // Locks, the known address and the account's turn (src/domain/login-throttle.ts).
    const attempt = await beginSignIn(db, name, request.ip, now);
    await sleep(attempt.waitMs);
    const paused = attempt.paused || attempt.queued;
    const account = name ? await findAccountByName(db, name) : undefined;
    let check: PasswordCheck = 'wrong';
    if (paused) {
      // Nothing is checked while paused or queued: not even the right password gets in from here.
    } else if (account && input.password)
      check = await directories[account.division].checkPassword(account.uid, input.password, {
        recentChange: passwordChangedLately(account.password_changed_at, now),
      });
    // An unknown name takes as long as a wrong password.
    else await verifyPassword(null, input.password, config.argon2);
    if (check === 'ok' && account?.state !== 'active') check = 'locked';

    if (account && check === 'locked' && renewalOnly(account)) {
      // The right password of an account locked for not renewing: a session that reaches
      // only the renewal pages, where renewing restores access.
      await finishSignIn(db, attempt, 'ok', now);
      await app.sessionControl.rotate(request, reply, { audience: 'user', subject: String(account.id), data: {} });
      countLogin('renewal_only');
      await recordAudit(db, {
        actor: `account:${account.id}`,
        action: 'account.login.renewal',
        subject: `account:${account.id}`,
        details: { ip: request.ip },
      });
      return reply.redirect(RENEWAL, 303);
    }
    if (account && check === 'locked') {
      await finishSignIn(db, attempt, 'ok', now);
      countLogin('locked');
      await recordAudit(db, {
        actor: `account:${account.id}`,
        action: 'account.login.locked',
        subject: `account:${account.id}`,
        details: { ip: request.ip, state: account.state, reason: account.locked_reason },
      });
      const page = pageContext(request);
      return sendHtml(
        reply,
        <LockedPage page={page} account={account.uid} reason={lockedMessage(account)} contact={config.contactEmail} />,
        403,
      );
    }
    if (!account || check !== 'ok') {
      const { pausedNow } = await finishSignIn(db, attempt, name && !paused ? 'failed' : 'unchecked', now);
      countLogin(paused ? 'throttled' : 'failed');
      await recordAudit(db, {
        actor: account ? `account:${account.id}` : 'anonymous',
        action: 'account.login.failed',
        subject: account ? `account:${account.id}` : null,
        // A name that is no account is not kept: it may be a password typed in the wrong box.
        details: {
          reason: attempt.queued ? 'queued' : paused ? 'paused' : account ? 'password' : 'unknown',
          ip: request.ip,
          ...(pausedNow ? { paused: true } : {}),
        },
      });
      return showLogin(request, reply, input.accountName.slice(0, 64), true);
    }
    await finishSignIn(db, attempt, 'ok', now);
    await app.sessionControl.rotate(request, reply, { audience: 'user', subject: String(account.id), data: {} });
    countLogin('ok');
    await recordAudit(db, {
      actor: `account:${account.id}`,
      action: 'account.login',
      subject: `account:${account.id}`,
      details: { ip: request.ip },
    });
    return reply.redirect('/account', 303);
  });

  app.post('/logout', async (request, reply) => {
    const session = request.session;
    if (session?.audience === 'user') {
      await recordAudit(db, {
        actor: `account:${session.subject}`,
        action: 'account.logout',
        subject: `account:${session.subject}`,
        details: {},
      });
    }
    await app.sessionControl.end(request, reply);
    const page = pageContext(request);
    return sendHtml(
      reply,
      <MessagePage
        page={page}
        title={page.t('user.loggedOut.title')}
        body={page.t('user.loggedOut.body')}
        link={{ href: '/login', label: page.t('user.loggedOut.again') }}
      />,
    );
  });
}
