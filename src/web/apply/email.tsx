// The first step of an application: the applicant's e-mail address. A one-time
// link (token stored hashed, 24 h, single use) opens the draft, so every later step
// belongs to a verified address and can be resumed from the mail on any device.
// The answer page is the same whatever the address's history: it never tells
// whether an address already has an account or an application.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { consumeEmailLink, freeMailDomains, getApplication, peekEmailLink } from '../../db/applications.js';
import { checkEmail } from '../../domain/email-address.js';
import { checkText } from '../../domain/text.js';
import { hashToken } from '../../domain/tokens.js';
import { mailApplyLink } from '../../services/submissions.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { pageContext } from '../views/page.js';
import {
  type EmailAnswers,
  EmailPage,
  InReviewPage,
  LinkExpiredPage,
  LinkSentPage,
  VerifyPage,
} from './email-views.js';

/** Links one address may be sent per hour; beyond that the page looks the same but nothing is sent. */

const emailForm = z.object({
  email: z.string().max(320).default(''),
  special: z.literal('yes').optional(),
  specialReason: z.string().max(2000).default(''),
});

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  answers: EmailAnswers,
  errors = {},
  status = 200,
) {
  return sendHtml(
    reply,
    <EmailPage page={pageContext(request)} csrf={reply.generateCsrf()} answers={answers} errors={errors} />,
    status,
  );
}

/** The cookie that carries the address typed to the "check your e-mail" page. */
const SENT_TO_COOKIE = 'apply-sent-to';

export async function emailRoutes(app: FastifyInstance) {
  const { database, config } = app.deps;
  const db = database.db;
  const submissions = useCaseDeps(app);
  // Per client address, beyond the global limit: each of these forms sends mail.
  // (A university's NAT puts many applicants behind one address: hence 30 by default.)
  const limited = { config: { rateLimit: { max: config.rateLimitMailPer10Minutes, timeWindow: 10 * 60_000 } } };

  app.get('/apply/email', (request, reply) =>
    showForm(request, reply, { email: '', special: false, specialReason: '' }),
  );

  app.post('/apply/email', limited, async (request, reply) => {
    const raw = readForm(emailForm, request.body);
    const answers: EmailAnswers = {
      email: raw.email.trim(),
      special: raw.special === 'yes',
      specialReason: raw.specialReason,
    };
    const t = request.t;
    const errors: Record<string, string> = {};
    const email = checkEmail(answers.email, { freeMailDomains: await freeMailDomains(db) });
    if (!email.ok && email.code === 'REQUIRED') errors.email = t('applyEmail.error.required');
    else if (!email.ok && email.code === 'INVALID') errors.email = t('applyEmail.error.invalid');
    else if (!email.ok && email.code === 'FREE_MAIL' && !answers.special) {
      errors.email = t('applyEmail.error.freeMail', { domain: email.domain });
    }
    let specialReason: string | null = null;
    if (answers.special && !errors.email) {
      const reason = checkText(answers.specialReason, { max: 500, multiline: true });
      if (!reason.ok && reason.code === 'REQUIRED') errors.specialReason = t('applyEmail.error.reasonRequired');
      else if (!reason.ok) errors.specialReason = t('applyEmail.error.reasonTooLong');
      else specialReason = reason.value;
    }
    if (Object.keys(errors).length > 0 || !('address' in email)) return showForm(request, reply, answers, errors, 400);

    await mailApplyLink(submissions, {
      address: email.address,
      specialReason: email.ok ? null : specialReason,
      lang: request.lang,
    });
    // The next page shows the address as typed, so that a typo can be seen: kept in a
    // short-lived signed cookie for that page only, never in the address bar or a log.
    reply.setCookie(SENT_TO_COOKIE, email.address, {
      path: '/apply/email/sent',
      httpOnly: true,
      sameSite: 'lax',
      secure: app.deps.config.baseUrl.protocol === 'https:',
      signed: true,
      maxAge: 600,
    });
    return reply.redirect('/apply/email/sent', 303);
  });

  app.get('/apply/email/sent', (request, reply) => {
    const raw = request.cookies[SENT_TO_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    const address = unsigned?.valid && unsigned.value ? unsigned.value : undefined;
    return sendHtml(reply, <LinkSentPage page={pageContext(request)} address={address} />);
  });

  // Opening the link shows a button; only pressing it uses the link up. (Mail
  // scanners that fetch links must not spend the applicant's single-use link.)
  app.get('/apply/verify', async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    const valid = token.length > 0 && token.length <= 100 && (await peekEmailLink(db, hashToken(token), new Date()));
    if (!valid) return sendHtml(reply, <LinkExpiredPage page={pageContext(request)} />, 410);
    return sendHtml(reply, <VerifyPage page={pageContext(request)} csrf={reply.generateCsrf()} token={token} />);
  });

  app.post('/apply/verify', limited, async (request, reply) => {
    const token = String((request.body as { token?: unknown } | undefined)?.token ?? '');
    const id =
      token.length > 0 && token.length <= 100 ? await consumeEmailLink(db, hashToken(token), new Date()) : undefined;
    const application = id === undefined ? undefined : await getApplication(db, id);
    if (!application) return sendHtml(reply, <LinkExpiredPage page={pageContext(request)} />, 410);
    if (application.state !== 'draft') {
      return sendHtml(reply, <InReviewPage page={pageContext(request)} reference={application.reference ?? ''} />);
    }
    await app.sessionControl.rotate(request, reply, { audience: 'applicant', subject: String(application.id) });
    return reply.redirect('/apply/application', 303);
  });
}
