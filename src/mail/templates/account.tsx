// Mail about the accounts themselves: the registration certificate is on its way.
import type { Lang } from '../../web/i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export interface CertificatePostedParams {
  reference: string;
  /** The account names on the certificate, e.g. taro, taro-pg. */
  accounts: string[];
}

export function certificatePosted(lang: Lang, p: CertificatePostedParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.certificatePosted.subject', { reference: p.reference }),
    paragraphs: [
      t('mail.certificatePosted.body', { reference: p.reference, accounts: p.accounts.join(', ') }),
      t('mail.certificatePosted.next'),
    ],
  }));
}
