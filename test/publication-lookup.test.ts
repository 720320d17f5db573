// Publication lookup for the renewal form: PubMed (E-utilities ESummary) and Crossref
// (/works/{doi}) played by a local HTTP server answering in their documented shapes,
// the cache on both databases, and the pure mapping of each service's answer.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { cachePublication, readCachedPublication } from '../src/db/publication-cache.js';
import type { Database } from '../src/db/schema.js';
import { ACHIEVEMENT_LIMITS } from '../src/domain/achievement.js';
import {
  createPublicationLookup,
  fromCrossref,
  fromEsummary,
  type PublicationLookupOptions,
  pubmedDate,
} from '../src/publications/lookup.js';
import { forEachDatabase } from './helpers/databases.js';
import { freePort } from './helpers/postgres.js';
import {
  crossrefMessage,
  crossrefWork,
  date,
  esummary,
  esummaryEntry,
  FakeServices,
  PMID,
  type Reply,
} from './helpers/publication-services.js';

// ---- the pure mapping -------------------------------------------------------------------

describe('publication mapping', () => {
  it('reads an ESummary entry: authors as given, the full journal name, the DOI from articleids', () => {
    assert.deepEqual(fromEsummary(esummary(PMID, esummaryEntry()), PMID), {
      kind: 'found',
      details: {
        title: 'Haplotype-resolved assembly of forty rice genomes.',
        authors: 'Tanaka H, Suzuki K, Genome Consortium',
        journal: 'Nucleic acids research',
        publishedOn: '2024-03-05',
        volume: '52',
        number: '4',
        pages: '1650-1662',
        doi: '10.5555/sc-account.pubmed.1',
        pmid: PMID,
      },
    });
  });

  it('leaves empty fields out, falls back to the abbreviated journal and to sortpubdate', () => {
    const entry = esummaryEntry({
      issue: '',
      pages: ' ',
      fulljournalname: '',
      pubdate: '',
      articleids: [{ idtype: 'pubmed', idtypen: 1, value: PMID }],
    });
    assert.deepEqual(fromEsummary(esummary(PMID, entry), PMID), {
      kind: 'found',
      details: {
        title: 'Haplotype-resolved assembly of forty rice genomes.',
        authors: 'Tanaka H, Suzuki K, Genome Consortium',
        journal: 'Nucleic Acids Res',
        publishedOn: '2024-03-05',
        volume: '52',
        pmid: PMID,
      },
    });
  });

  it('knows an unknown id from an answer it cannot read', () => {
    const unknown = esummary('99999999', { uid: '99999999', error: 'cannot get document summary' });
    assert.deepEqual(fromEsummary(unknown, '99999999'), { kind: 'not_found' });
    assert.deepEqual(fromEsummary({ header: {}, esummaryresult: ['Invalid uid 0 at position=0'] }, '0'), {
      kind: 'not_found',
    });
    assert.deepEqual(fromEsummary({ header: {}, result: { uids: [] } }, PMID), { kind: 'unreadable' });
    assert.deepEqual(fromEsummary({ error: 'API rate limit exceeded' }, PMID), { kind: 'unreadable' });
    assert.deepEqual(fromEsummary('<html>', PMID), { kind: 'unreadable' });
    assert.deepEqual(fromEsummary(null, PMID), { kind: 'unreadable' });
  });

  it('turns PubMed dates into YYYY, YYYY-MM or YYYY-MM-DD, as precise as they are', () => {
    assert.equal(pubmedDate('2024 Mar 5'), '2024-03-05');
    assert.equal(pubmedDate('2024 Mar'), '2024-03');
    assert.equal(pubmedDate('2024 Mar-Apr'), '2024-03');
    assert.equal(pubmedDate('2024 Sep 28-Oct 4'), '2024-09-28');
    assert.equal(pubmedDate('2023 Winter'), '2023');
    assert.equal(pubmedDate('2024'), '2024');
    assert.equal(pubmedDate('2024 Feb 30'), '2024-02');
    assert.equal(pubmedDate('1850'), undefined);
    assert.equal(pubmedDate(''), undefined);
    assert.equal(pubmedDate(2024), undefined);
  });

  it('reads a Crossref work: markup out of the title, "Given Family" authors, the print date first', () => {
    assert.deepEqual(fromCrossref(crossrefMessage(crossrefWork())), {
      kind: 'found',
      details: {
        title: 'Structural variants in Oryza sativa & its wild relatives',
        authors: 'Hanako Tanaka, Kenji Suzuki, Rice Pan-genome Consortium',
        journal: 'Genome Research',
        publishedOn: '2024-07',
        volume: '34',
        number: '7',
        pages: '1101-1115',
        doi: '10.5555/SC-ACCOUNT.CROSSREF.1',
      },
    });
  });

  it('takes date-parts of one, two or three elements and skips unknown ones', () => {
    const dated = (fields: Record<string, unknown>) => {
      const work = crossrefWork({ 'published-print': undefined, 'published-online': undefined, published: undefined });
      const answer = fromCrossref(crossrefMessage({ ...work, ...fields }));
      return answer.kind === 'found' ? answer.details.publishedOn : answer.kind;
    };
    assert.equal(dated({ issued: date(2023) }), '2023');
    assert.equal(dated({ issued: date(2023, 11) }), '2023-11');
    assert.equal(dated({ issued: date(2023, 11, 9) }), '2023-11-09');
    assert.equal(dated({ 'published-online': date(null), issued: date(2022, 4) }), '2022-04');
    assert.equal(dated({ issued: date(null) }), undefined);
    assert.equal(dated({ 'published-online': date(2021, 2, 30) }), '2021-02');
  });

  it('strips JATS markup, cuts every field to its limit and leaves empty ones out', () => {
    const work = crossrefWork({
      title: ['', '<jats:title>CRISPR in <jats:italic>Arabidopsis</jats:italic> H<sub>2</sub>O</jats:title>'],
      'container-title': [],
      author: [{ family: 'Sato' }, { given: '', family: '' }, { name: 'x'.repeat(ACHIEVEMENT_LIMITS.authors + 10) }],
      volume: 'v'.repeat(80),
      issue: '',
      page: undefined,
    });
    const answer = fromCrossref(crossrefMessage(work));
    assert.equal(answer.kind, 'found');
    if (answer.kind !== 'found') return;
    assert.equal(answer.details.title, 'CRISPR in Arabidopsis H2O');
    assert.equal(answer.details.authors, 'Sato');
    assert.equal(answer.details.volume, 'v'.repeat(ACHIEVEMENT_LIMITS.short));
    for (const field of ['journal', 'number', 'pages'] as const) assert.equal(field in answer.details, false, field);

    const long = fromCrossref(
      crossrefMessage(crossrefWork({ title: ['t'.repeat(5000)], author: [{ name: 'ß'.repeat(5000) }] })),
    );
    assert.equal(long.kind === 'found' && long.details.title?.length, ACHIEVEMENT_LIMITS.title);
    assert.equal(long.kind === 'found' && long.details.authors?.length, ACHIEVEMENT_LIMITS.authors);
  });

  it('does not take anything but a work', () => {
    assert.deepEqual(fromCrossref({ status: 'failed', 'message-type': 'validation-failure', message: [] }), {
      kind: 'unreadable',
    });
    assert.deepEqual(fromCrossref({ status: 'ok', message: 'x' }), { kind: 'unreadable' });
    assert.deepEqual(fromCrossref([]), { kind: 'unreadable' });
  });
});

// ---- the lookup against the fake services, cached in each database -------------------------

forEachDatabase('publication lookup', (database) => {
  const fake = new FakeServices();
  let closedPort = 0;

  before(async () => {
    await fake.start();
    closedPort = await freePort();
  });
  after(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    await database().db.deleteFrom('publication_cache').execute();
  });

  const lookup = (options: Partial<PublicationLookupOptions> = {}) =>
    createPublicationLookup({
      db: database().db,
      pubmedUrl: `${fake.base}/entrez/eutils/`,
      crossrefUrl: `${fake.base}/crossref`,
      timeoutMs: 2000,
      cacheTtlMs: 24 * 3600_000,
      contact: 'hpc-desk@centre.example.jp',
      ...options,
    });

  const cacheRows = (db: Kysely<Database>) =>
    db.selectFrom('publication_cache').select(['source', 'id', 'data']).orderBy('source').orderBy('id').execute();

  it('fills a publication from PubMed and asks as E-utilities wants to be asked', async () => {
    fake.pubmed.set(PMID, esummaryEntry());
    const result = await lookup().byPmid(` PMID: ${PMID} `);
    assert.deepEqual(result, {
      ok: true,
      cached: false,
      details: {
        title: 'Haplotype-resolved assembly of forty rice genomes.',
        authors: 'Tanaka H, Suzuki K, Genome Consortium',
        journal: 'Nucleic acids research',
        publishedOn: '2024-03-05',
        volume: '52',
        number: '4',
        pages: '1650-1662',
        doi: '10.5555/sc-account.pubmed.1',
        pmid: PMID,
      },
    });
    assert.equal(fake.requests.length, 1);
    const query = Object.fromEntries(fake.requests[0]?.query ?? []);
    assert.deepEqual(query, {
      db: 'pubmed',
      id: PMID,
      retmode: 'json',
      tool: 'sc-account',
      email: 'hpc-desk@centre.example.jp',
    });
    const rows = await cacheRows(database().db);
    assert.deepEqual(rows, [{ source: 'pubmed', id: PMID, data: result.ok ? result.details : null }]);
  });

  it('fills a publication from Crossref with a polite User-Agent', async () => {
    fake.crossref.set('10.5555/sc-account.crossref.1', crossrefWork());
    const result = await lookup().byDoi('https://doi.org/10.5555/sc-account.crossref.1');
    assert.deepEqual(result, {
      ok: true,
      cached: false,
      details: {
        title: 'Structural variants in Oryza sativa & its wild relatives',
        authors: 'Hanako Tanaka, Kenji Suzuki, Rice Pan-genome Consortium',
        journal: 'Genome Research',
        publishedOn: '2024-07',
        volume: '34',
        number: '7',
        pages: '1101-1115',
        doi: '10.5555/SC-ACCOUNT.CROSSREF.1',
      },
    });
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]?.id, '10.5555/sc-account.crossref.1');
    assert.match(
      String(fake.requests[0]?.headers['user-agent']),
      /^sc-account \(mailto:hpc-desk@centre\.example\.jp\)$/,
    );
    assert.deepEqual(
      (await cacheRows(database().db)).map((r) => [r.source, r.id]),
      [['crossref', '10.5555/sc-account.crossref.1']],
    );
  });

  it('fills a Crossref work dated by a year only, and one by year and month', async () => {
    const undated = { 'published-print': undefined, 'published-online': undefined, published: undefined };
    fake.crossref.set('10.5555/year', crossrefWork({ ...undated, DOI: '10.5555/year', issued: date(2019) }));
    fake.crossref.set(
      '10.5555/month',
      crossrefWork({ ...undated, DOI: '10.5555/month', 'published-online': date(2020, 6), issued: date(2020, 6) }),
    );
    const year = await lookup().byDoi('doi:10.5555/year');
    const month = await lookup().byDoi('10.5555/month');
    assert.equal(year.ok && year.details.publishedOn, '2019');
    assert.equal(month.ok && month.details.publishedOn, '2020-06');
  });

  it('says "not found" for an unknown PubMed ID, remembers it, and asks again when that is stale', async () => {
    const l = lookup({ cacheTtlMs: 60_000 });
    assert.deepEqual(await l.byPmid('99999999'), { ok: false, problem: 'not_found' });
    assert.deepEqual(await cacheRows(database().db), [{ source: 'pubmed', id: '99999999', data: null }]);
    assert.deepEqual(await l.byPmid('99999999'), { ok: false, problem: 'not_found' });
    assert.equal(fake.requests.length, 1, 'the second answer came from the cache');

    // Indexed since: once the entry is older than the TTL, the service is asked again.
    fake.pubmed.set('99999999', esummaryEntry({ uid: '99999999' }));
    await age(database().db, 'pubmed', '99999999', 61_000);
    const later = await l.byPmid('99999999');
    assert.equal(later.ok && later.details.pmid, '99999999');
    assert.equal(fake.requests.length, 2);
  });

  it('says "not found" for a DOI Crossref does not know (404) and remembers it', async () => {
    const l = lookup();
    assert.deepEqual(await l.byDoi('10.5555/no-such-work'), { ok: false, problem: 'not_found' });
    assert.deepEqual(await l.byDoi('10.5555/NO-SUCH-WORK'), { ok: false, problem: 'not_found' });
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(await cacheRows(database().db), [{ source: 'crossref', id: '10.5555/no-such-work', data: null }]);
  });

  it('is "unavailable" when a service is down, and caches nothing', async () => {
    const down = lookup({ pubmedUrl: `http://127.0.0.1:${closedPort}`, crossrefUrl: `http://127.0.0.1:${closedPort}` });
    assert.deepEqual(await down.byPmid(PMID), { ok: false, problem: 'unavailable' });
    assert.deepEqual(await down.byDoi('10.5555/sc-account.crossref.1'), { ok: false, problem: 'unavailable' });
    assert.deepEqual(await cacheRows(database().db), []);
  });

  it('gives up after the timeout, is "unavailable", caches nothing and asks again next time', async () => {
    fake.pubmed.set(PMID, esummaryEntry());
    fake.crossref.set('10.5555/sc-account.crossref.1', crossrefWork());
    fake.override = () => ({ status: 200, json: {}, delayMs: 3000 });
    const l = lookup({ timeoutMs: 200 });
    const started = Date.now();
    assert.deepEqual(await l.byPmid(PMID), { ok: false, problem: 'unavailable' });
    assert.deepEqual(await l.byDoi('10.5555/sc-account.crossref.1'), { ok: false, problem: 'unavailable' });
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.deepEqual(await cacheRows(database().db), []);

    fake.override = undefined;
    const again = await l.byPmid(PMID);
    assert.equal(again.ok && again.cached, false);
    assert.equal(fake.requests.length, 3);
  });

  it('is "unavailable" on 429, 5xx and a body that is not JSON, and caches none of them', async () => {
    const replies: Reply[] = [
      {
        status: 429,
        json: { error: 'API rate limit exceeded', count: '11', limit: '10' },
        headers: { 'retry-after': '1' },
      },
      { status: 500, text: 'Internal Server Error' },
      { status: 503, text: 'Service Unavailable' },
      { status: 200, text: '<html><body>Maintenance</body></html>' },
      { status: 200, json: { header: { type: 'esummary' } } },
    ];
    fake.crossref.set('10.5555/sc-account.crossref.1', crossrefWork());
    fake.pubmed.set(PMID, esummaryEntry());
    const l = lookup();
    for (const reply of replies) {
      fake.override = () => reply;
      assert.deepEqual(await l.byPmid(PMID), { ok: false, problem: 'unavailable' }, `pubmed ${reply.status}`);
      const doi = await l.byDoi('10.5555/sc-account.crossref.1');
      assert.deepEqual(doi, { ok: false, problem: 'unavailable' }, `crossref ${reply.status}`);
    }
    assert.deepEqual(await cacheRows(database().db), []);
  });

  it('answers from the cache without asking, whatever the spelling, and across instances', async () => {
    fake.pubmed.set(PMID, esummaryEntry());
    fake.crossref.set('10.5555/sc-account.crossref.1', crossrefWork());
    const first = await lookup().byPmid(PMID);
    const firstDoi = await lookup().byDoi('10.5555/sc-account.crossref.1');
    assert.equal(fake.requests.length, 2);

    // A lookup whose services are down still answers what is cached.
    const offline = lookup({
      pubmedUrl: `http://127.0.0.1:${closedPort}`,
      crossrefUrl: `http://127.0.0.1:${closedPort}`,
    });
    const again = await offline.byPmid(`pmid ${PMID}`);
    const againDoi = await offline.byDoi('https://dx.doi.org/10.5555/SC-Account.Crossref.1');
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(again, { ...first, cached: true });
    assert.deepEqual(againDoi, { ...firstDoi, cached: true });
  });

  it('asks again when the cached work is older than the TTL, and renews the entry', async () => {
    fake.pubmed.set(PMID, esummaryEntry({ volume: '51' }));
    const l = lookup({ cacheTtlMs: 60_000 });
    await l.byPmid(PMID);
    await age(database().db, 'pubmed', PMID, 30_000);
    assert.equal((await l.byPmid(PMID)).ok && fake.requests.length, 1, 'still fresh');

    fake.pubmed.set(PMID, esummaryEntry({ volume: '52' }));
    await age(database().db, 'pubmed', PMID, 90_000);
    const refetched = await l.byPmid(PMID);
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(refetched.ok && [refetched.cached, refetched.details.volume], [false, '52']);
    const cached = await readCachedPublication(database().db, 'pubmed', PMID, new Date(Date.now() - 60_000));
    assert.equal(cached?.details?.volume, '52');
  });

  it('refuses what is no PubMed ID or DOI without asking anyone', async () => {
    const l = lookup();
    for (const text of ['', 'abc', '12a45', '1234567890', 'PMID:']) {
      assert.deepEqual(await l.byPmid(text), { ok: false, problem: 'invalid' }, JSON.stringify(text));
    }
    for (const text of ['', 'not a doi', '10.12/short-prefix', 'https://example.org/10.5555/x', '10.5555/']) {
      assert.deepEqual(await l.byDoi(text), { ok: false, problem: 'invalid' }, JSON.stringify(text));
    }
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(await cacheRows(database().db), []);
  });

  it('reads a cache entry of an older shape as absent, so it is fetched again', async () => {
    const db = database().db;
    await cachePublication(db, 'pubmed', PMID, { title: 'Kept' });
    assert.deepEqual(await readCachedPublication(db, 'pubmed', PMID, new Date(0)), { details: { title: 'Kept' } });
    await db
      .updateTable('publication_cache')
      .set({ data: JSON.stringify(['an', 'array']) })
      .execute();
    assert.equal(await readCachedPublication(db, 'pubmed', PMID, new Date(0)), undefined);
    fake.pubmed.set(PMID, esummaryEntry());
    const result = await lookup().byPmid(PMID);
    assert.equal(result.ok && result.cached, false);
    assert.equal(fake.requests.length, 1);
  });
});

/** Makes a cache entry look fetched `ms` ago. */
async function age(db: Kysely<Database>, source: string, id: string, ms: number): Promise<void> {
  const result = await db
    .updateTable('publication_cache')
    .set({ fetched_at: new Date(Date.now() - ms) })
    .where('source', '=', source)
    .where('id', '=', id)
    .executeTakeFirst();
  assert.equal(Number(result.numUpdatedRows), 1);
}
