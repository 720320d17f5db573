// Mails of the fiscal-year renewal to a holder: the window opened, 30 and 7 days
// left, the accounts locked (renew to restore access), and a Continuation received
// (renewed, or waiting for the new responsible person).
import { formatCentreDate } from '../../domain/notices.js';
import type { Lang } from '../../i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export const renewalMailEvents = [
  'opened',
  'reminder30',
  'reminder7',
  /** Sent again by staff. */
  'reminder',
  'locked',
  'renewed',
  'review',
  /** The change of responsible person it waited for was not approved. */
  'rejected',
  'unlocked',
] as const;
export type RenewalMailEvent = (typeof renewalMailEvents)[number];

export interface RenewalMailParams {
  event: RenewalMailEvent;
  fiscalYear: number;
  accounts: string[];
  /** When accounts not renewed are locked (ISO 8601); each language writes the day its way. */
  lockAt: string;
  url: string;
}

export function renewalMail(lang: Lang, p: RenewalMailParams): Promise<MailContent> {
  return bilingualMail(lang, (t, l) => {
    const values = {
      fiscalYear: p.fiscalYear,
      accounts: p.accounts.join(', '),
      date: formatCentreDate(new Date(p.lockAt), l),
    };
    return {
      subject: t(`mail.renewal.subject.${p.event}`, values),
      paragraphs: [t(`mail.renewal.body.${p.event}`, values)],
      url: p.url,
    };
  });
}
