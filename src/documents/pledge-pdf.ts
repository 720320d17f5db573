// Renders the PDF copy of a signed pledge (誓約書) in Japanese and English: the application
// summary, every declaration as agreed, and the record of the signature. Same input, same bytes.

import { createPdf, drawFooters, type FontName, formatTokyoTime, INK, MUTED, RULE, style } from './pdf-kit.js';

export interface SignedPledgeDocument {
  reference: string;
  kind: 'self' | 'vouch' | 'applicant';
  textVersion: string;
  titleJa: string;
  titleEn: string;
  declarations: { ja: string; en: string }[];
  summary: { reference: string; applicantName: string; institution: string; accountName: string; purpose: string };
  /** As typed, may be Japanese. */
  signerName: string;
  signedAt: Date;
  signerIp: string;
  signerUserAgent: string;
  /** SHA-256 (64 hex characters) of the text the signer was shown. */
  textSha256: string;
}

// ---- layout -------------------------------------------------------------------
const MARGIN = 56; // about 20 mm
const LABEL_WIDTH = 132;
const NUMBER_WIDTH = 22;
const ROW_GAP = 6;
const HEADING_GAP = 6;
const DECLARATION_GAP = 9;

interface Bilingual {
  ja: string;
  en: string;
}

const labels = {
  centre: 'スーパーコンピュータ アカウント / Supercomputer account',
  summary: { ja: '申請の概要', en: 'Application summary' },
  reference: { ja: '申請番号', en: 'Reference' },
  applicant: { ja: '申請者', en: 'Applicant' },
  institution: { ja: '所属機関', en: 'Institution' },
  accountName: { ja: 'アカウント名', en: 'Account name' },
  purpose: { ja: '利用目的', en: 'Purpose of use' },
  declarations: { ja: '誓約事項', en: 'Declarations' },
  agreed: '［同意 / Agreed］',
  signature: { ja: '署名', en: 'Signature' },
  signedBy: { ja: '署名者', en: 'Signed by' },
  signedAt: { ja: '署名日時', en: 'Signed at' },
  ip: { ja: 'IP アドレス', en: 'IP address' },
  browser: { ja: 'ブラウザ', en: 'Browser' },
  version: { ja: '誓約書の版', en: 'Text version' },
  digest: { ja: '表示内容の SHA-256', en: 'SHA-256 of the text shown' },
  footer: 'この文書は電子署名された誓約書の写しです。/ This is a copy of a pledge signed electronically.',
} as const;

interface Row {
  label: Bilingual;
  value: string;
  size?: number;
}

/** Writes top to bottom, keeping small blocks on one page and letting long text flow on. */
class PledgeWriter {
  readonly left: number;
  readonly width: number;
  private page = 0;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc.on('pageAdded', () => {
      this.page++;
    });
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` still fits; a block taller than a page just flows. */
  private keep(height: number): void {
    const fresh = this.bottom - this.doc.page.margins.top;
    if (this.doc.y + height > this.bottom && height <= fresh) this.doc.addPage();
  }

  private style(font: FontName, size: number, color = INK): PDFKit.PDFDocument {
    return style(this.doc, font, size, color);
  }

  gap(points: number): void {
    this.doc.y += points;
  }

  header(titleJa: string, titleEn: string): void {
    const { doc, left, width } = this;
    this.style('regular', 9, MUTED).text(labels.centre, left, doc.y, { width });
    this.gap(6);
    this.style('bold', 17).text(titleJa, left, doc.y, { width, lineGap: 2 });
    this.style('bold', 12.5, MUTED).text(titleEn, left, doc.y, { width });
    this.gap(8);
    this.rule();
  }

  rule(): void {
    const { doc, left, width } = this;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    this.gap(10);
  }

  private heading(title: Bilingual): void {
    this.style('bold', 11.5).text(`${title.ja} / ${title.en}`, this.left, this.doc.y, { width: this.width });
    this.gap(HEADING_GAP);
  }

  private headingHeight(title: Bilingual): number {
    return this.style('bold', 11.5).heightOfString(`${title.ja} / ${title.en}`, { width: this.width }) + HEADING_GAP;
  }

  /** A heading never ends a page: it moves on with the first `keepRows` rows (all by default) when they fit. */
  section(title: Bilingual, rows: Row[], keepRows = rows.length): void {
    const kept = rows.slice(0, keepRows).reduce((sum, row) => sum + this.rowHeight(row), 0);
    this.keep(this.headingHeight(title) + kept);
    this.heading(title);
    for (const row of rows) this.row(row);
  }

  declarations(title: Bilingual, declarations: readonly Bilingual[]): void {
    this.keep(this.headingHeight(title) + (declarations[0] ? this.declarationHeight(declarations[0]) : 0));
    this.heading(title);
    declarations.forEach((text, i) => {
      this.declaration(i + 1, text);
    });
  }

  private labelHeight(label: Bilingual): number {
    const width = LABEL_WIDTH - 10;
    return (
      this.style('bold', 9).heightOfString(label.ja, { width }) +
      this.style('regular', 7.5).heightOfString(label.en, { width })
    );
  }

  private valueOptions(): PDFKit.Mixins.TextOptions {
    return { width: this.width - LABEL_WIDTH, lineGap: 1 };
  }

  private rowHeight(row: Row): number {
    const value = this.style('regular', row.size ?? 10).heightOfString(row.value || '—', this.valueOptions());
    return Math.max(this.labelHeight(row.label), value) + ROW_GAP;
  }

  /** Label (Japanese over English) on the left, the value beside it, wrapped. */
  row(row: Row): void {
    const { doc, left } = this;
    // A row that fits stays whole; a longer one needs room for its label and a few lines.
    this.keep(Math.min(this.rowHeight(row), this.labelHeight(row.label) + 30));
    const top = doc.y;
    const page = this.page;
    this.style('bold', 9).text(row.label.ja, left, top, { width: LABEL_WIDTH - 10 });
    this.style('regular', 7.5, MUTED).text(row.label.en, left, doc.y, { width: LABEL_WIDTH - 10 });
    const labelBottom = doc.y;
    this.style('regular', row.size ?? 10).text(row.value || '—', left + LABEL_WIDTH, top, this.valueOptions());
    // A value that ran onto a new page left its label behind: its own end is the bottom.
    const end = this.page === page ? Math.max(labelBottom, doc.y) : doc.y;
    doc.x = left;
    doc.y = end + ROW_GAP;
  }

  private declarationHeight(text: Bilingual): number {
    const width = this.width - NUMBER_WIDTH;
    return (
      this.style('regular', 10).heightOfString(text.ja, { width, lineGap: 2 }) +
      3 +
      this.style('regular', 9).heightOfString(text.en, { width, lineGap: 1 }) +
      3 +
      this.style('bold', 9).heightOfString(labels.agreed, { width }) +
      DECLARATION_GAP
    );
  }

  private declaration(index: number, text: Bilingual): void {
    const { doc, left } = this;
    const x = left + NUMBER_WIDTH;
    const width = this.width - NUMBER_WIDTH;
    this.keep(this.declarationHeight(text));
    const top = doc.y;
    this.style('bold', 10).text(`${index}.`, left, top, { width: NUMBER_WIDTH, lineBreak: false });
    this.style('regular', 10).text(text.ja, x, top, { width, lineGap: 2 });
    this.gap(3);
    this.style('regular', 9, MUTED).text(text.en, x, doc.y, { width, lineGap: 1 });
    this.gap(3);
    this.style('bold', 9).text(labels.agreed, x, doc.y, { width });
    doc.x = left;
    this.gap(DECLARATION_GAP);
  }

  /** The note and page number on every page, drawn last (the pages are buffered). */
  footers(reference: string): void {
    drawFooters(this.doc, (page, count) => ({ note: labels.footer, right: `${reference}  ${page} / ${count}` }));
  }
}

/** The PDF copy of a signed pledge, A4, Japanese before English throughout. */
export async function renderPledgePdf(doc: SignedPledgeDocument): Promise<Buffer> {
  // The metadata is fixed (the digest makes it differ between texts), so the same pledge
  // always gives the same bytes.
  const { doc: pdf, finish } = await createPdf({
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    info: {
      Title: `${doc.reference} ${doc.titleEn}`,
      Subject: `${doc.titleJa} / ${doc.titleEn} (${doc.kind}, ${doc.textVersion})`,
      Author: doc.signerName,
      Keywords: `sha256:${doc.textSha256}`,
    },
    date: doc.signedAt,
  });

  const out = new PledgeWriter(pdf);
  out.header(doc.titleJa, doc.titleEn);

  const { summary } = doc;
  // The purpose may be long: the heading keeps only the first rows with it, the rest flows.
  out.section(
    labels.summary,
    [
      { label: labels.reference, value: summary.reference },
      { label: labels.applicant, value: summary.applicantName },
      { label: labels.institution, value: summary.institution },
      { label: labels.accountName, value: summary.accountName },
      { label: labels.purpose, value: summary.purpose },
    ],
    2,
  );
  out.gap(6);
  out.declarations(labels.declarations, doc.declarations);
  out.gap(4);
  out.section(labels.signature, [
    { label: labels.signedBy, value: doc.signerName, size: 12 },
    { label: labels.signedAt, value: formatTokyoTime(doc.signedAt) },
    { label: labels.ip, value: doc.signerIp },
    { label: labels.browser, value: doc.signerUserAgent, size: 7.5 },
    { label: labels.version, value: doc.textVersion },
    { label: labels.digest, value: doc.textSha256, size: 8.5 },
  ]);

  out.footers(doc.reference);
  return finish();
}
