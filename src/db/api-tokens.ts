// Queries of API tokens and their call log.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { StaffAction } from '../domain/staff.js';
import type { Database } from './schema.js';
import type { ApiTables, ApiToken } from './schema-api.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertApiToken(
  trx: Transaction<Database>,
  t: {
    name: string;
    staffId: number | null;
    serviceAccount: string | null;
    scopes: StaffAction[];
    tokenHash: string;
    createdBy: string;
    expiresAt: Date;
  },
): Promise<ApiToken> {
  return trx
    .insertInto('api_token')
    .values({
      name: t.name,
      staff_id: t.staffId,
      service_account: t.serviceAccount,
      scopes: t.scopes,
      token_hash: t.tokenHash,
      created_by: t.createdBy,
      expires_at: t.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A token by its hash, with its staff member's role and standing (null for a service account). */
export async function apiTokenByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_token')
    .leftJoin('staff', 'staff.id', 'api_token.staff_id')
    .selectAll('api_token')
    .select(['staff.role as staff_role', 'staff.disabled_at as staff_disabled_at'])
    .where('api_token.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export type ApiTokenListing = Awaited<ReturnType<typeof listApiTokens>>[number];

/** Tokens, newest first: a staff member's own, or all of them (`staffId` undefined). */
export async function listApiTokens(db: Db, staffId?: number) {
  return db
    .selectFrom('api_token')
    .leftJoin('staff', 'staff.id', 'api_token.staff_id')
    .select([
      'api_token.id',
      'api_token.name',
      'api_token.staff_id',
      'api_token.service_account',
      'api_token.scopes',
      'api_token.created_by',
      'api_token.created_at',
      'api_token.expires_at',
      'api_token.last_used_at',
      'api_token.revoked_at',
      'staff.email as staff_email',
    ])
    .$if(staffId !== undefined, (q) => q.where('api_token.staff_id', '=', staffId as number))
    .orderBy('api_token.id', 'desc')
    .execute();
}

export async function getApiToken(db: Db, id: number): Promise<ApiToken | undefined> {
  return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Revokes a token not yet revoked; undefined when there was none to revoke. */
export async function revokeApiTokenRow(trx: Transaction<Database>, id: number, by: string, at: Date) {
  return trx
    .updateTable('api_token')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** The calls made since the last write, in one statement; each token's last use with them. */
export async function recordApiCalls(db: Kysely<Database>, calls: Insertable<ApiTables['api_call']>[]) {
  if (calls.length === 0) return;
  const last = new Map<number, Date>();
  for (const c of calls) last.set(c.token_id, new Date(c.at));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('api_call').values(calls).execute();
    for (const [id, at] of last)
      await trx
        .updateTable('api_token')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
        .execute();
  });
}

/** The calls made with a token, newest first. */
export async function apiCallsOf(db: Db, tokenId: number, limit = 100) {
  return db
    .selectFrom('api_call')
    .selectAll()
    .where('token_id', '=', tokenId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
