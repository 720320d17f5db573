// A fiscal year's statement of charges, the same for the responsible person and for
// staff: each line says what it is for, its days, how it is worked out (blocks, rate,
// the free part deducted, the yen added by rounding) or why it is zero; then the
// subtotal, the tax per rate and the total, and the rounding rule in words.
import type { Statement } from '../../domain/billing.js';
import { describeLine, formatYen, type ServiceNames } from '../../i18n/statement-lines.js';
import { ScrollTable } from './components/scroll-table.js';
import type { PageContext } from './page.js';

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
              const text = describeLine(t, lang, line, props.services, props.bundle);
              const notes = text.notes;
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
