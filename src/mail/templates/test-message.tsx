// `sc-account mail test`: proves the mail path from outbox to recipient.
import type { Translate } from '../../i18n/index.js';
import { MailLayout } from './layout.js';
import type { MailContent } from './types.js';

export async function testMessage(t: Translate, lang: string): Promise<MailContent> {
  const subject = t('mail.test.subject');
  const html = await (
    <MailLayout lang={lang} title={subject} t={t}>
      <p safe>{t('mail.test.body')}</p>
    </MailLayout>
  );
  return { subject, text: `${t('mail.test.body')}\n\n-- \n${t('mail.footer')}\n`, html };
}
