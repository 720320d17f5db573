// The mails sent when an application is submitted: the confirmation to the
// applicant (in the language they applied in) and the notice to the responsible
// person (in Japanese and English: their language is not known). Both carry the
// reference and a short summary; the full answers stay in the system.
import { formatCentreTime } from '../../domain/notices.js';
import type { PersonNames } from '../../domain/person-name.js';
import { type Lang, type Translate, translator } from '../../i18n/index.js';
import { MailLayout } from './layout.js';
import type { MailContent } from './types.js';

export interface SubmissionSummary {
  reference: string;
  applicantName: PersonNames;
  email: string;
  institution: string;
  accountName: string;
  /** The PG twin account's name, when the personal genome division was asked for. */
  pgAccountName: string | null;
  responsibleName: PersonNames;
  responsibleEmail: string;
  /** The applicant is their own responsible person. */
  self: boolean;
  /** ISO time of submission. */
  submittedAt: string;
  /** The applicant's link to withdraw the application (only in their own mail). */
  withdrawUrl?: string;
}

function summaryRows(t: Translate, lang: Lang, s: SubmissionSummary): [string, string][] {
  const when = formatCentreTime(new Date(s.submittedAt), lang);
  return [
    [t('mail.summary.reference'), s.reference],
    [t('mail.summary.applicant'), s.applicantName[lang]],
    [t('mail.summary.email'), s.email],
    [t('mail.summary.institution'), s.institution],
    [t('mail.summary.accountName'), s.accountName],
    [t('mail.summary.pg'), s.pgAccountName ? `${t('mail.summary.yes')} (${s.pgAccountName})` : t('mail.summary.no')],
    [t('mail.summary.responsible'), `${s.responsibleName[lang]} <${s.responsibleEmail}>`],
    [t('mail.summary.submitted'), when],
  ];
}

/** One language's part of a mail as plain text: paragraphs, then the summary as a table. */
function partText(t: Translate, lang: Lang, paragraphs: string[], s: SubmissionSummary): string {
  const rows = summaryRows(t, lang, s);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${paragraphs.join('\n\n')}\n\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

/** The same part in HTML. */
function Part(props: { t: Translate; lang: Lang; paragraphs: string[]; s: SubmissionSummary }) {
  return (
    <div lang={props.lang}>
      {props.paragraphs.map((p) => (
        <p safe>{p}</p>
      ))}
      <table style="border-collapse: collapse;">
        {summaryRows(props.t, props.lang, props.s).map(([k, v]) => (
          <tr>
            <th style="text-align: left; padding: 2px 16px 2px 0; vertical-align: top;" safe>
              {k}
            </th>
            <td style="padding: 2px 0;" safe>
              {v}
            </td>
          </tr>
        ))}
      </table>
    </div>
  );
}

export async function applySubmitted(t: Translate, lang: Lang, s: SubmissionSummary): Promise<MailContent> {
  const subject = t('mail.applySubmitted.subject', { reference: s.reference });
  const paragraphs = [
    t('mail.applySubmitted.body'),
    s.self ? t('mail.applySubmitted.self') : t('mail.applySubmitted.next'),
    ...(s.withdrawUrl ? [t('mail.applySubmitted.withdraw', { url: s.withdrawUrl })] : []),
  ];
  const html = await (
    <MailLayout lang={lang} title={subject} t={t}>
      <Part t={t} lang={lang} paragraphs={paragraphs} s={s} />
    </MailLayout>
  );
  return { subject, text: `${partText(t, lang, paragraphs, s)}\n-- \n${t('mail.footer')}\n`, html };
}

export async function applyResponsible(_t: Translate, lang: Lang, s: SubmissionSummary): Promise<MailContent> {
  // Both languages, the applicant's first.
  const [one, two] = (lang === 'en' ? (['en', 'ja'] as const) : (['ja', 'en'] as const)).map((l) => {
    const t = translator(l);
    const paragraphs = [
      // Each part names the applicant in its own language.
      t('mail.applyResponsible.body', { name: s.applicantName[l], email: s.email }),
      t('mail.applyResponsible.next'),
    ];
    return { t, lang: l, paragraphs, subject: t('mail.applyResponsible.subject', { reference: s.reference }) };
  }) as [Bilingual, Bilingual];
  const subject = `${one.subject} / ${two.subject}`;
  const html = await (
    <MailLayout lang={one.lang} title={subject} t={one.t}>
      <Part t={one.t} lang={one.lang} paragraphs={one.paragraphs} s={s} />
      <hr />
      <Part t={two.t} lang={two.lang} paragraphs={two.paragraphs} s={s} />
    </MailLayout>
  );
  const text = [
    partText(one.t, one.lang, one.paragraphs, s),
    '----------------------------------------\n',
    partText(two.t, two.lang, two.paragraphs, s),
    `-- \n${one.t('mail.footer')}\n${two.t('mail.footer')}\n`,
  ].join('\n');
  return { subject, text, html };
}

interface Bilingual {
  t: Translate;
  lang: Lang;
  paragraphs: string[];
  subject: string;
}
