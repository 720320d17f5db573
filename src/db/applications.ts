// Queries of the public account application: drafts, their e-mail links, and the
// staff-editable lists the form checks against. Every state change is recorded in
// application_event in the same transaction.
import { type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { pgTwinName } from '../domain/account-name.js';
import { applicationReference } from '../domain/application-reference.js';
import {
  type ApplicationState,
  applicationMachine,
  nameHoldingStates,
  openStates,
} from '../domain/application-state.js';
import { fiscalYearOf } from '../domain/fiscal-calendar.js';
import type { Database } from './schema.js';
import type { Application } from './schema-applications.js';
import { queueWebhookEvent } from './webhooks.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The application for this address that is still open (a draft or in review), if any. */
export async function findOpenApplication(db: Db, email: string): Promise<Application | undefined> {
  return db
    .selectFrom('application')
    .selectAll()
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('state', 'in', openStates)
    .executeTakeFirst();
}

export async function getApplication(db: Db, id: number): Promise<Application | undefined> {
  return db.selectFrom('application').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function createDraft(
  trx: Transaction<Database>,
  draft: { email: string; specialReason: string | null; lang: string; expiresAt: Date },
): Promise<Application> {
  const application = await trx
    .insertInto('application')
    .values({
      email: draft.email,
      email_special_reason: draft.specialReason,
      lang: draft.lang,
      expires_at: draft.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.insertInto('applicant').values({ application_id: application.id }).execute();
  await trx.insertInto('responsible_person').values({ application_id: application.id }).execute();
  await trx
    .insertInto('application_event')
    .values({ application_id: application.id, from_state: null, to_state: 'draft', actor: 'applicant' })
    .execute();
  return application;
}

/** The application changed (another staff member acted) since the version the caller saw. */
export class ApplicationChangedError extends Error {
  readonly code = 'APPLICATION_CHANGED';
  constructor(
    public readonly id: number,
    public readonly state: ApplicationState,
  ) {
    super(`application ${id} changed; it is now ${state}`);
  }
}

/**
 * Moves an application along its state machine (TransitionError when the table does
 * not allow it) and records who did it and why. With `expectedVersion`, the move
 * happens only if nobody changed the application since that version
 * (ApplicationChangedError otherwise): two staff acting at once never make two moves.
 */
export async function advanceApplication(
  trx: Transaction<Database>,
  id: number,
  to: ApplicationState,
  actor: string,
  note: string | null = null,
  expectedVersion?: number,
): Promise<void> {
  const current = await trx
    .selectFrom('application')
    .select(['state', 'version'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new ApplicationChangedError(id, current.state);
  }
  applicationMachine.advance(current.state, to);
  await trx
    .updateTable('application')
    .set({ state: to, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  await trx
    .insertInto('application_event')
    .values({ application_id: id, from_state: current.state, to_state: to, actor, note })
    .execute();
  if (to === 'approved' || to === 'rejected')
    await queueWebhookEvent(trx, 'application.decided', { id, state: to, from: current.state });
}

/** Raises the version without a move (an action that changes what staff see), if nobody acted since `expected`. */
/** Holds the application's row until the transaction ends (two signers at once take turns). */
export async function lockApplication(trx: Transaction<Database>, id: number): Promise<void> {
  await trx.selectFrom('application').select('id').where('id', '=', id).forUpdate().execute();
}

export async function bumpVersion(trx: Transaction<Database>, id: number, expected: number): Promise<void> {
  const row = await trx
    .updateTable('application')
    .set({ version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expected)
    .returning('state')
    .executeTakeFirst();
  if (!row) {
    const now = await trx.selectFrom('application').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    throw new ApplicationChangedError(id, now.state);
  }
}

export async function insertEmailLink(
  trx: Transaction<Database>,
  link: { tokenHash: string; applicationId: number; expiresAt: Date },
): Promise<void> {
  await trx
    .insertInto('email_link')
    .values({ token_hash: link.tokenHash, application_id: link.applicationId, expires_at: link.expiresAt })
    .execute();
}

/** Links mailed for this address since `since`: the per-address rate limit. */
export async function countRecentEmailLinks(db: Db, email: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('email_link')
    .innerJoin('application', 'application.id', 'email_link.application_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(sql`lower(application.email)`, '=', email.toLowerCase())
    .where('email_link.created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The link's application if the link is unexpired, without using it up. */
export async function peekEmailLink(db: Db, tokenHash: string, now: Date): Promise<number | undefined> {
  const row = await db
    .selectFrom('email_link')
    .select('application_id')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.application_id;
}

/** Uses the link up (single use, atomically) and returns its application id if it was valid. */
export async function consumeEmailLink(db: Db, tokenHash: string, now: Date): Promise<number | undefined> {
  const row = await db
    .deleteFrom('email_link')
    .where('token_hash', '=', tokenHash)
    .returning(['application_id', 'expires_at'])
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return undefined;
  return row.application_id;
}

export async function freeMailDomains(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('free_mail_domain').select('domain').execute();
  return rows.map((r) => r.domain);
}

/** Deletes drafts past their expiry with all their personal data; returns how many. */
export async function deleteExpiredDrafts(db: Db, now: Date): Promise<number> {
  const rows = await db
    .deleteFrom('application')
    .where('state', '=', 'draft')
    .where('expires_at', '<=', now)
    .returning('id')
    .execute();
  await db.deleteFrom('email_link').where('expires_at', '<=', now).execute();
  return rows.length;
}

/** The applicant's answers as stored (the columns of one step). */
export type ApplicantAnswers = Partial<
  Pick<
    Database['applicant'],
    | 'family_name'
    | 'given_name'
    | 'name_ja'
    | 'nationality'
    | 'field'
    | 'job_title'
    | 'purpose'
    | 'jga_id'
    | 'agd_id'
    | 'institution'
    | 'department'
    | 'country'
    | 'postal_code'
    | 'address'
    | 'phone'
    | 'phone_extension'
  >
>;

export async function getApplicant(db: Db, applicationId: number) {
  return db.selectFrom('applicant').selectAll().where('application_id', '=', applicationId).executeTakeFirstOrThrow();
}

/** The application's own answers (eligibility, account) as stored. */
export type ApplicationAnswers = Partial<
  Pick<
    Updateable<Database['application']>,
    | 'fefta_resident'
    | 'non_resident_reason'
    | 'meti_specific_category'
    | 'career'
    | 'employment'
    | 'intended_period'
    | 'needs_screening'
    | 'account_name'
    | 'ssh_public_key'
    | 'ssh_fingerprint'
    | 'use_pg'
    | 'pg_storage_tenths'
    | 'pg_paid_confirmed'
  >
>;

/** A step's answers, by the table they belong to. */
export interface StepAnswers {
  applicant?: ApplicantAnswers;
  application?: ApplicationAnswers;
}

/**
 * Saves a step's answers (also when some are not valid yet: nothing typed is lost)
 * and keeps the draft for another 30 days from now. `done` marks the step complete
 * or, when its answers no longer pass, not complete. Returns the steps now done.
 */
export async function saveStep(
  trx: Transaction<Database>,
  applicationId: number,
  step: string,
  answers: StepAnswers,
  done: boolean,
  expiresAt: Date,
): Promise<string[]> {
  if (answers.applicant) {
    await trx.updateTable('applicant').set(answers.applicant).where('application_id', '=', applicationId).execute();
  }
  const row = await trx
    .updateTable('application')
    .set({
      ...answers.application,
      updated_at: sql`now()`,
      expires_at: expiresAt,
      steps_done: done
        ? sql`(select array_agg(distinct s) from unnest(array_append(steps_done, ${step})) as s)`
        : sql`array_remove(steps_done, ${step})`,
    })
    .where('id', '=', applicationId)
    .where('state', 'in', ['draft', 'information_requested'])
    .returning('steps_done')
    .executeTakeFirst();
  return row?.steps_done ?? [];
}

export async function reservedAccountNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('reserved_account_name').select('name').execute();
  return rows.map((r) => r.name);
}

/**
 * Whether the name is taken: by another application in review or approved, by an
 * account sc-account made (also an ended one: names are never given out again), or
 * by a user found in a directory (`sc-account directory import`); for each, the GA
 * name or its PG twin. Also by a group's participant who confirmed it. The unique index
 * on applications decides a race at submission.
 */
export async function isAccountNameTaken(
  db: Db,
  name: string,
  exceptApplicationId: number,
  exceptParticipantId = 0,
): Promise<boolean> {
  const row = await db
    .selectFrom('application')
    .select('id')
    .where('account_name', '=', name)
    .where('state', 'in', nameHoldingStates)
    .where('id', '!=', exceptApplicationId)
    .unionAll(
      db
        .selectFrom('account')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('division', '=', 'ga'), eb('uid', '=', name)]),
            eb.and([eb('division', '=', 'pg'), eb('uid', '=', pgTwinName(name))]),
          ]),
        ),
    )
    .unionAll(
      db
        .selectFrom('posix_id')
        .select(sql<number>`0`.as('id'))
        .where('kind', '=', 'uid')
        .where((eb) =>
          eb.or([
            eb.and([eb('division', '=', 'ga'), eb('name', '=', name)]),
            eb.and([eb('division', '=', 'pg'), eb('name', '=', pgTwinName(name))]),
          ]),
        ),
    )
    // A group's participant who confirmed it and waits for staff.
    .unionAll(
      db
        .selectFrom('group_participant')
        .select('id')
        .where('account_name', '=', name)
        .where('state', '=', 'confirmed')
        .where('id', '!=', exceptParticipantId),
    )
    .executeTakeFirst();
  return row !== undefined;
}

export type ResponsiblePersonAnswers = Partial<Omit<Updateable<Database['responsible_person']>, 'application_id'>>;

export async function getResponsiblePerson(db: Db, applicationId: number) {
  return db
    .selectFrom('responsible_person')
    .selectAll()
    .where('application_id', '=', applicationId)
    .executeTakeFirstOrThrow();
}

export async function saveResponsiblePerson(
  trx: Transaction<Database>,
  applicationId: number,
  answers: ResponsiblePersonAnswers,
): Promise<void> {
  await trx.updateTable('responsible_person').set(answers).where('application_id', '=', applicationId).execute();
}

/** The staff-editable lists the application form checks against. */
export const checkLists = {
  'free-mail': { table: 'free_mail_domain', column: 'domain' },
  'reserved-names': { table: 'reserved_account_name', column: 'name' },
} as const;
export type CheckList = keyof typeof checkLists;

export async function listEntries(db: Db, list: CheckList): Promise<string[]> {
  if (list === 'free-mail') return freeMailDomains(db);
  return reservedAccountNames(db);
}

/** Adds entries; returns those that were new. */
export async function addEntries(db: Db, list: CheckList, values: string[]): Promise<string[]> {
  const added: string[] = [];
  for (const value of values) {
    const rows =
      list === 'free-mail'
        ? await db
            .insertInto('free_mail_domain')
            .values({ domain: value })
            .onConflict((oc) => oc.doNothing())
            .returning('domain')
            .execute()
        : await db
            .insertInto('reserved_account_name')
            .values({ name: value })
            .onConflict((oc) => oc.doNothing())
            .returning('name')
            .execute();
    if (rows.length) added.push(value);
  }
  return added;
}

/** Removes entries; returns those that were there. */
export async function removeEntries(db: Db, list: CheckList, values: string[]): Promise<string[]> {
  const rows =
    list === 'free-mail'
      ? (await db.deleteFrom('free_mail_domain').where('domain', 'in', values).returning('domain').execute()).map(
          (r) => r.domain,
        )
      : (await db.deleteFrom('reserved_account_name').where('name', 'in', values).returning('name').execute()).map(
          (r) => r.name,
        );
  return rows;
}

/** The application with its applicant and responsible person: what the check page and the mails show. */
export async function getFullApplication(db: Db, id: number) {
  // One query (the people's columns have no dates, so JSON loses nothing).
  const row = await db
    .selectFrom('application')
    .selectAll('application')
    .select((eb) => [
      jsonObjectFrom(
        eb.selectFrom('applicant').selectAll().whereRef('applicant.application_id', '=', 'application.id'),
      ).as('applicant'),
      jsonObjectFrom(
        eb
          .selectFrom('responsible_person')
          .selectAll()
          .whereRef('responsible_person.application_id', '=', 'application.id'),
      ).as('responsible'),
    ])
    .where('application.id', '=', id)
    .executeTakeFirst();
  if (!row?.applicant || !row.responsible) return undefined;
  const { applicant, responsible, ...application } = row;
  return { application: application as Application, applicant, responsible };
}
export type FullApplication = NonNullable<Awaited<ReturnType<typeof getFullApplication>>>;

/** The application was no longer a draft when it was to be submitted (sent twice at once). */
export class NotADraftError extends Error {
  constructor(id: number) {
    super(`application ${id} is not a draft`);
  }
}

/**
 * The next reference of the fiscal year of `at` (A2026-000123). Taken in a statement
 * of its own, outside the submitting transaction, so that the counter's row lock is
 * held for one statement only and submissions do not queue behind each other. The
 * numbers are unique and increasing; a submission that fails after taking one (a
 * lost race for an account name) leaves a gap.
 */
export async function nextApplicationReference(db: Kysely<Database>, at: Date): Promise<string> {
  const fiscalYear = fiscalYearOf(at);
  const counter = await db
    .insertInto('application_reference_counter')
    .values({ fiscal_year: fiscalYear, last_serial: 1 })
    .onConflict((oc) =>
      oc.column('fiscal_year').doUpdateSet({ last_serial: sql`application_reference_counter.last_serial + 1` }),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return applicationReference(fiscalYear, counter.last_serial);
}

/**
 * Submits a draft with its reference: moves it to `submitted` (through the state
 * machine, recorded in application_event, in one statement) and stores the versions
 * of the terms accepted. The unique index on account names of applications in review
 * decides a race between two applicants: the loser's statement fails with a unique
 * violation (see isAccountNameRace). Throws NotADraftError when the application was
 * no longer a draft (sent twice at once).
 */
export async function submitApplication(
  trx: Transaction<Database>,
  id: number,
  submission: {
    reference: string;
    termsVersion: string;
    criteriaVersion: string;
    at: Date;
    withdrawTokenHash: string;
  },
): Promise<void> {
  applicationMachine.advance('draft', 'submitted');
  const moved = await trx
    .with('submitted', (q) =>
      q
        .updateTable('application')
        .from('applicant')
        .set({
          state: 'submitted',
          version: sql`version + 1`,
          // What the staff queue's search finds it by (migration 0007).
          search: sql`to_tsvector('simple', concat_ws(' ', ${submission.reference}::text, application.email,
            application.account_name, applicant.family_name, applicant.given_name, applicant.name_ja,
            applicant.institution))`,
          reference: submission.reference,
          withdraw_token_hash: submission.withdrawTokenHash,
          submitted_at: submission.at,
          terms_version: submission.termsVersion,
          criteria_version: submission.criteriaVersion,
          updated_at: sql`now()`,
        })
        .whereRef('applicant.application_id', '=', 'application.id')
        .where('application.id', '=', id)
        .where('application.state', '=', 'draft')
        .returning('application.id'),
    )
    .insertInto('application_event')
    .columns(['application_id', 'from_state', 'to_state', 'actor'])
    .expression((eb) =>
      eb
        .selectFrom('submitted')
        .select([
          'submitted.id',
          sql<ApplicationState>`'draft'`.as('from_state'),
          sql<ApplicationState>`'submitted'`.as('to_state'),
          sql<string>`'applicant'`.as('actor'),
        ]),
    )
    .returning('application_id')
    .executeTakeFirst();
  if (!moved) throw new NotADraftError(id);
  await queueWebhookEvent(trx, 'application.submitted', { id, reference: submission.reference }, submission.at);
}

/** Whether an error is the unique index on account names deciding a race. */
export function isAccountNameRace(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  return (
    e?.code === '23505' &&
    (e.constraint === 'application_account_name_idx' || String(e.message).includes('application_account_name_idx'))
  );
}

/** The application a withdrawal link belongs to. */
export async function findByWithdrawToken(db: Db, tokenHash: string): Promise<Application | undefined> {
  return db.selectFrom('application').selectAll().where('withdraw_token_hash', '=', tokenHash).executeTakeFirst();
}

/** Writes the staff queue's search text again (after answers changed). */
export async function refreshSearch(trx: Transaction<Database>, id: number): Promise<void> {
  await sql`update application set search = to_tsvector('simple', concat_ws(' ', application.reference,
      application.email, application.account_name, applicant.family_name, applicant.given_name, applicant.name_ja,
      applicant.institution))
    from applicant where applicant.application_id = application.id and application.id = ${id}`.execute(trx);
}

/** The UNIX group staff chose at approval. */
export async function setUnixGroup(trx: Transaction<Database>, id: number, group: string): Promise<void> {
  await trx.updateTable('application').set({ unix_group: group }).where('id', '=', id).execute();
}

/** The application's state now (read inside a transaction after lockApplication). */
export async function applicationState(db: Db, id: number): Promise<Application['state'] | undefined> {
  return (await db.selectFrom('application').select('state').where('id', '=', id).executeTakeFirst())?.state;
}

/** Where and in which language an application's person is written to. */
export async function applicationContact(db: Db, id: number): Promise<{ email: string; lang: string }> {
  return db.selectFrom('application').select(['email', 'lang']).where('id', '=', id).executeTakeFirstOrThrow();
}
