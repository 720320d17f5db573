// Requests for more information from staff to the applicant, and what the applicant
// then changed (a diff of the answers before and after).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { FullApplication } from './applications.js';
import type { Database } from './schema.js';
import type { AnswerChange } from './schema-applications.js';

type Db = Kysely<Database> | Transaction<Database>;
type Snapshot = Record<string, string | null>;

const applicationFields = [
  'fefta_resident',
  'non_resident_reason',
  'meti_specific_category',
  'career',
  'employment',
  'intended_period',
  'account_name',
  'ssh_fingerprint',
  'use_pg',
] as const;

/** Every answer as text, keyed `table.column`: what a diff compares. */
export function answersSnapshot(full: FullApplication): Snapshot {
  const out: Snapshot = {};
  const put = (prefix: string, row: Record<string, unknown>, keys: readonly string[]) => {
    for (const k of keys) {
      const v = row[k];
      out[`${prefix}.${k}`] = v === null || v === undefined ? null : String(v);
    }
  };
  put('application', full.application as unknown as Record<string, unknown>, applicationFields);
  const person = (row: Record<string, unknown>) => Object.keys(row).filter((k) => k !== 'application_id');
  put('applicant', full.applicant as unknown as Record<string, unknown>, person(full.applicant));
  put('responsible', full.responsible as unknown as Record<string, unknown>, person(full.responsible));
  return out;
}

export function diffAnswers(before: Snapshot, after: Snapshot): AnswerChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => (before[f] ?? null) !== (after[f] ?? null))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

export async function createInformationRequest(
  trx: Transaction<Database>,
  r: {
    applicationId: number;
    staffId: number;
    message: string;
    steps: string[];
    tokenHash: string;
    expiresAt: Date;
    before: Snapshot;
  },
): Promise<void> {
  await trx
    .insertInto('information_request')
    .values({
      application_id: r.applicationId,
      staff_id: r.staffId,
      message: r.message,
      steps: r.steps,
      token_hash: r.tokenHash,
      expires_at: r.expiresAt,
      before: JSON.stringify(r.before),
    })
    .execute();
}

export async function latestInformationRequest(db: Db, applicationId: number) {
  return db
    .selectFrom('information_request')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The unanswered, unexpired request a link opens. */
export async function openInformationRequest(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('information_request')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('answered_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function answerInformationRequest(trx: Transaction<Database>, id: number, changes: AnswerChange[]) {
  await trx
    .updateTable('information_request')
    .set({ answered_at: sql`now()`, changes: JSON.stringify(changes) })
    .where('id', '=', id)
    .execute();
}

/** A reminder brings a new link: the old one stops working. */
export async function replaceInformationToken(
  trx: Transaction<Database>,
  id: number,
  tokenHash: string,
  expiresAt: Date,
) {
  await trx
    .updateTable('information_request')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}
