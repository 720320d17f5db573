// Fills an achievement from its identifier for the renewal form's "Get" button: a
// PubMed ID from NCBI E-utilities (ESummary), a DOI from the Crossref REST API. Every
// answer is cached; a service that is down, slow or busy is "unavailable" (never
// cached), and the form then says so and takes the details typed by hand.
import type { Kysely } from 'kysely';
import { cachePublication, type PublicationSource, readCachedPublication } from '../db/publication-cache.js';
import type { Database } from '../db/schema.js';
import {
  ACHIEVEMENT_LIMITS,
  doiKey,
  isPublicationDate,
  normaliseDoi,
  normalisePmid,
  type PublicationDetails,
} from '../domain/achievement.js';

export const PUBMED_URL = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils';
export const CROSSREF_URL = 'https://api.crossref.org';

export type LookupProblem = 'invalid' | 'not_found' | 'unavailable';
export type LookupResult =
  | { ok: true; details: PublicationDetails; cached: boolean }
  | { ok: false; problem: LookupProblem };

export interface PublicationLookup {
  byPmid(text: string): Promise<LookupResult>;
  byDoi(text: string): Promise<LookupResult>;
}

export interface PublicationLookupOptions {
  db: Kysely<Database>;
  /** E-utilities base, without the trailing `/esummary.fcgi` (PUBMED_URL). */
  pubmedUrl: string;
  /** Crossref REST API base, without the trailing `/works` (CROSSREF_URL). */
  crossrefUrl: string;
  /** For the whole request, body included. */
  timeoutMs: number;
  /** How long an answer (a work, or "no such work") is used without asking again. */
  cacheTtlMs: number;
  /** An e-mail address the services may write to about our traffic (their etiquette). */
  contact?: string;
  fetch?: typeof fetch;
}

/** What a service's answer says, once read: a work, no such work, or nothing we understand. */
export type ServiceAnswer =
  | { kind: 'found'; details: PublicationDetails }
  | { kind: 'not_found' }
  | { kind: 'unreadable' };

const notFound: ServiceAnswer = { kind: 'not_found' };
const unreadable: ServiceAnswer = { kind: 'unreadable' };

export function createPublicationLookup(options: PublicationLookupOptions): PublicationLookup {
  const doFetch = options.fetch ?? globalThis.fetch;
  const contact = options.contact?.replace(/[\r\n]/g, '').trim() || undefined;
  const headers: Record<string, string> = {
    accept: 'application/json',
    // Crossref's etiquette: name the tool and a mailto: address (its "polite pool").
    'user-agent': contact ? `sc-account (mailto:${contact})` : 'sc-account',
  };
  const base = (url: string) => url.replace(/\/+$/, '');

  type Fetched = { kind: 'body'; body: unknown } | { kind: 'not_found' } | { kind: 'unavailable' };

  /** GET a JSON document; `notFoundOn404`: a 404 is the service's "no such work". */
  async function getJson(url: string, notFoundOn404: boolean): Promise<Fetched> {
    try {
      const res = await doFetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
      if (notFoundOn404 && res.status === 404) {
        await res.body?.cancel();
        return { kind: 'not_found' };
      }
      // 429 (too many requests), 5xx and anything else unexpected: ask again later.
      if (res.status !== 200) {
        await res.body?.cancel();
        return { kind: 'unavailable' };
      }
      return { kind: 'body', body: JSON.parse(await res.text()) };
    } catch {
      // Refused, reset, timed out (AbortSignal.timeout), or a body that is not JSON.
      return { kind: 'unavailable' };
    }
  }

  async function lookUp(
    source: PublicationSource,
    key: string,
    ask: () => Promise<Fetched>,
    read: (body: unknown) => ServiceAnswer,
  ): Promise<LookupResult> {
    const now = new Date();
    const cached = await readCachedPublication(options.db, source, key, new Date(now.getTime() - options.cacheTtlMs));
    if (cached) {
      return cached.details ? { ok: true, details: cached.details, cached: true } : { ok: false, problem: 'not_found' };
    }
    const fetched = await ask();
    const answer: ServiceAnswer =
      fetched.kind === 'body' ? read(fetched.body) : fetched.kind === 'not_found' ? notFound : unreadable;
    if (answer.kind === 'unreadable') return { ok: false, problem: 'unavailable' };
    const details = answer.kind === 'found' ? answer.details : null;
    await cachePublication(options.db, source, key, details, now);
    return details ? { ok: true, details, cached: false } : { ok: false, problem: 'not_found' };
  }

  return {
    async byPmid(text) {
      const pmid = normalisePmid(text);
      if (pmid === undefined) return { ok: false, problem: 'invalid' };
      const query = new URLSearchParams({ db: 'pubmed', id: pmid, retmode: 'json', tool: 'sc-account' });
      // E-utilities' etiquette: `tool` and `email` name who to contact before blocking.
      if (contact) query.set('email', contact);
      return lookUp(
        'pubmed',
        pmid,
        () => getJson(`${base(options.pubmedUrl)}/esummary.fcgi?${query}`, false),
        (body) => fromEsummary(body, pmid),
      );
    },
    async byDoi(text) {
      const doi = normaliseDoi(text);
      if (doi === undefined) return { ok: false, problem: 'invalid' };
      return lookUp(
        'crossref',
        doiKey(doi),
        () => getJson(`${base(options.crossrefUrl)}/works/${encodeURIComponent(doi)}`, true),
        (body) => {
          const answer = fromCrossref(body);
          // A record without its DOI still is the work that was asked for.
          return answer.kind === 'found' && !answer.details.doi
            ? { kind: 'found', details: { ...answer.details, doi } }
            : answer;
        },
      );
    },
  };
}

// ---- E-utilities ESummary (db=pubmed, retmode=json) -------------------------------

/**
 * `{ result: { uids: [...], "<pmid>": { title, authors: [{name}], fulljournalname,
 * source, pubdate, sortpubdate, volume, issue, pages, articleids: [{idtype, value}] } } }`;
 * an unknown id is `{ "<pmid>": { uid, error: "cannot get document summary" } }`.
 */
export function fromEsummary(body: unknown, pmid: string): ServiceAnswer {
  if (!isRecord(body)) return unreadable;
  const result = body.result;
  if (!isRecord(result)) {
    // An id E-utilities refuses outright ("Invalid uid 0 at position=0") is no work either.
    const messages = [body.error, ...(Array.isArray(body.esummaryresult) ? body.esummaryresult : [])];
    return messages.some((m) => typeof m === 'string' && /invalid uid/i.test(m)) ? notFound : unreadable;
  }
  const entry = result[pmid];
  if (!isRecord(entry)) return unreadable;
  if (entry.error !== undefined) return notFound;
  const doi = Array.isArray(entry.articleids)
    ? entry.articleids.find((a) => isRecord(a) && a.idtype === 'doi' && typeof a.value === 'string')
    : undefined;
  return found({
    title: clean(entry.title, ACHIEVEMENT_LIMITS.title),
    authors: joinNames(
      Array.isArray(entry.authors) ? entry.authors.map((a) => (isRecord(a) ? clean(a.name, Infinity) : undefined)) : [],
    ),
    journal:
      clean(entry.fulljournalname, ACHIEVEMENT_LIMITS.journal) ?? clean(entry.source, ACHIEVEMENT_LIMITS.journal),
    publishedOn: pubmedDate(entry.pubdate) ?? pubmedSortDate(entry.sortpubdate) ?? pubmedDate(entry.epubdate),
    volume: clean(entry.volume, ACHIEVEMENT_LIMITS.short),
    number: clean(entry.issue, ACHIEVEMENT_LIMITS.short),
    pages: clean(entry.pages, ACHIEVEMENT_LIMITS.short),
    doi: isRecord(doi) && typeof doi.value === 'string' ? normaliseDoi(doi.value) : undefined,
    pmid: (typeof entry.uid === 'string' ? normalisePmid(entry.uid) : undefined) ?? pmid,
  });
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "2024 Mar 5", "2024 Mar", "2024 Mar-Apr", "2023 Winter", "2024" → as precise as it says. */
export function pubmedDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d{4})(?:\s+([A-Za-z]{3})[A-Za-z]*\.?(?:\s+(\d{1,2})(?!\d))?)?/.exec(value);
  if (!m) return undefined;
  const month = m[2] ? months.indexOf(m[2].toLowerCase()) + 1 : 0;
  return datePrecise(Number(m[1]), month || undefined, month ? Number(m[3]) || undefined : undefined);
}

/** "2024/03/05 00:00" → '2024-03-05'. */
function pubmedSortDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d{4})\/(\d{2})\/(\d{2})/.exec(value);
  return m ? datePrecise(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

// ---- Crossref REST API GET /works/{doi} -----------------------------------------------

/**
 * `{ status: "ok", "message-type": "work", message: { DOI, title: [...], author: [{given,
 * family} | {name}], "container-title": [...], "published-print" | "published-online" |
 * issued: { "date-parts": [[y, m?, d?]] }, volume, issue, page } }`. An unknown DOI is a
 * 404 and never gets here.
 */
export function fromCrossref(body: unknown): ServiceAnswer {
  if (!isRecord(body) || (body.status !== undefined && body.status !== 'ok')) return unreadable;
  const work = body.message;
  if (!isRecord(work)) return unreadable;
  return found({
    title: clean(first(work.title), ACHIEVEMENT_LIMITS.title),
    authors: joinNames(
      Array.isArray(work.author)
        ? work.author.map((a) =>
            isRecord(a)
              ? (clean(a.name, Infinity) ??
                clean([a.given, a.family].filter((p) => typeof p === 'string').join(' '), Infinity))
              : undefined,
          )
        : [],
    ),
    journal: clean(first(work['container-title']), ACHIEVEMENT_LIMITS.journal),
    publishedOn: ['published-print', 'published-online', 'published', 'issued']
      .map((field) => crossrefDate(work[field]))
      .find((d) => d !== undefined),
    volume: clean(work.volume, ACHIEVEMENT_LIMITS.short),
    number: clean(work.issue, ACHIEVEMENT_LIMITS.short),
    pages: clean(work.page, ACHIEVEMENT_LIMITS.short),
    doi: typeof work.DOI === 'string' ? normaliseDoi(work.DOI) : undefined,
  });
}

/** A partial date `{ "date-parts": [[2024, 3, 5]] }` (or [[2024]], [[2024, 3]]; [[null]] when unknown). */
function crossrefDate(value: unknown): string | undefined {
  if (!isRecord(value) || !Array.isArray(value['date-parts'])) return undefined;
  const parts = value['date-parts'][0];
  if (!Array.isArray(parts)) return undefined;
  const [year, month, day] = parts.map((p) => (typeof p === 'number' || typeof p === 'string' ? Number(p) : NaN));
  if (year === undefined || !Number.isInteger(year)) return undefined;
  const whole = (n: number | undefined) => (n !== undefined && Number.isInteger(n) ? n : undefined);
  return datePrecise(year, whole(month), whole(month) === undefined ? undefined : whole(day));
}

// ---- shared ----------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v.find((x) => typeof x === 'string' && x.trim() !== '') : v;
}

/** Only the fields that have a value (empty strings are absent). */
function found(details: Partial<Record<keyof PublicationDetails, string>>): ServiceAnswer {
  const kept: PublicationDetails = {};
  for (const [field, value] of Object.entries(details) as [keyof PublicationDetails, string | undefined][]) {
    if (value !== undefined && value !== '') kept[field] = value;
  }
  return { kind: 'found', details: kept };
}

/** The most precise valid 'YYYY-MM-DD' / 'YYYY-MM' / 'YYYY' the parts make. */
function datePrecise(year: number, month?: number, day?: number): string | undefined {
  const y = String(year).padStart(4, '0');
  const candidates = [
    month !== undefined && day !== undefined ? `${y}-${pad(month)}-${pad(day)}` : undefined,
    month !== undefined ? `${y}-${pad(month)}` : undefined,
    y,
  ];
  return candidates.find((c) => c !== undefined && isPublicationDate(c));
}

const pad = (n: number) => String(n).padStart(2, '0');

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Text as the annual report prints it: entities decoded, then markup such as `<i>`,
 * `<sub>` or `<jats:italic>` dropped (Crossref titles carry it), whitespace collapsed,
 * cut to `limit` without splitting a character; undefined when nothing is left.
 */
function clean(value: unknown, limit: number): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value)
    .replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));/gi, (whole, dec, hex, name) => {
      const code = dec ? Number(dec) : hex ? Number.parseInt(hex, 16) : undefined;
      if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      return entities[(name as string).toLowerCase()] ?? whole;
    })
    .replace(/<\/?[a-z][\w:.-]*(?:\s[^<>]*)?\/?>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : cut(text, limit);
}

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // the first half of a surrogate pair
  return text.slice(0, end).trimEnd();
}

/** "A, B, C": as many whole names as fit in the authors field. */
function joinNames(names: (string | undefined)[]): string | undefined {
  let joined = '';
  for (const name of names) {
    if (!name) continue;
    const next = joined ? `${joined}, ${name}` : name;
    if (next.length > ACHIEVEMENT_LIMITS.authors) return joined || cut(name, ACHIEVEMENT_LIMITS.authors);
    joined = next;
  }
  return joined || undefined;
}
