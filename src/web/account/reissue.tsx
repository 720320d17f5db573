// A new registration certificate by post, for a holder who has forgotten the password
// and cannot sign with a registered SSH key (/login/recover/post). Anyone may ask:
// the request only reaches staff, the letter goes only to the address on record, and
// the holder is mailed at once. A name that is no account, or an account that asked
// already, gets the same answer and leaves no request.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkText } from '../../domain/text.js';
import { askForReissue } from '../../services/holder-requests.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { Button, ErrorSummary, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { MessagePage } from '../views/message-page.js';
import { errorTitle, pageContext } from '../views/page.js';

export const REISSUE_PATH = '/login/recover/post';

const reissueForm = z.object({
  accountName: z.string().max(1000).default(''),
  message: z.string().max(20_000).default(''),
});
type ReissueInput = z.infer<typeof reissueForm>;

export async function reissueRoutes(app: FastifyInstance) {
  const { config } = app.deps;

  const show = (request: FastifyRequest, reply: FastifyReply, typed: ReissueInput, errors: FieldErrors = {}) => {
    const page = pageContext(request);
    const { t } = page;
    return sendHtml(
      reply,
      <Layout page={page} title={errorTitle(page, t('user.reissue.title'), errors)}>
        <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
        <h1 class="heading-l" safe>
          {t('user.reissue.title')}
        </h1>
        <p class="body" safe>
          {t('user.reissue.intro')}
        </p>
        <form method="post" action={REISSUE_PATH} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <TextInput
            name="accountName"
            autocomplete="username"
            spellcheck={false}
            label={t('user.reissue.accountName')}
            value={typed.accountName}
            error={errors.accountName}
          />
          <Textarea
            name="message"
            label={t('user.reissue.message')}
            hint={t('user.reissue.messageHint')}
            value={typed.message}
            error={errors.message}
            rows={4}
          />
          <Button label={t('user.reissue.submit')} />
        </form>
      </Layout>,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get(REISSUE_PATH, (request, reply) => show(request, reply, reissueForm.parse({})));

  app.post(REISSUE_PATH, { config: { rateLimit: { max: 10, timeWindow: 60 * 60_000 } } }, async (request, reply) => {
    const input = readForm(reissueForm, request.body);
    const typed = { accountName: input.accountName.slice(0, 64), message: input.message.slice(0, 20_000) };
    const { t } = request;
    const name = input.accountName.trim().toLowerCase();
    const message = checkText(input.message, { max: 2000, multiline: true, optional: true });
    const errors: FieldErrors = {};
    if (!name || name.length > 64) errors.accountName = t('user.reissue.error.accountName');
    if (!message.ok) errors.message = t('user.reissue.error.message');
    if (Object.keys(errors).length || !message.ok) return show(request, reply, typed, errors);

    await askForReissue(useCaseDeps(app), { accountName: name, message: message.value || null, ip: request.ip });
    return sendHtml(
      reply,
      <MessagePage
        page={pageContext(request)}
        title={t('user.reissue.done.title')}
        body={t('user.reissue.done.body', { account: name.slice(0, 64), email: config.contactEmail })}
        link={{ href: '/login', label: t('user.login.title') }}
      />,
    );
  });
}
