// Queries of provisioning: accounts of an application, UID/GID numbers (allocated
// once per name, never reused, skipping numbers the directory already has),
// certificates with their sealed initial password, and quotas. Every write can be
// repeated: a provisioning step that runs again finds what it did the first time.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AccountState } from '../domain/account-state.js';
import type { Division, IdRange } from '../domain/provisioning.js';
import { moveAccounts } from './account-states.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The account row of an application in a division, made on first call. */
export async function ensureAccount(
  db: Db,
  a: { applicationId: number; division: Division; uid: string; groupName: string },
  actor = 'system',
) {
  const made = await db
    .insertInto('account')
    .values({ application_id: a.applicationId, division: a.division, uid: a.uid, group_name: a.groupName })
    .onConflict((oc) => oc.columns(['application_id', 'division']).doNothing())
    .returning('id')
    .executeTakeFirst();
  // Its history starts with the account (a repeat makes no second one).
  if (made)
    await db
      .insertInto('account_event')
      .values({ account_id: made.id, from_state: null, to_state: 'provisioning', actor })
      .execute();
  return db
    .selectFrom('account')
    .selectAll()
    .where('application_id', '=', a.applicationId)
    .where('division', '=', a.division)
    .executeTakeFirstOrThrow();
}

/** Accounts by id, newest first, `limit` after the page that ended at `beforeId`; filtered by state, division, name prefix. */
export async function accountPage(
  db: Db,
  f: { state?: AccountState | undefined; division?: Division | undefined; uidPrefix?: string | undefined },
  beforeId: number | undefined,
  limit: number,
) {
  const rows = await db
    .selectFrom('account')
    .selectAll()
    .$if(f.state !== undefined, (q) => q.where('state', '=', f.state as AccountState))
    .$if(f.division !== undefined, (q) => q.where('division', '=', f.division as Division))
    .$if(!!f.uidPrefix, (q) => q.where('uid', 'like', `${(f.uidPrefix ?? '').replace(/[\\%_]/g, '\\$&')}%`))
    .$if(beforeId !== undefined, (q) => q.where('id', '<', beforeId as number))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1]?.id : undefined };
}

export async function accountsOf(db: Db, applicationId: number) {
  return db.selectFrom('account').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

/** No number left in the configured range. */
export class IdRangeExhaustedError extends Error {
  readonly code = 'ID_RANGE_EXHAUSTED';
  constructor(kind: string, range: IdRange) {
    super(`no ${kind} number left in ${range.first}-${range.last}`);
    this.name = 'IdRangeExhaustedError';
  }
}

/** A user of that name was in the directory before sc-account (imported or found): not ours to take over. */
export class ForeignNameError extends Error {
  readonly code = 'FOREIGN_NAME';
  constructor(kind: string, name: string) {
    super(`the directory already has a ${kind === 'uid' ? 'user' : 'group'} ${name} that sc-account did not make`);
    this.name = 'ForeignNameError';
  }
}

/**
 * The number of `name` (a user for 'uid', a group for 'gid') in a division: the one
 * sc-account gave it before, else the next number above every one it gave or found,
 * skipping numbers the directory already holds (an entry made outside sc-account:
 * recorded as found). A user name that the directory had before sc-account is refused.
 */
export async function allocatePosixId(
  db: Kysely<Database>,
  p: {
    division: Division;
    kind: 'uid' | 'gid';
    name: string;
    range: IdRange;
    inDirectory: (n: number) => Promise<string | undefined>;
  },
): Promise<number> {
  const existing = await db
    .selectFrom('posix_id')
    .select(['number', 'source'])
    .where('division', '=', p.division)
    .where('kind', '=', p.kind)
    .where('name', '=', p.name)
    .executeTakeFirst();
  if (existing?.source === 'allocated') return existing.number;
  if (existing) throw new ForeignNameError(p.kind, p.name);
  // Imported numbers are taken but do not move the start: a legacy account high in
  // the range must not use it up.
  const top = await db
    .selectFrom('posix_id')
    .select(sql<number | null>`max(number)`.as('top'))
    .where('division', '=', p.division)
    .where('kind', '=', p.kind)
    .where('source', 'in', ['allocated', 'found'])
    .where('number', '>=', p.range.first)
    .where('number', '<=', p.range.last)
    .executeTakeFirst();
  for (let next = top?.top == null ? p.range.first : top.top + 1; next <= p.range.last; next++) {
    const holder = await p.inDirectory(next);
    const row = await db
      .insertInto('posix_id')
      .values({
        division: p.division,
        kind: p.kind,
        number: next,
        // A found number keeps its holder's name for the record, unique by the number.
        name: holder ? `${holder} (found at ${next})` : p.name,
        source: holder ? 'found' : 'allocated',
      })
      // Taken meanwhile by another worker, or imported: the next one.
      .onConflict((oc) => oc.doNothing())
      .returning('number')
      .executeTakeFirst();
    if (row && !holder) return row.number;
    if (!row && !holder) {
      // Perhaps this very name, by a worker running the same job at once.
      const mine = await db
        .selectFrom('posix_id')
        .select('number')
        .where('division', '=', p.division)
        .where('kind', '=', p.kind)
        .where('name', '=', p.name)
        .where('source', '=', 'allocated')
        .executeTakeFirst();
      if (mine) return mine.number;
    }
  }
  throw new IdRangeExhaustedError(p.kind, p.range);
}

/** Records a number the directory already uses (sc-account directory import); false when known. */
export async function recordPosixId(
  db: Db,
  p: { division: Division; kind: 'uid' | 'gid'; number: number; name: string },
): Promise<boolean> {
  const row = await db
    .insertInto('posix_id')
    .values({ ...p, source: 'import' })
    .onConflict((oc) => oc.doNothing())
    .returning('number')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setAccountNumbers(db: Db, id: number, n: { uidNumber: number; gidNumber: number }) {
  await db
    .updateTable('account')
    .set({ uid_number: n.uidNumber, gid_number: n.gidNumber })
    .where('id', '=', id)
    .execute();
}

/** The certificate row of an account, with the sealed password made by `seal` on first call. */
export async function ensureCertificate(db: Db, accountId: number, seal: () => Uint8Array) {
  await db
    .insertInto('registration_certificate')
    .values({ account_id: accountId, sealed_password: seal() })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  return db
    .selectFrom('registration_certificate')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
}

export async function recordQuota(db: Db, q: { division: Division; uid: string; bytes: number; via: string }) {
  await db
    .insertInto('quota')
    .values(q)
    .onConflict((oc) => oc.columns(['division', 'uid']).doUpdateSet({ bytes: q.bytes, via: q.via, set_at: sql`now()` }))
    .execute();
}

/**
 * The account is in the directory with its password and quota: provisioning → active.
 * A repeat (the job run again) records the quota and leaves the state as it is.
 */
export async function activateAccount(
  trx: Transaction<Database>,
  id: number,
  quotaBytes: number,
  validThrough: number,
) {
  const set = {
    quota_bytes: quotaBytes,
    provisioned_at: sql<Date>`coalesce(provisioned_at, now())`,
    valid_through: sql<number>`coalesce(valid_through, ${validThrough})`,
  };
  const moved = await moveAccounts(trx, 'active', { actor: 'system', set }, (q) =>
    q.where('id', '=', id).where('state', '=', 'provisioning'),
  );
  if (moved.length === 0) await trx.updateTable('account').set(set).where('id', '=', id).execute();
}

/** Every account of the application exists: its certificate (all its accounts on one page) can be printed. */
export async function markCertificatesReady(trx: Transaction<Database>, applicationId: number) {
  await trx
    .updateTable('registration_certificate')
    .set({ ready_at: sql`coalesce(ready_at, now())` })
    .where('account_id', 'in', (eb) =>
      eb.selectFrom('account').select('id').where('application_id', '=', applicationId),
    )
    .execute();
}

/**
 * Certificates ready and not posted, with their account, application and applicant:
 * a new account's (application provisioned) or a reissued one (application issued).
 */
const waitingCertificates = (db: Db) =>
  db
    .selectFrom('registration_certificate as c')
    .innerJoin('account', 'account.id', 'c.account_id')
    .innerJoin('application', 'application.id', 'account.application_id')
    .innerJoin('applicant', 'applicant.application_id', 'application.id')
    .where('c.ready_at', 'is not', null)
    .where('c.posted_at', 'is', null)
    .where('application.state', 'in', ['provisioned', 'issued'])
    // A group whose person in charge prints the initial passwords has nothing to post.
    .where((eb) =>
      eb.or([
        eb('application.group_account_id', 'is', null),
        eb(
          'application.group_account_id',
          'not in',
          eb.selectFrom('group_account').select('id').where('handout', '=', 'sheet'),
        ),
      ]),
    );

/** Applications whose certificates are ready and not yet posted, oldest first, with their batch. */
export async function certificatesToPost(db: Db) {
  return waitingCertificates(db)
    .select([
      'application.id as application_id',
      'application.reference',
      'applicant.given_name',
      'applicant.family_name',
      sql<Date>`min(c.ready_at)`.as('ready_at'),
      sql<number | null>`max(c.batch_id)`.as('batch_id'),
      sql<number | null>`max(c.reissue_request_id)`.as('reissue_request_id'),
      sql<string[]>`array_agg(account.uid order by account.division)`.as('uids'),
    ])
    .groupBy(['application.id', 'application.reference', 'applicant.given_name', 'applicant.family_name'])
    .orderBy(sql`min(c.ready_at)`)
    .orderBy('application.id')
    .execute();
}

/** Everything a certificate shows for one application: the recipient and each account with its sealed password. */
export async function certificateData(db: Db, applicationIds: number[]) {
  if (applicationIds.length === 0) return [];
  return waitingCertificates(db)
    .select([
      'application.id as application_id',
      'application.reference',
      'account.division',
      'account.uid',
      'account.group_name',
      'c.sealed_password',
      'c.ready_at',
      'c.reissue_request_id',
      'applicant.given_name',
      'applicant.family_name',
      'applicant.name_ja',
      'applicant.institution',
      'applicant.department',
      'applicant.postal_code',
      'applicant.address',
      'applicant.country',
    ])
    .where('application.id', 'in', applicationIds)
    .where('c.sealed_password', 'is not', null)
    .orderBy('c.ready_at')
    .orderBy('application.id')
    .orderBy('account.division')
    .execute();
}

/** A print batch of every ready certificate not in a batch yet (of one group's accounts, when given); undefined when there is none. */
export async function createCertificateBatch(
  trx: Transaction<Database>,
  staffId: number,
  groupId?: number,
): Promise<number | undefined> {
  const waiting = await waitingCertificates(trx)
    .select('c.account_id')
    .where('c.batch_id', 'is', null)
    .$if(groupId !== undefined, (q) => q.where('application.group_account_id', '=', groupId as number))
    .forUpdate('c')
    .execute();
  if (waiting.length === 0) return undefined;
  const batch = await trx
    .insertInto('certificate_batch')
    .values({ created_by: staffId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('registration_certificate')
    .set({ batch_id: batch.id })
    .where(
      'account_id',
      'in',
      waiting.map((w) => w.account_id),
    )
    .execute();
  return batch.id;
}

export async function batchApplications(db: Db, batchId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('registration_certificate')
    .innerJoin('account', 'account.id', 'registration_certificate.account_id')
    .select('account.application_id')
    .distinct()
    .where('registration_certificate.batch_id', '=', batchId)
    .where('registration_certificate.posted_at', 'is', null)
    .execute();
  return rows.map((r) => r.application_id);
}

/**
 * Posted: who and when; the sealed password is erased. Undefined when nothing was
 * waiting, else the Reissue request it was made for (null for the first certificate).
 */
export async function markCertificatesPosted(
  trx: Transaction<Database>,
  applicationId: number,
  staffId: number,
): Promise<{ reissueRequestId: number | null } | undefined> {
  const rows = await trx
    .updateTable('registration_certificate')
    .set({ posted_at: sql`now()`, posted_by: staffId, sealed_password: null })
    .where('posted_at', 'is', null)
    .where('ready_at', 'is not', null)
    .where('account_id', 'in', (eb) =>
      eb.selectFrom('account').select('id').where('application_id', '=', applicationId),
    )
    .returning('reissue_request_id')
    .execute();
  if (rows.length === 0) return undefined;
  return { reissueRequestId: rows.find((r) => r.reissue_request_id !== null)?.reissue_request_id ?? null };
}

/**
 * A new sealed password for a Reissue: the certificate is ready again, out of any
 * batch and not posted. Made once per request (a repeat keeps the first one); returns
 * the certificate row.
 */
export async function reissueCertificate(
  trx: Transaction<Database>,
  accountId: number,
  requestId: number,
  seal: () => Uint8Array,
) {
  await trx
    .updateTable('registration_certificate')
    .set({
      sealed_password: seal(),
      ready_at: sql`now()`,
      batch_id: null,
      posted_at: null,
      posted_by: null,
      reissue_request_id: requestId,
    })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('reissue_request_id', 'is', null), eb('reissue_request_id', '<>', requestId)]))
    .execute();
  return trx
    .selectFrom('registration_certificate')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/**
 * What reconcile expects of a division, from the holders' accounts and keys as they
 * are now: every account that was put in the directory (active, locked and ended;
 * the latter two locked there), with its details as Modification requests left them
 * and the SSH keys its holder has (those added or kept on the account page, not
 * those being removed: the list the key job writes). `provisioning`: the names whose
 * provisioning job has not finished, so whose entries may be half made.
 */
export async function accountsToReconcile(db: Db, division: Division) {
  const rows = await db
    .selectFrom('account')
    .innerJoin('application', 'application.id', 'account.application_id')
    .innerJoin('applicant', 'applicant.application_id', 'application.id')
    .select([
      'account.id',
      'account.uid',
      'account.uid_number',
      'account.gid_number',
      'account.group_name',
      'account.state',
      'application.email',
      'applicant.given_name',
      'applicant.family_name',
    ])
    .where('account.division', '=', division)
    .orderBy('account.uid')
    .execute();
  const made = rows.filter((r) => r.state !== 'provisioning' && r.uid_number !== null && r.gid_number !== null);
  const keys = new Map<number, string[]>();
  if (made.length) {
    const keyRows = await db
      .selectFrom('account_ssh_key')
      .innerJoin('account', 'account.id', 'account_ssh_key.account_id')
      .select(['account_ssh_key.account_id', 'account_ssh_key.public_key'])
      .where('account.division', '=', division)
      .where('account_ssh_key.state', '<>', 'removing')
      .orderBy('account_ssh_key.id')
      .execute();
    for (const k of keyRows) keys.set(k.account_id, [...(keys.get(k.account_id) ?? []), k.public_key]);
  }
  return {
    accounts: made.map((r) => ({
      uid: r.uid,
      uidNumber: r.uid_number as number,
      gidNumber: r.gid_number as number,
      groupName: r.group_name,
      givenName: r.given_name,
      familyName: r.family_name,
      email: r.email,
      sshPublicKeys: keys.get(r.id) ?? [],
      /** Locked by staff, for not renewing, or ended: in the directory it must not log in. */
      locked: r.state !== 'active',
      state: r.state,
    })),
    provisioning: rows.filter((r) => r.state === 'provisioning').map((r) => r.uid),
  };
}

/** The users whose numbers `sc-account directory import` recorded: there before sc-account, not its to manage. */
export async function importedUsers(db: Db, division: Division): Promise<string[]> {
  const rows = await db
    .selectFrom('posix_id')
    .select('name')
    .where('division', '=', division)
    .where('kind', '=', 'uid')
    .where('source', '=', 'import')
    .execute();
  return rows.map((r) => r.name);
}

/**
 * The initial passwords of a group's accounts, for the person in charge's printed
 * sheet: each certificate ready and not handed out is read with its sealed password,
 * then marked handed out with the password cleared; returns what the sheet shows (once).
 */
export async function handOutGroupPasswords(trx: Transaction<Database>, groupId: number) {
  const rows = await trx
    .selectFrom('registration_certificate as c')
    .innerJoin('account', 'account.id', 'c.account_id')
    .innerJoin('application', 'application.id', 'account.application_id')
    .innerJoin('applicant', 'applicant.application_id', 'application.id')
    .select([
      'c.account_id',
      'c.sealed_password',
      'account.uid',
      'application.id as application_id',
      'application.state',
      'applicant.family_name',
      'applicant.given_name',
    ])
    .where('application.group_account_id', '=', groupId)
    .where('c.posted_at', 'is', null)
    .where('c.ready_at', 'is not', null)
    .where('c.sealed_password', 'is not', null)
    .orderBy('account.uid')
    .forUpdate('c')
    .execute();
  if (rows.length)
    await trx
      .updateTable('registration_certificate')
      .set({ posted_at: sql`now()`, sealed_password: null })
      .where(
        'account_id',
        'in',
        rows.map((r) => r.account_id),
      )
      .execute();
  return rows;
}
