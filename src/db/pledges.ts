// Pledges sent to responsible persons and signed by them.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PledgeKind, PledgeText } from '../domain/pledge.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The newest text of a kind: what is sent from now on. */
export async function currentPledgeText(db: Db, kind: PledgeKind): Promise<PledgeText> {
  return db
    .selectFrom('pledge_text')
    .select(['id', 'kind', 'version', 'title_ja', 'title_en', 'declarations'])
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

export async function pledgeText(db: Db, id: number): Promise<PledgeText | undefined> {
  return db
    .selectFrom('pledge_text')
    .select(['id', 'kind', 'version', 'title_ja', 'title_en', 'declarations'])
    .where('id', '=', id)
    .executeTakeFirst();
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
      oc.columns(['application_id', 'kind']).doUpdateSet({
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

export async function pledgesOf(db: Db, applicationId: number) {
  return db.selectFrom('pledge').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

/** Records the signature once (false when the pledge was signed, replaced or expired meanwhile). */
export async function signPledge(
  trx: Transaction<Database>,
  s: { id: number; tokenHash: string; textId: number; textSha256: string; name: string; ip: string; userAgent: string },
): Promise<boolean> {
  const row = await trx
    .updateTable('pledge')
    .set({
      signed_at: sql`now()`,
      text_id: s.textId,
      text_sha256: s.textSha256,
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
