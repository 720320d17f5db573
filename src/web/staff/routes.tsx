// The staff console: sign-in with password and a second factor (TOTP or a recovery
// code), enrolment from the link `sc-account staff create` prints, sign-out, and
// the pages behind them. Access to every route comes from route-table.ts; every
// sign-in, failure, lock and enrolment is in the audit log.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  checkTotp,
  enrolmentTotpSecret,
  hashRecoveryCode,
  sameHash,
  totpUri,
  verifyPassword,
} from '../../credentials.js';
import { recordAudit } from '../../db/audit.js';
import { beginSignIn, finishSignIn, type SignInAttempt } from '../../db/login-throttle.js';
import type { Staff } from '../../db/schema-staff.js';
import {
  findStaffByEmail,
  getStaff,
  peekEnrolment,
  unusedRecoveryCodes,
  useRecoveryCode,
  useTotpStep,
} from '../../db/staff.js';
import { staffSignInName } from '../../domain/login-throttle.js';
import { can, STAFF_PASSWORD_MAX, STAFF_PASSWORD_MIN } from '../../domain/staff.js';
import { hashToken } from '../../domain/tokens.js';
import { AppError } from '../../services/errors.js';
import { completeStaffEnrolment } from '../../services/staff.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import type { FieldErrors } from '../views/components/form.js';
import { MessagePage } from '../views/message-page.js';
import { pageContext } from '../views/page.js';
import { accountLockRoutes } from './accounts.js';
import { applicationDetailRoutes } from './application.js';
import { auditRoutes } from './audit.js';
import { billingRoutes } from './billing.js';
import { certificateRoutes } from './certificates.js';
import { groupConsoleRoutes } from './groups.js';
import { peopleRoutes } from './people.js';
import { planRoutes } from './plans.js';
import { provisioningRoutes } from './provisioning.js';
import { queueRoutes } from './queue.js';
import { renewalDashboardRoutes } from './renewal.js';
import { requestQueueRoutes } from './requests.js';
import { type StaffAccess, type StaffRouteKey, staffRouteTable } from './route-table.js';
import { settingsRoutes } from './settings.js';
import { settingsMailRoutes } from './settings-mail.js';
import { settingsTextsRoutes } from './settings-texts.js';
import { signInActivityRoutes } from './sign-in-activity.js';
import { tokenRoutes } from './tokens.js';
import { EnrolledPage, EnrolPage, LoginPage, VerifyPage } from './views.js';
import { webhookRoutes } from './webhooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member on staff routes that need one. */
    staff: Staff | null;
  }
}

/** Whether a password contains the e-mail address's local part (when it is long enough to mean something). */
function containsLocalPart(password: string, email: string): boolean {
  const local = email.toLowerCase().split('@')[0] ?? '';
  return local.length >= 3 && password.toLowerCase().includes(local);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const loginForm = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
});
const verifyForm = z.object({ code: z.string().max(64).default('') });
const enrolForm = z.object({
  token: z.string().max(100).default(''),
  password: z.string().max(4096).default(''),
  password2: z.string().max(4096).default(''),
  code: z.string().max(64).default(''),
});

/** Refuses the request unless a staff member whose role allows `access` is signed in. */
async function authorise(request: FastifyRequest, reply: FastifyReply, access: StaffAccess): Promise<void> {
  if (access === 'public') return;
  const session = request.session;
  const staff =
    session?.audience === 'staff'
      ? await getStaff(request.server.deps.database.db, Number(session.subject))
      : undefined;
  if (!staff || staff.disabled_at) {
    if (request.method === 'GET') return reply.redirect('/staff', 303);
    throw new AppError('FORBIDDEN');
  }
  if (access !== 'signed-in' && !can(staff.role, access)) throw new AppError('STAFF_ROLE', { access });
  request.staff = staff;
}

/**
 * Guards every /staff route by its entry in route-table.ts, wherever it is
 * registered; a /staff route without an entry stops the app from starting.
 * Called on the root instance before any route is added.
 */
export function enforceStaffRouteTable(app: FastifyInstance): void {
  app.decorateRequest('staff', null);
  app.addHook('onRoute', (route) => {
    if (route.url !== '/staff' && !route.url.startsWith('/staff/')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const key = `${method} ${route.url}` as StaffRouteKey;
      const access: StaffAccess | undefined = staffRouteTable[key];
      if (!access) throw new Error(`${key} is not in src/web/staff/route-table.ts`);
      const guard = (request: FastifyRequest, reply: FastifyReply) => authorise(request, reply, access);
      route.preHandler = [guard, ...[route.preHandler ?? []].flat()];
    }
  });
}

export async function staffRoutes(app: FastifyInstance) {
  const { database, config } = app.deps;
  const db = database.db;
  const signInLimit = { config: { rateLimit: { max: 30, timeWindow: 10 * 60_000 } } };

  const showLogin = (request: FastifyRequest, reply: FastifyReply, email = '', failed = false) =>
    sendHtml(
      reply,
      <LoginPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        email={email}
        errors={failed ? { email: request.t('staff.login.failed') } : {}}
      />,
      failed ? 401 : 200,
    );

  app.get('/staff', async (request, reply) => {
    if (request.session?.audience === 'staff') return reply.redirect('/staff/applications', 303);
    return showLogin(request, reply);
  });

  /**
   * A failed or refused sign-in: counted per account, pair and address like a holder's
   * (src/domain/login-throttle.ts: the account is only slowed, the pair or address that
   * keeps failing is paused), audited; the same answer whatever went wrong.
   */
  const failed = async (
    request: FastifyRequest,
    staff: Staff | undefined,
    attempt: SignInAttempt,
    reason: string,
    checked: boolean,
  ) => {
    const now = new Date();
    const { pausedNow } = await finishSignIn(db, attempt, checked ? 'failed' : 'unchecked', now);
    app.deps.metrics.logins.inc({ audience: 'staff', outcome: checked ? 'failed' : 'throttled' });
    await recordAudit(db, {
      actor: staff ? `staff:${staff.id}` : 'anonymous',
      action: 'staff.login.failed',
      subject: staff ? `staff:${staff.id}` : null,
      details: { reason, ip: request.ip, ...(pausedNow ? { paused: true } : {}) },
    });
  };

  app.post('/staff', signInLimit, async (request, reply) => {
    const input = readForm(loginForm, request.body);
    const email = input.email.trim();
    const attempt = await beginSignIn(db, email ? staffSignInName(email) : '', request.ip, new Date());
    await sleep(attempt.waitMs);
    const staff = input.email ? await findStaffByEmail(db, input.email) : undefined;
    const unchecked = attempt.paused || attempt.queued;
    // Nothing is checked while paused or queued (an unknown address takes as long as a wrong password).
    const passwordOk =
      !unchecked && (await verifyPassword(staff?.password_hash ?? null, input.password, config.argon2));
    const usable = staff && !staff.disabled_at && staff.enrolled_at;
    if (!usable || !passwordOk) {
      const reason = attempt.queued
        ? 'queued'
        : attempt.paused
          ? 'paused'
          : !staff
            ? 'unknown'
            : !usable
              ? 'not usable'
              : 'password';
      await failed(request, staff, attempt, reason, !unchecked && Boolean(email));
      return showLogin(request, reply, input.email, true);
    }
    // The password is right: the pair is known from now on only after the second factor.
    await finishSignIn(db, attempt, 'unchecked', new Date());
    await app.sessionControl.rotate(request, reply, {
      audience: 'staff-mfa',
      subject: String(staff.id),
      data: { at: Date.now() },
    });
    return reply.redirect('/staff/verify', 303);
  });

  /** The staff member between password and second factor, or undefined. */
  const pending = async (request: FastifyRequest) =>
    request.session?.audience === 'staff-mfa' ? getStaff(db, Number(request.session.subject)) : undefined;

  /** Too long between the factors (or no password step): start again. */
  const signInAgain = (request: FastifyRequest, reply: FastifyReply) =>
    sendHtml(
      reply,
      <MessagePage
        page={pageContext(request)}
        title={request.t('staff.login.title')}
        body={request.t('staff.verify.expired')}
        link={{ href: '/staff', label: request.t('staff.login.title') }}
      />,
      401,
    );

  const showVerify = (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}) =>
    sendHtml(
      reply,
      <VerifyPage page={pageContext(request)} csrf={reply.generateCsrf()} errors={errors} />,
      Object.keys(errors).length ? 401 : 200,
    );

  app.get('/staff/verify', async (request, reply) => {
    if (!(await pending(request))) {
      return signInAgain(request, reply);
    }
    return showVerify(request, reply);
  });

  app.post('/staff/verify', signInLimit, async (request, reply) => {
    const staff = await pending(request);
    if (!staff?.totp_secret || staff.disabled_at) {
      return signInAgain(request, reply);
    }
    // The second factor takes its turn under the same account, pair and address.
    const attempt = await beginSignIn(db, staffSignInName(staff.email), request.ip, new Date());
    await sleep(attempt.waitMs);
    if (attempt.paused || attempt.queued) {
      await failed(request, staff, attempt, attempt.queued ? 'queued' : 'paused', false);
      return showVerify(request, reply, { code: request.t('staff.verify.failed') });
    }
    const parsed = verifyForm.safeParse(request.body ?? {});
    const code = parsed.success ? parsed.data.code.trim() : '';
    let step: number | undefined;
    let recovery = false;
    if (/^\d[\d\s]*$/.test(code)) {
      step = await checkTotp(
        staff.totp_secret,
        code,
        staff.totp_last_step === null ? null : Number(staff.totp_last_step),
      );
    } else if (code) {
      const hash = hashRecoveryCode(code);
      const match = (await unusedRecoveryCodes(db, staff.id)).find((c) => sameHash(c.code_hash, hash));
      recovery = match !== undefined && (await useRecoveryCode(db, match.id));
    }
    if (step === undefined && !recovery) {
      await failed(request, staff, attempt, 'second factor', true);
      return showVerify(request, reply, { code: request.t('staff.verify.failed') });
    }
    await finishSignIn(db, attempt, 'ok', new Date());
    // The code's time step is used up (a recovery code was when it was checked).
    if (step !== undefined) await useTotpStep(db, staff.id, step);
    await app.sessionControl.rotate(request, reply, { audience: 'staff', subject: String(staff.id), data: {} });
    app.deps.metrics.logins.inc({ audience: 'staff', outcome: 'ok' });
    await recordAudit(db, {
      actor: `staff:${staff.id}`,
      action: 'staff.login',
      subject: `staff:${staff.id}`,
      details: { ip: request.ip, factor: recovery ? 'recovery code' : 'totp' },
    });
    return reply.redirect('/staff/applications', 303);
  });

  app.post('/staff/logout', async (request, reply) => {
    const staff = request.staff;
    await app.sessionControl.end(request, reply);
    if (staff)
      await recordAudit(db, { actor: `staff:${staff.id}`, action: 'staff.logout', subject: `staff:${staff.id}` });
    return reply.redirect('/staff', 303);
  });

  // Enrolment: the link from `sc-account staff create` sets the password and the second factor.
  const enrolment = async (token: string) =>
    token.length > 0 && token.length <= 100 ? peekEnrolment(db, hashToken(token), new Date()) : undefined;
  const expired = (request: FastifyRequest, reply: FastifyReply) =>
    sendHtml(
      reply,
      <MessagePage
        page={pageContext(request)}
        title={request.t('staff.enrol.title')}
        body={request.t('staff.enrol.expired')}
      />,
      410,
    );
  const showEnrol = (
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    token: string,
    errors: FieldErrors = {},
  ) =>
    sendHtml(
      reply,
      <EnrolPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        token={token}
        email={staff.email}
        secret={enrolmentTotpSecret(config.sessionSecret, hashToken(token))}
        errors={errors}
      />,
      Object.keys(errors).length ? 400 : 200,
    );

  app.get('/staff/enrol', async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    const staff = await enrolment(token);
    if (!staff) return expired(request, reply);
    return showEnrol(request, reply, staff, token);
  });

  app.get('/staff/enrol/qr.svg', async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    const staff = await enrolment(token);
    if (!staff) throw new AppError('NOT_FOUND');
    const secret = enrolmentTotpSecret(config.sessionSecret, hashToken(token));
    const svg = await QRCode.toString(totpUri(secret, staff.email, config.baseUrl.hostname), {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    return reply.type('image/svg+xml').header('Cache-Control', 'no-store').send(svg);
  });

  app.post('/staff/enrol', signInLimit, async (request, reply) => {
    const input = readForm(enrolForm, request.body);
    const staff = await enrolment(input.token);
    if (!staff) return expired(request, reply);
    const t = request.t;
    const errors: FieldErrors = {};
    const length = [...input.password].length;
    if (length < STAFF_PASSWORD_MIN) errors.password = t('staff.enrol.error.passwordShort');
    else if (length > STAFF_PASSWORD_MAX) errors.password = t('staff.enrol.error.passwordLong');
    else if (containsLocalPart(input.password, staff.email)) {
      errors.password = t('staff.enrol.error.passwordEmail');
    } else if (input.password !== input.password2) errors.password2 = t('staff.enrol.error.passwordMismatch');
    const secret = enrolmentTotpSecret(config.sessionSecret, hashToken(input.token));
    const step = await checkTotp(secret, input.code, null);
    if (step === undefined) errors.code = t('staff.enrol.error.code');
    if (Object.keys(errors).length || step === undefined) return showEnrol(request, reply, staff, input.token, errors);

    const codes = await completeStaffEnrolment(db, {
      staffId: staff.id,
      tokenHash: hashToken(input.token),
      password: input.password,
      totpSecret: secret,
      totpStep: step,
      argon2: config.argon2,
    });
    if (!codes) return expired(request, reply);
    // Whoever was signed in on this browser is not any more.
    await app.sessionControl.end(request, reply);
    return sendHtml(reply, <EnrolledPage page={pageContext(request)} codes={codes} />);
  });

  await app.register(queueRoutes);
  await app.register(requestQueueRoutes);
  await app.register(renewalDashboardRoutes);
  await app.register(applicationDetailRoutes);
  await app.register(auditRoutes);
  await app.register(signInActivityRoutes);
  await app.register(provisioningRoutes);
  await app.register(accountLockRoutes);
  await app.register(certificateRoutes);
  await app.register(settingsRoutes);
  await app.register(settingsTextsRoutes);
  await app.register(settingsMailRoutes);
  await app.register(peopleRoutes);
  await app.register(tokenRoutes);
  await app.register(webhookRoutes);
  await app.register(planRoutes);
  await app.register(billingRoutes);
  await app.register(groupConsoleRoutes);
}
