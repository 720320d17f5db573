// Reading accounts (with their SSH keys, lock and history) and the holders' requests
// for the API. The zod schemas here are the API's.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { getRequest, listRequests, requestEvents } from '../db/account-requests.js';
import { accountEvents } from '../db/account-states.js';
import { accountPage } from '../db/accounts.js';
import type { Database } from '../db/schema.js';
import { sshKeysOf } from '../db/ssh-keys.js';
import { getAccount } from '../db/user-accounts.js';
import { requestKinds, requestStates } from '../domain/account-request.js';
import { accountLockReasons, accountStates, sshKeyStates } from '../domain/account-state.js';
import { divisions } from '../domain/provisioning.js';
import { instant, isoTime } from './schemas.js';

const cursor = z
  .string()
  .regex(/^\d{1,10}$/)
  .refine((v) => Number(v) <= 2 ** 31 - 1)
  .optional()
  .describe('the `next` of the previous page');

export const accountListQuery = z
  .object({
    state: z.enum(accountStates).optional(),
    division: z.enum(divisions).optional(),
    uid: z.string().max(64).optional().describe('account names starting with this'),
    before: cursor,
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const accountSummary = z.object({
  id: z.number().int(),
  uid: z.string(),
  division: z.enum(divisions),
  state: z.enum(accountStates),
  lockedReason: z.enum(accountLockReasons).nullable().describe('why it is locked or ended'),
  lockedAt: instant.nullable(),
  groupName: z.string(),
  uidNumber: z.number().int().nullable(),
  gidNumber: z.number().int().nullable(),
  validThrough: z.number().int().nullable().describe('the last fiscal year it is renewed for'),
  applicationId: z.number().int(),
  provisionedAt: instant.nullable(),
});

export const accountList = z
  .object({ items: z.array(accountSummary), next: z.string().nullable() })
  .meta({ id: 'AccountList' });

export const accountDetail = accountSummary
  .extend({
    sshKeys: z.array(
      z.object({
        fingerprint: z.string(),
        state: z.enum(sshKeyStates).describe('adding and active keys are (or are being put) in the directory'),
        addedAt: instant,
        appliedAt: instant.nullable(),
      }),
    ),
    history: z.array(
      z.object({
        at: instant,
        from: z.enum(accountStates).nullable(),
        to: z.enum(accountStates),
        reason: z.enum(accountLockReasons).nullable(),
        actor: z.string(),
      }),
    ),
  })
  .meta({ id: 'AccountDetail' });

type AccountRow = NonNullable<Awaited<ReturnType<typeof getAccount>>>;
const summaryOf = (a: AccountRow): z.infer<typeof accountSummary> => ({
  id: a.id,
  uid: a.uid,
  division: a.division,
  state: a.state,
  lockedReason: a.locked_reason,
  lockedAt: isoTime(a.locked_at),
  groupName: a.group_name,
  uidNumber: a.uid_number,
  gidNumber: a.gid_number,
  validThrough: a.valid_through,
  applicationId: a.application_id,
  provisionedAt: isoTime(a.provisioned_at),
});

export async function listAccounts(
  db: Kysely<Database>,
  q: z.infer<typeof accountListQuery>,
): Promise<z.infer<typeof accountList>> {
  const page = await accountPage(
    db,
    { state: q.state, division: q.division, uidPrefix: q.uid },
    q.before === undefined ? undefined : Number(q.before),
    q.limit,
  );
  return { items: page.rows.map(summaryOf), next: page.next === undefined ? null : String(page.next) };
}

export async function accountDetailOf(db: Kysely<Database>, id: number) {
  const account = await getAccount(db, id);
  if (!account) return undefined;
  const [keys, events] = await Promise.all([sshKeysOf(db, id), accountEvents(db, id)]);
  return {
    ...summaryOf(account),
    sshKeys: keys.map((k) => ({
      fingerprint: k.fingerprint,
      state: k.state,
      addedAt: new Date(k.added_at).toISOString(),
      appliedAt: isoTime(k.applied_at),
    })),
    history: events.map((e) => ({
      at: new Date(e.at).toISOString(),
      from: e.from_state,
      to: e.to_state,
      reason: e.reason,
      actor: e.actor,
    })),
  };
}

export const requestListQuery = z
  .object({
    kind: z.enum(requestKinds).optional(),
    state: z.enum(requestStates).optional(),
    before: cursor,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const requestSummary = z.object({
  id: z.number().int(),
  kind: z.enum(requestKinds),
  state: z.enum(requestStates),
  createdAt: instant,
  effectiveAt: instant.nullable(),
  account: z.string(),
  holder: z.object({
    familyName: z.string().nullable(),
    givenName: z.string().nullable(),
    institution: z.string().nullable(),
  }),
});

export const requestList = z
  .object({ items: z.array(requestSummary), next: z.string().nullable() })
  .meta({ id: 'RequestList' });

export const requestDetail = z
  .object({
    id: z.number().int(),
    kind: z.enum(requestKinds),
    state: z.enum(requestStates),
    version: z.number().int(),
    accountId: z.number().int(),
    applicationId: z.number().int(),
    data: z.record(z.string(), z.unknown()).describe('what the holder asked for, by kind'),
    question: z.string().nullable(),
    answer: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: instant,
    effectiveAt: instant.nullable(),
    history: z.array(
      z.object({
        at: instant,
        from: z.enum(requestStates).nullable(),
        to: z.enum(requestStates),
        actor: z.string(),
        note: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'RequestDetail' });

export async function listAccountRequests(
  db: Kysely<Database>,
  q: z.infer<typeof requestListQuery>,
): Promise<z.infer<typeof requestList>> {
  const rows = await listRequests(db, {
    kind: q.kind,
    states: q.state ? [q.state] : undefined,
    beforeId: q.before === undefined ? undefined : Number(q.before),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      state: r.state,
      createdAt: new Date(r.created_at).toISOString(),
      effectiveAt: isoTime(r.effective_at),
      account: r.uid,
      holder: { familyName: r.family_name, givenName: r.given_name, institution: r.institution },
    })),
    next: rows.length > q.limit ? String(page.at(-1)?.id) : null,
  };
}

export async function requestDetailOf(db: Kysely<Database>, id: number) {
  const r = await getRequest(db, id);
  if (!r) return undefined;
  const events = await requestEvents(db, id);
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    version: r.version,
    accountId: r.account_id,
    applicationId: r.application_id,
    data: r.data as unknown as Record<string, unknown>,
    question: r.question,
    answer: r.answer,
    decisionReason: r.decision_reason,
    createdAt: new Date(r.created_at).toISOString(),
    effectiveAt: isoTime(r.effective_at),
    history: events.map((e) => ({
      at: new Date(e.at).toISOString(),
      from: e.from_state,
      to: e.to_state,
      actor: e.actor,
      note: e.note,
    })),
  };
}
