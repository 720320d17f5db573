// The pledge: the personal link to the responsible person, and the confirmation
// after signing. In Japanese and English.
import type { PersonNames } from '../../domain/person-name.js';
import type { PledgeKind } from '../../domain/pledge.js';
import type { Lang } from '../../i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export interface PledgeRequestParams {
  reference: string;
  applicantName: PersonNames;
  url: string;
  kind: PledgeKind;
  /** When the link stops working (ISO). */
  expiresAt: string;
  /** Sent again by the system half-way to the deadline. */
  reminder?: boolean;
}

export function pledgeRequest(lang: Lang, p: PledgeRequestParams): Promise<MailContent> {
  return bilingualMail(lang, (t, part) => ({
    subject: `${p.reminder ? `${t('mail.pledge.reminder')} ` : ''}${t('mail.pledge.subject', { reference: p.reference })}`,
    paragraphs: [
      p.kind === 'self'
        ? t('mail.pledge.bodySelf')
        : p.kind === 'applicant'
          ? t('mail.pledge.bodyApplicant')
          : t('mail.pledge.body', { name: p.applicantName[part] }),
      t('mail.pledge.link'),
    ],
    url: p.url,
  }));
}

export interface PledgeSignedParams {
  reference: string;
  signerName: string;
}

export function pledgeSigned(lang: Lang, p: PledgeSignedParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.pledgeSigned.subject', { reference: p.reference }),
    paragraphs: [t('mail.pledgeSigned.body', { reference: p.reference, name: p.signerName })],
  }));
}
