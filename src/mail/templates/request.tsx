// Mails about account holders' requests: to the holder at every step, and to the
// responsible person when an account ends or joins their group; a Reissue asked for
// on the public page tells the holder whom to write to if it was not them.
import type { RequestKind, RequestState } from '../../domain/account-request.js';
import type { Lang, MessageKey } from '../../i18n/index.js';
import { bilingualMail } from './bilingual.js';
import type { MailContent } from './types.js';

export interface AccountRequestMailParams {
  id: number;
  kind: RequestKind;
  /** The state the request reached, or what the responsible person is told. */
  event: RequestState | 'responsibleSuspension' | 'responsibleManager';
  account: string;
  holder?: string;
  group?: string;
  /** The day a suspension takes effect, as the mail shows it. */
  date?: string;
  /** Staff's question or reason, kept as written. */
  quote?: string | null;
  url?: string;
  /** Where to write (a Reissue the holder did not ask for). */
  contact?: string;
}

function bodyKey(p: AccountRequestMailParams): MessageKey {
  if (p.kind === 'suspension' && p.event === 'approved') return 'mail.request.approvedSuspension';
  if (p.kind === 'suspension' && p.event === 'applied') return 'mail.request.appliedSuspension';
  if (p.kind === 'reissue' && p.event === 'submitted') return 'mail.request.submittedReissue';
  if (p.kind === 'reissue' && p.event === 'applied') return 'mail.request.appliedReissue';
  return `mail.request.${p.event}`;
}

export function accountRequestMail(lang: Lang, p: AccountRequestMailParams): Promise<MailContent> {
  return bilingualMail(lang, (t) => {
    const kind = t(`request.kind.${p.kind}`);
    const state = p.event.startsWith('responsible')
      ? t('request.state.applied')
      : t(`request.state.${p.event as RequestState}`);
    const values = {
      id: p.id,
      kind,
      account: p.account,
      holder: p.holder ?? '',
      group: p.group ?? '',
      date: p.date ?? '',
      contact: p.contact ?? '',
    };
    return {
      subject: t('mail.request.subject', { ...values, state }),
      paragraphs: [t(bodyKey(p), values)],
      ...(p.url ? { url: p.url } : {}),
      quote: p.quote ?? null,
    };
  });
}
