// Renders the account registration certificate (アカウント登録証) posted to a new user in a
// long-3 (長形3号) window envelope: the address where the window shows it, then each account
// with its initial password, how to log in and what to do first, in Japanese and English.
// One certificate per page, a print batch in one document. Same input, same bytes.
//
// The file holds initial passwords in the clear: print it and let it go, never store it.

import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { createPdf, drawFooters, type FontName, formatTokyoDate, INK, MUTED, RULE, style } from './pdf-kit.js';

countries.registerLocale(en);

export interface CertificateAccount {
  division: 'ga' | 'pg';
  /** e.g. 'taro' or 'taro-pg' */
  accountName: string;
  /** 16 characters, e.g. 'Kq7mPz2WX9rTn4vB' */
  initialPassword: string;
  /** UNIX group, e.g. 'suzuki-lab' */
  group: string;
}

export interface RegistrationCertificate {
  /** Application reference, 'A2026-000123'. */
  reference: string;
  recipient: {
    /** Latin, 'Taro YAMADA'. */
    name: string;
    /** '山田 太郎' when given; the address then uses it. */
    nameJa?: string | undefined;
    institution: string;
    department?: string | undefined;
    /** '411-8540' */
    postalCode: string;
    /** '1111 Yata, Mishima, Shizuoka'; may run over several lines. */
    address: string;
    /** ISO 3166-1 alpha-2, 'JP'. Another country's name is the last line of the address. */
    country: string;
  };
  /** One or two: GA, and PG when applied for. */
  accounts: CertificateAccount[];
  issuedAt: Date;
  /** A new initial password at the holder's request: the introduction says the earlier one no longer works. */
  reissued?: boolean;
}

// ---- layout (points; A4 is 595 × 842) ----------------------------------------------
const MM = 72 / 25.4;
const MARGIN = 20 * MM;
const PAGE_MARGINS = { top: 20 * MM, bottom: 60, left: MARGIN, right: MARGIN };
/**
 * The address inside the window of a long-3 envelope (235 × 120 mm, window about 90 × 45 mm
 * some 20 mm from the left and 20-25 mm from the top of the sheet folded in three), kept a
 * few millimetres inside it so that the sheet may shift a little in the envelope.
 */
const ADDRESS = { x: 22 * MM, y: 24 * MM, width: 86 * MM, height: 41 * MM };
/** The smallest the address shrinks to when long; past it the address is cut off with an ellipsis. */
const ADDRESS_MIN_SCALE = 0.6;
/** The sheet is folded in three (a letter fold) for the envelope; a password is kept off the folds. */
const FOLDS = [99 * MM, 198 * MM];
const FOLD_CLEARANCE = 1.5 * MM;
/** Right of the window: the date, the reference and the name. */
const PARTICULARS = { x: 128 * MM, y: 24 * MM, width: 62 * MM };
const BODY_TOP = 71 * MM;
const BOX_PADDING = 4 * MM;
const BOX_LABEL_WIDTH = 30 * MM;
const BOX_GAP = 3.5 * MM;
const BAND_HEIGHT = 7 * MM;
const ROW_GAP = 4;
const PASSWORD_SIZE = 20;
const BAND = '#ececec';

const labels = {
  centre: 'スーパーコンピュータ アカウント / Supercomputer account',
  titleJa: 'アカウント登録証',
  titleEn: 'Account registration certificate',
  issued: '発行日 / Date of issue',
  reference: '申請番号 / Reference',
  name: '氏名 / Name',
  reissuedIntro: {
    ja: 'ご依頼により、次のアカウントの初期パスワードを新たに発行しました。以前のパスワードは使用できません。',
    en: (count: number) =>
      count === 1
        ? 'At your request, a new initial password has been issued for your account. The earlier password no longer works.'
        : 'At your request, new initial passwords have been issued for your accounts. The earlier passwords no longer work.',
  },
  intro: {
    ja: 'スーパーコンピュータのアカウントを次のとおり登録しました。',
    en: (count: number) =>
      count === 1
        ? 'Your supercomputer account has been registered as follows.'
        : 'Your supercomputer accounts have been registered as follows.',
  },
  division: {
    ga: { ja: '一般解析区画', en: 'General analysis division' },
    pg: { ja: '個人ゲノム解析区画', en: 'Personal genome analysis division' },
  },
  accountName: { ja: 'アカウント名', en: 'Account name' },
  group: { ja: 'UNIX グループ', en: 'UNIX group' },
  password: { ja: '初期パスワード', en: 'Initial password' },
  passwordNote: {
    ja: '空白は読みやすくするための区切りで、パスワードには含まれません。大文字と小文字は区別されます。',
    en: 'The spaces only help reading and are not part of the password. Upper and lower case differ.',
  },
  login: { ja: 'ログイン方法', en: 'How to log in' },
  loginText: {
    ga: {
      ja: 'ゲートウェイ gw または gw2 に SSH で接続してください。',
      en: 'Connect to the gateway gw or gw2 with SSH.',
      hosts: ['gw.ddbj.nig.ac.jp', 'gw2.ddbj.nig.ac.jp'],
    },
    pg: {
      ja: '個人ゲノム解析区画の VPN に接続した後、ゲートウェイ gwa に SSH で接続してください。',
      en: 'Connect to the gateway gwa with SSH after connecting to the PG VPN.',
      hosts: ['gwa.ddbj.nig.ac.jp'],
    },
  },
  notesHeading: 'はじめにお読みください / Please read first',
  notes: [
    {
      ja: 'SSH での接続には、申請時に公開鍵を登録した鍵ペアの秘密鍵を使用してください。',
      en: 'Connect with SSH using the key pair whose public key you registered with the application.',
    },
    {
      ja: '初回ログイン時に、passwd コマンドで初期パスワードを変更してください。',
      en: 'Please change the initial password with the passwd command when you first log in.',
    },
    {
      ja: 'この登録証は安全な場所に保管し、パスワードを変更した後は破棄してください。',
      en: 'Keep this certificate in a safe place, and destroy it once you have changed the password.',
    },
  ],
  contact: "お問い合わせ：センターのヘルプデスク / Contact: the centre's helpdesk",
  footer:
    '初期パスワードが記載されています。取り扱いにご注意ください。/ Contains an initial password: handle with care.',
} as const;

const divisionOrder = { ga: 0, pg: 1 } as const;

/** 'Kq7mPz2WX9rTn4vB' → 'Kq7m Pz2W X9rT n4vB'. */
const spaced = (password: string): string => password.match(/.{1,4}/gu)?.join(' ') ?? '';

/** The country line of an address abroad: the English name in capitals (as the UPU asks); none for Japan. */
function countryLine(code: string): string | undefined {
  const upper = code.trim().toUpperCase();
  if (upper === 'JP') return undefined;
  return (countries.getName(upper, 'en') ?? upper).toUpperCase();
}

interface Piece {
  text: string;
  font: FontName;
  size: number;
  gapBefore?: number;
}

/** Writes one certificate on the current page, top to bottom. */
class CertificateWriter {
  private readonly left: number;
  private readonly width: number;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  private style(font: FontName, size: number, color = INK): PDFKit.PDFDocument {
    return style(this.doc, font, size, color);
  }

  /** The size, from `size` down to `min`, at which `text` fits on one line of `width`. */
  private fitSize(text: string, font: FontName, size: number, min: number, width: number): number {
    let fit = size;
    while (fit > min && this.style(font, fit).widthOfString(text) > width) fit -= 0.5;
    return fit;
  }

  private gap(points: number): void {
    this.doc.y += points;
  }

  /** Small marks in the side margins where the sheet is folded for the envelope. */
  foldMarks(): void {
    const { doc } = this;
    for (const y of FOLDS) {
      for (const x of [6 * MM, doc.page.width - 11 * MM]) {
        doc
          .moveTo(x, y)
          .lineTo(x + 5 * MM, y)
          .lineWidth(0.4)
          .strokeColor(RULE)
          .stroke();
      }
    }
  }

  /**
   * The recipient as the window shows it, in the Japanese order: 〒 postal code, address,
   * institution and department, name with 様. Long text shrinks until it fits the window.
   */
  address(recipient: RegistrationCertificate['recipient']): void {
    const country = countryLine(recipient.country);
    const postal = country ? recipient.postalCode.trim() : `〒${recipient.postalCode.trim()}`;
    const body: Piece[] = [
      { text: postal, font: 'regular', size: 10 },
      { text: recipient.address.trim(), font: 'regular', size: 10, gapBefore: 1 },
      { text: recipient.institution.trim(), font: 'regular', size: 10, gapBefore: 3 },
    ];
    const department = recipient.department?.trim();
    if (department) body.push({ text: department, font: 'regular', size: 9.5, gapBefore: 1 });
    const tail: Piece[] = [
      { text: `${recipient.nameJa?.trim() || recipient.name.trim()} 様`, font: 'bold', size: 13, gapBefore: 5 },
    ];
    if (country) tail.push({ text: country, font: 'bold', size: 10, gapBefore: 3 });

    const all = [...body, ...tail];
    let scale = 1;
    while (scale > ADDRESS_MIN_SCALE && this.piecesHeight(all, scale) > ADDRESS.height) {
      scale = Math.max(ADDRESS_MIN_SCALE, scale - 0.05);
    }
    const { doc } = this;
    doc.y = ADDRESS.y;
    if (this.piecesHeight(all, scale) <= ADDRESS.height) {
      for (const piece of all) this.piece(piece, scale);
      return;
    }
    // Still too long at the smallest size: the name and country keep their place at the
    // bottom, and the rest is cut off where the window ends.
    const bottom = ADDRESS.y + ADDRESS.height - this.piecesHeight(tail, scale);
    for (const piece of body) {
      const room = bottom - doc.y - (piece.gapBefore ?? 0) * scale;
      if (room < piece.size * scale) break;
      this.piece(piece, scale, room);
    }
    doc.y = bottom;
    for (const piece of tail) this.piece(piece, scale);
  }

  private pieceOptions(scale: number): PDFKit.Mixins.TextOptions {
    return { width: ADDRESS.width, lineGap: 1 * scale };
  }

  private piecesHeight(pieces: Piece[], scale: number): number {
    return pieces.reduce(
      (sum, p) =>
        sum +
        (p.gapBefore ?? 0) * scale +
        this.style(p.font, p.size * scale).heightOfString(p.text, this.pieceOptions(scale)),
      0,
    );
  }

  private piece(piece: Piece, scale: number, height?: number): void {
    const { doc } = this;
    this.gap((piece.gapBefore ?? 0) * scale);
    const options = this.pieceOptions(scale);
    this.style(piece.font, piece.size * scale).text(
      piece.text,
      ADDRESS.x,
      doc.y,
      height === undefined ? options : { ...options, height, ellipsis: true },
    );
  }

  /**
   * The date, the reference and the person's name at the top right, as on a Japanese
   * letter: beside the window, so the envelope hides them.
   */
  particulars(certificate: RegistrationCertificate): void {
    const { doc } = this;
    const issued = formatTokyoDate(certificate.issuedAt);
    const name = certificate.recipient.name.trim();
    const nameJa = certificate.recipient.nameJa?.trim();
    const rows = [
      { label: labels.issued, value: `${issued.ja} / ${issued.en}` },
      { label: labels.reference, value: certificate.reference },
      { label: labels.name, value: nameJa ? `${nameJa} (${name})` : name },
    ];
    doc.y = PARTICULARS.y;
    for (const row of rows) {
      this.style('regular', 7, MUTED).text(row.label, PARTICULARS.x, doc.y, { width: PARTICULARS.width });
      this.style('regular', 9.5).text(row.value, PARTICULARS.x, doc.y, { width: PARTICULARS.width });
      this.gap(4);
    }
  }

  /** Below the window: the title and a line of introduction. */
  header(accounts: number, reissued: boolean): void {
    const { doc, left, width } = this;
    doc.y = BODY_TOP;
    this.style('regular', 9, MUTED).text(labels.centre, left, doc.y, { width });
    this.gap(2);
    // Japanese and English titles on one baseline.
    const baseline = doc.y + 20;
    this.style('bold', 17).text(labels.titleJa, left, baseline, { baseline: 'alphabetic', lineBreak: false });
    const jaWidth = doc.widthOfString(labels.titleJa);
    this.style('bold', 12.5, MUTED).text(labels.titleEn, left + jaWidth + 12, baseline, {
      baseline: 'alphabetic',
      lineBreak: false,
    });
    doc.y = baseline + 9;
    this.rule();
    const intro = reissued ? labels.reissuedIntro : labels.intro;
    this.style('regular', 9.5).text(intro.ja, left, doc.y, { width });
    this.style('regular', 8.5, MUTED).text(intro.en(accounts), left, doc.y, { width });
    doc.x = left;
    this.gap(6);
  }

  private rule(): void {
    const { doc, left, width } = this;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    this.gap(8);
  }

  /**
   * Where a row may start, at or after `y`, so that its band `keepOff` (from the row's top)
   * crosses no fold and lies below the first one: the top panel is what the window shows,
   * and the sheet may slide in the envelope.
   */
  private offTheFolds(y: number, keepOff: { from: number; to: number }): number {
    const [first = 0] = FOLDS;
    let at = Math.max(y, first + FOLD_CLEARANCE - keepOff.from);
    for (const fold of FOLDS) {
      if (at + keepOff.from < fold + FOLD_CLEARANCE && at + keepOff.to > fold - FOLD_CLEARANCE) {
        at = fold + FOLD_CLEARANCE - keepOff.from;
      }
    }
    return at;
  }

  /** One account: a band with the division, then its rows, in a ruled box. */
  account(account: CertificateAccount): void {
    const { doc, left, width } = this;
    const top = doc.y;
    const inner = left + BOX_PADDING;
    const valueX = inner + BOX_LABEL_WIDTH;
    const valueWidth = width - 2 * BOX_PADDING - BOX_LABEL_WIDTH;
    const division = labels.division[account.division];

    doc.rect(left, top, width, BAND_HEIGHT).fillColor(BAND).fill();
    const baseline = top + BAND_HEIGHT / 2 + 4;
    this.style('bold', 11).text(division.ja, inner, baseline, { baseline: 'alphabetic', lineBreak: false });
    const jaWidth = doc.widthOfString(division.ja);
    this.style('regular', 9.5, MUTED).text(division.en, inner + jaWidth + 10, baseline, {
      baseline: 'alphabetic',
      lineBreak: false,
    });
    doc.y = top + BAND_HEIGHT + 2.5 * MM;

    /**
     * A label (Japanese over English) and its value, drawn from the row's top `y`. `keepOff`
     * is the band, from `y`, that must stay off the folds and out of the top panel.
     */
    const row = (
      x: number,
      label: { ja: string; en: string },
      labelWidth: number,
      drawValue: (y: number) => void,
      keepOff?: { from: number; to: number },
    ) => {
      const y = keepOff === undefined ? doc.y : this.offTheFolds(doc.y, keepOff);
      this.style('bold', 8.5).text(label.ja, x, y, { width: labelWidth - 6 });
      this.style('regular', 7, MUTED).text(label.en, x, doc.y, { width: labelWidth - 6 });
      const labelBottom = doc.y;
      drawValue(y);
      return Math.max(labelBottom, doc.y);
    };

    // The account name and the group side by side.
    const rowTop = doc.y;
    const half = (width - 2 * BOX_PADDING) / 2;
    const groupLabelWidth = 26 * MM;
    const nameWidth = half - BOX_LABEL_WIDTH - 4 * MM;
    const nameSize = this.fitSize(account.accountName, 'bold', 13, 9, nameWidth);
    const nameBottom = row(inner, labels.accountName, BOX_LABEL_WIDTH, (y) =>
      this.style('bold', nameSize).text(account.accountName, valueX, y - 1, { width: nameWidth }),
    );
    doc.y = rowTop;
    const groupWidth = half - groupLabelWidth;
    const groupSize = this.fitSize(account.group, 'regular', 11, 8, groupWidth);
    const groupBottom = row(inner + half, labels.group, groupLabelWidth, (y) =>
      this.style('regular', groupSize).text(account.group, inner + half + groupLabelWidth, y, { width: groupWidth }),
    );
    doc.y = Math.max(nameBottom, groupBottom) + ROW_GAP;

    // Large, in groups of four, a little apart; the note under it says the spaces are not typed.
    const password = spaced(account.initialPassword);
    const passwordOptions = { width: valueWidth, characterSpacing: 1.5, wordSpacing: 6 };
    const noteOptions = { width: valueWidth };
    // The glyphs of one line of the password, from the row's top: cap height to descenders.
    const passwordGlyphs = { from: 0.2 * PASSWORD_SIZE, to: 1.1 * PASSWORD_SIZE };
    doc.y =
      row(
        inner,
        labels.password,
        BOX_LABEL_WIDTH,
        (y) => {
          this.style('bold', PASSWORD_SIZE).text(password, valueX, y - 4, passwordOptions);
          this.style('regular', 6.5, MUTED).text(labels.passwordNote.ja, valueX, doc.y - 1, noteOptions);
          this.style('regular', 6.5, MUTED).text(labels.passwordNote.en, valueX, doc.y, noteOptions);
        },
        passwordGlyphs,
      ) + ROW_GAP;

    // The commands on one line when they fit, else one under the other.
    const login = labels.loginText[account.division];
    const commands = login.hosts.map((host) => `ssh ${account.accountName}@${host}`);
    const commandOptions = { width: valueWidth - 8, lineGap: 1 };
    const oneLine = commands.join('     ');
    const commandText =
      this.style('bold', 10).widthOfString(oneLine) <= commandOptions.width ? oneLine : commands.join('\n');
    doc.y =
      row(inner, labels.login, BOX_LABEL_WIDTH, (y) => {
        this.style('regular', 8.5).text(login.ja, valueX, y, { width: valueWidth });
        this.style('bold', 10).text(commandText, valueX + 8, doc.y + 1, commandOptions);
        this.style('regular', 8, MUTED).text(login.en, valueX, doc.y + 1, { width: valueWidth });
      }) + ROW_GAP;

    const bottom = doc.y - ROW_GAP + 2.5 * MM;
    doc
      .rect(left, top, width, bottom - top)
      .lineWidth(0.8)
      .strokeColor(RULE)
      .stroke();
    doc.x = left;
    doc.y = bottom + BOX_GAP;
  }

  notes(): void {
    const { doc, left, width } = this;
    this.style('bold', 9.5).text(labels.notesHeading, left, doc.y, { width });
    this.gap(3);
    labels.notes.forEach((note, i) => {
      const top = doc.y;
      this.style('bold', 8.5).text(`${i + 1}.`, left, top, { width: 14, lineBreak: false });
      this.style('regular', 8.5).text(note.ja, left + 14, top, { width: width - 14 });
      this.style('regular', 8, MUTED).text(note.en, left + 14, doc.y, { width: width - 14 });
      this.gap(3);
    });
    this.gap(3);
    this.style('bold', 9).text(labels.contact, left, doc.y, { width });
  }
}

/** The title of the document: the reference of each certificate in it. */
const titleOf = (certificates: readonly RegistrationCertificate[]): string =>
  `Registration certificate${certificates.length > 1 ? 's' : ''} ${certificates.map((c) => c.reference).join(', ')}`;

/** One certificate per page (accounts of one person on the same page); several in one document for a print batch. */
export async function renderRegistrationCertificates(certificates: RegistrationCertificate[]): Promise<Buffer> {
  if (certificates.length === 0) throw new RangeError('No registration certificates to render');
  for (const c of certificates) {
    if (c.accounts.length < 1 || c.accounts.length > 2) {
      throw new RangeError(`Registration certificate ${c.reference}: one or two accounts, not ${c.accounts.length}`);
    }
  }
  // The latest issue date of the batch: the metadata, and so the bytes, follow from the input.
  const date = new Date(Math.max(...certificates.map((c) => c.issuedAt.getTime())));
  const { doc, finish } = await createPdf({
    margins: PAGE_MARGINS,
    info: { Title: titleOf(certificates), Subject: `${labels.titleJa} / ${labels.titleEn}` },
    date,
  });

  certificates.forEach((certificate, i) => {
    if (i > 0) doc.addPage();
    const out = new CertificateWriter(doc);
    out.foldMarks();
    out.address(certificate.recipient);
    out.particulars(certificate);
    out.header(certificate.accounts.length, certificate.reissued === true);
    const accounts = [...certificate.accounts].sort((a, b) => divisionOrder[a.division] - divisionOrder[b.division]);
    for (const account of accounts) out.account(account);
    out.notes();
    // pdfkit starts a new page when text runs past the bottom; a certificate that did would
    // put the next person's page in this person's envelope.
    const pages = doc.bufferedPageRange().count;
    if (pages !== i + 1) {
      throw new RangeError(`Registration certificate ${certificate.reference} does not fit on one page`);
    }
  });

  drawFooters(doc, (page, count) => ({
    note: labels.footer,
    right: `${certificates[page - 1]?.reference ?? ''}  ${page} / ${count}`,
  }));
  return finish();
}
