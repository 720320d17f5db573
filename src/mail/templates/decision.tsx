// The staff's decision on an application, to the applicant and the responsible
// person, in Japanese and English (the recipient's language first when known).
import { type Lang, translator } from '../../web/i18n/index.js';
import { MailLayout } from './layout.js';
import type { MailContent } from './types.js';

export interface DecisionParams {
  reference: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
}

export async function applicationDecision(lang: Lang, p: DecisionParams): Promise<MailContent> {
  const order: Lang[] = lang === 'en' ? ['en', 'ja'] : ['ja', 'en'];
  const parts = order.map((l) => {
    const t = translator(l);
    return {
      lang: l,
      t,
      subject: t(`mail.decision.${p.decision}.subject`, { reference: p.reference }),
      body: t(`mail.decision.${p.decision}.body`, { reference: p.reference }),
    };
  });
  const [one, two] = parts as [(typeof parts)[0], (typeof parts)[0]];
  const reason = p.decision === 'rejected' && p.reason ? p.reason : '';
  const subject = `${one.subject} / ${two.subject}`;
  const html = await (
    <MailLayout lang={one.lang} title={subject} t={one.t}>
      {parts.map((part) => (
        <div lang={part.lang}>
          <p safe>{part.body}</p>
          {reason ? (
            <blockquote style="white-space: pre-line;" safe>
              {reason}
            </blockquote>
          ) : (
            ''
          )}
        </div>
      ))}
    </MailLayout>
  );
  const block = (b: string) => (reason ? `${b}\n\n${reason}\n` : `${b}\n`);
  const text = `${block(one.body)}\n----------------------------------------\n\n${block(two.body)}\n-- \n${one.t('mail.footer')}\n${two.t('mail.footer')}\n`;
  return { subject, text, html };
}
