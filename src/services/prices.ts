// The price table administrators keep per fiscal year, and the catalogue of paid
// services, as use cases for the console, the API and the CLI. Prices already in
// force are history: a change applies from the next fiscal year or from a dated
// revision that starts today or later (a year with no prices yet may be set from its
// April 1 at any time, so that its charges can be worked out).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import { bundles, groupsWithStorage, putBundle } from '../db/billing.js';
import {
  type CatalogueEntry,
  getPriceTable,
  listCatalogue,
  putCatalogueEntry,
  putPriceRevision,
} from '../db/prices.js';
import type { Database } from '../db/schema.js';
import { centreDayOf, fiscalYearDays, isCalendarDay } from '../domain/fiscal-calendar.js';
import { groupNamePattern } from '../domain/provisioning.js';
import { MAX_TENTHS } from '../domain/usage-plan.js';

export interface PriceDeps {
  db: Kysely<Database>;
}

export const MAX_PRICE_YEN = 2_000_000_000;
const yen = z.number().int().min(0).max(MAX_PRICE_YEN).describe('yen, tax excluded');

export const priceRevisionInput = z
  .object({
    fiscalYear: z.number().int().min(2000).max(2100),
    startsOn: z
      .string()
      .max(10)
      .describe("the first day the prices apply ('YYYY-MM-DD'); April 1 for the year's table"),
    gaFreeTenths: z
      .number()
      .int()
      .min(0)
      .max(MAX_TENTHS)
      .describe('free GA storage per responsible person, tenths of a TB'),
    storage: z
      .object({ ga: yen, pg: yen, archive: yen })
      .describe('yen per 10 TB per year for GA high-speed, PG and archive storage'),
    services: z.record(z.string().max(40), yen).default({}).describe('yen per unit per year, by catalogue code'),
    taxPercent: z.number().int().min(0).max(100),
  })
  .strict()
  .meta({ id: 'PriceRevision' });
export type PriceRevisionInput = z.input<typeof priceRevisionInput>;

export type PriceProblem = 'not_a_day' | 'outside_fiscal_year' | 'in_the_past' | 'first_not_april' | 'unknown_service';

export type PriceOutcome = { ok: true } | { ok: false; fields: Partial<Record<'startsOn' | 'services', PriceProblem>> };

/** Sets the prices of a fiscal year from a day on. */
export async function setPriceRevision(
  deps: PriceDeps,
  actor: string,
  raw: PriceRevisionInput,
  now = new Date(),
): Promise<PriceOutcome> {
  const input = priceRevisionInput.parse(raw);
  const { first, last } = fiscalYearDays(input.fiscalYear);
  const today = centreDayOf(now);
  const existing = await getPriceTable(deps.db, input.fiscalYear);
  const fields: Partial<Record<'startsOn' | 'services', PriceProblem>> = {};
  if (!isCalendarDay(input.startsOn)) fields.startsOn = 'not_a_day';
  else if (input.startsOn < first || input.startsOn > last) fields.startsOn = 'outside_fiscal_year';
  else if (!existing && input.startsOn !== first) fields.startsOn = 'first_not_april';
  else if (existing && input.startsOn < today) fields.startsOn = 'in_the_past';
  const known = new Set((await listCatalogue(deps.db)).map((c) => c.code));
  if (Object.keys(input.services).some((code) => !known.has(code))) fields.services = 'unknown_service';
  if (Object.keys(fields).length) return { ok: false, fields };
  await deps.db.transaction().execute(async (trx) => {
    await putPriceRevision(trx, input.fiscalYear, input.gaFreeTenths, input, actor);
    await appendAudit(trx, {
      actor,
      action: 'billing.prices.set',
      subject: `fiscal-year:${input.fiscalYear}`,
      details: {
        startsOn: input.startsOn,
        gaFreeTenths: input.gaFreeTenths,
        storage: input.storage,
        services: input.services,
        taxPercent: input.taxPercent,
      },
    });
  });
  return { ok: true };
}

export const catalogueEntryInput = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,39}$/)
      .describe('a lower-case code: letters, digits and _'),
    nameJa: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    unitJa: z.string().trim().min(1).max(50),
    unitEn: z.string().trim().min(1).max(50),
    active: z.boolean().default(true),
  })
  .strict()
  .meta({ id: 'CatalogueEntry' });

/** Adds a paid service to the catalogue, or changes its names or whether plans may ask for it. */
export async function putCatalogueService(
  deps: PriceDeps,
  actor: string,
  raw: z.input<typeof catalogueEntryInput>,
): Promise<CatalogueEntry> {
  const input = catalogueEntryInput.parse(raw);
  const entry: CatalogueEntry = {
    code: input.code,
    name_ja: input.nameJa,
    name_en: input.nameEn,
    unit_ja: input.unitJa,
    unit_en: input.unitEn,
    active: input.active,
  };
  await deps.db.transaction().execute(async (trx) => {
    await putCatalogueEntry(trx, entry);
    await appendAudit(trx, {
      actor,
      action: 'billing.catalogue.set',
      subject: `service:${entry.code}`,
      details: { ...entry },
    });
  });
  return entry;
}

export const billingBundleInput = z
  .object({
    secondaryGroup: z.string().max(40).describe('the secondary group the bundled groups share'),
    members: z
      .array(z.string().max(40))
      .max(200)
      .describe("the responsible persons' groups charged together (none: the bundle is removed)"),
  })
  .strict()
  .meta({ id: 'BillingBundle' });

export type BundleProblem = 'not_a_group_name' | 'unknown_group' | 'in_another_bundle' | 'too_few';

/** Groups sharing a secondary group are charged on their total and apportioned by quota. */
export async function setBillingBundle(
  deps: PriceDeps,
  actor: string,
  raw: z.input<typeof billingBundleInput>,
): Promise<{ ok: true } | { ok: false; fields: Partial<Record<'secondaryGroup' | 'members', BundleProblem>> }> {
  const input = billingBundleInput.parse(raw);
  const name = input.secondaryGroup.trim().toLowerCase();
  const members = [...new Set(input.members.map((m) => m.trim().toLowerCase()).filter(Boolean))].sort();
  const fields: Partial<Record<'secondaryGroup' | 'members', BundleProblem>> = {};
  if (!groupNamePattern.test(name)) fields.secondaryGroup = 'not_a_group_name';
  const known = new Set(await groupsWithStorage(deps.db, '0000-01-01', '9999-12-31'));
  const elsewhere = new Set(
    (await bundles(deps.db)).filter((b) => b.secondaryGroup !== name).flatMap((b) => b.members),
  );
  if (members.some((m) => !known.has(m))) fields.members = 'unknown_group';
  else if (members.some((m) => elsewhere.has(m))) fields.members = 'in_another_bundle';
  else if (members.length === 1) fields.members = 'too_few';
  if (Object.keys(fields).length) return { ok: false, fields };
  await deps.db.transaction().execute(async (trx) => {
    await putBundle(trx, name, members, actor);
    await appendAudit(trx, { actor, action: 'billing.bundle.set', subject: `bundle:${name}`, details: { members } });
  });
  return { ok: true };
}
