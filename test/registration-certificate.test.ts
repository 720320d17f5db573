// The account registration certificate read back with poppler (pdftotext, pdfinfo, pdffonts):
// the address where the window of a long-3 envelope shows it and nothing else there, every
// account with its password and how to log in in both languages, one page per person in a
// batch, and the same input gives the same bytes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  type RegistrationCertificate,
  renderRegistrationCertificates,
} from '../src/documents/registration-certificate.js';
import { readPdf, squash } from './helpers/pdf.js';

const run = promisify(execFile);
const MM = 72 / 25.4;

const certificate: RegistrationCertificate = {
  reference: 'A2026-000123',
  recipient: {
    name: 'Taro YAMADA',
    nameJa: '山田 太郎',
    institution: 'National Institute of Genetics',
    department: 'Department of Genomics and Evolutionary Biology',
    postalCode: '411-8540',
    address: '1111 Yata, Mishima, Shizuoka',
    country: 'JP',
  },
  accounts: [
    { division: 'ga', accountName: 'taro', initialPassword: 'Kq7mPz2WX9rTn4vB', group: 'suzuki-lab' },
    { division: 'pg', accountName: 'taro-pg', initialPassword: 'hJ3sWc8NfR5tYe6u', group: 'suzuki-lab-pg' },
  ],
  // 12:00 in Tokyo on 1 December.
  issuedAt: new Date('2026-12-01T03:00:00Z'),
};

const gaOnlyAbroad: RegistrationCertificate = {
  reference: 'A2026-000124',
  recipient: {
    name: 'Hans MÜLLER',
    institution: 'European Molecular Biology Laboratory',
    postalCode: '69117',
    address: 'Meyerhofstraße 1\nHeidelberg',
    country: 'DE',
  },
  accounts: [{ division: 'ga', accountName: 'hmuller', initialPassword: 'ZbQ4mK7pXe2RtW9s', group: 'embl-lab' }],
  issuedAt: new Date('2026-11-30T16:30:00Z'), // 1 December in Tokyo already
};

function assertContains(text: string, expected: string, what: string) {
  assert.ok(squash(text).includes(squash(expected)), `${what} missing: ${expected}\n--- text ---\n${text}`);
}

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its box in points from the top left (pdftotext -bbox). */
async function wordsOf(pdf: Buffer): Promise<Word[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sc-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { maxBuffer: 1 << 24 });
    const words: Word[] = [];
    let page = -1;
    for (const line of stdout.split('\n')) {
      if (line.includes('<page ')) page++;
      const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
      if (m) {
        const text = (m[5] ?? '')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"');
        words.push({ page, text, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
      }
    }
    return words;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The window of a long-3 envelope over the sheet folded in three (about 90 × 45 mm). */
const WINDOW = { left: 20 * MM, top: 20 * MM, right: 110 * MM, bottom: 67 * MM };
const FOLDS = [99 * MM, 198 * MM];

const inWindow = (w: Word) =>
  w.xMax > WINDOW.left && w.xMin < WINDOW.right && w.yMax > WINDOW.top && w.yMin < WINDOW.bottom;
const whollyInWindow = (w: Word) =>
  w.xMin >= WINDOW.left && w.xMax <= WINDOW.right && w.yMin >= WINDOW.top && w.yMax <= WINDOW.bottom;

/** What the window shows on `page`, in reading order, and that nothing shows half. */
function windowText(words: Word[], page: number): string {
  const shown = words.filter((w) => w.page === page && inWindow(w));
  for (const w of shown) assert.ok(whollyInWindow(w), `"${w.text}" is cut by the edge of the window`);
  return shown.map((w) => w.text).join(' ');
}

test('the certificate holds the address, both accounts with their passwords, and how to log in', async (t) => {
  const started = performance.now();
  const pdf = await renderRegistrationCertificates([certificate]);
  const took = performance.now() - started;
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
  assert.ok(pdf.length < 150_000, `subset fonts keep the file small, got ${pdf.length} bytes`);
  t.diagnostic(`one certificate (GA + PG): ${pdf.length} bytes in ${took.toFixed(0)} ms`);

  const { pages, info } = await readPdf(pdf);
  assert.equal(pages.length, 1, 'one person, one page');
  const text = pages.join('\n');

  // The window shows the address and nothing else, Japanese order, 様 after the name.
  const words = await wordsOf(pdf);
  assert.equal(
    squash(windowText(words, 0)),
    squash(
      '〒411-8540 1111 Yata, Mishima, Shizuoka National Institute of Genetics ' +
        'Department of Genomics and Evolutionary Biology 山田 太郎 様',
    ),
  );

  assertContains(text, 'アカウント登録証', 'Japanese title');
  assertContains(text, 'Account registration certificate', 'English title');
  assertContains(text, '2026年12月1日 / 1 December 2026', 'date of issue in Tokyo');
  assertContains(text, '申請番号 / Reference', 'reference label');
  assertContains(text, 'A2026-000123', 'reference');
  assertContains(text, '山田 太郎 (Taro YAMADA)', 'both names');

  assertContains(text, '一般解析区画 General analysis division', 'GA division');
  assertContains(text, '個人ゲノム解析区画 Personal genome analysis division', 'PG division');
  for (const account of certificate.accounts) {
    assertContains(text, account.accountName, `account name ${account.accountName}`);
    assertContains(text, account.group, `group ${account.group}`);
    assertContains(text, account.initialPassword, `password of ${account.accountName}`);
  }
  // Printed in groups of four for reading.
  assert.match(text, /Kq7m +Pz2W +X9rT +n4vB/);
  assert.match(text, /hJ3s +Wc8N +fR5t +Ye6u/);
  assertContains(text, 'パスワードには含まれません', 'note on the spaces (JA)');
  assertContains(text, 'not part of the password', 'note on the spaces (EN)');

  assertContains(text, 'ssh taro@gw.ddbj.nig.ac.jp', 'GA gateway gw');
  assertContains(text, 'ssh taro@gw2.ddbj.nig.ac.jp', 'GA gateway gw2');
  assertContains(text, 'ssh taro-pg@gwa.ddbj.nig.ac.jp', 'PG gateway gwa');
  assertContains(text, '個人ゲノム解析区画の VPN に接続した後', 'PG VPN (JA)');
  assertContains(text, 'after connecting to the PG VPN', 'PG VPN (EN)');
  assertContains(text, '公開鍵を登録した鍵ペア', 'key pair (JA)');
  assertContains(text, 'using the key pair whose public key you registered', 'key pair (EN)');
  assertContains(text, '初回ログイン時に、passwd コマンドで初期パスワードを変更してください。', 'change password (JA)');
  assertContains(
    text,
    'Please change the initial password with the passwd command when you first log in.',
    'change (EN)',
  );
  assertContains(text, 'この登録証は安全な場所に保管し、パスワードを変更した後は破棄してください。', 'keep (JA)');
  assertContains(text, 'destroy it once you have changed the password', 'keep (EN)');
  assertContains(text, "お問い合わせ：センターのヘルプデスク / Contact: the centre's helpdesk", 'contact');
  assertContains(text, 'A2026-000123 1 / 1', 'footer');

  // The passwords lie below the first fold (the top panel is what the window shows) and off both folds.
  for (const group of ['Kq7m', 'Pz2W', 'hJ3s', 'Ye6u']) {
    const word = words.find((w) => w.text === group);
    assert.ok(word, `password group ${group} not found`);
    assert.ok(word.yMin > (FOLDS[0] ?? 0), `${group} is above the first fold`);
    for (const fold of FOLDS) assert.ok(word.yMax < fold || word.yMin > fold, `${group} lies on a fold`);
  }

  assert.match(info, /^Title:\s+Registration certificate A2026-000123$/m);
  assert.match(info, /^Producer:\s+sc-account$/m);
  assert.match(info, /^Creator:\s+sc-account$/m);
  assert.match(info, /^CreationDate:\s+Tue Dec {2}1 03:00:00 2026 UTC$/m);
  assert.match(info, /^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
});

test('a GA-only certificate abroad: Latin name with 様, no 〒, the country last', async () => {
  const pdf = await renderRegistrationCertificates([gaOnlyAbroad]);
  const text = (await readPdf(pdf)).pages.join('\n');
  assert.equal(
    squash(windowText(await wordsOf(pdf), 0)),
    squash('69117 Meyerhofstraße 1 Heidelberg European Molecular Biology Laboratory Hans MÜLLER 様 GERMANY'),
  );
  assertContains(text, '一般解析区画', 'GA division');
  assert.ok(!text.includes('個人ゲノム解析区画'), 'no PG division');
  assert.ok(!text.includes('gwa.ddbj.nig.ac.jp'), 'no PG gateway');
  assertContains(text, gaOnlyAbroad.accounts[0]?.initialPassword ?? '', 'password');
  assertContains(text, '2026年12月1日 / 1 December 2026', 'the day in Tokyo, not in UTC');
  assertContains(text, 'has been registered', 'one account, singular');
});

test('a batch of three prints one page per person in one document', async (t) => {
  const third: RegistrationCertificate = {
    ...certificate,
    reference: 'A2026-000125',
    recipient: { ...certificate.recipient, name: 'Hanako SUZUKI', nameJa: '鈴木 花子', postalCode: '060-0808' },
    accounts: [{ division: 'ga', accountName: 'hsuzuki', initialPassword: 'Mn8bVc3xZa6sDf4g', group: 'suzuki-lab' }],
  };
  const batch = [certificate, gaOnlyAbroad, third];
  const started = performance.now();
  const pdf = await renderRegistrationCertificates(batch);
  const took = performance.now() - started;
  t.diagnostic(`batch of three: ${pdf.length} bytes in ${took.toFixed(0)} ms`);
  assert.ok(pdf.length < 200_000, `got ${pdf.length} bytes`);

  const { pages, info } = await readPdf(pdf);
  assert.match(info, /^Pages:\s+3$/m);
  assert.equal(pages.length, 3);
  assert.match(info, /^Title:\s+Registration certificates A2026-000123, A2026-000124, A2026-000125$/m);
  const words = await wordsOf(pdf);
  const expected = [
    { window: '山田 太郎 様', password: 'Kq7mPz2WX9rTn4vB', other: 'Mn8bVc3xZa6sDf4g' },
    { window: 'Hans MÜLLER 様 GERMANY', password: 'ZbQ4mK7pXe2RtW9s', other: 'Kq7mPz2WX9rTn4vB' },
    { window: '鈴木 花子 様', password: 'Mn8bVc3xZa6sDf4g', other: 'ZbQ4mK7pXe2RtW9s' },
  ];
  batch.forEach((c, i) => {
    const page = pages[i] ?? '';
    const shown = squash(windowText(words, i));
    assert.ok(shown.includes(squash(c.recipient.postalCode)), `postal code on page ${i + 1}`);
    assert.ok(shown.endsWith(squash(expected[i]?.window ?? '')), `recipient on page ${i + 1}: ${shown}`);
    assertContains(page, c.reference, `reference on page ${i + 1}`);
    assertContains(page, expected[i]?.password ?? '', `password on page ${i + 1}`);
    assert.ok(!squash(page).includes(expected[i]?.other ?? ''), `another person's password on page ${i + 1}`);
    assertContains(page, `${c.reference} ${i + 1} / 3`, `footer on page ${i + 1}`);
  });
});

test('a long address shrinks to the window and the certificate stays on one page', async () => {
  const long: RegistrationCertificate = {
    ...certificate,
    recipient: {
      ...certificate.recipient,
      address: '静岡県三島市谷田1111番地 国立遺伝学研究所 本館 '.repeat(6).trim(),
      institution: '大学共同利用機関法人 情報・システム研究機構 国立遺伝学研究所',
      department: '情報研究系 ゲノム情報研究室 '.repeat(4).trim(),
    },
    accounts: [
      {
        division: 'pg',
        accountName: 'abcdefghijklmnop-pg',
        initialPassword: 'ABCDEFGHJKLMNPQR',
        group: `${'g'.repeat(29)}-pg`,
      },
      { division: 'ga', accountName: 'abcdefghijklmnop', initialPassword: 'STUVWXYZabcdefgh', group: 'g'.repeat(29) },
    ],
  };
  const pdf = await renderRegistrationCertificates([long]);
  const { pages } = await readPdf(pdf);
  assert.equal(pages.length, 1);
  const shown = squash(windowText(await wordsOf(pdf), 0));
  assert.ok(shown.startsWith(squash('〒411-8540')), shown);
  assert.ok(shown.endsWith(squash('山田 太郎 様')), shown);
  const text = pages[0] ?? '';
  // GA first, whatever the order given.
  assert.ok(squash(text).indexOf('一般解析区画') < squash(text).indexOf('個人ゲノム解析区画'));
  assertContains(text, 'ssh abcdefghijklmnop@gw2.ddbj.nig.ac.jp', 'long GA command');
  assertContains(text, 'ssh abcdefghijklmnop-pg@gwa.ddbj.nig.ac.jp', 'long PG command');
});

test('an address too long even at the smallest size is cut off, and the name stays in the window', async () => {
  const absurd: RegistrationCertificate = {
    ...certificate,
    recipient: {
      ...certificate.recipient,
      address: '静岡県三島市谷田'.repeat(50),
      institution: '国立遺伝学研究所'.repeat(25),
      department: '情報研究系'.repeat(40),
    },
  };
  const pdf = await renderRegistrationCertificates([absurd]);
  assert.equal((await readPdf(pdf)).pages.length, 1);
  const shown = squash(windowText(await wordsOf(pdf), 0));
  assert.ok(shown.startsWith('〒411-8540静岡県三島市谷田'), shown);
  assert.ok(shown.includes('…'), 'an ellipsis marks the cut');
  assert.ok(shown.endsWith(squash('山田 太郎 様')), shown);
});

test('every character of the password alphabet comes out as itself, in embedded fonts', async () => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const passwords = alphabet.padEnd(64, 'A').match(/.{16}/g) ?? [];
  const batch = [0, 2].map((i) => ({
    ...certificate,
    accounts: [
      { ...certificate.accounts[0]!, initialPassword: passwords[i]! },
      { ...certificate.accounts[1]!, initialPassword: passwords[i + 1]! },
    ],
  }));
  const pdf = await renderRegistrationCertificates(batch);
  const text = squash((await readPdf(pdf)).pages.join('\n'));
  for (const password of passwords) assert.ok(text.includes(password), `password ${password}`);

  const dir = await mkdtemp(join(tmpdir(), 'sc-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdffonts', [file]);
    const fonts = stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '');
    assert.ok(fonts.length > 0);
    for (const font of fonts) assert.match(font, /NotoSansJP.* yes yes yes /, `not embedded as a subset: ${font}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the same certificates give the same bytes, another issue time others', async () => {
  const first = await renderRegistrationCertificates([certificate, gaOnlyAbroad]);
  const again = await renderRegistrationCertificates(structuredClone([certificate, gaOnlyAbroad]));
  assert.ok(first.equals(again), 'rendering twice differs');
  const later = await renderRegistrationCertificates([
    { ...certificate, issuedAt: new Date('2026-12-01T03:01:00Z') },
    gaOnlyAbroad,
  ]);
  assert.ok(!first.equals(later));
});

test('nothing to print, or a certificate with no or too many accounts, is refused', async () => {
  await assert.rejects(renderRegistrationCertificates([]), RangeError);
  await assert.rejects(renderRegistrationCertificates([{ ...certificate, accounts: [] }]), RangeError);
  const three = [...certificate.accounts, { ...certificate.accounts[0]!, accountName: 'taro2' }];
  await assert.rejects(renderRegistrationCertificates([{ ...certificate, accounts: three }]), RangeError);
});
