// The pledge PDF read back with poppler's pdftotext: every part of the signed text is there,
// in both languages, long text runs onto more pages, and the same input gives the same bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderPledgePdf, type SignedPledgeDocument } from '../src/documents/pledge-pdf.js';
import { readPdf, squash } from './helpers/pdf.js';

const pledge: SignedPledgeDocument = {
  reference: 'A2026-000123',
  kind: 'vouch',
  textVersion: '2024-04-01',
  titleJa: 'スーパーコンピュータ利用に関する誓約書',
  titleEn: 'Pledge on the use of the supercomputer',
  declarations: [
    {
      ja: '私は、申請した目的の研究にのみ本システムを利用し、第三者にアカウントを貸与しません。',
      en: 'I will use the system only for the research stated in the application and will not lend the account to anyone.',
    },
    {
      ja: 'ヒトゲノムデータ等の個人情報を含むデータは、関係法令及び指針に従って取り扱います。',
      en: 'I will handle data that contain personal information, such as human genome data, as the laws and guidelines require.',
    },
    { ja: '所属が変わった場合は、速やかに届け出ます。', en: 'I will report promptly when my affiliation changes.' },
  ],
  summary: {
    reference: 'A2026-000123',
    applicantName: '山田 花子',
    institution: '国立遺伝学研究所',
    accountName: 'hyamada',
    purpose: '全ゲノムデータの変異検出 / Variant calling',
  },
  signerName: '鈴木 一郎',
  signedAt: new Date('2026-12-01T09:30:00Z'),
  signerIp: '203.0.113.42',
  signerUserAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  textSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

const pagesOf = async (pdf: Buffer) => (await readPdf(pdf)).pages;

function assertContains(text: string, expected: string, what: string) {
  assert.ok(squash(text).includes(squash(expected)), `${what} missing: ${expected}\n--- text ---\n${text}`);
}

test('the PDF holds the whole signed pledge in both languages', async () => {
  const pdf = await renderPledgePdf(pledge);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
  assert.ok(pdf.length < 300_000, `a subset font keeps the file small, got ${pdf.length} bytes`);

  const { pages, info } = await readPdf(pdf);
  assert.equal(pages.length, 1, 'a short pledge fits on one page');
  const text = pages.join('\n');
  assertContains(text, 'スーパーコンピュータ アカウント / Supercomputer account', 'centre line');
  assertContains(text, pledge.titleJa, 'Japanese title');
  assertContains(text, pledge.titleEn, 'English title');
  for (const [ja, en, value] of [
    ['申請番号', 'Reference', pledge.summary.reference],
    ['申請者', 'Applicant', pledge.summary.applicantName],
    ['所属機関', 'Institution', pledge.summary.institution],
    ['アカウント名', 'Account name', pledge.summary.accountName],
    ['利用目的', 'Purpose of use', pledge.summary.purpose],
  ] as const) {
    assertContains(text, `${ja}${value}${en}`, `summary row ${en}`);
  }
  pledge.declarations.forEach((declaration, i) => {
    assertContains(text, `${i + 1}.${declaration.ja}${declaration.en}［同意 / Agreed］`, `declaration ${i + 1}`);
  });
  assertContains(text, `署名者${pledge.signerName}Signed by`, 'signer');
  assertContains(text, '署名日時2026-12-01 18:30 JSTSigned at', 'signing time in Tokyo');
  assertContains(text, pledge.signerIp, 'IP address');
  assertContains(text, pledge.signerUserAgent, 'user agent');
  assertContains(text, pledge.textVersion, 'text version');
  assertContains(text, pledge.textSha256, 'digest');
  assertContains(
    text,
    'この文書は電子署名された誓約書の写しです。/ This is a copy of a pledge signed electronically.',
    'footer',
  );

  assert.match(info, /^Title:\s+A2026-000123 Pledge on the use of the supercomputer$/m);
  assert.match(info, /^Producer:\s+sc-account$/m);
  assert.match(info, /^CreationDate:\s+Tue Dec {2}1 09:30:00 2026 UTC$/m);
});

test('a long purpose runs onto further pages and nothing after it is lost', async () => {
  const purpose = `${'ゲノム解析のための計算資源を利用する。Genome analysis. '.repeat(84)}END`;
  assert.ok(purpose.length >= 3000);
  const declarations = Array.from({ length: 12 }, (_, i) => ({
    ja: `第${i + 1}項：定められた規程を遵守します。`.repeat(4),
    en: `Item ${i + 1}: I will follow the rules that apply. `.repeat(4).trim(),
  }));
  const pdf = await renderPledgePdf({ ...pledge, declarations, summary: { ...pledge.summary, purpose } });
  const pages = await pagesOf(pdf);
  assert.ok(pages.length > 1, `expected more than one page, got ${pages.length}`);
  const text = pages.join('\n');
  assertContains(text, 'Genome analysis. END', 'end of the purpose');
  declarations.forEach((declaration, i) => {
    assertContains(text, `${i + 1}.${declaration.ja}${declaration.en}［同意 / Agreed］`, `declaration ${i + 1}`);
  });
  const last = pages.at(-1) ?? '';
  assertContains(last, pledge.textSha256, 'digest at the end');
  pages.forEach((page, i) => {
    assertContains(page, `A2026-000123 ${i + 1} / ${pages.length}`, `page number on page ${i + 1}`);
  });
  assert.ok(pdf.length < 300_000, `got ${pdf.length} bytes`);
});

test('the same pledge gives the same bytes, another signing time others', async () => {
  const first = await renderPledgePdf(pledge);
  const again = await renderPledgePdf(structuredClone(pledge));
  assert.ok(first.equals(again), 'rendering twice differs');
  const later = await renderPledgePdf({ ...pledge, signedAt: new Date('2026-12-01T09:31:00Z') });
  assert.ok(!first.equals(later));
});
