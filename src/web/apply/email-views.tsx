// Pages of the e-mail step: the question, "check your e-mail", the link's
// confirmation button, and what an expired or used link says.

import {
  BackLink,
  Button,
  Checkbox,
  ErrorSummary,
  type FieldErrors,
  Textarea,
  TextInput,
} from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { NoticeBanner } from '../views/notices.js';
import { errorTitle, type PageContext } from '../views/page.js';

/** What the e-mail step asks, as typed. */
export interface EmailAnswers {
  email: string;
  special: boolean;
  specialReason: string;
}

export function EmailPage(props: { page: PageContext; csrf: string; answers: EmailAnswers; errors: FieldErrors }) {
  const { page, answers, errors } = props;
  const { t } = page;
  return (
    <Layout page={page} title={errorTitle(page, t('applyEmail.title'), errors)}>
      <BackLink href="/apply" label={t('applyEmail.back')} />
      {page.notices?.closure ? <NoticeBanner page={page} notices={{ ...page.notices, suspended: [] }} /> : ''}
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <form method="post" action="/apply/email" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput
          name="email"
          type="email"
          autocomplete="email"
          spellcheck={false}
          label={t('applyEmail.title')}
          isPageHeading
          hint={t('applyEmail.hint')}
          value={answers.email}
          error={errors.email}
        />
        <Checkbox name="special" label={t('applyEmail.special')} checked={answers.special} />
        <div class="conditional" id="special-conditional" data-reveal-when="special=yes" hidden={!answers.special}>
          <Textarea
            name="specialReason"
            label={t('applyEmail.specialReason')}
            hint={t('applyEmail.specialReasonHint')}
            value={answers.specialReason}
            error={errors.specialReason}
            rows={3}
          />
        </div>
        <Button label={t('applyEmail.continue')} />
      </form>
    </Layout>
  );
}

export function LinkSentPage({ page, address }: { page: PageContext; address?: string | undefined }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('applyEmail.sent.title')}>
      <h1 class="heading-l" safe>
        {t('applyEmail.sent.title')}
      </h1>
      {address ? (
        <p class="body">
          <span safe>{t('applyEmail.sent.to')}</span>
          <br />
          <strong class="sent-to" safe>
            {address}
          </strong>
        </p>
      ) : (
        ''
      )}
      <p class="body" safe>
        {t('applyEmail.sent.body')}
      </p>
      <p class="body" safe>
        {t('applyEmail.sent.resume')}
      </p>
      <p class="body">
        <a href="/apply/email" class="link" safe>
          {t(address ? 'applyEmail.sent.wrong' : 'applyEmail.sent.none')}
        </a>
      </p>
    </Layout>
  );
}

export function VerifyPage({ page, csrf, token }: { page: PageContext; csrf: string; token: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('applyEmail.verify.title')}>
      <h1 class="heading-l" safe>
        {t('applyEmail.verify.title')}
      </h1>
      <p class="body" safe>
        {t('applyEmail.verify.body')}
      </p>
      <form method="post" action="/apply/verify" novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="token" value={token} />
        <Button label={t('applyEmail.verify.button')} />
      </form>
    </Layout>
  );
}

export function LinkExpiredPage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('applyEmail.verify.expired.title')}>
      <h1 class="heading-l" safe>
        {t('applyEmail.verify.expired.title')}
      </h1>
      <p class="body" safe>
        {t('applyEmail.verify.expired.body')}
      </p>
      <p class="body">
        <a href="/apply/email" class="button" safe>
          {t('applyEmail.verify.expired.again')}
        </a>
      </p>
    </Layout>
  );
}

export function InReviewPage({ page, reference }: { page: PageContext; reference: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('applyEmail.inReview.title')}>
      <h1 class="heading-l" safe>
        {t('applyEmail.inReview.title')}
      </h1>
      <p class="body" safe>
        {t('applyEmail.inReview.body', { reference })}
      </p>
    </Layout>
  );
}
