// The staff's decision on an application, to the applicant and the responsible
// person, in Japanese and English (the recipient's language first when known).
import type { Lang } from '../../i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export interface DecisionParams {
  reference: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
}

export function applicationDecision(lang: Lang, p: DecisionParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t(`mail.decision.${p.decision}.subject`, { reference: p.reference }),
    paragraphs: [t(`mail.decision.${p.decision}.body`, { reference: p.reference })],
    quote: p.decision === 'rejected' ? p.reason : null,
  }));
}

/** The applicant withdrew the application: to them and to the responsible person. */
export function applicationWithdrawn(lang: Lang, p: { reference: string }): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.withdrawn.subject', p),
    paragraphs: [t('mail.withdrawn.body', p)],
  }));
}

/** Nobody answered in time: to the applicant and the responsible person. */
export function applicationExpired(lang: Lang, p: { reference: string }): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.expired.subject', p),
    paragraphs: [t('mail.expired.body', p)],
  }));
}

/** Staff ask the applicant for more information, with the link that reopens the named steps. */
export function informationRequested(
  lang: Lang,
  p: { reference: string; message: string; url: string },
): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.information.subject', { reference: p.reference }),
    paragraphs: [t('mail.information.body', { reference: p.reference }), t('mail.information.link')],
    url: p.url,
    quote: p.message,
  }));
}
