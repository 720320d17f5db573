// The link that opens (or resumes) an account application, and the notice sent
// instead when the address already has an application in review.
import type { Translate } from '../../i18n/index.js';
import { MailLayout } from './layout.js';
import type { MailContent } from './types.js';

export async function applyLink(t: Translate, lang: string, params: { url: string }): Promise<MailContent> {
  const subject = t('mail.applyLink.subject');
  const html = await (
    <MailLayout lang={lang} title={subject} t={t}>
      <p safe>{t('mail.applyLink.body')}</p>
      <p>
        <a href={params.url} safe>
          {params.url}
        </a>
      </p>
      <p safe>{t('mail.applyLink.ignore')}</p>
    </MailLayout>
  );
  const text = `${t('mail.applyLink.body')}\n\n${params.url}\n\n${t('mail.applyLink.ignore')}\n\n-- \n${t('mail.footer')}\n`;
  return { subject, text, html };
}

export async function applyInReview(t: Translate, lang: string, params: { reference: string }): Promise<MailContent> {
  const subject = t('mail.applyInReview.subject', params);
  const body = t('mail.applyInReview.body', params);
  const html = await (
    <MailLayout lang={lang} title={subject} t={t}>
      <p safe>{body}</p>
    </MailLayout>
  );
  return { subject, text: `${body}\n\n-- \n${t('mail.footer')}\n`, html };
}
