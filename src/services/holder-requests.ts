// An account holder's own requests as use cases (web/account/request-forms.tsx,
// web/account/requests.tsx, the Continuation's send, web/account/reissue.tsx): send
// one (a Modification, a Manager Modification, a Suspension; a Reissue without
// logging in), answer staff's question, withdraw it. Each in
// one transaction with its audit entry and the holder's mail. Staff's side is
// services/request-review.ts.
import type { Kysely, Transaction } from 'kysely';
import {
  type AccountRequest,
  advanceRequest,
  createRequest,
  lockRequest,
  OpenRequestError,
} from '../db/account-requests.js';
import { appendAudit, recordAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import { calendarLookup } from '../db/settings.js';
import { type Account, findAccountByName } from '../db/user-accounts.js';
import { openRequestStates, type RequestData } from '../domain/account-request.js';
import { checkText } from '../domain/text.js';
import { mailHolder } from '../jobs/handlers/account-request.js';
import { settleContinuation } from '../jobs/handlers/renewal.js';
import type { Outbox } from '../mail/outbox.js';

export interface HolderRequestDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  renewalOpensOn: string;
  pokeJobs(): void;
}

const actorOf = (account: Account) => `account:${account.id}`;

/**
 * In the caller's transaction: the request, its audit entry, the holder's mail.
 * Throws OpenRequestError when one of the kind is open.
 */
export async function recordRequest(
  trx: Transaction<Database>,
  outbox: Outbox,
  account: Account,
  data: RequestData,
  extra: { effectiveAt?: Date; details?: Record<string, unknown> } = {},
): Promise<AccountRequest> {
  const r = await createRequest(trx, {
    applicationId: account.application_id,
    accountId: account.id,
    data,
    ...(extra.effectiveAt ? { effectiveAt: extra.effectiveAt } : {}),
  });
  await appendAudit(trx, {
    actor: actorOf(account),
    action: 'account_request.submitted',
    subject: `request:${r.id}`,
    details: { kind: r.kind, ...extra.details },
  });
  await mailHolder(trx, outbox, r, 'submitted');
  return r;
}

export type SubmitOutcome = { ok: true; request: AccountRequest } | { ok: false; problem: 'OPEN' };

/** Sends a request (checked by its form); one of a kind may be open at a time. */
export async function submitRequest(
  deps: HolderRequestDeps,
  account: Account,
  data: RequestData,
  effectiveAt?: Date,
): Promise<SubmitOutcome> {
  try {
    const request = await deps.db
      .transaction()
      .execute((trx) => recordRequest(trx, deps.outbox, account, data, effectiveAt ? { effectiveAt } : {}));
    deps.pokeJobs();
    return { ok: true, request };
  } catch (error) {
    // Two sends at once: the second meets the first's row (the unique index on open requests).
    if (error instanceof OpenRequestError || (error as { code?: string }).code === '23505')
      return { ok: false, problem: 'OPEN' };
    throw error;
  }
}

export type HolderMoveOutcome =
  | { ok: true }
  /** The request is not waiting for this any more (answered, decided, withdrawn meanwhile). */
  | { ok: false; problem: 'NOT_WAITING' }
  /** The answer is missing or not plain text within 2,000 characters. */
  | { ok: false; problem: 'ANSWER' };

/** The holder's answer to staff's question: the request goes back to staff. */
export async function answerRequest(
  deps: HolderRequestDeps,
  account: Account,
  request: AccountRequest,
  answer: string,
): Promise<HolderMoveOutcome> {
  if (request.state !== 'information_requested') return { ok: false, problem: 'NOT_WAITING' };
  const text = checkText(answer, { max: 2000, multiline: true });
  if (!text.ok) return { ok: false, problem: 'ANSWER' };
  const done = await deps.db.transaction().execute(async (trx) => {
    const locked = await lockRequest(trx, request.id);
    if (locked?.state !== 'information_requested') return false;
    await advanceRequest(trx, locked, 'submitted', { actor: actorOf(account), set: { answer: text.value } });
    await appendAudit(trx, {
      actor: actorOf(account),
      action: 'account_request.answered',
      subject: `request:${request.id}`,
    });
    return true;
  });
  return done ? { ok: true } : { ok: false, problem: 'NOT_WAITING' };
}

/** The holder takes an open request back (a Continuation waiting for it follows). */
export async function withdrawRequest(
  deps: HolderRequestDeps,
  account: Account,
  request: AccountRequest,
): Promise<HolderMoveOutcome> {
  const done = await deps.db.transaction().execute(async (trx) => {
    const locked = await lockRequest(trx, request.id);
    if (!locked || !openRequestStates.includes(locked.state)) return false;
    const moved = await advanceRequest(trx, locked, 'withdrawn', { actor: actorOf(account) });
    await appendAudit(trx, {
      actor: actorOf(account),
      action: 'account_request.withdrawn',
      subject: `request:${request.id}`,
    });
    await mailHolder(trx, deps.outbox, moved, 'withdrawn');
    if (moved.kind === 'manager')
      await settleContinuation(trx, deps.outbox, moved.id, 'withdrawn', {
        calendar: await calendarLookup(trx, deps.renewalOpensOn),
        baseUrl: deps.baseUrl,
      });
    return true;
  });
  if (!done) return { ok: false, problem: 'NOT_WAITING' };
  deps.pokeJobs();
  return { ok: true };
}

/**
 * A holder who cannot log in asks for a new registration certificate by post. The
 * answer is the same whether the name is an account or not (it tells a stranger
 * nothing); an unknown name leaves only an audit entry, a second ask while one is
 * open changes nothing.
 */
export async function askForReissue(
  deps: HolderRequestDeps & { contactEmail: string },
  input: { accountName: string; message: string | null; ip: string },
): Promise<void> {
  const account = await findAccountByName(deps.db, input.accountName);
  if (!account || (account.state !== 'active' && account.state !== 'locked')) {
    await recordAudit(deps.db, {
      actor: 'anonymous',
      action: 'account.reissue.unknown',
      subject: null,
      details: { ...(/^[a-z0-9_-]{1,64}$/.test(input.accountName) ? { name: input.accountName } : {}), ip: input.ip },
    });
    return;
  }
  try {
    await deps.db.transaction().execute(async (trx) => {
      const r = await createRequest(trx, {
        applicationId: account.application_id,
        accountId: account.id,
        data: { kind: 'reissue', message: input.message },
        actor: 'public',
      });
      await appendAudit(trx, {
        actor: 'anonymous',
        action: 'account_request.submitted',
        subject: `request:${r.id}`,
        details: { kind: 'reissue', account: account.uid, ip: input.ip },
      });
      await mailHolder(trx, deps.outbox, r, 'submitted', { contact: deps.contactEmail });
    });
    deps.pokeJobs();
  } catch (error) {
    // Asked already and not decided: the first request stands.
    if (!(error instanceof OpenRequestError)) throw error;
  }
}
