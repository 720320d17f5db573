// Achievements a holder reports with a Continuation (domain.md, "The fiscal year"):
// publications and presentations with what identifies them (PubMed ID, DOI) and what
// the centre's annual report prints. "No achievements this year" is an answer too.
// Pure: the rules of each field, and the keys that make two entries the same work.

export const achievementTypes = ['paper', 'conference', 'poster', 'book', 'other'] as const;
export type AchievementType = (typeof achievementTypes)[number];
export const isAchievementType = (v: unknown): v is AchievementType => achievementTypes.includes(v as AchievementType);

export const journalScopes = ['domestic', 'international'] as const;
export type JournalScope = (typeof journalScopes)[number];
export const isJournalScope = (v: unknown): v is JournalScope => journalScopes.includes(v as JournalScope);

/** One entry as it is stored and exported. */
export interface Achievement {
  type: AchievementType;
  pmid: string | null;
  doi: string | null;
  title: string;
  authors: string | null;
  authorsJa: string | null;
  journal: string | null;
  journalScope: JournalScope | null;
  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  publishedOn: string | null;
  volume: string | null;
  number: string | null;
  pages: string | null;
}

/** An entry with nothing filled in but its type. */
export const emptyAchievement = (type: AchievementType): Achievement => ({
  type,
  pmid: null,
  doi: null,
  title: '',
  authors: null,
  authorsJa: null,
  journal: null,
  journalScope: null,
  publishedOn: null,
  volume: null,
  number: null,
  pages: null,
});

/** What a lookup (PubMed, Crossref) fills in; the holder may still change any of it. */
export type PublicationDetails = Partial<
  Pick<Achievement, 'title' | 'authors' | 'journal' | 'publishedOn' | 'volume' | 'number' | 'pages' | 'doi' | 'pmid'>
>;

export const ACHIEVEMENT_LIMITS = {
  title: 1000,
  authors: 4000,
  journal: 500,
  short: 50,
  /** Entries in one Continuation. */
  entries: 200,
} as const;

/** A PubMed ID as typed ('PMID: 12345678', ' 12345678 ') → '12345678'; undefined when it is none. */
export function normalisePmid(text: string): string | undefined {
  const m = /^\s*(?:pmid\s*:?\s*)?(\d{1,9})\s*$/i.exec(text);
  return m?.[1]?.replace(/^0+(?=\d)/, '');
}

/**
 * A DOI as typed ('https://doi.org/10.1000/XYZ', 'doi:10.1000/xyz') → '10.1000/XYZ';
 * undefined when it is none. DOIs compare without regard to case (see doiKey).
 */
export function normaliseDoi(text: string): string | undefined {
  const trimmed = text
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '');
  return /^10\.\d{4,9}\/\S{1,300}$/.test(trimmed) ? trimmed : undefined;
}

/** The key two DOIs are the same work by (the DOI Handbook: case-insensitive ASCII). */
export const doiKey = (doi: string) => doi.toLowerCase();

/** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' of a real day, years 1900–2100. */
export function isPublicationDate(text: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1900 || year > 2100) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = new Date(Date.UTC(year, month - 1, Number(m[3])));
  return day.getUTCMonth() === month - 1 && day.getUTCDate() === Number(m[3]);
}

/**
 * The key that makes entries of several holders one work in the annual report: the
 * PubMed ID, else the DOI, else undefined (kept as it is).
 */
export function achievementKey(a: Pick<Achievement, 'pmid' | 'doi'>): string | undefined {
  if (a.pmid) return `pmid:${a.pmid}`;
  if (a.doi) return `doi:${doiKey(a.doi)}`;
  return undefined;
}
