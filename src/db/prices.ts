// The price table per fiscal year with its dated revisions, and the catalogue of paid
// services (migration 0028). Read as the domain's PriceTable (src/domain/billing.ts).
import type { Kysely, Transaction } from 'kysely';
import type { PriceRevision, PriceTable } from '../domain/billing.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface CatalogueEntry {
  code: string;
  name_ja: string;
  name_en: string;
  unit_ja: string;
  unit_en: string;
  active: boolean;
}

export interface RevisionInput {
  startsOn: string;
  storage: { ga: number; pg: number; archive: number };
  services: Record<string, number>;
  taxPercent: number;
}

/** The fiscal year's prices, or undefined when administrators have not set them. */
export async function getPriceTable(db: Db, fiscalYear: number): Promise<PriceTable | undefined> {
  const table = await db.selectFrom('price_table').selectAll().where('fiscal_year', '=', fiscalYear).executeTakeFirst();
  if (!table) return undefined;
  const revisions = await db
    .selectFrom('price_revision')
    .selectAll()
    .where('fiscal_year', '=', fiscalYear)
    .orderBy('starts_on')
    .execute();
  const services = revisions.length
    ? await db
        .selectFrom('service_price')
        .selectAll()
        .where(
          'revision_id',
          'in',
          revisions.map((r) => r.id),
        )
        .execute()
    : [];
  return {
    fiscalYear,
    gaFreeTenths: table.ga_free_tenths,
    revisions: revisions.map(
      (r): PriceRevision => ({
        from: r.starts_on,
        storage: { ga: r.ga_per_block, pg: r.pg_per_block, archive: r.archive_per_block },
        services: Object.fromEntries(
          services.filter((s) => s.revision_id === r.id).map((s) => [s.code, s.yen_per_year]),
        ),
        taxPercent: r.tax_percent,
      }),
    ),
  };
}

/** The fiscal years that have prices, newest first. */
export async function priceYears(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('price_table').select('fiscal_year').orderBy('fiscal_year', 'desc').execute();
  return rows.map((r) => r.fiscal_year);
}

/**
 * Adds a revision (the first of a year is the year's table, from April 1). A revision
 * for a day that already has one replaces it.
 */
export async function putPriceRevision(
  trx: Transaction<Database>,
  fiscalYear: number,
  gaFreeTenths: number,
  revision: RevisionInput,
  actor: string,
): Promise<void> {
  await trx
    .insertInto('price_table')
    .values({ fiscal_year: fiscalYear, ga_free_tenths: gaFreeTenths })
    .onConflict((oc) => oc.column('fiscal_year').doUpdateSet({ ga_free_tenths: gaFreeTenths }))
    .execute();
  const old = await trx
    .selectFrom('price_revision')
    .select('id')
    .where('fiscal_year', '=', fiscalYear)
    .where('starts_on', '=', revision.startsOn)
    .executeTakeFirst();
  if (old) {
    await trx.deleteFrom('service_price').where('revision_id', '=', old.id).execute();
    await trx.deleteFrom('price_revision').where('id', '=', old.id).execute();
  }
  const row = await trx
    .insertInto('price_revision')
    .values({
      fiscal_year: fiscalYear,
      starts_on: revision.startsOn,
      ga_per_block: revision.storage.ga,
      pg_per_block: revision.storage.pg,
      archive_per_block: revision.storage.archive,
      tax_percent: revision.taxPercent,
      created_by: actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const services = Object.entries(revision.services);
  if (services.length)
    await trx
      .insertInto('service_price')
      .values(services.map(([code, yen]) => ({ revision_id: row.id, code, yen_per_year: yen })))
      .execute();
}

export async function listCatalogue(db: Db): Promise<CatalogueEntry[]> {
  return db
    .selectFrom('service_catalogue')
    .select(['code', 'name_ja', 'name_en', 'unit_ja', 'unit_en', 'active'])
    .orderBy('code')
    .execute();
}

export async function putCatalogueEntry(trx: Transaction<Database>, entry: CatalogueEntry): Promise<void> {
  const { code, ...rest } = entry;
  await trx
    .insertInto('service_catalogue')
    .values(entry)
    .onConflict((oc) => oc.column('code').doUpdateSet(rest))
    .execute();
}
