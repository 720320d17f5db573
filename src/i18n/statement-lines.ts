// A statement's lines in words, in one language: what each line is for, its days, how
// it is worked out or why it is zero, the rounding and a bundle's share; and yen and
// days as the centre writes them. The page (web/views/statement.tsx) and the PDF
// (documents/statement-pdf.ts) say the same.
import type { ChargeLine } from '../domain/billing.js';
import { centreDayStart } from '../domain/fiscal-calendar.js';
import { formatCentreDate } from '../domain/notices.js';
import { formatTb } from '../domain/usage-plan.js';
import type { Lang, Translate } from './index.js';

const yenDigits = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Yen as the centre writes them: ¥40,000 in English, 40,000円 in Japanese. */
export const formatYen = (yen: number, lang: Lang): string =>
  lang === 'ja' ? `${yenDigits.format(yen)}円` : `¥${yenDigits.format(yen)}`;

export const formatDay = (day: string, lang: Lang): string => formatCentreDate(centreDayStart(day), lang);

/** Each catalogue service's name and unit in the language of the text. */
export interface ServiceNames {
  [code: string]: { name: string; unit: string };
}

/** The catalogue's names and units in both languages. */
export function serviceNamesOf(
  catalogue: readonly { code: string; name_ja: string; name_en: string; unit_ja: string; unit_en: string }[],
): Record<Lang, ServiceNames> {
  return {
    ja: Object.fromEntries(catalogue.map((c) => [c.code, { name: c.name_ja, unit: c.unit_ja }])),
    en: Object.fromEntries(catalogue.map((c) => [c.code, { name: c.name_en, unit: c.unit_en }])),
  };
}

export interface LineText {
  what: string;
  days: string;
  /** How it is worked out (or why it is zero), the rounding, a bundle's share: one note each. */
  notes: string[];
}

export function describeLine(
  t: Translate,
  lang: Lang,
  line: ChargeLine,
  services: ServiceNames,
  bundle?: string,
): LineText {
  const days = t('statement.days', {
    from: formatDay(line.from, lang),
    to: formatDay(line.to, lang),
    days: line.days,
    daysInYear: line.daysInYear,
  });
  const rate = formatYen(line.rate, lang);
  const storage = line.item.type === 'storage';
  let what: string;
  let detail: string;
  if (line.item.type === 'storage') {
    what = t('statement.storage', { kind: t(`plan.kind.${line.item.kind}`), tb: formatTb(line.quantity) });
    detail = line.zero
      ? t(`statement.zero.${line.zero}`, { tb: formatTb(line.allowanceTenths) })
      : [
          t('statement.storageCalc', { blocks: line.units, rate, days: line.days, daysInYear: line.daysInYear }),
          line.freeTenths ? t('statement.free', { tb: formatTb(line.freeTenths) }) : '',
        ]
          .filter(Boolean)
          .join(lang === 'ja' ? '、' : '; ');
  } else {
    const service = services[line.item.code] ?? { name: line.item.code, unit: '' };
    what = t('statement.service', { name: service.name, quantity: line.quantity, unit: service.unit });
    detail = line.zero
      ? t(`statement.zero.${line.zero}`, { tb: '0' })
      : t('statement.serviceCalc', { quantity: line.units, rate, days: line.days, daysInYear: line.daysInYear });
  }
  const notes = [
    detail,
    line.roundedUp ? t('statement.roundedUp') : '',
    line.share
      ? t('statement.share', {
          quantity: storage ? `${formatTb(line.share.quantity)} TB` : line.share.quantity,
          of: storage ? `${formatTb(line.share.of)} TB` : line.share.of,
          bundle: bundle ?? '',
          amount: formatYen(line.share.bundleAmount, lang),
        })
      : '',
  ].filter(Boolean);
  return { what, days, notes };
}
