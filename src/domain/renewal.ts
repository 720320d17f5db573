// A Continuation (年度末アカウント更新): the holder confirms or updates their details
// and reports the fiscal year's achievements. It renews at once when nothing needs a
// person to look at it; a new responsible person needs their pledge and staff's
// approval first (a Manager Modification the Continuation waits for). Pure.
import type { FieldChange } from './account-request.js';
import { defineStateMachine } from './state-machine.js';

export const renewalStates = ['review', 'renewed', 'rejected'] as const;
export type RenewalState = (typeof renewalStates)[number];

export const renewalMachine = defineStateMachine<RenewalState>('renewal', {
  // Waiting for the new responsible person's Manager Modification.
  review: ['renewed', 'rejected'],
  renewed: [],
  rejected: [],
});

/** Whether the results of use may be published, or publication is postponed (with a reason). */
export const publicationChoices = ['publish', 'postpone'] as const;
export type PublicationChoice = (typeof publicationChoices)[number];
export const isPublicationChoice = (v: unknown): v is PublicationChoice =>
  publicationChoices.includes(v as PublicationChoice);

/** What a Continuation carries besides its achievements. */
export interface RenewalData {
  /** Details changed with it (affiliation, purpose …), applied as a Modification is, without review. */
  changes: FieldChange[];
  /** Set when the holder named a new responsible person: the request the renewal waits for. */
  managerRequestId?: number;
}

/** Why an account is locked: the renewal calendar's lock is lifted by renewing. */
export const NOT_RENEWED = 'not_renewed' as const;

/** Where a holder stands for a fiscal year's renewal, as the staff dashboard counts. */
export const renewalStandings = ['renewed', 'due', 'review', 'locked', 'deletion'] as const;
export type RenewalStanding = (typeof renewalStandings)[number];
export const isRenewalStanding = (v: unknown): v is RenewalStanding => renewalStandings.includes(v as RenewalStanding);

export function renewalStanding(
  h: { validThrough: number; locked: boolean; inReview: boolean; listedForDeletion: boolean },
  fiscalYear: number,
): RenewalStanding {
  if (h.validThrough >= fiscalYear) return 'renewed';
  if (h.inReview) return 'review';
  if (h.listedForDeletion) return 'deletion';
  return h.locked ? 'locked' : 'due';
}
