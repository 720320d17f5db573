// A mail in Japanese and English, the recipient's language first (when it is not
// known, Japanese): the subjects joined, each language's paragraphs in turn.
import { type Lang, type Translate, translator } from '../../i18n/index.js';
import { MailLayout } from './layout.js';
import type { MailContent } from './types.js';

export interface MailPart {
  subject: string;
  paragraphs: string[];
  /** A link shown after the paragraphs. */
  url?: string;
  /** Text quoted after the paragraphs (e.g. a reason typed by staff), kept as written. */
  quote?: string | null;
}

export async function bilingualMail(lang: Lang, make: (t: Translate, lang: Lang) => MailPart): Promise<MailContent> {
  const order: Lang[] = lang === 'en' ? ['en', 'ja'] : ['ja', 'en'];
  const parts = order.map((l) => ({ lang: l, t: translator(l), ...make(translator(l), l) }));
  const first = parts[0] as (typeof parts)[number];
  const subject = parts.map((p) => p.subject).join(' / ');
  const html = await (
    <MailLayout lang={first.lang} title={subject} t={first.t}>
      {parts.map((p, i) => (
        <div lang={p.lang}>
          {i > 0 ? <hr /> : ''}
          {p.paragraphs.map((text) => (
            <p safe>{text}</p>
          ))}
          {p.url ? (
            <p>
              <a href={p.url} safe>
                {p.url}
              </a>
            </p>
          ) : (
            ''
          )}
          {p.quote ? (
            <blockquote style="white-space: pre-line;" safe>
              {p.quote}
            </blockquote>
          ) : (
            ''
          )}
        </div>
      ))}
    </MailLayout>
  );
  const block = (p: MailPart) =>
    [p.paragraphs.join('\n\n'), p.url, p.quote].filter((x): x is string => Boolean(x)).join('\n\n');
  const text = `${parts.map(block).join('\n\n----------------------------------------\n\n')}\n\n-- \n${parts
    .map((p) => p.t('mail.footer'))
    .join('\n')}\n`;
  return { subject, text, html };
}
