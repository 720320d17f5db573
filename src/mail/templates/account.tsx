// Mail about the accounts themselves: the registration certificate is on its way.
import type { Lang } from '../../i18n/index.js';
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

export type AccountChange =
  | 'sshKeyAdded'
  | 'sshKeyRemoved'
  | 'passwordChanged'
  | 'passwordReset'
  | 'sshKeyRevoked'
  | 'lockedByStaff'
  | 'unlockedByStaff';

export interface AccountChangedParams {
  account: string;
  change: AccountChange;
  /** The key's fingerprint, for key changes and a reset by key; the reason of a lock. */
  detail?: string;
  /** When, as the mail shows it (Asia/Tokyo). */
  at: string;
}

/** A security notice to the holder after every change of keys, password or lock. */
export function accountChanged(lang: Lang, p: AccountChangedParams): Promise<MailContent> {
  const values = { account: p.account, detail: p.detail ?? '', at: p.at };
  // The holder made their own changes ("not you?"); the centre made the lock's.
  const byStaff = p.change === 'lockedByStaff' || p.change === 'unlockedByStaff' || p.change === 'sshKeyRevoked';
  return bilingualMail(lang, (t) => ({
    subject: t(`mail.accountChanged.subject.${p.change}`, values),
    paragraphs: [
      t(`mail.accountChanged.body.${p.change}`, values),
      t(byStaff ? 'mail.accountChanged.contact' : 'mail.accountChanged.notYou'),
    ],
  }));
}
