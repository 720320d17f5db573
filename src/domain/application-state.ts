// The states of an account application, from the applicant's draft to the staff's
// decision, and the one table of moves between them (domain.md, "The new-account
// flow"): approved → provisioned (the accounts are in the directory) → issued (the
// registration certificate is posted).
import type { StaffAction } from './staff.js';
import { defineStateMachine } from './state-machine.js';

export const applicationStates = [
  'draft',
  'submitted',
  'information_requested',
  'pledge_sent',
  'pledge_signed',
  'screening',
  'approved',
  'provisioned',
  'issued',
  'rejected',
  'withdrawn',
  'expired',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export const applicationMachine = defineStateMachine<ApplicationState>('application', {
  draft: ['submitted', 'expired'],
  submitted: ['information_requested', 'pledge_sent', 'rejected', 'withdrawn'],
  information_requested: ['submitted', 'rejected', 'withdrawn', 'expired'],
  pledge_sent: ['pledge_signed', 'rejected', 'withdrawn', 'expired'],
  pledge_signed: ['screening', 'approved', 'rejected', 'withdrawn'],
  screening: ['approved', 'rejected', 'withdrawn'],
  approved: ['provisioned'],
  provisioned: ['issued'],
  issued: [],
  rejected: [],
  withdrawn: [],
  expired: [],
});

/** Sent and not yet decided: staff have work to do, the applicant may withdraw. */
export const reviewStates: readonly ApplicationState[] = [
  'submitted',
  'information_requested',
  'pledge_sent',
  'pledge_signed',
  'screening',
];

/** An address with an application in one of these gets no second one (the unique index agrees). */
export const openStates: readonly ApplicationState[] = ['draft', ...reviewStates];

/**
 * These applications hold their account name: no other application may ask for it
 * (the unique index `application_account_name_idx` agrees). An approved name is held
 * until the account exists in the directory, which then holds it for good.
 */
export const nameHoldingStates: readonly ApplicationState[] = [...reviewStates, 'approved', 'provisioned', 'issued'];

export const isReviewState = (s: ApplicationState): boolean => reviewStates.includes(s);

/**
 * The staff permission each move needs (moves not listed are not made by staff:
 * the applicant sends and withdraws, the system expires).
 */
export const staffMoves: Partial<Record<ApplicationState, StaffAction>> = {
  information_requested: 'applications.requestInformation',
  pledge_sent: 'pledge.send',
  screening: 'screening.decide',
  approved: 'applications.decide',
  rejected: 'applications.decide',
};

/**
 * Where a staff member may move an application from `state`: approval only once the
 * pledge is signed and, when the eligibility answers ask for it, the screening done.
 */
export function staffTargets(state: ApplicationState, needsScreening: boolean): ApplicationState[] {
  return applicationMachine.transitions[state].filter((to) => {
    if (!staffMoves[to]) return false;
    if (state === 'pledge_signed' && to === 'approved') return !needsScreening;
    if (state === 'pledge_signed' && to === 'screening') return needsScreening;
    return true;
  });
}

/** What the reviewer checks when screening under FEFTA (domain.md, flow step 3). */
export const screeningChecklist = ['residence', 'specificCategories', 'career', 'employment', 'period'] as const;
export type ScreeningCheck = (typeof screeningChecklist)[number];

/** Drafts are deleted with their personal data this long after their last change. */
export const DRAFT_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** E-mail links that open or resume a draft are valid this long, once. */
export const EMAIL_LINK_LIFETIME_MS = 24 * 3600 * 1000;
