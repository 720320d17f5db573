// The annual report's achievements: one entry per work (shared PubMed ID or DOI, also
// transitively), CSV read back with csv-parse, BibTeX read back with a BibTeX parser
// and checked for the brace balance BibTeX itself insists on; properties over any rows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { achievementTypes, journalScopes } from './achievement.js';
import {
  achievementsBibtex,
  achievementsCsv,
  bibtexNames,
  dedupeAchievements,
  type ExportRow,
  type ReportEntry,
} from './achievements-export.js';

const holder = (accountName: string, institution: string | null = 'National Institute of Genetics') => ({
  name: `Holder ${accountName}`,
  institution,
  accountName,
});

const row = (over: Partial<ExportRow> = {}): ExportRow => ({
  type: 'paper',
  pmid: null,
  doi: null,
  title: 'A genome',
  authors: null,
  authorsJa: null,
  journal: null,
  journalScope: null,
  publishedOn: null,
  volume: null,
  number: null,
  pages: null,
  fiscalYear: 2025,
  holder: holder('u1'),
  publication: 'publish',
  ...over,
});

const entry = (over: Partial<ReportEntry> = {}): ReportEntry => {
  const { holder: h, publication: _, ...rest } = row();
  return { ...rest, holders: [h], ...over };
};

const accounts = (e: ReportEntry) => e.holders.map((h) => h.accountName);

/** Every brace counted, escaped or not, as BibTeX counts them: never below zero, zero at the end. */
function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '{') depth++;
    if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

function readBibtex(bib: string) {
  // As biblatex reads it: no Zotero-style sentence casing of titles.
  const library = parseBibtex(bib, { sentenceCase: false });
  assert.deepEqual(library.errors, [], bib);
  for (const block of bib.split(/\n(?=@)/)) assert.ok(bracesBalance(block), block);
  return library.entries;
}

describe('dedupeAchievements', () => {
  test('rows with the same PubMed ID are one work; the first non-empty value of each field wins', () => {
    const entries = dedupeAchievements([
      row({ pmid: '12345678', title: 'Short title', holder: holder('u1') }),
      row({ pmid: '12345678', title: 'Other title', journal: 'Nature', volume: '600', holder: holder('u2') }),
      row({ pmid: '999', holder: holder('u3') }),
    ]);
    assert.equal(entries.length, 2);
    assert.equal(entries[0]!.title, 'Short title');
    assert.equal(entries[0]!.journal, 'Nature');
    assert.equal(entries[0]!.volume, '600');
    assert.deepEqual(accounts(entries[0]!), ['u1', 'u2']);
    assert.deepEqual(accounts(entries[1]!), ['u3']);
  });

  test('DOIs differing only in case are the same work; a blank value does not count', () => {
    const entries = dedupeAchievements([
      row({ doi: '10.1038/S41586-021-03819-2', journal: ' ', holder: holder('u1') }),
      row({ doi: '10.1038/s41586-021-03819-2', journal: 'Nature', holder: holder('u2') }),
    ]);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.doi, '10.1038/S41586-021-03819-2');
    assert.equal(entries[0]!.journal, 'Nature');
    assert.deepEqual(accounts(entries[0]!), ['u1', 'u2']);
  });

  test('merges transitively: one row with both ids joins a row with the DOI and one with the PubMed ID', () => {
    const entries = dedupeAchievements([
      row({ doi: '10.1000/xyz', holder: holder('b') }),
      row({ title: 'unrelated', holder: holder('x') }),
      row({ pmid: '42', holder: holder('c') }),
      row({ pmid: '42', doi: '10.1000/XYZ', holder: holder('a') }),
    ]);
    assert.equal(entries.length, 2);
    // Order of first appearance: the DOI row came first.
    assert.deepEqual(accounts(entries[0]!), ['b', 'c', 'a']);
    assert.equal(entries[0]!.pmid, '42');
    assert.equal(entries[0]!.doi, '10.1000/xyz');
    assert.deepEqual(accounts(entries[1]!), ['x']);
  });

  test('rows with neither id stay apart, even with the same title', () => {
    const entries = dedupeAchievements([
      row({ title: 'Same', holder: holder('u1') }),
      row({ title: 'Same', holder: holder('u2') }),
    ]);
    assert.equal(entries.length, 2);
  });

  test('postponed rows are left out unless asked for, and then link works like any row', () => {
    const rows = [
      row({ pmid: '1', holder: holder('u1') }),
      row({ pmid: '1', doi: '10.1000/a', holder: holder('u2'), publication: 'postpone' }),
      row({ doi: '10.1000/a', holder: holder('u3') }),
      row({ pmid: '7', holder: holder('u4'), publication: 'postpone' }),
    ];
    const published = dedupeAchievements(rows);
    assert.deepEqual(published.map(accounts), [['u1'], ['u3']]);
    const all = dedupeAchievements(rows, { includePostponed: true });
    assert.deepEqual(all.map(accounts), [['u1', 'u2', 'u3'], ['u4']]);
  });

  test('holders are unioned once each, by account, in row order', () => {
    const entries = dedupeAchievements([
      row({ pmid: '5', holder: holder('u2', 'Univ. A') }),
      row({ pmid: '5', holder: holder('u1', 'Univ. B') }),
      row({ pmid: '5', holder: holder('u2', 'Univ. A') }),
    ]);
    assert.deepEqual(entries[0]!.holders, [holder('u2', 'Univ. A'), holder('u1', 'Univ. B')]);
  });

  test('the same work in two fiscal years is an entry of each year', () => {
    const entries = dedupeAchievements([row({ pmid: '5', fiscalYear: 2024 }), row({ pmid: '5', fiscalYear: 2025 })]);
    assert.deepEqual(
      entries.map((e) => e.fiscalYear),
      [2024, 2025],
    );
  });
});

describe('achievementsCsv', () => {
  const entries = [
    entry({
      type: 'conference',
      title: '=HYPERLINK("http://evil.example")',
      authors: 'Tanaka T, Suzuki H',
      authorsJa: '田中 太郎, 鈴木 花子',
      journal: '日本遺伝学会 第97回大会',
      journalScope: 'domestic',
      publishedOn: '2025-09',
      pages: '12-13',
      holders: [holder('u1', '国立遺伝学研究所'), holder('u2', '国立遺伝学研究所'), holder('u3', null)],
    }),
    entry({ pmid: '12345678', doi: '10.1000/X,Y', title: 'Line one\nline "two"', journalScope: 'international' }),
  ];

  test('Japanese: header, words, UTF-8 BOM, Japanese text and a formula-looking title kept as text', () => {
    const csv = achievementsCsv(entries, 'ja');
    assert.ok(csv.startsWith('\ufeff'), 'starts with a BOM');
    const [header, ...rows] = parseCsv(csv, { bom: true }) as string[][];
    assert.deepEqual(header, [
      '種別',
      'PubMed ID',
      'DOI',
      'タイトル',
      '著者',
      '著者（日本語）',
      '掲載誌・学会名',
      '国内・国際',
      '発行日',
      '巻',
      '号',
      'ページ',
      '年度',
      '報告者',
      '所属機関',
    ]);
    assert.deepEqual(rows[0], [
      '学会発表',
      '',
      '',
      `'=HYPERLINK("http://evil.example")`,
      'Tanaka T, Suzuki H',
      '田中 太郎, 鈴木 花子',
      '日本遺伝学会 第97回大会',
      '国内',
      '2025-09',
      '',
      '',
      '12-13',
      '2025',
      'Holder u1; Holder u2; Holder u3',
      '国立遺伝学研究所',
    ]);
    assert.equal(rows[1]![0], '論文');
    assert.equal(rows[1]![7], '国際');
    assert.equal(rows[1]![2], '10.1000/X,Y');
    assert.equal(rows[1]![3], 'Line one\nline "two"');
  });

  test('English: header and words in English', () => {
    const records = parseCsv(achievementsCsv(entries, 'en'), { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(records[0]!.Type, 'Conference presentation');
    assert.equal(records[0]!['Domestic/international'], 'Domestic');
    assert.equal(records[0]!['Authors (Japanese)'], '田中 太郎, 鈴木 花子');
    assert.equal(records[1]!['PubMed ID'], '12345678');
    assert.equal(records[1]!['Fiscal year'], '2025');
    assert.deepEqual(Object.keys(records[0]!), [
      'Type',
      'PubMed ID',
      'DOI',
      'Title',
      'Authors',
      'Authors (Japanese)',
      'Journal',
      'Domestic/international',
      'Date',
      'Volume',
      'Number',
      'Pages',
      'Fiscal year',
      'Holders',
      'Institutions',
    ]);
  });

  test('no entries: the header alone', () => {
    assert.equal(parseCsv(achievementsCsv([], 'en'), { bom: true }).length, 1);
  });
});

describe('achievementsBibtex', () => {
  test('a paper: fields, names, dates, pages and ids as BibTeX and biblatex read them', () => {
    const bib = achievementsBibtex([
      entry({
        pmid: '12345678',
        doi: '10.1000/ABC_1%2',
        title: 'BRCA1 & p53: 50% of $5 #1 a_b ~x^2 \\path {braced} p < 0.05 | q > 1',
        authors: 'Tanaka T, Suzuki H, et al.',
        authorsJa: '田中 太郎, 鈴木 花子',
        journal: 'Genes & Genetic Systems',
        publishedOn: '2025-03-05',
        volume: '100',
        number: '2',
        pages: '123-130',
      }),
    ]);
    assert.match(bib, /^@article\{pmid12345678,\n/);
    assert.match(bib, /^ {2}author = \{Tanaka, T and Suzuki, H and others\},$/m);
    assert.match(bib, /^ {2}pages = \{123--130\},$/m);
    assert.match(bib, /^ {2}month = mar,$/m);
    assert.match(bib, /^ {2}doi = \{10\.1000\/ABC_1%2\},$/m, 'the DOI is verbatim, not TeX-escaped');
    assert.match(bib, /^ {2}note = \{田中 太郎, 鈴木 花子\}$/m, 'Unicode kept as UTF-8');
    assert.match(bib, /\n\}\n$/);
    const [parsed, ...more] = readBibtex(bib);
    assert.equal(more.length, 0);
    assert.equal(parsed!.type, 'article');
    assert.equal(parsed!.fields.title, 'BRCA1 & p53: 50% of $5 #1 a_b ~x^2 \\path {braced} p < 0.05 | q > 1');
    assert.deepEqual(parsed!.fields.author, [
      { lastName: 'Tanaka', firstName: 'T' },
      { lastName: 'Suzuki', firstName: 'H' },
      { lastName: 'others' },
    ]);
    assert.equal(parsed!.fields.journal, 'Genes & Genetic Systems');
    assert.equal(parsed!.fields.year, '2025');
    assert.equal(parsed!.fields.month, '3');
    assert.equal(parsed!.fields.date, '2025-03-05');
    assert.equal(parsed!.fields.volume, '100');
    assert.equal(parsed!.fields.number, '2');
    assert.equal(parsed!.fields.pages, '123–130');
    assert.equal(parsed!.fields.doi, '10.1000/ABC_1%2');
    assert.equal(parsed!.fields.pmid, '12345678');
    assert.equal(parsed!.fields.eprint, '12345678');
    assert.equal(parsed!.fields.eprinttype, 'pubmed');
    assert.equal(parsed!.fields.note, '田中 太郎, 鈴木 花子');
  });

  test('each type has its entry type and venue field; Japanese text reads back', () => {
    const types = { conference: 'booktitle', poster: 'booktitle', book: 'publisher', other: 'howpublished' } as const;
    const bib = achievementsBibtex(
      Object.entries(types).map(([type, _]) =>
        entry({ type: type as keyof typeof types, title: 'ゲノム解析の{進展}', journal: `日本遺伝学会 ${type}` }),
      ),
    );
    const parsed = readBibtex(bib);
    assert.deepEqual(
      parsed.map((e) => e.type),
      ['inproceedings', 'inproceedings', 'book', 'misc'],
    );
    for (const [i, [type, venue]] of Object.entries(types).entries()) {
      const fields = parsed[i]!.fields as Record<string, unknown>;
      assert.equal(fields.title, 'ゲノム解析の{進展}');
      const value = fields[venue];
      assert.equal(Array.isArray(value) ? value.join() : value, `日本遺伝学会 ${type}`);
    }
  });

  test('citation keys: PubMed ID, else DOI, else first author and year; unique without regard to case', () => {
    const bib = achievementsBibtex([
      entry({ pmid: '31', doi: '10.1/x' }),
      entry({ doi: '10.1038/Nature.12373' }),
      entry({ authors: 'Müller K, Tanaka T', publishedOn: '2024-05' }),
      entry({ authors: 'Klaus Müller and Taro Tanaka', publishedOn: '2024' }),
      entry({ authors: 'Jane van der Berg', publishedOn: null }),
      entry({ authors: '山田 太郎', publishedOn: '2023' }),
      entry({ authors: null }),
      entry({ authors: null }),
    ]);
    const keys = readBibtex(bib).map((e) => e.key);
    assert.deepEqual(keys, [
      'pmid31',
      'doi10-1038-nature-12373',
      'muller2024',
      'muller2024-2',
      'bergnd',
      'anon2023',
      'anonnd',
      'anonnd-2',
    ]);
  });

  test('author lists: "A, B, C" becomes "A and B and C"; otherwise as given; "and" in a name is braced', () => {
    assert.deepEqual(bibtexNames('Taro Tanaka, Hanako Suzuki'), ['Taro Tanaka', 'Hanako Suzuki']);
    assert.deepEqual(bibtexNames('Tanaka T, Suzuki HK; Sato Y'), ['Tanaka, T', 'Suzuki, HK', 'Sato, Y']);
    assert.deepEqual(bibtexNames('Tanaka T, Genome Sciences Consortium'), ['Tanaka T', 'Genome Sciences Consortium']);
    assert.deepEqual(bibtexNames('Tanaka, Taro and Suzuki, Hanako'), ['Tanaka, Taro', 'Suzuki, Hanako']);
    assert.deepEqual(bibtexNames('Taro Tanaka'), ['Taro Tanaka']);
    const [parsed] = readBibtex(achievementsBibtex([entry({ authors: 'Tanaka T, Genome And Society Consortium' })]));
    assert.deepEqual(parsed!.fields.author, [
      { lastName: 'T', firstName: 'Tanaka' },
      { name: 'Genome And Society Consortium' },
    ]);
  });

  test('no entries: an empty file; an entry of nothing but a title still parses', () => {
    assert.equal(achievementsBibtex([]), '');
    assert.equal(readBibtex(achievementsBibtex([entry({ type: 'other', title: '' })])).length, 1);
  });
});

describe('properties', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 40 });
  const optional = fc.option(fc.oneof(text, fc.string({ maxLength: 20 })), { nil: null });
  const arbitraryRow: fc.Arbitrary<ExportRow> = fc.record({
    type: fc.constantFrom(...achievementTypes),
    // Few ids, so that rows share them often.
    pmid: fc.constantFrom(null, '1', '2', '3'),
    doi: fc.constantFrom(null, '10.1000/a', '10.1000/A', '10.1000/b_{x}', '10.1000/B_{X}'),
    title: text,
    authors: optional,
    authorsJa: optional,
    journal: optional,
    journalScope: fc.constantFrom(null, ...journalScopes),
    publishedOn: fc.constantFrom(null, '2024', '2024-02', '2024-02-29', '2023-13'),
    volume: optional,
    number: optional,
    pages: optional,
    fiscalYear: fc.constantFrom(2024, 2025),
    holder: fc.record({
      name: text,
      institution: fc.option(text, { nil: null }),
      accountName: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5'),
    }),
    publication: fc.constantFrom('publish', 'postpone'),
  });

  /** The works as a slow, obvious model: merge any two groups sharing an id until none do. */
  function modelGroups(rows: ExportRow[]): ExportRow[][] {
    const ids = (r: ExportRow) =>
      [r.pmid && `p${r.pmid}`, r.doi && `d${r.doi.toLowerCase()}`].filter(Boolean).map((k) => `${r.fiscalYear}${k}`);
    let groups = rows.map((r) => [r]);
    for (let merged = true; merged; ) {
      merged = false;
      outer: for (let i = 0; i < groups.length; i++)
        for (let j = i + 1; j < groups.length; j++) {
          const a = new Set(groups[i]!.flatMap(ids));
          if (groups[j]!.flatMap(ids).some((k) => a.has(k))) {
            groups[i] = [...groups[i]!, ...groups[j]!].sort((x, y) => rows.indexOf(x) - rows.indexOf(y));
            groups = groups.filter((_, k) => k !== j);
            merged = true;
            break outer;
          }
        }
    }
    return groups;
  }

  test('dedupe keeps every holder, merges only rows linked by shared ids, and the BibTeX parses', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 12 }), fc.boolean(), (rows, includePostponed) => {
        const kept = includePostponed ? rows : rows.filter((r) => r.publication === 'publish');
        const entries = dedupeAchievements(rows, { includePostponed });
        const groups = modelGroups(kept);
        assert.equal(entries.length, groups.length);
        entries.forEach((e, i) => {
          const group = groups[i]!;
          assert.deepEqual(accounts(e), [...new Set(group.map((r) => r.holder.accountName))]);
          assert.equal(e.fiscalYear, group[0]!.fiscalYear);
          assert.equal(e.type, group[0]!.type);
          assert.equal(e.pmid, group.find((r) => r.pmid)?.pmid ?? null);
        });

        const parsed = readBibtex(achievementsBibtex(entries));
        assert.equal(parsed.length, entries.length);
        assert.equal(new Set(parsed.map((p) => p.key.toLowerCase())).size, entries.length);
      }),
      { numRuns: 300 },
    );
  });

  test("TeX's ligatures are kept apart: dashes and quotes read back as typed", () => {
    for (const title of ['a -- b', 'x---y', "``quoted''", '!`Hola', '-- ']) {
      const [parsed] = readBibtex(achievementsBibtex([entry({ title })]));
      assert.equal(parsed!.fields.title, title.replace(/\s+/g, ' ').trim());
    }
    // Page ranges keep TeX's en dash, whichever dash was typed.
    for (const pages of ['100--105', '100-105', '100 – 105']) {
      assert.match(achievementsBibtex([entry({ pages })]), /pages\s*=\s*\{100--105\}/);
    }
  });

  test('any text reads back from BibTeX as it was written (spaces aside)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (title) => {
        fc.pre(title.trim() !== '');
        const [parsed] = readBibtex(achievementsBibtex([entry({ title })]));
        assert.equal(parsed!.fields.title, title.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 300, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
  });
});
