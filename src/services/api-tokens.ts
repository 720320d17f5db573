// API tokens as use cases, the same for the console (web/staff/tokens.tsx), the
// command line (cli/tokens.ts) and the API's own check of each call (web/api/auth.ts).
// The actor is `staff:<id>` in the console and `cli` on the command line.
import type { Kysely } from 'kysely';
import { apiTokenByHash, getApiToken, insertApiToken, listApiTokens, revokeApiTokenRow } from '../db/api-tokens.js';
import { appendAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import type { ApiToken } from '../db/schema-api.js';
import { getStaff } from '../db/staff.js';
import {
  type ApiTokenOwner,
  type ApiTokenProblem,
  allowedScopes,
  checkNewApiToken,
  looksLikeApiToken,
  newApiToken,
} from '../domain/api-tokens.js';
import { isStaffRole, type StaffAction } from '../domain/staff.js';
import { hashToken } from '../domain/tokens.js';

export interface NewApiToken {
  owner: { staffId: number } | { service: string };
  name: string;
  scopes: StaffAction[];
  days: number;
}

/**
 * Makes a token and returns it (shown once; only its hash is kept). A staff member
 * may make one only for themselves (`self`), an administrator also for a service
 * account or another staff member.
 */
export async function createApiToken(
  db: Kysely<Database>,
  actor: string,
  input: NewApiToken,
  now = new Date(),
): Promise<{ ok: true; token: string; row: ApiToken } | { ok: false; problem: ApiTokenProblem | 'NO_SUCH_STAFF' }> {
  let owner: ApiTokenOwner;
  if ('staffId' in input.owner) {
    const staff = await getStaff(db, input.owner.staffId);
    if (!staff || staff.disabled_at || !isStaffRole(staff.role)) return { ok: false, problem: 'NO_SUCH_STAFF' };
    owner = { kind: 'staff', staffId: staff.id, role: staff.role };
  } else {
    owner = { kind: 'service', name: input.owner.service };
  }
  const scopes = [...new Set(input.scopes)].sort();
  const problem = checkNewApiToken({ owner, name: input.name, scopes, days: input.days });
  if (problem) return { ok: false, problem };
  const token = newApiToken();
  const row = await db.transaction().execute(async (trx) => {
    const row = await insertApiToken(trx, {
      name: input.name,
      staffId: owner.kind === 'staff' ? owner.staffId : null,
      serviceAccount: owner.kind === 'service' ? owner.name : null,
      scopes,
      tokenHash: hashToken(token),
      createdBy: actor,
      expiresAt: new Date(now.getTime() + input.days * 86_400_000),
    });
    await appendAudit(trx, {
      actor,
      action: 'api_token.created',
      subject: `api_token:${row.id}`,
      details: {
        name: row.name,
        owner: owner.kind === 'staff' ? `staff:${owner.staffId}` : `service:${owner.name}`,
        scopes,
        expiresAt: row.expires_at.toISOString(),
      },
    });
    return row;
  });
  return { ok: true, token, row };
}

/** Revokes a token (from its next call on); false when it was not there or already revoked. */
export async function revokeApiToken(db: Kysely<Database>, actor: string, id: number, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const row = await revokeApiTokenRow(trx, id, actor, now);
    if (!row) return false;
    await appendAudit(trx, { actor, action: 'api_token.revoked', subject: `api_token:${id}` });
    return true;
  });
}

export { getApiToken, listApiTokens };

/** Who a call acts for, once its token checked out. */
export interface ApiCaller {
  tokenId: number;
  /** `token:<id>` (staff:<id> for a staff member's token is in `staffId`). */
  actor: string;
  staffId: number | null;
  serviceAccount: string | null;
  /** The scopes the token has and its owner still may use. */
  scopes: StaffAction[];
}

/**
 * The caller of a token as sent in the Authorization header, or undefined when it is
 * malformed, unknown, expired or revoked, or its staff member is disabled.
 */
export async function authenticateApiToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<ApiCaller | undefined> {
  if (!looksLikeApiToken(token)) return undefined;
  const row = await apiTokenByHash(db, hashToken(token));
  if (!row || row.revoked_at || row.expires_at <= now) return undefined;
  let scopes = row.scopes;
  if (row.staff_id !== null) {
    if (row.staff_disabled_at || !isStaffRole(row.staff_role)) return undefined;
    scopes = allowedScopes({ kind: 'staff', staffId: row.staff_id, role: row.staff_role }, row.scopes);
  }
  return {
    tokenId: row.id,
    actor: `token:${row.id}`,
    staffId: row.staff_id,
    serviceAccount: row.service_account,
    scopes,
  };
}
