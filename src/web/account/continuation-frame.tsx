// The frame every page of a Continuation shares, and where the holder stands for it:
// the account pages' layout with a Back link (only the renewal pages for a holder
// locked for not renewing), the renewal status and the answers kept so far.
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Renewal } from '../../db/renewal.js';
import type { Account } from '../../db/user-accounts.js';
import type { CalendarLookup, RenewalStatus } from '../../domain/fiscal-calendar.js';
import { NOT_RENEWED } from '../../domain/renewal.js';
import type { FieldErrors } from '../views/components/form.js';
import { type ContinuationDraft, RENEWAL } from './continuation-draft.js';
import { accountFormPage } from './views.js';

/** A holder's account may be renewed from these pages while locked for not renewing. */
export const renewalOnly = (account: Account) => account.state === 'locked' && account.locked_reason === NOT_RENEWED;

/** Where the holder stands, and their Continuation for the year renewing is for. */
export interface Standing {
  account: Account;
  status: RenewalStatus;
  calendar: CalendarLookup;
  /** Sent already for that year (waiting for staff, or renewed). */
  sent: Renewal | undefined;
  draft: ContinuationDraft;
}

export type Open = Standing & { status: Exclude<RenewalStatus, { status: 'valid' }> };

/** The Continuation's frame: the account pages' question page, marked Renewal in the navigation. */
export function continuationPage(
  request: FastifyRequest,
  reply: FastifyReply,
  p: { title: string; errors?: FieldErrors; back?: string; body: Children; status?: number; scripts?: string[] },
) {
  return accountFormPage(request, reply, {
    ...p,
    current: RENEWAL,
    renewalOnly: renewalOnly(request.account as Account),
  });
}
