import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  apportion,
  type BillingUnit,
  chargeFiscalYear,
  daysInFiscalYear,
  largestRemainder,
  type PriceTable,
  type ServiceUse,
  type StorageQuota,
} from './billing.js';

// The centre's 2025 published figures: GA storage 40,000 JPY per 10 TB per year, tax
// excluded, the first 30 TB per responsible person free. PG and archive figures here
// are examples of a table administrators fill in.
const fy2025: PriceTable = {
  fiscalYear: 2025,
  gaFreeTenths: 300,
  revisions: [
    {
      from: '2025-04-01',
      storage: { ga: 40_000, pg: 60_000, archive: 10_000 },
      services: { priority_node: 1_200_000, pg_environment: 300_000 },
      taxPercent: 10,
    },
  ],
};

const ga = (tb: number, from = '2025-04-01', to = '2026-03-31', member = 'A'): StorageQuota => ({
  kind: 'ga',
  tenths: Math.round(tb * 10),
  from,
  to,
  member,
});
const unit = (storage: StorageQuota[], services: ServiceUse[] = [], members = ['A']): BillingUnit => ({
  members,
  storage,
  services,
});

describe('billing: worked examples from the 2025 price list', () => {
  it('twenty users of 1 TB each: within the 30 TB free allowance, and the line says so', () => {
    const users = Array.from({ length: 20 }, () => ga(1));
    const s = chargeFiscalYear(fy2025, unit(users));
    assert.equal(s.lines.length, 1);
    assert.equal(s.lines[0]?.quantity, 200);
    assert.equal(s.lines[0]?.zero, 'free_allowance');
    assert.equal(s.lines[0]?.freeTenths, 200);
    assert.equal(s.lines[0]?.allowanceTenths, 300, 'the line names the whole allowance');
    assert.equal(s.total, 0);
  });

  it('50 TB all year: 20 TB above the allowance, two blocks, 80,000 JPY plus 10 % tax', () => {
    const s = chargeFiscalYear(fy2025, unit([ga(30), ga(20)]));
    assert.deepEqual(
      s.lines.map((l) => [l.quantity, l.freeTenths, l.units, l.rate, l.days, l.amount]),
      [[500, 300, 2, 40_000, 365, 80_000]],
    );
    assert.deepEqual([s.subtotal, s.tax, s.total], [80_000, 8_000, 88_000]);
  });

  it('31 TB: a started block is charged whole', () => {
    assert.equal(chargeFiscalYear(fy2025, unit([ga(31)])).subtotal, 40_000);
    assert.equal(chargeFiscalYear(fy2025, unit([ga(30.1)])).subtotal, 40_000);
    assert.equal(chargeFiscalYear(fy2025, unit([ga(30)])).subtotal, 0);
  });

  it('45 TB from October 1: prorated by 182 of 365 days and rounded down', () => {
    const s = chargeFiscalYear(fy2025, unit([ga(45, '2025-10-01')]));
    // 2 × 40,000 × 182 / 365 = 39,890.41…
    assert.equal(s.lines[0]?.days, 182);
    assert.equal(s.subtotal, 39_890);
    assert.equal(s.tax, 3_989);
  });

  it('a quota raised mid-year is two lines, and the yen lost by rounding goes to the larger fraction', () => {
    const s = chargeFiscalYear(fy2025, unit([ga(40, '2025-04-01', '2025-09-30'), ga(60, '2025-10-01')]));
    // 1 × 40,000 × 183 / 365 = 20,054.79…; 3 × 40,000 × 182 / 365 = 59,835.61…; sum 79,890.41…
    assert.deepEqual(
      s.lines.map((l) => [l.from, l.to, l.units, l.amount, l.roundedUp]),
      [
        ['2025-04-01', '2025-09-30', 1, 20_055, true],
        ['2025-10-01', '2026-03-31', 3, 59_835, false],
      ],
    );
    assert.equal(s.subtotal, 79_890);
  });

  it('PG storage from the first terabyte, archive per started 10 TB, each without an allowance', () => {
    const s = chargeFiscalYear(
      fy2025,
      unit([
        { kind: 'pg', tenths: 50, from: '2025-04-01', to: '2026-03-31', member: 'A' },
        { kind: 'archive', tenths: 250, from: '2025-04-01', to: '2026-03-31', member: 'A' },
      ]),
    );
    assert.deepEqual(
      s.lines.map((l) => [l.item, l.units, l.amount]),
      [
        [{ type: 'storage', kind: 'pg' }, 1, 60_000],
        [{ type: 'storage', kind: 'archive' }, 3, 30_000],
      ],
    );
  });

  it('catalogue services by units and days', () => {
    const s = chargeFiscalYear(
      fy2025,
      unit([], [{ code: 'priority_node', quantity: 2, from: '2025-07-01', to: '2026-03-31', member: 'A' }]),
    );
    // 2 × 1,200,000 × 274 / 365 = 1,801,643.83…
    assert.equal(s.lines[0]?.days, 274);
    assert.equal(s.subtotal, 1_801_643);
    assert.throws(
      () =>
        chargeFiscalYear(
          fy2025,
          unit([], [{ code: 'gpu', quantity: 1, from: '2025-04-01', to: '2025-04-30', member: 'A' }]),
        ),
      /gpu has no price/,
    );
  });

  it('a dated price revision splits the year at its day', () => {
    const revised: PriceTable = {
      ...fy2025,
      revisions: [
        ...fy2025.revisions,
        {
          ...(fy2025.revisions[0] as PriceTable['revisions'][number]),
          from: '2025-10-01',
          storage: { ga: 50_000, pg: 60_000, archive: 10_000 },
        },
      ],
    };
    const s = chargeFiscalYear(revised, unit([ga(50)]));
    assert.deepEqual(
      s.lines.map((l) => [l.from, l.rate, l.days]),
      [
        ['2025-04-01', 40_000, 183],
        ['2025-10-01', 50_000, 182],
      ],
    );
    // 2 × 40,000 × 183 / 365 + 2 × 50,000 × 182 / 365 = 40,109.58… + 49,863.01… = 89,972.60…
    assert.equal(s.subtotal, 89_972);
  });

  it('a fiscal year holding February 29 has 366 days', () => {
    assert.equal(daysInFiscalYear(2025), 365);
    assert.equal(daysInFiscalYear(2027), 366);
  });

  it('a bundle is charged on its total with one allowance per person, and apportioned by quota', () => {
    const s = chargeFiscalYear(
      fy2025,
      unit([ga(40, undefined, undefined, 'A'), ga(30, undefined, undefined, 'B')], [], ['A', 'B']),
    );
    // 70 TB − 60 TB free = one started block: 40,000.
    assert.equal(s.subtotal, 40_000);
    const parts = apportion(s, ['A', 'B']);
    // 40,000 × 40/70 = 22,857.14…, × 30/70 = 17,142.85…: the left-over yen goes to B.
    assert.equal(parts.get('A')?.subtotal, 22_857);
    assert.equal(parts.get('B')?.subtotal, 17_143);
    assert.deepEqual(parts.get('B')?.lines[0]?.share, { quantity: 300, of: 700, bundleAmount: 40_000 });
  });
});

// Generators: quotas and services scattered over (and beyond) the fiscal year.
const day = fc
  .integer({ min: -30, max: 400 })
  .map((n) => new Date(Date.UTC(2025, 3, 1) + n * 86_400_000).toISOString().slice(0, 10));
const members = ['A', 'B', 'C'];
const quota = fc.record({
  kind: fc.constantFrom('ga' as const, 'pg' as const, 'archive' as const),
  tenths: fc.integer({ min: 0, max: 2_000 }),
  from: day,
  to: day,
  member: fc.constantFrom(...members),
});
const service = fc.record({
  code: fc.constantFrom('priority_node', 'pg_environment'),
  quantity: fc.integer({ min: 0, max: 5 }),
  from: day,
  to: day,
  member: fc.constantFrom(...members),
});
const bundle = fc.record({
  storage: fc.array(quota, { maxLength: 12 }),
  services: fc.array(service, { maxLength: 4 }),
});
const prices = fc
  .record({
    ga: fc.integer({ min: 0, max: 200_000 }),
    later: fc.integer({ min: 0, max: 200_000 }),
    revisedOn: fc.option(fc.integer({ min: 1, max: 364 })),
    tax: fc.constantFrom(0, 8, 10),
  })
  .map(({ ga, later, revisedOn, tax }): PriceTable => {
    const first = {
      from: '2025-04-01',
      storage: { ga, pg: 70_001, archive: 9_999 },
      services: { priority_node: 1_234_567, pg_environment: 333_333 },
      taxPercent: tax,
    };
    const revisions = [first];
    if (revisedOn !== null)
      revisions.push({
        ...first,
        from: new Date(Date.UTC(2025, 3, 1) + revisedOn * 86_400_000).toISOString().slice(0, 10),
        storage: { ...first.storage, ga: later },
      });
    return { fiscalYear: 2025, gaFreeTenths: 300, revisions };
  });

const exactSum = (lines: { exactNumerator: bigint }[]) => lines.reduce((a, l) => a + l.exactNumerator, 0n);

describe('billing: properties', () => {
  it('rounding never loses or creates a yen: lines add up to the subtotal, the exact sum rounded down', () => {
    fc.assert(
      fc.property(prices, bundle, (p, b) => {
        const s = chargeFiscalYear(p, { members, ...b });
        assert.equal(
          s.lines.reduce((a, l) => a + l.amount, 0),
          s.subtotal,
        );
        for (const t of s.taxes) {
          const group = s.lines.filter((l) => l.taxPercent === t.taxPercent);
          assert.equal(BigInt(t.subtotal), exactSum(group) / 365n);
        }
        assert.equal(s.total, s.subtotal + s.tax);
      }),
    );
  });

  it('apportioned parts add up to the bundle, line by line', () => {
    fc.assert(
      fc.property(prices, bundle, (p, b) => {
        const s = chargeFiscalYear(p, { members, ...b });
        const parts = apportion(s, members);
        const sum = [...parts.values()].reduce((a, m) => a + m.subtotal, 0);
        assert.equal(sum, s.subtotal);
        s.lines.forEach((l) => {
          const shares = [...parts.values()].flatMap((m) =>
            m.lines.filter((x) => x.item === l.item && x.from === l.from).map((x) => x.amount),
          );
          assert.equal(
            shares.reduce((a, x) => a + x, 0),
            l.amount,
          );
        });
      }),
    );
  });

  it('charges never decrease when a quota grows or lasts longer', () => {
    fc.assert(
      fc.property(
        prices,
        bundle,
        fc.nat(),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 60 }),
        (p, b, pick, more, longer) => {
          fc.pre(b.storage.length > 0);
          const i = pick % b.storage.length;
          const q = b.storage[i] as StorageQuota;
          const before = chargeFiscalYear(p, { members, ...b });
          const bigger = b.storage.map((x, j) => (j === i ? { ...x, tenths: x.tenths + more } : x));
          const later = new Date(Date.parse(`${q.to}T00:00:00Z`) + longer * 86_400_000).toISOString().slice(0, 10);
          const lasting = b.storage.map((x, j) => (j === i ? { ...x, to: later } : x));
          assert.ok(chargeFiscalYear(p, { members, ...b, storage: bigger }).total >= before.total);
          assert.ok(chargeFiscalYear(p, { members, ...b, storage: lasting }).total >= before.total);
        },
      ),
    );
  });

  it('a quota with no day in the fiscal year costs nothing', () => {
    fc.assert(
      fc.property(prices, bundle, quota, (p, b, q) => {
        const before = chargeFiscalYear(p, { members, ...b });
        const none = [
          { ...q, from: '2025-06-02', to: '2025-06-01' },
          { ...q, from: '2024-04-01', to: '2025-03-31' },
          { ...q, from: '2026-04-01', to: '2026-06-30' },
        ];
        for (const z of none) {
          const after = chargeFiscalYear(p, { members, ...b, storage: [...b.storage, z] });
          assert.equal(after.total, before.total);
        }
      }),
    );
  });

  it('largest remainder: parts add up and each is within a yen of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = largestRemainder(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0n);
          if (sum === 0n) return;
          assert.equal(
            parts.reduce((a, b) => a + b, 0n),
            total,
          );
          parts.forEach((part, i) => {
            const exactTimesSum = total * (weights[i] as bigint);
            assert.ok(part * sum >= exactTimesSum - sum && part * sum <= exactTimesSum + sum);
          });
        },
      ),
    );
  });
});
