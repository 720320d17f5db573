// The states of an account application. This part of the flow ends at
// `submitted`; the review states (information requested, pledge, screening,
// approved, rejected, withdrawn, expired) join this table with the staff console.
import { defineStateMachine } from './state-machine.js';

export type ApplicationState = 'draft' | 'submitted' | 'expired';

export const applicationMachine = defineStateMachine<ApplicationState>('application', {
  draft: ['submitted', 'expired'],
  submitted: [],
  expired: [],
});

/** Drafts are deleted with their personal data this long after their last change. */
export const DRAFT_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** E-mail links that open or resume a draft are valid this long, once. */
export const EMAIL_LINK_LIFETIME_MS = 24 * 3600 * 1000;
