// Mail about group and workshop accounts: a participant's invitation (and reminder),
// the responsible person's pledge to sign, staff's decision to the person in charge,
// the end date coming (14 and 3 days ahead) and reached, and an extension decided.
import type { Lang } from '../../i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export interface GroupInvitationParams {
  event: 'invited' | 'reminded';
  title: string;
  endsOn: string;
  url: string;
  days: number;
}

export function groupInvitation(lang: Lang, p: GroupInvitationParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t(p.event === 'invited' ? 'mail.groupInvitation.subject' : 'mail.groupInvitation.reminder', {
      title: p.title,
    }),
    paragraphs: [
      t('mail.groupInvitation.body', { title: p.title, endsOn: p.endsOn }),
      t('mail.groupInvitation.link', { days: p.days }),
      t('mail.groupInvitation.ignore'),
    ],
    url: p.url,
  }));
}

export interface GroupPledgeParams {
  title: string;
  group: string;
  url: string;
}

export function groupPledge(lang: Lang, p: GroupPledgeParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.groupPledge.subject'),
    paragraphs: [t('mail.groupPledge.body', { title: p.title, group: p.group })],
    url: p.url,
  }));
}

export interface GroupDecidedParams {
  title: string;
  state: 'approved' | 'information_requested' | 'rejected';
  message?: string | undefined;
  url: string;
}

export function groupDecided(lang: Lang, p: GroupDecidedParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t(`mail.groupDecided.subject.${p.state}`, { title: p.title }),
    paragraphs: [t(`mail.groupDecided.body.${p.state}`, { title: p.title })],
    quote: p.message ?? null,
    url: p.url,
  }));
}

export interface GroupEndingParams {
  title: string;
  endsOn: string;
  days: number;
  /** The participant's account, or none for the person in charge. */
  account: string | null;
  /** The person in charge's page, where an extension is asked for. */
  url: string | null;
}

export function groupEnding(lang: Lang, p: GroupEndingParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.groupEnding.subject', { title: p.title, days: p.days }),
    paragraphs: [
      p.account
        ? t('mail.groupEnding.participant', { title: p.title, endsOn: p.endsOn, account: p.account })
        : t('mail.groupEnding.inCharge', { title: p.title, endsOn: p.endsOn }),
    ],
    ...(p.url ? { url: p.url } : {}),
  }));
}

export interface GroupEndedParams {
  title: string;
  account: string | null;
}

export function groupEnded(lang: Lang, p: GroupEndedParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.groupEnded.subject', { title: p.title }),
    paragraphs: [
      p.account
        ? t('mail.groupEnded.participant', { title: p.title, account: p.account })
        : t('mail.groupEnded.inCharge', { title: p.title }),
    ],
  }));
}

export interface GroupExtensionParams {
  title: string;
  state: 'approved' | 'refused';
  endsOn: string;
  message?: string | undefined;
}

export function groupExtension(lang: Lang, p: GroupExtensionParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t(`mail.groupExtension.subject.${p.state}`, { title: p.title }),
    paragraphs: [t(`mail.groupExtension.body.${p.state}`, { title: p.title, endsOn: p.endsOn })],
    quote: p.message ?? null,
  }));
}
