// Fiscal-year renewal in the database: who still has to renew for a fiscal year, the
// lock of those who did not and its lifting, Continuations with their history and
// achievements, and the home directories listed for deletion.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Achievement } from '../domain/achievement.js';
import { GROUP_ENDED } from '../domain/group-account.js';
import {
  NOT_RENEWED,
  type PublicationChoice,
  type RenewalData,
  type RenewalState,
  renewalMachine,
  renewalStanding,
} from '../domain/renewal.js';
import { moveAccounts } from './account-states.js';
import type { Database } from './schema.js';
import type { RenewalTables } from './schema-renewal.js';
import { queueWebhookEvent } from './webhooks.js';

type Db = Kysely<Database> | Transaction<Database>;
export type Renewal = Selectable<RenewalTables['renewal']>;

/** Accounts of a group or workshop: they end with the group, not with the fiscal year. */
const groupAccountIds = (db: Db) =>
  db.selectFrom('application').select('application.id').where('application.group_account_id', 'is not', null);

/** Accounts that count for renewal: in use, or locked only for not having renewed; not a group's. */
const renewable = (db: Db) =>
  db
    .selectFrom('account')
    .where((eb) =>
      eb.or([
        eb('account.state', '=', 'active'),
        eb.and([eb('account.state', '=', 'locked'), eb('account.locked_reason', '=', NOT_RENEWED)]),
      ]),
    )
    .where('account.application_id', 'not in', groupAccountIds(db));

/** Holders whose Continuation for `fy` is waiting for staff: they are not reminded or locked. */
const inReview = (db: Db, fy: number) =>
  db
    .selectFrom('renewal')
    .select('renewal.application_id')
    .where('renewal.fiscal_year', '=', fy)
    .where('renewal.state', '=', 'review');

/** Holders with an account not renewed for `fy`, with where to write and the account names. */
export async function holdersToRenew(db: Db, fy: number) {
  return renewable(db)
    .innerJoin('application', 'application.id', 'account.application_id')
    .select([
      'application.id as application_id',
      'application.email',
      'application.lang',
      sql<string[]>`array_agg(account.uid order by account.division)`.as('uids'),
    ])
    .where('account.valid_through', '<', fy)
    .where('account.application_id', 'not in', inReview(db, fy))
    .groupBy(['application.id', 'application.email', 'application.lang'])
    .orderBy('application.id')
    .execute();
}

/** Up to `limit` accounts in use and not renewed for `fy`, after id `after`: the lock's next batch. */
export async function accountsToLock(db: Db, fy: number, limit: number, after = 0) {
  return db
    .selectFrom('account')
    .select(['id', 'uid', 'division', 'application_id'])
    .where('id', '>', after)
    .where('state', '=', 'active')
    .where('valid_through', '<', fy)
    .where('application_id', 'not in', inReview(db, fy))
    .where('application_id', 'not in', groupAccountIds(db))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks these accounts locked for not renewing (those still due) and ends their sessions; returns them. */
export async function markNotRenewed(trx: Transaction<Database>, ids: number[], fy: number, at: Date) {
  if (ids.length === 0) return [];
  const locked = await moveAccounts(trx, 'locked', { actor: 'system', reason: NOT_RENEWED, at }, (q) =>
    q.where('id', 'in', ids).where('state', '=', 'active').where('valid_through', '<', fy),
  );
  if (locked.length)
    await trx
      .deleteFrom('session')
      .where('audience', '=', 'user')
      .where(
        'subject',
        'in',
        locked.map((a) => String(a.id)),
      )
      .execute();
  return locked;
}

/** The holder's accounts locked for not renewing that are renewed now (valid through `through` or later). */
export async function accountsToUnlock(db: Db, applicationId: number, through: number) {
  return db
    .selectFrom('account')
    .select(['id', 'uid', 'division', 'valid_through'])
    .where('application_id', '=', applicationId)
    .where('state', '=', 'locked')
    .where('locked_reason', '=', NOT_RENEWED)
    .where('valid_through', '>=', through)
    .execute();
}

export async function markUnlocked(trx: Transaction<Database>, ids: number[]) {
  if (ids.length === 0) return;
  await moveAccounts(trx, 'active', { actor: 'system', reason: null }, (q) =>
    q.where('id', 'in', ids).where('state', '=', 'locked').where('locked_reason', '=', NOT_RENEWED),
  );
  // A home directory listed for deletion and not yet deleted stays.
  await trx
    .updateTable('home_deletion')
    .set({ state: 'cancelled', done_at: sql`now()` })
    .where('account_id', 'in', ids)
    .where('state', '=', 'listed')
    .execute();
}

/** Every account of the holder is valid through `fy` (a Continuation for it). */
export async function renewAccounts(trx: Transaction<Database>, applicationId: number, fy: number): Promise<void> {
  await trx
    .updateTable('account')
    .set({ valid_through: sql`greatest(coalesce(valid_through, 0), ${fy})` })
    .where('application_id', '=', applicationId)
    .where('state', 'in', ['active', 'locked'])
    .execute();
}

export interface NewRenewal {
  applicationId: number;
  accountId: number;
  fiscalYear: number;
  state: RenewalState;
  data: RenewalData;
  publication: PublicationChoice;
  postponeReason: string | null;
  achievements: Achievement[];
  actor: string;
}

/** A Continuation, its achievements and its first history row. Undefined when the holder sent one for the year already. */
export async function insertRenewal(trx: Transaction<Database>, r: NewRenewal): Promise<Renewal | undefined> {
  const row = await trx
    .insertInto('renewal')
    .values({
      application_id: r.applicationId,
      account_id: r.accountId,
      fiscal_year: r.fiscalYear,
      state: r.state,
      data: JSON.stringify(r.data),
      publication: r.publication,
      postpone_reason: r.postponeReason,
      no_achievements: r.achievements.length === 0,
    })
    .onConflict((oc) => oc.columns(['application_id', 'fiscal_year']).where('state', '<>', 'rejected').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  if (r.achievements.length)
    await trx
      .insertInto('achievement')
      .values(
        r.achievements.map((a, i) => ({
          renewal_id: row.id,
          position: i + 1,
          type: a.type,
          pmid: a.pmid,
          doi: a.doi,
          title: a.title,
          authors: a.authors,
          authors_ja: a.authorsJa,
          journal: a.journal,
          journal_scope: a.journalScope,
          published_on: a.publishedOn,
          volume: a.volume,
          number: a.number,
          pages: a.pages,
        })),
      )
      .execute();
  await trx
    .insertInto('renewal_event')
    .values({ renewal_id: row.id, from_state: null, to_state: r.state, actor: r.actor })
    .execute();
  return row;
}

/** Moves a Continuation (waiting for staff) on, recorded. */
export async function advanceRenewal(
  trx: Transaction<Database>,
  renewal: Renewal,
  to: RenewalState,
  actor: string,
  note: string | null = null,
) {
  renewalMachine.advance(renewal.state, to);
  const row = await trx
    .updateTable('renewal')
    .set({ state: to, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', renewal.id)
    .where('version', '=', renewal.version)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('renewal_event')
    .values({ renewal_id: renewal.id, from_state: renewal.state, to_state: to, actor, note })
    .execute();
  if (to === 'renewed')
    await queueWebhookEvent(trx, 'renewal.renewed', {
      applicationId: renewal.application_id,
      accountId: renewal.account_id,
      fiscalYear: renewal.fiscal_year,
    });
  return row;
}

const waitingFor = (db: Db, requestId: number) =>
  db
    .selectFrom('renewal')
    .selectAll()
    .where('state', '=', 'review')
    .where(sql<number>`(data->>'managerRequestId')::int`, '=', requestId);

/** The Continuation waiting (in review) for this Manager Modification, locked for its move. */
export async function waitingContinuation(trx: Transaction<Database>, requestId: number) {
  return waitingFor(trx, requestId).forUpdate().executeTakeFirst();
}

/** The same, to show (staff's page of the request). */
export async function continuationWaitingFor(db: Db, requestId: number): Promise<Renewal | undefined> {
  return waitingFor(db, requestId).executeTakeFirst();
}

export async function renewalOf(db: Db, applicationId: number, fy: number): Promise<Renewal | undefined> {
  return db
    .selectFrom('renewal')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('fiscal_year', '=', fy)
    .where('state', '<>', 'rejected')
    .executeTakeFirst();
}

/** Lists for deletion the home directories of accounts still locked for not renewing for `fy`, and those of ended groups; returns the new rows. */
export async function listHomeDeletions(trx: Transaction<Database>, fy: number) {
  return trx
    .insertInto('home_deletion')
    .columns(['account_id', 'fiscal_year'])
    .expression((eb) =>
      eb
        .selectFrom('account')
        .select(['account.id', sql<number>`${fy}::int`.as('fiscal_year')])
        .where('account.state', '=', 'locked')
        .where((w) =>
          w.or([
            w.and([w('account.locked_reason', '=', NOT_RENEWED), w('account.valid_through', '<', fy)]),
            // A group's account locked when the group ended, not listed in an earlier year.
            w.and([
              w('account.locked_reason', '=', GROUP_ENDED),
              w(
                'account.id',
                'not in',
                w
                  .selectFrom('home_deletion as earlier')
                  .select('earlier.account_id')
                  .where('earlier.fiscal_year', '<', fy),
              ),
            ]),
          ]),
        ),
    )
    .onConflict((oc) => oc.columns(['account_id', 'fiscal_year']).doNothing())
    .returning(['account_id'])
    .execute();
}

/** One listed home directory with what its command needs; undefined when it is not waiting. */
export async function homeDeletion(db: Db, accountId: number, fy: number) {
  return db
    .selectFrom('home_deletion')
    .innerJoin('account', 'account.id', 'home_deletion.account_id')
    .select([
      'home_deletion.state',
      'account.uid',
      'account.division',
      'account.group_name',
      'account.state as account_state',
      'account.valid_through',
    ])
    .where('home_deletion.account_id', '=', accountId)
    .where('home_deletion.fiscal_year', '=', fy)
    .executeTakeFirst();
}

export async function finishHomeDeletion(
  db: Db,
  accountId: number,
  fy: number,
  outcome: { state: 'done' | 'failed' | 'cancelled'; via: string; output: string },
) {
  await db
    .updateTable('home_deletion')
    .set({ state: outcome.state, via: outcome.via, output: outcome.output, done_at: sql`now()` })
    .where('account_id', '=', accountId)
    .where('fiscal_year', '=', fy)
    .where('state', 'in', ['listed', 'failed'])
    .execute();
}

/** The deletion list of a fiscal year for operators, with the holder. */
export async function homeDeletions(db: Db, fy: number) {
  return db
    .selectFrom('home_deletion')
    .innerJoin('account', 'account.id', 'home_deletion.account_id')
    .innerJoin('applicant', 'applicant.application_id', 'account.application_id')
    .select([
      'account.uid',
      'account.division',
      'account.group_name',
      'applicant.family_name',
      'applicant.given_name',
      'applicant.institution',
      'home_deletion.state',
      'home_deletion.listed_at',
      'home_deletion.via',
      'home_deletion.output',
      'home_deletion.done_at',
    ])
    .where('home_deletion.fiscal_year', '=', fy)
    .orderBy('account.uid')
    .execute();
}

/** Every holder (by their GA account) with what the dashboard of `fy` needs. */
export async function renewalOverview(db: Db, fy: number) {
  const rows = await renewable(db)
    .innerJoin('applicant', 'applicant.application_id', 'account.application_id')
    .innerJoin('responsible_person', 'responsible_person.application_id', 'account.application_id')
    .leftJoin('home_deletion', (j) =>
      j.onRef('home_deletion.account_id', '=', 'account.id').on('home_deletion.fiscal_year', '=', fy),
    )
    .select([
      'account.application_id',
      'account.uid',
      'account.state',
      'account.valid_through',
      'applicant.family_name',
      'applicant.given_name',
      'applicant.institution',
      'responsible_person.same_as_applicant',
      'responsible_person.family_name as responsible_family_name',
      'responsible_person.given_name as responsible_given_name',
      'responsible_person.email as responsible_email',
      'home_deletion.state as deletion_state',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('renewal')
              .select('renewal.id')
              .whereRef('renewal.application_id', '=', 'account.application_id')
              .where('renewal.fiscal_year', '=', fy)
              .where('renewal.state', '=', 'review'),
          )
          .as('in_review'),
    ])
    .where('account.division', '=', 'ga')
    .orderBy('account.uid')
    .execute();
  return rows.map((r) => ({
    ...r,
    standing: renewalStanding(
      {
        validThrough: r.valid_through ?? 0,
        locked: r.state === 'locked',
        inReview: Boolean(r.in_review),
        listedForDeletion: r.deletion_state !== null && r.deletion_state !== 'cancelled',
      },
      fy,
    ),
  }));
}
export type RenewalOverviewRow = Awaited<ReturnType<typeof renewalOverview>>[number];

/** The achievements reported with renewed Continuations for `fy`, with their holders, for the annual report. */
export async function achievementsOf(db: Db, fy: number) {
  return db
    .selectFrom('achievement')
    .innerJoin('renewal', 'renewal.id', 'achievement.renewal_id')
    .innerJoin('account', 'account.id', 'renewal.account_id')
    .innerJoin('applicant', 'applicant.application_id', 'renewal.application_id')
    .select([
      'achievement.type',
      'achievement.pmid',
      'achievement.doi',
      'achievement.title',
      'achievement.authors',
      'achievement.authors_ja',
      'achievement.journal',
      'achievement.journal_scope',
      'achievement.published_on',
      'achievement.volume',
      'achievement.number',
      'achievement.pages',
      'renewal.fiscal_year',
      'renewal.publication',
      'account.uid',
      'applicant.family_name',
      'applicant.given_name',
      'applicant.institution',
    ])
    .where('renewal.fiscal_year', '=', fy)
    .where('renewal.state', '=', 'renewed')
    .orderBy('renewal.id')
    .orderBy('achievement.position')
    .execute();
}

/**
 * A holder: where to write, in which language, their accounts' names, and whether one of
 * them is locked for not renewing. With `live`, only active and locked accounts count
 * (undefined when none is); else every account.
 */
export async function holderAccounts(db: Db, applicationId: number, options: { live: boolean }) {
  return db
    .selectFrom('application')
    .innerJoin('account', 'account.application_id', 'application.id')
    .select([
      'application.email',
      'application.lang',
      sql<string[]>`array_agg(account.uid order by account.division)`.as('uids'),
      sql<boolean>`bool_or(account.state = 'locked' and account.locked_reason = ${NOT_RENEWED})`.as('locked'),
    ])
    .where('application.id', '=', applicationId)
    .$if(options.live, (q) => q.where('account.state', 'in', ['active', 'locked']))
    .groupBy(['application.email', 'application.lang'])
    .executeTakeFirst();
}

/** Where and in which language each of these applications' people are written to. */
export async function applicationContacts(db: Db, applicationIds: number[]) {
  if (applicationIds.length === 0) return [];
  return db.selectFrom('application').select(['id', 'email', 'lang']).where('id', 'in', applicationIds).execute();
}
