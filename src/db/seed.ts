// Realistic, bilingual applications in bulk, for development, demos and the queue
// benchmark (`sc-account dev seed --applications N`): sent applications in every
// state of the review, spread over two fiscal years, with Japanese and foreign
// applicants, screening and PG marks. Never for production data.
import { sql } from 'kysely';
import { applicationReference } from '../domain/application-reference.js';
import type { ApplicationState } from '../domain/application-state.js';
import { fiscalYearOf } from '../domain/fiscal-calendar.js';
import type { DatabaseHandle } from './database.js';

const japanese = [
  ['YAMADA', '山田', 'Taro', '太郎'],
  ['SATO', '佐藤', 'Hanako', '花子'],
  ['SUZUKI', '鈴木', 'Ichiro', '一郎'],
  ['TAKAHASHI', '高橋', 'Yui', '結衣'],
  ['TANAKA', '田中', 'Kenji', '健二'],
  ['WATANABE', '渡辺', 'Aoi', '葵'],
  ['ITO', '伊藤', 'Sota', '蒼太'],
  ['NAKAMURA', '中村', 'Mei', '芽衣'],
  ['KOBAYASHI', '小林', 'Haruto', '陽翔'],
  ['KATO', '加藤', 'Rin', '凛'],
] as const;
const foreign = [
  ['SMITH', 'Alice', 'GB'],
  ['GARCIA', 'Lucia', 'ES'],
  ['MULLER', 'Jonas', 'DE'],
  ['WANG', 'Wei', 'CN'],
  ['KIM', 'Minji', 'KR'],
  ['NGUYEN', 'Anh', 'VN'],
  ['SILVA', 'Pedro', 'BR'],
] as const;
const institutions = [
  ['National Institute of Genetics', 'nig.example.ac.jp'],
  ['University of Tokyo', 'u-tokyo.example.ac.jp'],
  ['Kyoto University', 'kyoto-u.example.ac.jp'],
  ['Osaka University', 'osaka-u.example.ac.jp'],
  ['Tohoku University', 'tohoku.example.ac.jp'],
  ['RIKEN', 'riken.example.jp'],
  ['Kyushu University', 'kyushu-u.example.ac.jp'],
  ['Hokkaido University', 'hokudai.example.ac.jp'],
] as const;
const fields = [
  'Population genomics',
  'Cancer genomics',
  'Metagenomics',
  'Plant genomics',
  'ゲノム進化学',
  '1細胞解析',
];
const jobTitles = ['professor', 'associate_professor', 'researcher', 'postdoc', 'doctoral_student', 'masters_student'];
/** Most applications are decided; some wait at each step of the review. */
const stateWeights: [ApplicationState, number][] = [
  ['approved', 55],
  ['rejected', 5],
  ['withdrawn', 3],
  ['expired', 2],
  ['submitted', 12],
  ['information_requested', 5],
  ['pledge_sent', 8],
  ['pledge_signed', 6],
  ['screening', 4],
];

/** A small deterministic generator (mulberry32), so a seed gives the same data every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedApplications(
  handle: DatabaseHandle,
  count: number,
  options: {
    seed?: number;
    now?: Date;
    progress?: (done: number) => void;
    /** Every application in this state (tests of what follows it), instead of a realistic mix. */
    state?: ApplicationState;
    /** No VACUUM at the end (a test that seeds a few rows while the app runs). */
    noVacuum?: boolean;
  } = {},
): Promise<number> {
  const db = handle.db;
  const rnd = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const total = stateWeights.reduce((n, [, w]) => n + w, 0);
  const pickState = (): ApplicationState => {
    let r = rnd() * total;
    for (const [s, w] of stateWeights) {
      r -= w;
      if (r < 0) return s;
    }
    return 'approved';
  };
  const now = (options.now ?? new Date()).getTime();
  const twoYears = 2 * 365 * 24 * 3600_000;
  const start = await db
    .selectFrom('application')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  const base = Number(start.max ?? 0);
  const serials = new Map<number, number>();
  const counters = await db.selectFrom('application_reference_counter').selectAll().execute();
  for (const c of counters) serials.set(c.fiscal_year, c.last_serial);

  for (let done = 0; done < count; ) {
    const n = Math.min(1000, count - done);
    const rows = Array.from({ length: n }, (_, k) => {
      const i = base + done + k + 1;
      const isJapanese = rnd() < 0.8;
      const jp = pick(japanese);
      const fo = pick(foreign);
      const [institution, domain] = pick(institutions);
      const submittedAt = new Date(now - Math.floor(rnd() * twoYears));
      const fy = fiscalYearOf(submittedAt);
      const serial = (serials.get(fy) ?? 0) + 1;
      serials.set(fy, serial);
      const family = isJapanese ? jp[0] : fo[0];
      const given = isJapanese ? jp[2] : fo[1];
      return {
        application: {
          reference: applicationReference(fy, serial),
          state: options.state ?? pickState(),
          email: `${given.toLowerCase()}.${family.toLowerCase()}.${i}@${domain}`,
          lang: isJapanese ? 'ja' : 'en',
          account_name: `user${i}`.slice(0, 16),
          use_pg: rnd() < 0.05,
          fefta_resident: isJapanese || rnd() < 0.5,
          meti_specific_category: false,
          needs_screening: !isJapanese && rnd() < 0.5,
          steps_done: ['applicant', 'eligibility', 'affiliation', 'account', 'responsible'],
          expires_at: new Date(submittedAt.getTime() + 30 * 24 * 3600_000),
          submitted_at: submittedAt,
          created_at: new Date(submittedAt.getTime() - 3600_000),
          terms_version: '2024-04-01',
          criteria_version: '2024-04-01',
        },
        applicant: {
          family_name: family,
          given_name: given,
          name_ja: isJapanese ? `${jp[1]} ${jp[3]}` : null,
          nationality: isJapanese ? 'JP' : fo[2],
          field: pick(fields),
          job_title: pick(jobTitles),
          purpose: '大規模なゲノム配列データの解析に利用します。'.repeat(8),
          institution,
          department: 'Department of Genomics',
          country: 'JP',
          postal_code: '411-8540',
          address: '1111 Yata, Mishima, Shizuoka',
          phone: '+81559816800',
        },
        responsible: {
          family_name: 'SUZUKI',
          given_name: 'Ichiro',
          job_title: 'professor',
          institution,
          email: `pi@${domain}`,
          same_as_applicant: false,
          account_unknown: true,
        },
      };
    });
    await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto('application')
        .values(rows.map((r) => r.application))
        .returning('id')
        .execute();
      await trx
        .insertInto('applicant')
        .values(rows.map((r, k) => ({ application_id: ids[k]?.id ?? 0, ...r.applicant })))
        .execute();
      await trx
        .insertInto('responsible_person')
        .values(rows.map((r, k) => ({ application_id: ids[k]?.id ?? 0, ...r.responsible })))
        .execute();
      await trx
        .insertInto('application_event')
        .values(
          rows.flatMap((r, k) => [
            {
              application_id: ids[k]?.id ?? 0,
              from_state: null,
              to_state: 'draft' as const,
              actor: 'applicant',
              at: r.application.created_at,
            },
            {
              application_id: ids[k]?.id ?? 0,
              from_state: 'draft' as const,
              to_state: 'submitted' as const,
              actor: 'applicant',
              at: r.application.submitted_at,
            },
          ]),
        )
        .execute();
      const first = ids[0]?.id ?? 0;
      const last = ids.at(-1)?.id ?? 0;
      await sql`update application set search = to_tsvector('simple', concat_ws(' ', application.reference,
          application.email, application.account_name, applicant.family_name, applicant.given_name, applicant.name_ja,
          applicant.institution))
        from applicant where applicant.application_id = application.id and application.id between ${first} and ${last}`.execute(
        trx,
      );
    });
    done += n;
    options.progress?.(done);
  }
  // Later real submissions continue after the seeded numbers.
  for (const [fiscal_year, last_serial] of serials) {
    await db
      .insertInto('application_reference_counter')
      .values({ fiscal_year, last_serial })
      .onConflict((oc) => oc.column('fiscal_year').doUpdateSet({ last_serial }))
      .execute();
  }
  if (options.noVacuum) return count;
  // As autovacuum would in a while: statistics, and the visibility map that lets counts use the index.
  await sql`vacuum analyze application`.execute(db);
  await sql`vacuum analyze applicant`.execute(db);
  return count;
}
