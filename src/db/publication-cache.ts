// The cache of publication lookups (PubMed, Crossref): what a service answered for an
// id, or null when it said there is no such work. An entry that no longer parses (an
// older shape) reads as absent, so it is fetched again rather than shown wrong.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { PublicationDetails } from '../domain/achievement.js';
import { json } from './json.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type PublicationSource = 'pubmed' | 'crossref';

const detailsSchema: z.ZodType<PublicationDetails> = z.object({
  title: z.string().optional(),
  authors: z.string().optional(),
  journal: z.string().optional(),
  publishedOn: z.string().optional(),
  volume: z.string().optional(),
  number: z.string().optional(),
  pages: z.string().optional(),
  doi: z.string().optional(),
  pmid: z.string().optional(),
});

/**
 * The cached answer fetched at or after `freshSince`: `{ details }` (null: no such work),
 * or undefined when there is none, it is older, or it does not parse.
 */
export async function readCachedPublication(
  db: Db,
  source: PublicationSource,
  id: string,
  freshSince: Date,
): Promise<{ details: PublicationDetails | null } | undefined> {
  const row = await db
    .selectFrom('publication_cache')
    .select('data')
    .where('source', '=', source)
    .where('id', '=', id)
    .where('fetched_at', '>=', freshSince)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.data === null) return { details: null };
  const parsed = detailsSchema.safeParse(row.data);
  return parsed.success ? { details: parsed.data } : undefined;
}

/**
 * Stores (or replaces) the answer for an id; null records "no such work". `fetchedAt`
 * is the application's clock, the one `readCachedPublication`'s `freshSince` comes from.
 */
export async function cachePublication(
  db: Db,
  source: PublicationSource,
  id: string,
  details: PublicationDetails | null,
  fetchedAt: Date = new Date(),
): Promise<void> {
  const data = details === null ? null : json(details);
  await db
    .insertInto('publication_cache')
    .values({ source, id, data, fetched_at: fetchedAt })
    .onConflict((oc) => oc.columns(['source', 'id']).doUpdateSet({ data, fetched_at: fetchedAt }))
    .execute();
}
