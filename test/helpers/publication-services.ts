// PubMed (E-utilities ESummary) and Crossref (/works/{doi}) played by a local HTTP
// server answering in their documented shapes, with fixtures of fictitious works
// (10.5555 is Crossref's test prefix). Tests never ask the real services.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// ---- fixtures in the services' formats (fictitious works; 10.5555 is Crossref's test prefix) ----

export const PMID = '38912345';

export function esummaryEntry(overrides: Record<string, unknown> = {}) {
  return {
    uid: PMID,
    pubdate: '2024 Mar 5',
    epubdate: '2024 Jan 10',
    source: 'Nucleic Acids Res',
    authors: [
      { name: 'Tanaka H', authtype: 'Author', clusterid: '' },
      { name: 'Suzuki K', authtype: 'Author', clusterid: '' },
      { name: 'Genome Consortium', authtype: 'CollectiveName', clusterid: '' },
    ],
    lastauthor: 'Genome Consortium',
    title: 'Haplotype-resolved assembly of forty rice genomes.',
    sorttitle: 'haplotype resolved assembly of forty rice genomes',
    volume: '52',
    issue: '4',
    pages: '1650-1662',
    lang: ['eng'],
    nlmuniqueid: '0411011',
    issn: '0305-1048',
    essn: '1362-4962',
    pubtype: ['Journal Article'],
    recordstatus: 'PubMed - indexed for MEDLINE',
    pubstatus: '4',
    articleids: [
      { idtype: 'pubmed', idtypen: 1, value: PMID },
      { idtype: 'doi', idtypen: 3, value: '10.5555/sc-account.pubmed.1' },
      { idtype: 'pii', idtypen: 4, value: 'gkad1234' },
    ],
    history: [{ pubstatus: 'pubmed', date: '2024/01/10 06:42' }],
    references: [],
    attributes: ['Has Abstract'],
    pmcrefcount: '',
    fulljournalname: 'Nucleic acids research',
    elocationid: 'doi: 10.5555/sc-account.pubmed.1',
    doctype: 'citation',
    booktitle: '',
    medium: '',
    edition: '',
    sortpubdate: '2024/03/05 00:00',
    sortfirstauthor: 'Tanaka H',
    ...overrides,
  };
}

export const esummary = (pmid: string, entry: Record<string, unknown>) => ({
  header: { type: 'esummary', version: '0.3' },
  result: { uids: [pmid], [pmid]: entry },
});

export const date = (...parts: (number | null)[]) => ({ 'date-parts': [parts] });

export function crossrefWork(overrides: Record<string, unknown> = {}) {
  return {
    indexed: { 'date-parts': [[2024, 5, 1]], 'date-time': '2024-05-01T10:00:00Z', timestamp: 1714557600000 },
    'reference-count': 40,
    publisher: 'Example University Press',
    issue: '7',
    'short-container-title': ['Genome Res'],
    'published-print': date(2024, 7),
    DOI: '10.5555/SC-ACCOUNT.CROSSREF.1',
    type: 'journal-article',
    created: { 'date-parts': [[2024, 2, 1]], 'date-time': '2024-02-01T00:00:00Z', timestamp: 1706745600000 },
    page: '1101-1115',
    source: 'Crossref',
    'is-referenced-by-count': 3,
    title: ['Structural variants in <i>Oryza sativa</i> &amp; its wild relatives'],
    prefix: '10.5555',
    volume: '34',
    author: [
      { given: 'Hanako', family: 'Tanaka', sequence: 'first', affiliation: [{ name: 'Centre' }] },
      { given: 'Kenji', family: 'Suzuki', sequence: 'additional', affiliation: [] },
      { name: 'Rice Pan-genome Consortium', sequence: 'additional', affiliation: [] },
    ],
    member: '7822',
    'published-online': date(2024, 2, 14),
    'container-title': ['Genome Research'],
    language: 'en',
    deposited: { 'date-parts': [[2024, 7, 20]], 'date-time': '2024-07-20T00:00:00Z', timestamp: 1721433600000 },
    score: 1,
    issued: date(2024, 2, 14),
    URL: 'https://doi.org/10.5555/sc-account.crossref.1',
    ISSN: ['1088-9051', '1549-5469'],
    published: date(2024, 2, 14),
    ...overrides,
  };
}

export const crossrefMessage = (work: Record<string, unknown>) => ({
  status: 'ok',
  'message-type': 'work',
  'message-version': '1.0.0',
  message: work,
});

// ---- the fake services ----------------------------------------------------------------

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface Seen {
  service: 'pubmed' | 'crossref';
  id: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** E-utilities under /entrez/eutils and Crossref under /crossref, each with its records. */
export class FakeServices {
  readonly pubmed = new Map<string, Record<string, unknown>>();
  /** By lower-case DOI: Crossref compares DOIs without regard to case. */
  readonly crossref = new Map<string, Record<string, unknown>>();
  readonly requests: Seen[] = [];
  /** A reply that replaces the service's own (errors, slowness). */
  override: ((seen: Seen) => Reply | undefined) | undefined;
  private server: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const seen = this.identify(url, req.headers);
      const reply = seen ? (this.override?.(seen) ?? this.answer(seen)) : { status: 404, text: 'no such endpoint' };
      if (seen) this.requests.push(seen);
      const send = () => {
        this.timers.delete(timer);
        if (res.destroyed) return;
        const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
        res.writeHead(reply.status, {
          'content-type': reply.json !== undefined ? 'application/json; charset=UTF-8' : 'text/plain',
          ...reply.headers,
        });
        res.end(body);
      };
      const timer = setTimeout(send, reply.delayMs ?? 0);
      this.timers.add(timer);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(): void {
    this.pubmed.clear();
    this.crossref.clear();
    this.requests.length = 0;
    this.override = undefined;
  }

  private identify(url: URL, headers: IncomingHttpHeaders): Seen | undefined {
    if (url.pathname === '/entrez/eutils/esummary.fcgi') {
      return { service: 'pubmed', id: url.searchParams.get('id') ?? '', query: url.searchParams, headers };
    }
    const work = /^\/crossref\/works\/(.+)$/.exec(url.pathname);
    if (work?.[1]) {
      return { service: 'crossref', id: decodeURIComponent(work[1]), query: url.searchParams, headers };
    }
    return undefined;
  }

  /** What the real services answer (their documented formats). */
  private answer(seen: Seen): Reply {
    if (seen.service === 'pubmed') {
      if (seen.query.get('db') !== 'pubmed' || seen.query.get('retmode') !== 'json') {
        return { status: 400, text: 'bad request' };
      }
      const entry = this.pubmed.get(seen.id) ?? { uid: seen.id, error: 'cannot get document summary' };
      return { status: 200, json: esummary(seen.id, entry) };
    }
    const work = this.crossref.get(seen.id.toLowerCase());
    return work ? { status: 200, json: crossrefMessage(work) } : { status: 404, text: 'Resource not found.' };
  }
}
