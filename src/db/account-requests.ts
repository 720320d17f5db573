// Requests of account holders and their history. Every move is checked against the
// request state machine and recorded with who made it, in the caller's transaction;
// a staff action names the version it saw, so a second one on a changed request fails.
import { type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import {
  openRequestStates,
  type RequestData,
  type RequestKind,
  type RequestState,
  requestMachine,
} from '../domain/account-request.js';
import { moveAccounts } from './account-states.js';
import type { Database } from './schema.js';
import type { AccountRequestTables } from './schema-requests.js';
import { queueWebhookEvent } from './webhooks.js';

type Db = Kysely<Database> | Transaction<Database>;
export type AccountRequest = Selectable<AccountRequestTables['account_request']>;

/** The holder has an open request of this kind already. */
export class OpenRequestError extends Error {
  readonly code = 'OPEN_REQUEST';
  constructor(kind: RequestKind) {
    super(`an open ${kind} request exists`);
    this.name = 'OpenRequestError';
  }
}

/** The request moved on since the staff member opened it. */
export class RequestChangedError extends Error {
  readonly code = 'REQUEST_CHANGED';
  constructor(id: number) {
    super(`request ${id} changed meanwhile`);
    this.name = 'RequestChangedError';
  }
}

export async function createRequest(
  trx: Transaction<Database>,
  r: { applicationId: number; accountId: number; data: RequestData; effectiveAt?: Date; actor?: string },
): Promise<AccountRequest> {
  const open = await openRequestOf(trx, r.applicationId, r.data.kind);
  if (open) throw new OpenRequestError(r.data.kind);
  const row = await trx
    .insertInto('account_request')
    .values({
      application_id: r.applicationId,
      account_id: r.accountId,
      kind: r.data.kind,
      data: JSON.stringify(r.data),
      effective_at: r.effectiveAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      // Another one of the same kind was sent at the same moment (the partial unique index).
      if ((error as { code?: unknown }).code === '23505') throw new OpenRequestError(r.data.kind);
      throw error;
    });
  await trx
    .insertInto('account_request_event')
    .values({ request_id: row.id, from_state: null, to_state: 'submitted', actor: r.actor ?? `account:${r.accountId}` })
    .execute();
  return row;
}

export async function getRequest(db: Db, id: number): Promise<AccountRequest | undefined> {
  return db.selectFrom('account_request').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The request, locked for a move (in a transaction). */
export async function lockRequest(trx: Transaction<Database>, id: number): Promise<AccountRequest | undefined> {
  return trx.selectFrom('account_request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function openRequestOf(db: Db, applicationId: number, kind: RequestKind) {
  return db
    .selectFrom('account_request')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('kind', '=', kind)
    .where('state', 'in', openRequestStates)
    .executeTakeFirst();
}

/** The holder's requests, newest first. */
export async function requestsOfHolder(db: Db, applicationId: number): Promise<AccountRequest[]> {
  return db
    .selectFrom('account_request')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Moves a request (locked by the caller) to `to` and records it; with `version`,
 * refuses when the request changed since that version was seen.
 */
export async function advanceRequest(
  trx: Transaction<Database>,
  request: AccountRequest,
  to: RequestState,
  move: {
    actor: string;
    note?: string | null;
    version?: number;
    set?: Partial<Pick<AccountRequest, 'question' | 'answer' | 'decision_reason' | 'group_name'>>;
  },
): Promise<AccountRequest> {
  if (move.version !== undefined && move.version !== request.version) throw new RequestChangedError(request.id);
  requestMachine.advance(request.state, to);
  const row = await trx
    .updateTable('account_request')
    .set({ ...move.set, state: to, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', request.id)
    .where('version', '=', request.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new RequestChangedError(request.id);
  if (to === 'approved' || to === 'rejected')
    await queueWebhookEvent(trx, 'request.decided', { id: request.id, kind: request.kind, state: to });
  await trx
    .insertInto('account_request_event')
    .values({
      request_id: request.id,
      from_state: request.state,
      to_state: to,
      actor: move.actor,
      note: move.note ?? null,
    })
    .execute();
  return row;
}

export async function requestEvents(db: Db, id: number) {
  return db.selectFrom('account_request_event').selectAll().where('request_id', '=', id).orderBy('id').execute();
}

/** The staff queue of requests: filtered by kind and state, newest first, with the holder's name and account. */
export async function listRequests(
  db: Db,
  f: {
    kind?: RequestKind | undefined;
    states?: readonly RequestState[] | undefined;
    limit?: number;
    beforeId?: number | undefined;
  },
) {
  return db
    .selectFrom('account_request')
    .innerJoin('account', 'account.id', 'account_request.account_id')
    .innerJoin('applicant', 'applicant.application_id', 'account_request.application_id')
    .select([
      'account_request.id',
      'account_request.kind',
      'account_request.state',
      'account_request.created_at',
      'account_request.effective_at',
      'account.uid',
      'applicant.family_name',
      'applicant.given_name',
      'applicant.institution',
    ])
    .$if(f.kind !== undefined, (q) => q.where('account_request.kind', '=', f.kind as RequestKind))
    .$if(f.states !== undefined, (q) => q.where('account_request.state', 'in', f.states as RequestState[]))
    .$if(f.beforeId !== undefined, (q) => q.where('account_request.id', '<', f.beforeId as number))
    .orderBy('account_request.id', 'desc')
    .limit(f.limit ?? 200)
    .execute();
}

/** Open requests by kind (the queue's counts). */
export async function countOpenRequests(db: Db): Promise<Record<RequestKind, number>> {
  const rows = await db
    .selectFrom('account_request')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('state', 'in', openRequestStates)
    .groupBy('kind')
    .execute();
  const counts: Record<RequestKind, number> = { modification: 0, manager: 0, suspension: 0, reissue: 0 };
  for (const r of rows) counts[r.kind] = Number(r.n);
  return counts;
}

/** The request's version moves on without a state change, so that an action from an older page is refused. */
export async function bumpRequestVersion(trx: Transaction<Database>, request: AccountRequest): Promise<void> {
  await trx
    .updateTable('account_request')
    .set({ version: request.version + 1 })
    .where('id', '=', request.id)
    .execute();
}

/** The holder a request is about: their address, language and account name. */
export async function requestHolder(db: Db, request: AccountRequest) {
  return db
    .selectFrom('application')
    .innerJoin('account', (j) => j.on('account.id', '=', request.account_id))
    .select(['application.email', 'application.lang', 'account.uid'])
    .where('application.id', '=', request.application_id)
    .executeTakeFirstOrThrow();
}

/** The holder's name and account name, for mail to their responsible person. */
export async function requestHolderName(db: Db, request: AccountRequest) {
  return db
    .selectFrom('applicant')
    .innerJoin('account', (j) => j.on('account.id', '=', request.account_id))
    .select(['applicant.given_name', 'applicant.family_name', 'account.uid'])
    .where('applicant.application_id', '=', request.application_id)
    .executeTakeFirstOrThrow();
}

/**
 * An approved Modification: the holder's new details, their address, and (for a holder
 * who is their own responsible person) the responsible person's copy of them.
 */
export async function applyModification(
  trx: Transaction<Database>,
  applicationId: number,
  changes: {
    applicant: Updateable<Database['applicant']>;
    email?: string | undefined;
    responsibleCopy?: Updateable<Database['responsible_person']> | undefined;
  },
): Promise<void> {
  if (Object.keys(changes.applicant).length)
    await trx.updateTable('applicant').set(changes.applicant).where('application_id', '=', applicationId).execute();
  if (changes.email)
    await trx.updateTable('application').set({ email: changes.email }).where('id', '=', applicationId).execute();
  if (changes.responsibleCopy && Object.keys(changes.responsibleCopy).length)
    await trx
      .updateTable('responsible_person')
      .set(changes.responsibleCopy)
      .where('application_id', '=', applicationId)
      .execute();
}

/** An approved Manager Modification: the new responsible person and the group the accounts are in. */
export async function applyManagerChange(
  trx: Transaction<Database>,
  applicationId: number,
  responsible: Updateable<Database['responsible_person']>,
  group: string,
): Promise<void> {
  await trx.updateTable('responsible_person').set(responsible).where('application_id', '=', applicationId).execute();
  await trx.updateTable('application').set({ unix_group: group }).where('id', '=', applicationId).execute();
}

/** An account moved to another UNIX group. */
export async function setAccountGroup(db: Db, accountId: number, group: { name: string; gidNumber: number }) {
  await db
    .updateTable('account')
    .set({ group_name: group.name, gid_number: group.gidNumber })
    .where('id', '=', accountId)
    .execute();
}

/** An approved Suspension on its day: the application's accounts end (those still being provisioned aside). */
export async function endAccountsBySuspension(trx: Transaction<Database>, applicationId: number, at: Date) {
  await moveAccounts(trx, 'ended', { actor: 'system', reason: 'suspended', at }, (q) =>
    q.where('application_id', '=', applicationId),
  );
}
