// Group and workshop accounts: a workshop, course or consortium gets accounts for its
// participants through a person in charge who holds an account. The group and each
// participant are state machines like the others; the participants' list comes typed
// or as a CSV, and every row is checked on its own, so that the rows that fail are
// named with their field and reason while the others are kept. Pure.
import { parse } from 'csv-parse/sync';
import { checkEmail, mailboxKey } from './email-address.js';
import { defineStateMachine } from './state-machine.js';
import { checkText } from './text.js';

export const groupKinds = ['workshop', 'course', 'consortium'] as const;
export type GroupKind = (typeof groupKinds)[number];

export const groupStates = [
  'draft',
  'submitted',
  'information_requested',
  'approved',
  'rejected',
  'withdrawn',
  'ended',
] as const;
export type GroupState = (typeof groupStates)[number];

/** What a history entry records besides a move (migration 0034); shown in the reader's language. */
export const groupChanges = [
  'pledge_signed',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'group_withdrawn',
  'group_refused',
] as const;
export type GroupChange = (typeof groupChanges)[number];

export const groupMachine = defineStateMachine<GroupState>('group account', {
  // The person in charge prepares it: details, participants, the pledge.
  draft: ['submitted', 'withdrawn'],
  submitted: ['information_requested', 'approved', 'rejected', 'withdrawn'],
  information_requested: ['submitted', 'rejected', 'withdrawn'],
  // Approved: participants are approved in bulk and provisioned; it lasts to its end date.
  approved: ['ended'],
  rejected: [],
  withdrawn: [],
  ended: [],
});

export const participantStates = ['invited', 'confirmed', 'approved', 'provisioned', 'ended', 'removed'] as const;
export type ParticipantState = (typeof participantStates)[number];

export const participantMachine = defineStateMachine<ParticipantState>('group participant', {
  // Invited: a one-time link mailed; confirmed: address, SSH key and terms done.
  invited: ['confirmed', 'removed'],
  confirmed: ['approved', 'removed'],
  approved: ['provisioned', 'removed'],
  provisioned: ['ended'],
  ended: [],
  removed: [],
});

/** Why a group's account is locked after its end date (account.locked_reason). */
export const GROUP_ENDED = 'group_ended' as const;

/** At most this many participants in one group (and rows in one CSV). */
export const MAX_PARTICIPANTS = 1000;
/** A CSV larger than this is not read at all. */
export const MAX_CSV_BYTES = 1_000_000;

export interface Participant {
  familyName: string;
  givenName: string;
  email: string;
  institution: string;
  /** Why a free-mail address (gmail.com …) is the right one, when it is one. */
  freeMailReason: string;
}

export type ParticipantField = keyof Participant;
export type RowProblem =
  | 'required'
  | 'too_long'
  | 'control_characters'
  | 'formula'
  | 'not_an_address'
  | 'free_mail'
  | 'duplicate'
  | 'already_invited'
  | 'already_holder'
  | 'columns';

export type RowResult =
  | { line: number; ok: true; participant: Participant }
  | { line: number; ok: false; field: ParticipantField | 'row'; problem: RowProblem; cells: string[] };

export type ListProblem = 'encoding' | 'too_large' | 'too_many' | 'empty' | 'unreadable';

/**
 * The text of an uploaded CSV: UTF-8 (with or without a BOM), else Shift_JIS as
 * spreadsheets in Japan save it; undefined when it is neither.
 */
export function decodeCsv(bytes: Uint8Array): string | undefined {
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  for (const encoding of ['utf-8', 'shift_jis']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(withoutBom);
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** A cell a spreadsheet would run as a formula. */
const looksLikeFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

const isHeader = (cells: string[]) =>
  cells.length >= 3 && !(cells[2] ?? '').includes('@') && /mail|メール/i.test(cells.join(' '));

/**
 * Reads participants' rows (family name, given name, e-mail, institution, and a reason
 * for a free-mail address), each checked on its own: a row that fails names its field
 * and reason, the others are kept. A header row is recognised and skipped; an address
 * given twice is a duplicate; one already in the group (`existing`, mailbox keys) is
 * said to be so.
 */
export function readParticipants(
  text: string,
  options: { freeMailDomains: readonly string[]; existing?: ReadonlySet<string> },
): { ok: true; rows: RowResult[] } | { ok: false; problem: ListProblem } {
  if (text.length > MAX_CSV_BYTES) return { ok: false, problem: 'too_large' };
  let records: string[][];
  try {
    records = parse(text, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as string[][];
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  if (records.length && isHeader(records[0] as string[])) records = records.slice(1);
  if (!records.length) return { ok: false, problem: 'empty' };
  if (records.length > MAX_PARTICIPANTS) return { ok: false, problem: 'too_many' };
  const seen = new Set<string>();
  const existing = options.existing ?? new Set<string>();
  return {
    ok: true,
    rows: records.map((cells, i) => checkRow(cells, i + 1, options.freeMailDomains, { seen, existing })),
  };
}

const fields: { field: ParticipantField; max: number; optional: boolean }[] = [
  { field: 'familyName', max: 100, optional: false },
  { field: 'givenName', max: 100, optional: false },
  { field: 'email', max: 254, optional: false },
  { field: 'institution', max: 200, optional: true },
  { field: 'freeMailReason', max: 500, optional: true },
];

/**
 * One participant's row (from a CSV, or typed one by one), checked against the rows seen
 * before it (`seen`, which it joins) and the group's participants (`existing`).
 */
export function checkRow(
  cells: readonly string[],
  line: number,
  freeMailDomains: readonly string[],
  known: { seen: Set<string>; existing: ReadonlySet<string> },
): RowResult {
  const raw = [...cells];
  const fail = (field: ParticipantField | 'row', problem: RowProblem): RowResult => ({
    line,
    ok: false,
    field,
    problem,
    cells: raw,
  });
  if (cells.length < 3 || cells.length > fields.length) return fail('row', 'columns');
  const values: Record<string, string> = {};
  for (const [i, { field, max, optional }] of fields.entries()) {
    const cell = cells[i] ?? '';
    if (looksLikeFormula(cell)) return fail(field, 'formula');
    const checked = checkText(cell, { max, optional });
    if (!checked.ok)
      return fail(
        field,
        checked.code === 'REQUIRED' ? 'required' : checked.code === 'TOO_LONG' ? 'too_long' : 'control_characters',
      );
    values[field] = checked.value;
  }
  const email = checkEmail(values.email, { freeMailDomains });
  let address: string;
  if (email.ok) address = email.address;
  else if (email.code === 'FREE_MAIL' && values.freeMailReason) address = email.address;
  else return fail('email', email.code === 'FREE_MAIL' ? 'free_mail' : 'not_an_address');
  const key = mailboxKey(address);
  if (known.existing.has(key)) return fail('email', 'already_invited');
  if (known.seen.has(key)) return fail('email', 'duplicate');
  known.seen.add(key);
  return {
    line,
    ok: true,
    participant: {
      familyName: values.familyName ?? '',
      givenName: values.givenName ?? '',
      email: address,
      institution: values.institution ?? '',
      freeMailReason: email.ok ? '' : (values.freeMailReason ?? ''),
    },
  };
}
