// What the PDF documents share: the Noto Sans JP fonts (read once), a deterministic A4
// pdfkit document with fixed metadata that collects into a Buffer, the colours, the
// page footer, and how times read in Tokyo. Same input, same bytes.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { formatCentreDate, formatCentreInput } from '../domain/notices.js';

// ---- fonts --------------------------------------------------------------------
// Noto Sans JP has both scripts. Each file is some 5 MB, so it is read once, on first use;
// pdfkit embeds only the glyphs a document uses. Resolved through node_modules so that
// the same path works from src (tsx) and from dist/bundle.
const fontFiles = {
  regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
} as const;
export type FontName = keyof typeof fontFiles;

const requireFromHere = createRequire(import.meta.url);
const fontCache = new Map<FontName, Promise<Buffer>>();

export function loadFont(name: FontName): Promise<Buffer> {
  let font = fontCache.get(name);
  if (!font) {
    font = readFile(requireFromHere.resolve(fontFiles[name]));
    // A failed read is tried again next time rather than cached.
    font.catch(() => fontCache.delete(name));
    fontCache.set(name, font);
  }
  return font;
}

// ---- colours and text style -----------------------------------------------------
export const INK = '#1a1a1a';
export const MUTED = '#555555';
export const RULE = '#9a9a9a';

/** Sets font, size and colour in one go. */
export const style = (doc: PDFKit.PDFDocument, font: FontName, size: number, color = INK): PDFKit.PDFDocument =>
  doc.font(font).fontSize(size).fillColor(color);

// ---- the document -------------------------------------------------------------
export interface PdfInfo {
  Title: string;
  Subject?: string;
  Author?: string;
  Keywords?: string;
}

export interface PdfOptions {
  margins: { top: number; bottom: number; left: number; right: number };
  info: PdfInfo;
  /** CreationDate and ModDate: a time of the content, never the clock, so the bytes repeat. */
  date: Date;
}

export interface Pdf {
  doc: PDFKit.PDFDocument;
  /** Ends the document and resolves with its bytes. */
  finish(): Promise<Buffer>;
}

/**
 * An A4 document in Japanese with the fonts registered as 'regular' and 'bold', pages
 * buffered (for footers that know the page count). pdfkit derives the file ID from the
 * metadata, so fixed metadata makes the same content give the same bytes.
 */
export async function createPdf(options: PdfOptions): Promise<Pdf> {
  const [regular, bold] = await Promise.all([loadFont('regular'), loadFont('bold')]);
  // pdfkit hashes every entry for the file ID (an undefined one would throw); keys keep this order.
  const info: Record<string, string | Date> = {};
  for (const [key, value] of Object.entries(options.info)) if (value !== undefined) info[key] = value;
  Object.assign(info, {
    Producer: 'sc-account',
    Creator: 'sc-account',
    CreationDate: options.date,
    ModDate: options.date,
  });

  const doc = new PDFDocument({
    size: 'A4',
    margins: options.margins,
    bufferPages: true,
    lang: 'ja',
    displayTitle: true,
    info,
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    finish() {
      doc.end();
      return done;
    },
  };
}

// ---- footer -------------------------------------------------------------------
const FOOTER_GAP = 24; // the footer sits inside the bottom margin
const FOOTER_RIGHT_WIDTH = 90;

/**
 * A rule and a line of small text at the foot of every page, `note` on the left and
 * `right` (the reference and page number) on the right; drawn last, over the buffered pages.
 */
export function drawFooters(
  doc: PDFKit.PDFDocument,
  footer: (page: number, count: number) => { note: string; right: string },
): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { note, right } = footer(i - start + 1, count);
    const bottomMargin = doc.page.margins.bottom;
    // Text below the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottomMargin + FOOTER_GAP;
    doc
      .moveTo(left, y - 6)
      .lineTo(left + width, y - 6)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    style(doc, 'regular', 7.5, MUTED).text(note, left, y, { width: width - FOOTER_RIGHT_WIDTH, lineBreak: false });
    style(doc, 'regular', 7.5, MUTED).text(right, left + width - FOOTER_RIGHT_WIDTH, y, {
      width: FOOTER_RIGHT_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottomMargin;
  }
}

// ---- times --------------------------------------------------------------------
/** '2026-12-01 18:30 JST'. Japan has no daylight saving time, so JST always holds. */
export const formatTokyoTime = (at: Date): string => `${formatCentreInput(at)} JST`;

/** '2026年12月1日' and '1 December 2026': the day in Tokyo. */
export const formatTokyoDate = (at: Date): { ja: string; en: string } => ({
  ja: formatCentreDate(at, 'ja'),
  en: formatCentreDate(at, 'en'),
});
