// The audit log: appending (serialised by a transaction-scoped advisory lock, so the
// chain has one order) and verifying the hash chain. Rows are never updated or
// deleted (a trigger refuses it); see src/domain/audit.ts for the hashing.
import { type Kysely, sql, type Transaction } from 'kysely';
import { AUDIT_GENESIS, type AuditEntry, auditHash, firstBrokenLink } from '../domain/audit.js';
import { json } from './json.js';
import type { Database } from './schema.js';

/** A fixed key for pg_advisory_xact_lock: "audit" in ASCII. */
const AUDIT_LOCK = 0x6175646974;

export type NewAuditEntry = Omit<AuditEntry, 'at' | 'subject' | 'details'> & {
  subject?: string | null;
  details?: Record<string, unknown>;
};

/** Appends an entry in the caller's transaction (it commits or rolls back with the change it records). */
export async function appendAudit(trx: Transaction<Database>, input: NewAuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const previousHash = last?.hash ?? AUDIT_GENESIS;
  const entry: AuditEntry = {
    at: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    subject: input.subject ?? null,
    details: input.details ?? {},
  };
  await trx
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      details: json(entry.details),
      previous_hash: previousHash,
      hash: auditHash(previousHash, entry),
    })
    .execute();
}

/** Appends an entry in a transaction of its own. */
export function recordAudit(db: Kysely<Database>, input: NewAuditEntry): Promise<void> {
  return db.transaction().execute((trx) => appendAudit(trx, input));
}

export interface AuditVerification {
  entries: number;
  /** The id of the first entry whose hashes do not follow from the ones before it. */
  brokenAt?: string;
}

/** Checks the whole chain, in batches, oldest first. */
export async function verifyAudit(db: Kysely<Database>, batch = 5000): Promise<AuditVerification> {
  let previous = AUDIT_GENESIS;
  let afterId = '0';
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return { entries: count };
    const links = rows.map((r) => ({
      previousHash: r.previous_hash,
      hash: r.hash,
      entry: { at: r.at.toISOString(), actor: r.actor, action: r.action, subject: r.subject, details: r.details },
    }));
    const broken = firstBrokenLink(links, previous);
    if (broken >= 0) return { entries: count + broken, brokenAt: rows[broken]?.id };
    count += rows.length;
    previous = rows.at(-1)?.hash ?? previous;
    afterId = rows.at(-1)?.id ?? afterId;
  }
}

export interface AuditFilter {
  /** The start of the action, e.g. `staff.` or `application.approved`. */
  action?: string | undefined;
  actor?: string | undefined;
  subject?: string | undefined;
  from?: Date | undefined;
  until?: Date | undefined;
}

function auditQuery(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.subject) q = q.where('subject', '=', f.subject);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.until) q = q.where('at', '<', f.until);
  return q;
}

/** Newest first, `limit` entries before the entry `beforeId` (keyset pages). */
export async function auditPage(db: Kysely<Database>, f: AuditFilter, beforeId: string | undefined, limit: number) {
  let q = auditQuery(db, f);
  if (beforeId) q = q.where('id', '<', beforeId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1]?.id : undefined };
}

/** Every entry of the filter, oldest first, in batches (for the CSV export). */
export async function* allAudit(db: Kysely<Database>, f: AuditFilter) {
  let after = '0';
  for (;;) {
    const rows = await auditQuery(db, f).where('id', '>', after).orderBy('id').limit(1000).execute();
    yield* rows;
    if (rows.length < 1000) return;
    after = rows.at(-1)?.id ?? after;
  }
}
