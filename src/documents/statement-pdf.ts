// A fiscal year's statement of charges of one responsible person's group as a PDF, in
// Japanese and English (each line in both, as the registration certificate has them):
// what every line is for, its days, how it is worked out or why it is zero, the yen the
// rounding added, a bundle's share; then the subtotal, the tax per rate, the total and
// the rounding rule. Same input, same bytes.
import type { Statement } from '../domain/billing.js';
import { translator } from '../i18n/index.js';
import { describeLine, formatYen, type ServiceNames } from '../i18n/statement-lines.js';
import { createPdf, drawFooters, formatTokyoDate, INK, MUTED, RULE, style } from './pdf-kit.js';

export interface StatementDocument {
  group: string;
  fiscalYear: number;
  statement: Statement;
  /** The bundle's secondary group, when the group is charged with others. */
  bundle?: string | undefined;
  services: { ja: ServiceNames; en: ServiceNames };
  /** The day the statement is issued (its date in the document, never the clock). */
  issuedAt: Date;
}

const MARGIN = 56;
const AMOUNT_WIDTH = 96;
const GAP = 8;

export async function renderStatementPdf(input: StatementDocument): Promise<Buffer> {
  const ja = translator('ja');
  const en = translator('en');
  const title = `${ja('statement.title', { year: input.fiscalYear })} / ${en('statement.title', { year: input.fiscalYear })}`;
  const { doc, finish } = await createPdf({
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    info: { Title: title, Subject: input.group, Author: 'sc-account' },
    date: input.issuedAt,
  });
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const textWidth = width - AMOUNT_WIDTH - GAP;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const rule = () => {
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc.y += GAP / 2;
  };

  style(doc, 'bold', 15).text(ja('statement.title', { year: input.fiscalYear }), left, MARGIN, { width });
  style(doc, 'regular', 11, MUTED).text(en('statement.title', { year: input.fiscalYear }), { width });
  doc.moveDown(0.6);
  const date = formatTokyoDate(input.issuedAt);
  style(doc, 'regular', 10).text(
    `${ja('statement.group', { group: input.group })} / ${en('statement.group', { group: input.group })}`,
    { width },
  );
  style(doc, 'regular', 9, MUTED).text(`${date.ja} / ${date.en}`, { width });
  doc.moveDown(0.8);
  rule();

  const s = input.statement;
  if (!s.lines.length) {
    style(doc, 'regular', 10).text(`${ja('statement.none')} / ${en('statement.none')}`, { width });
  }
  for (const line of s.lines) {
    const jaText = describeLine(ja, 'ja', line, input.services.ja, input.bundle);
    const enText = describeLine(en, 'en', line, input.services.en, input.bundle);
    const jaBody = [jaText.days, ...jaText.notes].join('\n');
    const enBody = [enText.days, ...enText.notes].join('\n');
    // Keep a line's block on one page.
    const needed =
      style(doc, 'bold', 10).heightOfString(jaText.what, { width: textWidth }) +
      style(doc, 'regular', 8.5).heightOfString(jaBody, { width: textWidth }) +
      style(doc, 'regular', 8.5).heightOfString(`${enText.what}\n${enBody}`, { width: textWidth }) +
      GAP * 2;
    if (doc.y + needed > bottom()) doc.addPage();
    const top = doc.y;
    style(doc, 'bold', 10).text(formatYen(line.amount, 'ja'), left + textWidth + GAP, top, {
      width: AMOUNT_WIDTH,
      align: 'right',
    });
    style(doc, 'bold', 10).text(jaText.what, left, top, { width: textWidth });
    style(doc, 'regular', 8.5).text(jaBody, { width: textWidth });
    style(doc, 'regular', 8.5, MUTED).text(`${enText.what}\n${enBody}`, { width: textWidth });
    doc.y += GAP / 2;
    rule();
  }

  const total = (label: string, yen: number, bold = false) => {
    if (doc.y + 20 > bottom()) doc.addPage();
    const top = doc.y;
    style(doc, bold ? 'bold' : 'regular', 10).text(label, left, top, { width: textWidth });
    style(doc, bold ? 'bold' : 'regular', 10).text(formatYen(yen, 'ja'), left + textWidth + GAP, top, {
      width: AMOUNT_WIDTH,
      align: 'right',
    });
    doc.y = Math.max(doc.y, top + 14);
  };
  doc.moveDown(0.3);
  total(`${ja('statement.subtotal')} / ${en('statement.subtotal')}`, s.subtotal);
  for (const tax of s.taxes)
    total(
      `${ja('statement.tax', { percent: tax.taxPercent })} / ${en('statement.tax', { percent: tax.taxPercent })}`,
      tax.tax,
    );
  total(`${ja('statement.total')} / ${en('statement.total')}`, s.total, true);
  doc.moveDown(1);
  style(doc, 'regular', 8, MUTED).text(ja('statement.rule'), left, doc.y, { width });
  style(doc, 'regular', 8, MUTED).text(en('statement.rule'), { width });
  style(doc, 'regular', 8, INK);

  drawFooters(doc, (page, count) => ({
    note: `sc-account – ${input.group} – ${input.fiscalYear}`,
    right: `${page} / ${count}`,
  }));
  return finish();
}
