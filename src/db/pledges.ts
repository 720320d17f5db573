// Pledges sent to responsible persons and signed by them.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PledgeKind, PledgeSummary, PledgeText } from '../domain/pledge.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const textColumns = ['id', 'kind', 'version', 'title_ja', 'title_en', 'declarations'] as const;

/** The newest text of a kind (at `at`, else now): what is shown from then on. */
export async function currentPledgeText(db: Db, kind: PledgeKind, at?: Date): Promise<PledgeText> {
  const ofKind = db.selectFrom('pledge_text').select(textColumns).where('kind', '=', kind);
  const row = await (at ? ofKind.where('created_at', '<=', at) : ofKind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // Before the first text existed: the first one.
  return row ?? (await ofKind.orderBy('id').limit(1).executeTakeFirstOrThrow());
}

export async function pledgeText(db: Db, id: number): Promise<PledgeText | undefined> {
  return db.selectFrom('pledge_text').select(textColumns).where('id', '=', id).executeTakeFirst();
}

/** Sends (or sends again) the pledge of an application: a new link replaces the previous one. */
export async function putPledge(
  trx: Transaction<Database>,
  p: { applicationId: number; kind: PledgeKind; email: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await trx
    .insertInto('pledge')
    .values({
      application_id: p.applicationId,
      kind: p.kind,
      email: p.email,
      token_hash: p.tokenHash,
      expires_at: p.expiresAt,
    })
    .onConflict((oc) =>
      oc.columns(['application_id', 'kind']).where('request_id', 'is', null).doUpdateSet({
        email: p.email,
        token_hash: p.tokenHash,
        expires_at: p.expiresAt,
        sent_at: sql`now()`,
      }),
    )
    .execute();
}

/** The unsigned, unexpired pledge a link opens, with its application's id. */
export async function openPledge(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('pledge')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('signed_at', 'is', null)
    .executeTakeFirst();
}

/** The pledges of an application, each with the version label of the text it was signed under. */
export async function pledgesOf(db: Db, applicationId: number) {
  return db
    .selectFrom('pledge')
    .leftJoin('pledge_text', 'pledge_text.id', 'pledge.text_id')
    .selectAll('pledge')
    .select('pledge_text.version as text_version')
    .where('pledge.application_id', '=', applicationId)
    .where('pledge.request_id', 'is', null)
    .orderBy('pledge.id')
    .execute();
}

/** Sends (or sends again) the new responsible person's pledge of a Manager Modification. */
export async function putRequestPledge(
  trx: Transaction<Database>,
  p: { requestId: number; applicationId: number; kind: PledgeKind; email: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await trx
    .insertInto('pledge')
    .values({
      application_id: p.applicationId,
      request_id: p.requestId,
      kind: p.kind,
      email: p.email,
      token_hash: p.tokenHash,
      expires_at: p.expiresAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['request_id', 'kind'])
        .where('request_id', 'is not', null)
        .doUpdateSet({ email: p.email, token_hash: p.tokenHash, expires_at: p.expiresAt, sent_at: sql`now()` })
        .where('pledge.signed_at', 'is', null),
    )
    .execute();
}

/** The pledge of a request, if one was sent. */
export async function requestPledge(db: Db, requestId: number) {
  return db
    .selectFrom('pledge')
    .leftJoin('pledge_text', 'pledge_text.id', 'pledge.text_id')
    .selectAll('pledge')
    .select('pledge_text.version as text_version')
    .where('pledge.request_id', '=', requestId)
    .executeTakeFirst();
}

/** Records the signature once (false when the pledge was signed, replaced or expired meanwhile). */
export async function signPledge(
  trx: Transaction<Database>,
  s: {
    id: number;
    tokenHash: string;
    textId: number;
    textSha256: string;
    shown: PledgeSummary;
    name: string;
    ip: string;
    userAgent: string;
  },
): Promise<boolean> {
  const row = await trx
    .updateTable('pledge')
    .set({
      signed_at: sql`now()`,
      text_id: s.textId,
      text_sha256: s.textSha256,
      shown: JSON.stringify(s.shown),
      signer_name: s.name,
      signer_ip: s.ip,
      signer_user_agent: s.userAgent,
    })
    .where('id', '=', s.id)
    .where('token_hash', '=', s.tokenHash)
    .where('signed_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Every version of every pledge text, newest first. */
export async function listPledgeTexts(db: Db) {
  return db
    .selectFrom('pledge_text')
    .select(['id', 'kind', 'version', 'title_ja', 'title_en', 'declarations', 'created_at'])
    .orderBy('id', 'desc')
    .execute();
}

/** A new version of a pledge text; undefined when that version label is already used for the kind. */
export async function addPledgeText(
  trx: Transaction<Database>,
  t: Omit<PledgeText, 'id'>,
): Promise<number | undefined> {
  const row = await trx
    .insertInto('pledge_text')
    .values({ ...t, declarations: JSON.stringify(t.declarations) })
    .onConflict((oc) => oc.columns(['kind', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** A signed pledge with the text it was signed under and its application's reference. */
export async function signedPledge(db: Db, id: number) {
  const row = await db
    .selectFrom('pledge')
    .innerJoin('pledge_text', 'pledge_text.id', 'pledge.text_id')
    .innerJoin('application', 'application.id', 'pledge.application_id')
    .select([
      'pledge.id',
      'pledge.application_id',
      'pledge.kind',
      'pledge.email',
      'pledge.signed_at',
      'pledge.signer_name',
      'pledge.signer_ip',
      'pledge.signer_user_agent',
      'pledge.text_sha256',
      'pledge.shown',
      'pledge_text.version',
      'pledge_text.title_ja',
      'pledge_text.title_en',
      'pledge_text.declarations',
      'application.reference',
    ])
    .where('pledge.id', '=', id)
    .where('pledge.signed_at', 'is not', null)
    .executeTakeFirst();
  return row;
}

/** Keeps the PDF copy of a signed pledge (once: a second copy of the same pledge is ignored). */
export async function putPledgeDocument(
  trx: Transaction<Database>,
  d: { pledgeId: number; pdf: Uint8Array; sha256: string },
): Promise<boolean> {
  const row = await trx
    .insertInto('pledge_document')
    .values({ pledge_id: d.pledgeId, pdf: d.pdf, sha256: d.sha256 })
    .onConflict((oc) => oc.column('pledge_id').doNothing())
    .returning('pledge_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function pledgeDocument(db: Db, pledgeId: number) {
  return db.selectFrom('pledge_document').selectAll().where('pledge_id', '=', pledgeId).executeTakeFirst();
}

/** Which pledges of an application have a kept PDF copy. */
export async function pledgeDocumentIds(db: Db, applicationId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('pledge_document')
    .innerJoin('pledge', 'pledge.id', 'pledge_document.pledge_id')
    .select('pledge_document.pledge_id')
    .where('pledge.application_id', '=', applicationId)
    .execute();
  return new Set(rows.map((r) => r.pledge_id));
}
