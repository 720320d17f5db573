// Mails of the fiscal-year renewal to a holder: the window opened, 30 and 7 days
// left, the accounts locked (renew to restore access), and a Continuation received
// (renewed, or waiting for the new responsible person).
import type { Lang } from '../../web/i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export const renewalMailEvents = [
  'opened',
  'reminder30',
  'reminder7',
  'locked',
  'renewed',
  'review',
  'unlocked',
] as const;
export type RenewalMailEvent = (typeof renewalMailEvents)[number];

export interface RenewalMailParams {
  event: RenewalMailEvent;
  fiscalYear: number;
  accounts: string[];
  /** The day accounts not renewed are locked, as the mail shows it (in the recipient's language first). */
  lockDate: { ja: string; en: string };
  url: string;
}

export function renewalMail(lang: Lang, p: RenewalMailParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => {
    // Each language's text names the date as that language writes it ({dateJa} / {dateEn}).
    const values = {
      fiscalYear: p.fiscalYear,
      accounts: p.accounts.join(', '),
      dateJa: p.lockDate.ja,
      dateEn: p.lockDate.en,
    };
    return {
      subject: t(`mail.renewal.subject.${p.event}`, values),
      paragraphs: [t(`mail.renewal.body.${p.event}`, values)],
      url: p.url,
    };
  });
}
