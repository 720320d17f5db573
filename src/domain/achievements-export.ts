// The achievements holders reported with their fiscal-year renewal, as the centre's
// annual report takes them: one entry per work however many holders reported it
// (same PubMed ID or DOI), written as CSV for spreadsheets and BibTeX for LaTeX. Pure.
import { stringify } from 'csv-stringify/sync';
import {
  type Achievement,
  type AchievementType,
  doiKey,
  emptyAchievement,
  isPublicationDate,
  type JournalScope,
  normaliseDoi,
  normalisePmid,
} from './achievement.js';
import type { PublicationChoice } from './renewal.js';
import { neutraliseCell } from './spreadsheet-cell.js';

/** One achievement as one holder reported it for one fiscal year. */
export interface ExportRow extends Achievement {
  fiscalYear: number;
  holder: { name: string; institution: string | null; accountName: string };
  publication: PublicationChoice;
}

/** One work of the report, with everyone who reported it. */
export interface ReportEntry extends Achievement {
  fiscalYear: number;
  holders: ExportRow['holder'][];
}

const achievementFields = [
  'pmid',
  'doi',
  'title',
  'authors',
  'authorsJa',
  'journal',
  'journalScope',
  'publishedOn',
  'volume',
  'number',
  'pages',
] as const satisfies readonly (keyof Achievement)[];

const isEmpty = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/** The identity keys of a row: rows that share one are the same work. */
function identityKeys(row: ExportRow): string[] {
  const keys: string[] = [];
  if (!isEmpty(row.pmid)) keys.push(`pmid:${normalisePmid(row.pmid!) ?? row.pmid!.trim()}`);
  if (!isEmpty(row.doi)) keys.push(`doi:${doiKey(normaliseDoi(row.doi!) ?? row.doi!.trim())}`);
  // Works are merged within a fiscal year only: each year's report stands alone.
  return keys.map((k) => `${row.fiscalYear}:${k}`);
}

/**
 * One entry per work, in the order works first appear. Rows sharing a PubMed ID or a
 * DOI (case-insensitive) are one work, also through a third row that has both; each
 * field takes the first non-empty value in row order, holders are gathered once each
 * (by account). Rows with neither identifier stay entries of their own. Rows whose
 * holder postponed publication are left out unless `includePostponed`.
 */
export function dedupeAchievements(rows: ExportRow[], options: { includePostponed?: boolean } = {}): ReportEntry[] {
  const kept = options.includePostponed ? rows : rows.filter((r) => r.publication !== 'postpone');

  // Union-find over row indexes; the root is always the smallest index, so the
  // group's position is its first appearance.
  const parent = kept.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) [i, parent[i]] = [parent[i]!, root];
    return root;
  };
  const firstWithKey = new Map<string, number>();
  kept.forEach((row, i) => {
    for (const key of identityKeys(row)) {
      const other = firstWithKey.get(key);
      if (other === undefined) {
        firstWithKey.set(key, i);
        continue;
      }
      const [a, b] = [find(i), find(other)];
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });

  const groups = new Map<number, ExportRow[]>();
  kept.forEach((row, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(row);
    else groups.set(root, [row]);
  });
  return [...groups.keys()].sort((a, b) => a - b).map((root) => mergeRows(groups.get(root)!));
}

function mergeRows(rows: ExportRow[]): ReportEntry {
  const first = rows[0]!;
  const entry: ReportEntry = { ...emptyAchievement(first.type), fiscalYear: first.fiscalYear, holders: [] };
  for (const field of achievementFields) {
    const found = rows.find((r) => !isEmpty(r[field]))?.[field];
    if (found !== undefined) Object.assign(entry, { [field]: found });
  }
  const seen = new Set<string>();
  for (const { holder } of rows) {
    if (seen.has(holder.accountName)) continue;
    seen.add(holder.accountName);
    entry.holders.push(holder);
  }
  return entry;
}

// ---- CSV -------------------------------------------------------------------

type Lang = 'ja' | 'en';

const typeLabels: Record<AchievementType, Record<Lang, string>> = {
  paper: { ja: '論文', en: 'Paper' },
  conference: { ja: '学会発表', en: 'Conference presentation' },
  poster: { ja: 'ポスター発表', en: 'Poster presentation' },
  book: { ja: '書籍', en: 'Book' },
  other: { ja: 'その他', en: 'Other' },
};

const scopeLabels: Record<JournalScope, Record<Lang, string>> = {
  domestic: { ja: '国内', en: 'Domestic' },
  international: { ja: '国際', en: 'International' },
};

const csvColumns = [
  { key: 'type', ja: '種別', en: 'Type' },
  { key: 'pmid', ja: 'PubMed ID', en: 'PubMed ID' },
  { key: 'doi', ja: 'DOI', en: 'DOI' },
  { key: 'title', ja: 'タイトル', en: 'Title' },
  { key: 'authors', ja: '著者', en: 'Authors' },
  { key: 'authorsJa', ja: '著者（日本語）', en: 'Authors (Japanese)' },
  { key: 'journal', ja: '掲載誌・学会名', en: 'Journal' },
  { key: 'journalScope', ja: '国内・国際', en: 'Domestic/international' },
  { key: 'publishedOn', ja: '発行日', en: 'Date' },
  { key: 'volume', ja: '巻', en: 'Volume' },
  { key: 'number', ja: '号', en: 'Number' },
  { key: 'pages', ja: 'ページ', en: 'Pages' },
  { key: 'fiscalYear', ja: '年度', en: 'Fiscal year' },
  { key: 'holders', ja: '報告者', en: 'Holders' },
  { key: 'institutions', ja: '所属機関', en: 'Institutions' },
] as const;

/**
 * The entries as a CSV file: a header in `lang`, one row per work, holders and their
 * (distinct) institutions joined by "; ". It starts with a UTF-8 BOM, without which
 * Excel in Japan reads the file as Shift_JIS; cells that look like formulas are
 * written as text, as in every staff download.
 */
export function achievementsCsv(entries: ReportEntry[], lang: Lang): string {
  const records = entries.map((e) => ({
    ...e,
    type: typeLabels[e.type][lang],
    journalScope: e.journalScope ? scopeLabels[e.journalScope][lang] : null,
    fiscalYear: String(e.fiscalYear),
    holders: e.holders.map((h) => h.name).join('; '),
    institutions: [...new Set(e.holders.map((h) => h.institution).filter((i) => !isEmpty(i)))].join('; '),
  }));
  return stringify(records, {
    bom: true,
    header: true,
    columns: csvColumns.map((c) => ({ key: c.key, header: c[lang] })),
    cast: { string: neutraliseCell },
  });
}

// ---- BibTeX ----------------------------------------------------------------

const entryTypes: Record<AchievementType, { type: string; venue: string }> = {
  paper: { type: 'article', venue: 'journal' },
  conference: { type: 'inproceedings', venue: 'booktitle' },
  poster: { type: 'inproceedings', venue: 'booktitle' },
  book: { type: 'book', venue: 'publisher' },
  other: { type: 'misc', venue: 'howpublished' },
};

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// BibTeX counts every brace, escaped or not, so `\{` would unbalance the field:
// braces are written as the LaTeX commands, which bring balanced braces of their own.
const texSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // Not special to TeX, but in the default OT1 font encoding they print as ¡ ¿ —.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

/**
 * Text as a BibTeX field reads it: TeX specials escaped, Unicode kept, on one line, and
 * TeX's ligatures broken with an empty group (`--` would print as an en dash, `---` an
 * em dash, two backquotes or quotes as curly quotes, !` and ?` as ¡ ¿).
 */
const texText = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}%&$#_~^<>|]/g, (c) => texSpecials[c]!)
    .replace(/-(?=-)|`(?=`)|'(?=')|[!?](?=`)/g, '$&{}');

/**
 * Verbatim fields (doi) are read as they are, so TeX escapes would become part of the
 * DOI; only braces, which would unbalance the field, are written URL-encoded as the
 * DOI Handbook does.
 */
const verbatim = (text: string) =>
  text.trim().replace(/[{}\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const etAl = /^et\.?\s*al\.?$/i;
const pubmedName = /^(\S.*?)\s+([A-Z]{1,3})$/;

/**
 * The author list as BibTeX names. The "A, B, C" that lookups and holders write becomes
 * "A and B and C"; PubMed's "Tanaka T" becomes "Tanaka, T" (family name first, as
 * BibTeX reads it) when every name is written so; "et al." becomes BibTeX's "others";
 * a name with "and" in it (a consortium) is braced so BibTeX does not split it. Text
 * already joined by "and", or a single name, is left as given.
 */
export function bibtexNames(authors: string): string[] {
  const text = authors.replace(/\s+/g, ' ').trim();
  if (/\sand\s/.test(text) || !/[,;]/.test(text)) return text.split(/\s+and\s+/).filter(Boolean);
  const names = text
    .split(/[,;]/)
    .map((n) => n.trim())
    .filter(Boolean);
  const people = names.filter((n) => !etAl.test(n));
  const pubmedStyle = people.length > 0 && people.every((n) => pubmedName.test(n));
  return names.map((n) => {
    if (etAl.test(n)) return 'others';
    if (pubmedStyle) return n.replace(pubmedName, '$1, $2');
    return n;
  });
}

const texName = (name: string) =>
  name === 'others' ? name : /\band\b/i.test(name) ? `{${texText(name)}}` : texText(name);

/** The family name of a BibTeX name in ASCII letters, for citation keys. */
function familySlug(name: string): string {
  const family = name.includes(',') ? name.slice(0, name.indexOf(',')) : (name.split(' ').at(-1) ?? '');
  return family
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function citationKey(entry: ReportEntry): string {
  if (!isEmpty(entry.pmid)) return `pmid${(normalisePmid(entry.pmid!) ?? entry.pmid!).replace(/[^0-9a-z]/gi, '')}`;
  if (!isEmpty(entry.doi)) return `doi${doiKey(entry.doi!.trim()).replace(/[^a-z0-9]+/g, '-')}`;
  const firstAuthor = entry.authors ? bibtexNames(entry.authors).find((n) => n !== 'others') : undefined;
  const year = /^\d{4}/.exec(entry.publishedOn ?? '')?.[0] ?? 'nd';
  return `${(firstAuthor && familySlug(firstAuthor)) || 'anon'}${year}`;
}

/** Lower-case keys, made unique with "-2", "-3" … (BibTeX compares keys without case). */
function uniqueKeys(entries: ReportEntry[]): string[] {
  const taken = new Set<string>();
  return entries.map((entry) => {
    const base = citationKey(entry).toLowerCase();
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    return key;
  });
}

function bibtexFields(entry: ReportEntry): [string, string][] {
  const fields: [string, string][] = [];
  const add = (
    name: string,
    value: string | null | undefined,
    write: (v: string) => string = (v) => `{${texText(v)}}`,
  ) => {
    if (!isEmpty(value)) fields.push([name, write(value!)]);
  };
  // Double braces keep the title as reported (gene names, "DNA"): styles that change
  // titles to sentence case would otherwise lower them.
  add('title', entry.title, (v) => `{{${texText(v)}}}`);
  const names = bibtexNames(entry.authors ?? '');
  if (names.length > 0) fields.push(['author', `{${names.map(texName).join(' and ')}}`]);
  add(entryTypes[entry.type].venue, entry.journal);
  const date = /^(\d{4})(?:-(\d{2}))?/.exec(entry.publishedOn?.trim() ?? '');
  if (date) {
    fields.push(['year', `{${date[1]}}`]);
    const month = date[2] === undefined ? undefined : months[Number(date[2]) - 1];
    // The month macro: BibTeX styles print its name, biber reads it as the number.
    if (month) fields.push(['month', month]);
    if (isPublicationDate(entry.publishedOn!.trim())) add('date', entry.publishedOn);
  }
  add('volume', entry.volume);
  add('number', entry.number);
  // A range's dash of any kind is TeX's en dash (--), the one ligature wanted here.
  add(
    'pages',
    entry.pages,
    (v) =>
      `{${v
        .split(/\s*[-‐‑‒–—]+\s*/)
        .map(texText)
        .join('--')}}`,
  );
  add('doi', entry.doi, (v) => `{${verbatim(v)}}`);
  if (!isEmpty(entry.pmid)) {
    add('pmid', entry.pmid);
    add('eprint', entry.pmid, (v) => `{${verbatim(v)}}`);
    fields.push(['eprinttype', '{pubmed}']);
  }
  add('note', entry.authorsJa);
  return fields;
}

/**
 * The entries as a BibTeX file (UTF-8, which biblatex with biber reads as it is):
 * paper → @article, conference and poster → @inproceedings, book → @book (the journal
 * field as publisher), other → @misc; one field per line; unique citation keys from
 * the PubMed ID, else the DOI, else the first author and year.
 */
export function achievementsBibtex(entries: ReportEntry[]): string {
  const keys = uniqueKeys(entries);
  return entries
    .map((entry, i) => {
      const fields = bibtexFields(entry).map(([name, value]) => `  ${name} = ${value}`);
      const body = fields.length > 0 ? `${fields.join(',\n')}\n` : '';
      return `@${entryTypes[entry.type].type}{${keys[i]},\n${body}}\n`;
    })
    .join('\n');
}
