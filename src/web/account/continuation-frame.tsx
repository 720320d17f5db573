// The frame every page of a Continuation shares, and where the holder stands for it:
// the account pages' layout with a Back link (only the renewal pages for a holder
// locked for not renewing), the renewal status and the answers kept so far.
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Renewal } from '../../db/renewal.js';
import type { Account } from '../../db/user-accounts.js';
import type { CalendarLookup, RenewalStatus } from '../../domain/fiscal-calendar.js';
import { NOT_RENEWED } from '../../domain/renewal.js';
import { sendHtml } from '../render.js';
import { BackLink, type FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { type ContinuationDraft, RENEWAL } from './continuation-draft.js';
import { AccountLayout } from './views.js';

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

/** The Continuation's frame: the account pages' layout, a Back link, errors above the heading. */
export function continuationPage(
  request: FastifyRequest,
  reply: FastifyReply,
  p: { title: string; errors?: FieldErrors; back?: string; body: Children; status?: number; scripts?: string[] },
) {
  const page = pageContext(request);
  const account = request.account as Account;
  return sendHtml(
    reply,
    <AccountLayout
      page={page}
      account={account.uid}
      csrf={reply.generateCsrf()}
      title={p.title}
      current={RENEWAL}
      renewalOnly={renewalOnly(account)}
      errors={p.errors ?? {}}
      scripts={p.scripts ?? []}
      before={p.back ? <BackLink href={p.back} label={page.t('applyStep.back')} /> : ''}
    >
      {p.body}
    </AccountLayout>,
    p.status ?? (Object.keys(p.errors ?? {}).length ? 400 : 200),
  );
}
