// A fiscal year's statement of charges, the same for the responsible person and for
// staff: each line says what it is for, its days, how it is worked out (blocks, rate,
// the free part deducted, the yen added by rounding) or why it is zero; then the
// subtotal, the tax per rate and the total, and the rounding rule in words.
import type { ChargeLine, Statement } from '../../domain/billing.js';
import { centreDayStart } from '../../domain/fiscal-calendar.js';
import { formatCentreDate } from '../../domain/notices.js';
import { formatTb } from '../../domain/usage-plan.js';
import { ScrollTable } from './components/scroll-table.js';
import type { PageContext } from './page.js';

const yenDigits = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Yen as the centre writes them: ¥40,000 in English, 40,000円 in Japanese. */
export const formatYen = (yen: number, lang: 'ja' | 'en'): string =>
  lang === 'ja' ? `${yenDigits.format(yen)}円` : `¥${yenDigits.format(yen)}`;

export const formatDay = (day: string, lang: 'ja' | 'en'): string => formatCentreDate(centreDayStart(day), lang);

export interface ServiceNames {
  [code: string]: { name: string; unit: string };
}

function lineTexts(page: PageContext, line: ChargeLine, services: ServiceNames) {
  const { t, lang } = page;
  const days = t('statement.days', {
    from: formatDay(line.from, lang),
    to: formatDay(line.to, lang),
    days: line.days,
    daysInYear: line.daysInYear,
  });
  const rate = formatYen(line.rate, lang);
  if (line.item.type === 'storage') {
    const kind = t(`plan.kind.${line.item.kind}`);
    const what = t('statement.storage', { kind, tb: formatTb(line.quantity) });
    const detail = line.zero
      ? t(`statement.zero.${line.zero}`, { tb: formatTb(line.allowanceTenths) })
      : [
          t('statement.storageCalc', { blocks: line.units, rate, days: line.days, daysInYear: line.daysInYear }),
          line.freeTenths ? t('statement.free', { tb: formatTb(line.freeTenths) }) : '',
        ]
          .filter(Boolean)
          .join('; ');
    return { what, days, detail };
  }
  const service = services[line.item.code] ?? { name: line.item.code, unit: '' };
  const what = t('statement.service', { name: service.name, quantity: line.quantity, unit: service.unit });
  const detail = line.zero
    ? t(`statement.zero.${line.zero}`, { tb: '0' })
    : t('statement.serviceCalc', { quantity: line.units, rate, days: line.days, daysInYear: line.daysInYear });
  return { what, days, detail };
}

export function StatementTable(props: {
  page: PageContext;
  statement: Statement;
  services: ServiceNames;
  /** When the group is bundled: the bundle's name (each line is the group's part). */
  bundle?: string | undefined;
  /** What the table is, for the region around it (it scrolls sideways on a phone). */
  caption: string;
}) {
  const { page, statement } = props;
  const { t, lang } = page;
  if (!statement.lines.length)
    return (
      <p class="body" safe>
        {t('statement.none')}
      </p>
    );
  return (
    <>
      <ScrollTable label={props.caption}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col" safe>
                {t('statement.item')}
              </th>
              <th scope="col" safe>
                {t('statement.period')}
              </th>
              <th scope="col" safe>
                {t('statement.detail')}
              </th>
              <th scope="col" class="table__header--numeric" safe>
                {t('statement.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {statement.lines.map((line) => {
              const text = lineTexts(page, line, props.services);
              const notes = [
                text.detail,
                line.roundedUp ? t('statement.roundedUp') : '',
                line.share
                  ? t('statement.share', {
                      quantity:
                        line.item.type === 'storage' ? `${formatTb(line.share.quantity)} TB` : line.share.quantity,
                      of: line.item.type === 'storage' ? `${formatTb(line.share.of)} TB` : line.share.of,
                      bundle: props.bundle ?? '',
                      amount: formatYen(line.share.bundleAmount, lang),
                    })
                  : '',
              ].filter(Boolean);
              return (
                <tr>
                  <td safe>{text.what}</td>
                  <td safe>{text.days}</td>
                  <td>
                    {notes.map((n) => (
                      <span class="statement__note" safe>
                        {n}
                      </span>
                    ))}
                  </td>
                  <td class="table__cell--numeric" safe>
                    {formatYen(line.amount, lang)}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan="3" safe>
                {t('statement.subtotal')}
              </th>
              <td class="table__cell--numeric" safe>
                {formatYen(statement.subtotal, lang)}
              </td>
            </tr>
            {statement.taxes.map((tax) => (
              <tr>
                <th scope="row" colspan="3" safe>
                  {t('statement.tax', { percent: tax.taxPercent })}
                </th>
                <td class="table__cell--numeric" safe>
                  {formatYen(tax.tax, lang)}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row" colspan="3" safe>
                {t('statement.total')}
              </th>
              <td class="table__cell--numeric">
                <strong safe>{formatYen(statement.total, lang)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </ScrollTable>
      <p class="hint" safe>
        {t('statement.rule')}
      </p>
    </>
  );
}
