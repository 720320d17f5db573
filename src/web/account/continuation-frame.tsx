// The frame every page of a Continuation shares, and where the holder stands for it:
// the account pages' layout with a Back link (only the renewal pages for a holder
// locked for not renewing), what it needs from the request, the renewal status and
// the answers kept so far.
import type { Children } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Renewal } from '../../db/renewal.js';
import type { Account } from '../../db/user-accounts.js';
import type { CalendarLookup, RenewalStatus } from '../../domain/fiscal-calendar.js';
import { NOT_RENEWED } from '../../domain/renewal.js';
import type { FieldErrors } from '../views/components/form.js';
import { type PageContext, pageContext } from '../views/page.js';
import { type ContinuationDraft, RENEWAL } from './continuation-draft.js';
import { AccountFormLayout } from './views.js';

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

/** What every page of a Continuation is framed with. */
export interface Frame {
  page: PageContext;
  /** The holder's account name, shown as who is logged in. */
  account: string;
  csrf: string;
  /** Locked for not renewing: the navigation shows only the renewal pages. */
  renewalOnly: boolean;
}

/** The frame of a Continuation's page for this request. */
export function frameOf(request: FastifyRequest, reply: FastifyReply): Frame {
  const account = request.account as Account;
  return {
    page: pageContext(request),
    account: account.uid,
    csrf: reply.generateCsrf(),
    renewalOnly: renewalOnly(account),
  };
}

/** The Continuation's frame: the account pages' question page, marked Renewal in the navigation. */
export function ContinuationLayout(props: {
  frame: Frame;
  title: string;
  errors?: FieldErrors;
  back?: string;
  scripts?: string[];
  children: Children;
}) {
  const { frame } = props;
  return (
    <AccountFormLayout
      page={frame.page}
      account={frame.account}
      csrf={frame.csrf}
      title={props.title}
      current={RENEWAL}
      renewalOnly={frame.renewalOnly}
      errors={props.errors ?? {}}
      back={props.back}
      scripts={props.scripts ?? []}
    >
      {props.children}
    </AccountFormLayout>
  );
}
