// Mail about a usage plan: the decision on a version, to the holder who sent it; and
// the alert when the projected charges pass the amount the responsible person set.
import type { Lang } from '../../i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export interface PlanDecidedParams {
  group: string;
  number: number;
  state: 'approved' | 'changes_requested' | 'rejected';
  message?: string;
  url: string;
}

export function planDecided(lang: Lang, p: PlanDecidedParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => {
    const state = t(`plan.state.${p.state}`);
    return {
      subject: t('mail.planDecided.subject', { state }),
      paragraphs: [
        t('mail.planDecided.body', { group: p.group, number: p.number, state }),
        ...(p.message ? [t('mail.planDecided.message')] : []),
      ],
      quote: p.message ?? null,
      url: p.url,
    };
  });
}

export interface PlanAlertParams {
  group: string;
  year: number;
  amount: string;
  alert: string;
}

export function planAlert(lang: Lang, p: PlanAlertParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => ({
    subject: t('mail.planAlert.subject'),
    paragraphs: [t('mail.planAlert.body', { group: p.group, year: p.year, amount: p.amount, alert: p.alert })],
  }));
}
