// The audit log's tamper evidence: each entry's hash covers the previous entry's
// hash and the entry's own content, so changing, removing or reordering any entry
// breaks every link after it. Pure: hashing, no I/O.
import { createHash } from 'node:crypto';

export interface AuditEntry {
  /** ISO time. */
  at: string;
  /** `staff:<id>`, `applicant:<application id>`, `cli`, `system`. */
  actor: string;
  /** What happened, e.g. `staff.login`, `application.approved`. */
  action: string;
  /** What it happened to, e.g. `application:12`; null when nothing in particular. */
  subject: string | null;
  /** Ids, states, before/after of settings: never personal data. */
  details: Record<string, unknown>;
}

/** The first entry's "previous hash". */
export const AUDIT_GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(previousHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(entry)).digest('hex');
}

/**
 * Walks entries in order, starting after `start` (the hash of the entry before the
 * first one given); returns the index of the first whose stored hashes do not follow
 * from the entries before it, or -1 when the chain is whole.
 */
export function firstBrokenLink(
  entries: { previousHash: string; hash: string; entry: AuditEntry }[],
  start = AUDIT_GENESIS,
): number {
  let previous = start;
  for (const [i, e] of entries.entries()) {
    if (e.previousHash !== previous || e.hash !== auditHash(previous, e.entry)) return i;
    previous = e.hash;
  }
  return -1;
}
