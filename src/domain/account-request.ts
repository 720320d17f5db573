// Requests an account holder sends after the account exists (domain.md, "After the
// account exists"): Modification of their details, Manager Modification (a new
// responsible person, who signs the pledge) and Suspension (the end of use on a
// date), and a Reissue (a new registration certificate by post, asked for on a public
// page by a holder who can no longer log in and has no SSH key to prove who they
// are). Each is a state machine with one table of moves; what a request asks for is
// its data, checked here. Pure.
import { defineStateMachine } from './state-machine.js';

export const requestKinds = ['modification', 'manager', 'suspension', 'reissue'] as const;
export type RequestKind = (typeof requestKinds)[number];
/** What a logged-in holder starts from their page; a Reissue comes from the public page. */
export const holderRequestKinds = ['modification', 'manager', 'suspension'] as const satisfies readonly RequestKind[];
/**
 * Whether staff may ask the sender a question: the holder answers on their page, which
 * the sender of a Reissue cannot reach.
 */
export const staffMayAsk = (kind: RequestKind): boolean => kind !== 'reissue';
export const isRequestKind = (v: unknown): v is RequestKind => requestKinds.includes(v as RequestKind);

export const requestStates = [
  'submitted',
  'information_requested',
  'approved',
  'rejected',
  'withdrawn',
  'applied',
] as const;
export type RequestState = (typeof requestStates)[number];

export const requestMachine = defineStateMachine<RequestState>('account request', {
  submitted: ['information_requested', 'approved', 'rejected', 'withdrawn'],
  information_requested: ['submitted', 'rejected', 'withdrawn'],
  // Approved: the change is queued (a suspension waits for its date).
  approved: ['applied'],
  applied: [],
  rejected: [],
  withdrawn: [],
});

/** Sent and not decided: staff have work to do, the holder may withdraw. */
export const openRequestStates: readonly RequestState[] = ['submitted', 'information_requested'];

/** The details a Modification may change, by the table and column that hold them. */
export const modifiableFields = [
  'family_name',
  'given_name',
  'name_ja',
  'job_title',
  'institution',
  'department',
  'country',
  'postal_code',
  'address',
  'phone',
  'phone_extension',
  'purpose',
  'email',
] as const;
export type ModifiableField = (typeof modifiableFields)[number];
export type HolderDetails = Record<ModifiableField, string | null>;

/** One detail as it is and as the holder wants it. */
export interface FieldChange {
  field: ModifiableField;
  before: string | null;
  after: string | null;
}

/** The fields whose value differs (blank and missing are the same). */
export function detailChanges(before: HolderDetails, after: HolderDetails): FieldChange[] {
  const norm = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  return modifiableFields
    .filter((f) => norm(before[f]) !== norm(after[f]))
    .map((f) => ({ field: f, before: norm(before[f]), after: norm(after[f]) }));
}

/**
 * The new responsible person a Manager Modification names, as the responsible
 * person's columns hold them (the form is the application's responsible step).
 */
export type NewResponsiblePerson = Record<string, string | boolean | null>;

export type RequestData =
  | { kind: 'modification'; changes: FieldChange[] }
  | { kind: 'manager'; responsible: NewResponsiblePerson; before: { name: string; email: string | null } }
  | { kind: 'suspension'; reason: string; date: string }
  | { kind: 'reissue'; message: string | null };

/** A Suspension date: today or later (in the centre's calendar), within about a year. */
export function suspensionDateProblem(date: string, today: string): 'past' | 'too_far' | undefined {
  if (date < today) return 'past';
  const limit = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return date > limit ? 'too_far' : undefined;
}
