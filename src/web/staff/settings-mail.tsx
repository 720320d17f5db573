// Mail and deadlines for administrators (GET /staff/settings/mail): how many days a
// pledge or a request for information waits before the application expires and on
// which day the reminder goes out, and the signature under every mail. Each change
// is in the audit log with what it was before and after.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Staff } from '../../db/schema-staff.js';
import { getMailSignature, getReviewPeriods } from '../../db/settings.js';
import {
  MAIL_SIGNATURE_MAX,
  MAX_REVIEW_DAYS,
  type MailSignature,
  type ReviewPeriods,
  reviewPeriodsSchema,
} from '../../domain/settings.js';
import { checkText } from '../../domain/text.js';
import { setMailSignature, setReviewPeriods } from '../../services/settings.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { Button, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { type PageContext, pageContext } from '../views/page.js';
import { SettingsFrame } from './views.js';

type Typed = Record<string, string>;

function MailPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  periods: ReviewPeriods;
  signature: MailSignature;
  errors: FieldErrors;
  typed: Typed;
}) {
  const { page, csrf, errors, typed } = props;
  const { t } = page;
  const title = t('settingsMail.title');
  return (
    <SettingsFrame
      page={page}
      staff={props.staff}
      csrf={csrf}
      title={title}
      current="/staff/settings/mail"
      errors={errors}
    >
      <h2 class="heading-m" id="periods" safe>
        {t('settingsMail.periods')}
      </h2>
      <p class="body" safe>
        {t('settingsMail.periodsIntro')}
      </p>
      <form method="post" action="/staff/settings/mail/periods" novalidate>
        <CsrfField token={csrf} />
        <TextInput
          name="expiryDays"
          label={t('settingsMail.expiryDays')}
          hint={t('settingsMail.expiryHint', { max: MAX_REVIEW_DAYS })}
          value={typed.expiryDays ?? String(props.periods.expiryDays)}
          error={errors.expiryDays}
        />
        <TextInput
          name="reminderDays"
          label={t('settingsMail.reminderDays')}
          hint={t('settingsMail.reminderHint')}
          value={typed.reminderDays ?? String(props.periods.reminderDays)}
          error={errors.reminderDays}
        />
        <Button label={t('settingsMail.savePeriods')} />
      </form>
      <h2 class="heading-m" id="signature" safe>
        {t('settingsMail.signature')}
      </h2>
      <p class="body" safe>
        {t('settingsMail.signatureIntro')}
      </p>
      <form method="post" action="/staff/settings/mail/signature" novalidate>
        <CsrfField token={csrf} />
        <Textarea
          name="signatureJa"
          label={t('settingsMail.signatureJa')}
          value={typed.signatureJa ?? props.signature.ja}
          error={errors.signatureJa}
          rows={4}
        />
        <Textarea
          name="signatureEn"
          label={t('settingsMail.signatureEn')}
          value={typed.signatureEn ?? props.signature.en}
          error={errors.signatureEn}
          rows={4}
        />
        <Button label={t('settingsMail.saveSignature')} />
      </form>
    </SettingsFrame>
  );
}

const form = z.record(z.string(), z.string().max(4000));

const days = (raw: string | undefined) => (/^\d{1,4}$/.test((raw ?? '').trim()) ? Number(raw) : Number.NaN);

export async function settingsMailRoutes(app: FastifyInstance) {
  const { database, outbox, config } = app.deps;
  const db = database.db;
  const actor = (request: FastifyRequest) => `staff:${(request.staff as Staff).id}`;

  const show = async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, typed: Typed = {}) => {
    const [periods, signature] = await Promise.all([
      getReviewPeriods(db, config.reviewResponseDays),
      getMailSignature(db),
    ]);
    return sendHtml(
      reply,
      <MailPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        periods={periods}
        signature={signature}
        errors={errors}
        typed={typed}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get('/staff/settings/mail', (request, reply) => show(request, reply));

  app.post('/staff/settings/mail/periods', async (request, reply) => {
    const input = readForm(form, request.body);
    const t = request.t;
    const periods = { expiryDays: days(input.expiryDays), reminderDays: days(input.reminderDays) };
    const checked = reviewPeriodsSchema.safeParse(periods);
    if (!checked.success) {
      const errors: FieldErrors = {};
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? 'expiryDays');
        errors[field] ??=
          field === 'expiryDays'
            ? t('settingsMail.error.expiry', { max: MAX_REVIEW_DAYS })
            : t('settingsMail.error.reminder');
      }
      return show(request, reply, errors, input);
    }
    await setReviewPeriods(db, actor(request), checked.data);
    return reply.redirect('/staff/settings/mail#periods', 303);
  });

  app.post('/staff/settings/mail/signature', async (request, reply) => {
    const input = readForm(form, request.body);
    const t = request.t;
    const rule = { max: MAIL_SIGNATURE_MAX, multiline: true, optional: true };
    const ja = checkText(input.signatureJa ?? '', rule);
    const en = checkText(input.signatureEn ?? '', rule);
    const errors: FieldErrors = {};
    if (!ja.ok) errors.signatureJa = t('settingsMail.error.signature', { max: MAIL_SIGNATURE_MAX });
    if (!en.ok) errors.signatureEn = t('settingsMail.error.signature', { max: MAIL_SIGNATURE_MAX });
    if (!ja.ok || !en.ok) return show(request, reply, errors, input);
    const signature = { ja: ja.value, en: en.value };
    await setMailSignature(db, actor(request), signature);
    outbox.forgetSignature();
    return reply.redirect('/staff/settings/mail#signature', 303);
  });
}
