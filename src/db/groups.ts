// Queries of group and workshop accounts: the group and its moves, its participants
// (invited by one-time links, confirmed, approved into applications of their own),
// and what the end-date job reads. Every move goes through the state machines of
// src/domain/group-account.ts and is recorded in group_event.
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import { applicationReference } from '../domain/application-reference.js';
import { fiscalYearOf } from '../domain/fiscal-calendar.js';
import {
  type GroupChange,
  type GroupKind,
  type GroupState,
  groupMachine,
  type Participant,
  type ParticipantState,
  participantMachine,
} from '../domain/group-account.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type GroupAccount = Awaited<ReturnType<typeof getGroup>> & {};
export type GroupParticipant = Awaited<ReturnType<typeof participantsOf>>[number];

/** The group changed (someone acted) since the version the caller saw. */
export class GroupChangedError extends Error {
  constructor(id: number) {
    super(`group ${id} changed`);
  }
}

export async function getGroup(db: Db, id: number) {
  return db.selectFrom('group_account').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertGroup(
  trx: Transaction<Database>,
  g: {
    title: string;
    kind: GroupKind;
    purpose: string;
    startsOn: string;
    endsOn: string;
    responsibleGroup: string;
    inChargeAccountId: number;
    lang: string;
    needsScreening: boolean;
  },
  actor: string,
) {
  const row = await trx
    .insertInto('group_account')
    .values({
      title: g.title,
      kind: g.kind,
      purpose: g.purpose,
      starts_on: g.startsOn,
      ends_on: g.endsOn,
      responsible_group: g.responsibleGroup,
      in_charge_account_id: g.inChargeAccountId,
      lang: g.lang,
      needs_screening: g.needsScreening,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.insertInto('group_event').values({ group_id: row.id, to_state: 'draft', actor }).execute();
  return row;
}

/** Changes a draft's (or a group asked for information's) details. */
export async function updateGroupDetails(
  trx: Transaction<Database>,
  id: number,
  g: { title: string; kind: GroupKind; purpose: string; startsOn: string; endsOn: string; needsScreening: boolean },
) {
  await trx
    .updateTable('group_account')
    .set({
      title: g.title,
      kind: g.kind,
      purpose: g.purpose,
      starts_on: g.startsOn,
      ends_on: g.endsOn,
      needs_screening: g.needsScreening,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Locks the group's row for the rest of the transaction and returns it. */
export async function lockGroup(trx: Transaction<Database>, id: number) {
  return trx.selectFrom('group_account').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Moves the group through its state machine (throws TransitionError), with its event; `set` changes more columns. */
export async function advanceGroup(
  trx: Transaction<Database>,
  group: { id: number; state: GroupState; version: number },
  to: GroupState,
  move: {
    actor: string;
    note?: string | null;
    set?: Partial<{
      unix_group: string;
      handout: 'post' | 'sheet';
      decision_note: string | null;
      screening_note: string | null;
    }>;
  },
) {
  groupMachine.advance(group.state, to);
  const row = await trx
    .updateTable('group_account')
    .set({ ...move.set, state: to, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', group.id)
    .where('version', '=', group.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new GroupChangedError(group.id);
  await trx
    .insertInto('group_event')
    .values({ group_id: group.id, from_state: group.state, to_state: to, actor: move.actor, note: move.note ?? null })
    .execute();
  return row;
}

/** A change to the group that is not a move (the pledge, an extension): its event names it. */
export async function changeGroup(
  trx: Transaction<Database>,
  group: { id: number; state: GroupState; version: number },
  set: Partial<{
    pledge_signed_at: Date;
    pledge_signed_by: number;
    pledge_text: string;
    ends_on: string;
    extension_to: string | null;
    extension_reason: string | null;
    extension_state: 'requested' | 'approved' | 'refused';
  }>,
  event: { actor: string; change: GroupChange },
) {
  const row = await trx
    .updateTable('group_account')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', group.id)
    .where('version', '=', group.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new GroupChangedError(group.id);
  await trx
    .insertInto('group_event')
    .values({
      group_id: group.id,
      from_state: group.state,
      to_state: group.state,
      actor: event.actor,
      change: event.change,
    })
    .execute();
  return row;
}

/** The participants of a group not removed, counted (in a select of group_account). */
const participantCount = (eb: ExpressionBuilder<Database, 'group_account'>) =>
  eb
    .selectFrom('group_participant as p')
    .select(sql<number>`count(*)::int`.as('n'))
    .whereRef('p.group_id', '=', 'group_account.id')
    .where('p.state', '!=', 'removed');

/** The groups a holder may act for: those they are in charge of, and those of the responsible persons' groups they keep. */
export async function groupsOfHolder(db: Db, accountId: number, responsibleGroups: string[]) {
  return db
    .selectFrom('group_account')
    .selectAll()
    .select((eb) => participantCount(eb).as('participants'))
    .where((eb) =>
      eb.or([
        eb('in_charge_account_id', '=', accountId),
        ...(responsibleGroups.length ? [eb('responsible_group', 'in', responsibleGroups)] : []),
      ]),
    )
    .orderBy('id', 'desc')
    .execute();
}

/** Groups for staff, newest first; by state when given. */
export async function groupQueue(db: Db, states?: GroupState[]) {
  return db
    .selectFrom('group_account')
    .innerJoin('account', 'account.id', 'group_account.in_charge_account_id')
    .selectAll('group_account')
    .select(['account.uid as in_charge_uid'])
    .select((eb) => [
      participantCount(eb).as('participants'),
      eb
        .selectFrom('group_participant as p')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('p.group_id', '=', 'group_account.id')
        .where('p.state', '=', 'confirmed')
        .as('confirmed'),
    ])
    .$if(!!states?.length, (q) => q.where('group_account.state', 'in', states as GroupState[]))
    .orderBy('group_account.id', 'desc')
    .limit(500)
    .execute();
}

export async function groupEvents(db: Db, groupId: number) {
  return db.selectFrom('group_event').selectAll().where('group_id', '=', groupId).orderBy('id').execute();
}

export async function participantsOf(db: Db, groupId: number) {
  return db
    .selectFrom('group_participant as p')
    .leftJoin('account', (j) =>
      j.onRef('account.application_id', '=', 'p.application_id').on('account.division', '=', 'ga'),
    )
    .selectAll('p')
    .select(['account.id as account_id', 'account.uid as uid', 'account.state as account_state'])
    .where('p.group_id', '=', groupId)
    .orderBy('p.id')
    .execute();
}

/** The mailbox keys of the group's participants who are not removed. */
export async function participantMailboxes(db: Db, groupId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('group_participant')
    .select('email_key')
    .where('group_id', '=', groupId)
    .where('state', '!=', 'removed')
    .execute();
  return new Set(rows.map((r) => r.email_key));
}

export async function insertParticipants(
  trx: Transaction<Database>,
  groupId: number,
  rows: { participant: Participant; emailKey: string; tokenHash: string; expiresAt: Date; lang: string }[],
  actor: string,
) {
  if (!rows.length) return [];
  const made = await trx
    .insertInto('group_participant')
    .values(
      rows.map((r) => ({
        group_id: groupId,
        family_name: r.participant.familyName,
        given_name: r.participant.givenName,
        email: r.participant.email,
        email_key: r.emailKey,
        institution: r.participant.institution,
        free_mail_reason: r.participant.freeMailReason,
        token_hash: r.tokenHash,
        token_expires_at: r.expiresAt,
        lang: r.lang,
      })),
    )
    .onConflict((oc) => oc.columns(['group_id', 'email_key']).where('state', '!=', 'removed').doNothing())
    .returning(['id', 'email', 'lang', 'token_hash'])
    .execute();
  if (made.length)
    await trx
      .insertInto('group_event')
      .values(made.map((p) => ({ group_id: groupId, participant_id: p.id, to_state: 'invited', actor })))
      .execute();
  return made;
}

export async function participantByToken(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('group_participant as p')
    .innerJoin('group_account as g', 'g.id', 'p.group_id')
    .selectAll('p')
    .select(['g.title', 'g.kind', 'g.state as group_state', 'g.ends_on'])
    .where('p.token_hash', '=', tokenHash)
    .where('p.token_expires_at', '>', now)
    .where('p.state', '=', 'invited')
    .executeTakeFirst();
}

export async function getParticipant(db: Db, id: number) {
  return db.selectFrom('group_participant').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Moves participants of a group from the states that may go to `to` (the others are
 * left as they are); returns those moved, with their events recorded.
 */
export async function moveParticipants(
  trx: Transaction<Database>,
  groupId: number,
  ids: number[] | 'all',
  to: ParticipantState,
  move: {
    actor: string;
    /** What a person wrote (a refusal's reason). */
    note?: string;
    /** Why, when the group's own move took the participants with it. */
    change?: GroupChange;
    from?: ParticipantState[];
    set?: Partial<{
      token_hash: string | null;
      token_expires_at: Date | null;
      confirmed_at: Date;
      account_name: string;
      ssh_public_key: string | null;
      ssh_fingerprint: string | null;
      terms_version: string;
      application_id: number;
    }>;
  },
) {
  const from = (move.from ?? participantMachine.into(to)).filter((s) => participantMachine.can(s, to));
  if (!from.length || (ids !== 'all' && !ids.length)) return [];
  const moved = await trx
    .with('before', (q) =>
      q
        .selectFrom('group_participant')
        .select(['id', 'state'])
        .where('group_id', '=', groupId)
        .where('state', 'in', from)
        .$if(ids !== 'all', (w) => w.where('id', 'in', ids as number[]))
        .forUpdate(),
    )
    .updateTable('group_participant')
    .from('before')
    .set({ ...move.set, state: to })
    .whereRef('group_participant.id', '=', 'before.id')
    .returning(['group_participant.id', 'before.state as from_state'])
    .execute();
  if (moved.length)
    await trx
      .insertInto('group_event')
      .values(
        moved.map((p) => ({
          group_id: groupId,
          participant_id: p.id,
          from_state: p.from_state,
          to_state: to,
          actor: move.actor,
          note: move.note ?? null,
          change: move.change ?? null,
        })),
      )
      .execute();
  return moved.map((m) => m.id);
}

/** A new one-time link for an invited participant (a reminder); returns false if they are no longer invited. */
export async function renewParticipantToken(
  trx: Transaction<Database>,
  id: number,
  token: { hash: string; expiresAt: Date },
): Promise<boolean> {
  const row = await trx
    .updateTable('group_participant')
    .set({ token_hash: token.hash, token_expires_at: token.expiresAt, reminders: sql`reminders + 1` })
    .where('id', '=', id)
    .where('state', '=', 'invited')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** `n` references of the fiscal year of `at` in one statement (participants approved together). */
export async function nextApplicationReferences(db: Db, at: Date, n: number): Promise<string[]> {
  const fiscalYear = fiscalYearOf(at);
  const counter = await db
    .insertInto('application_reference_counter')
    .values({ fiscal_year: fiscalYear, last_serial: n })
    .onConflict((oc) =>
      oc.column('fiscal_year').doUpdateSet({ last_serial: sql`application_reference_counter.last_serial + ${n}` }),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return Array.from({ length: n }, (_, i) => applicationReference(fiscalYear, counter.last_serial - n + 1 + i));
}

/**
 * A participant's own application, approved at once (staff approved them in bulk), in
 * the UNIX group the group was approved with. The responsible person is the one who
 * signed the group's pledge.
 */
export async function insertParticipantApplication(
  trx: Transaction<Database>,
  p: {
    participant: GroupParticipant;
    group: { id: number; unix_group: string; responsible_group: string };
    reference: string;
    responsible: {
      familyName: string | null;
      givenName: string | null;
      email: string;
      institution: string | null;
      accountName: string;
    };
    actor: string;
    at: Date;
    expiresAt: Date;
  },
): Promise<number> {
  const { participant: q } = p;
  const application = await trx
    .insertInto('application')
    .values({
      state: 'approved',
      reference: p.reference,
      email: q.email,
      email_special_reason: q.free_mail_reason || null,
      lang: q.lang,
      account_name: q.account_name,
      ssh_public_key: q.ssh_public_key,
      ssh_fingerprint: q.ssh_fingerprint,
      terms_version: q.terms_version,
      submitted_at: p.at,
      expires_at: p.expiresAt,
      unix_group: p.group.unix_group,
      group_account_id: p.group.id,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('applicant')
    .values({
      application_id: application.id,
      family_name: q.family_name,
      given_name: q.given_name,
      institution: q.institution || null,
    })
    .execute();
  await trx
    .insertInto('responsible_person')
    .values({
      application_id: application.id,
      same_as_applicant: false,
      family_name: p.responsible.familyName,
      given_name: p.responsible.givenName,
      email: p.responsible.email,
      institution: p.responsible.institution,
      account_name: p.responsible.accountName,
      group_name: p.group.responsible_group,
    })
    .execute();
  await trx
    .insertInto('application_event')
    .values({
      application_id: application.id,
      from_state: null,
      to_state: 'approved',
      actor: p.actor,
      note: `group:${p.group.id}`,
    })
    .execute();
  await sql`update application set search = to_tsvector('simple', concat_ws(' ', reference, email, account_name,
    ${q.family_name}::text, ${q.given_name}::text, ${q.institution}::text)) where id = ${application.id}`.execute(trx);
  return application.id;
}

/** Marks a participant provisioned once their application is (called by the provisioning job; nothing for other applications). */
export async function participantProvisioned(trx: Transaction<Database>, applicationId: number) {
  const row = await trx
    .selectFrom('group_participant')
    .select(['id', 'group_id'])
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  if (row) await moveParticipants(trx, row.group_id, [row.id], 'provisioned', { actor: 'system' });
}

/** Approved groups whose end date (or a mail before it) falls on or before `day`. */
export async function approvedGroupsEndingBy(db: Db, day: string) {
  return db
    .selectFrom('group_account')
    .selectAll()
    .where('state', '=', 'approved')
    .where('ends_on', '<=', day)
    .orderBy('id')
    .execute();
}

/** The live accounts of a group's participants, with where to mail them. */
export async function groupAccounts(db: Db, groupId: number) {
  return db
    .selectFrom('account')
    .innerJoin('application', 'application.id', 'account.application_id')
    .select([
      'account.id',
      'account.uid',
      'account.state',
      'account.division',
      'application.id as application_id',
      'application.email',
      'application.lang',
    ])
    .where('application.group_account_id', '=', groupId)
    .orderBy('account.id')
    .execute();
}

/** Of these mailbox keys, those that already hold a live account (their application's address). */
export async function holderMailboxes(db: Db, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db
    .selectFrom('application')
    .innerJoin('account', 'account.application_id', 'application.id')
    .select(sql<string>`lower(application.email)`.as('key'))
    .where(sql<string>`lower(application.email)`, 'in', keys)
    .where('account.state', 'in', ['provisioning', 'active', 'locked'])
    .execute();
  return new Set(rows.map((r) => r.key));
}

/** The holder of an account as a group's pages and the participants' applications name them. */
export async function holderOfAccount(db: Db, accountId: number) {
  return db
    .selectFrom('account')
    .innerJoin('application', 'application.id', 'account.application_id')
    .innerJoin('applicant', 'applicant.application_id', 'application.id')
    .select([
      'account.id',
      'account.uid',
      'account.state',
      'application.email',
      'application.lang',
      'applicant.family_name',
      'applicant.given_name',
      'applicant.name_ja',
      'applicant.institution',
    ])
    .where('account.id', '=', accountId)
    .executeTakeFirst();
}

/** The group's accounts are valid through this fiscal year (an extension moved its last day). */
export async function setGroupAccountsValidThrough(trx: Transaction<Database>, groupId: number, fiscalYear: number) {
  await trx
    .updateTable('account')
    .set({ valid_through: fiscalYear })
    .where('application_id', 'in', (eb) =>
      eb.selectFrom('application').select('id').where('group_account_id', '=', groupId),
    )
    .where('valid_through', '<', fiscalYear)
    .execute();
}
