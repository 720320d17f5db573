// Group and workshop accounts as the API and the command line read them: the zod
// schemas (the API's), the staff queue and one group with its participants and
// history, and the bulk approval's answer (who was approved, skipped or left out).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { getGroup, groupEvents, groupQueue, holderOfAccount, participantsOf } from '../db/groups.js';
import type { Database } from '../db/schema.js';
import {
  type GroupState,
  groupChanges,
  groupKinds,
  groupStates,
  MAX_PARTICIPANTS,
  participantStates,
} from '../domain/group-account.js';
import { approveParticipants, type GroupDeps } from './group-accounts.js';
import { centreDay, instant, isoTime, rowId } from './schemas.js';

type Db = Kysely<Database>;
const int = z.number().int();

export const groupParams = z.object({ id: rowId });

/** The states staff see a group in: a draft is the person in charge's until it is sent. */
export type SentGroupState = Exclude<GroupState, 'draft'>;
export const sentGroupStates = groupStates.filter((s) => s !== 'draft') as [SentGroupState, ...SentGroupState[]];

export const groupQueueQuery = z
  .object({ state: z.enum(sentGroupStates).optional().describe('the groups in this state (by default every one)') })
  .strict();

const inChargeRecord = z
  .object({
    accountId: int,
    uid: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
  })
  .describe('the holder in charge of the group');

export const groupSummaryRecord = z.object({
  id: int,
  title: z.string(),
  kind: z.enum(groupKinds),
  state: z.enum(groupStates),
  version: int.describe('send it back with a decision: another’s move since is a 409'),
  startsOn: centreDay,
  endsOn: centreDay.describe('the accounts end on this day'),
  responsibleGroup: z.string(),
  inChargeUid: z.string(),
  participants: int.describe('participants not removed'),
  confirmed: int.describe('participants who answered their link and wait for staff'),
  extensionRequested: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
});

export const groupList = z.object({ items: z.array(groupSummaryRecord) }).meta({ id: 'GroupAccountList' });
export type GroupList = z.infer<typeof groupList>;

export const participantRecord = z.object({
  id: int,
  familyName: z.string(),
  givenName: z.string(),
  email: z.string(),
  institution: z.string(),
  state: z.enum(participantStates),
  accountName: z.string().nullable().describe('the name the participant chose'),
  sshFingerprint: z.string().nullable(),
  accountState: z.string().nullable().describe('the account’s state once approved'),
  invitedAt: instant,
  confirmedAt: instant.nullable(),
});

const groupEventRecord = z.object({
  at: instant,
  participantId: int.nullable().describe('set when the move is a participant’s'),
  from: z.string().nullable(),
  to: z.string(),
  actor: z.string(),
  change: z
    .enum(groupChanges)
    .nullable()
    .describe('what changed besides a move: the pledge, the extension, the group’s own end'),
  note: z.string().nullable().describe('what a person wrote: a decision’s message, a refusal’s reason'),
});

export const groupRecord = z
  .object({
    id: int,
    title: z.string(),
    kind: z.enum(groupKinds),
    purpose: z.string(),
    state: z.enum(groupStates),
    version: int.describe('send it back with a decision: another’s move since is a 409'),
    startsOn: centreDay,
    endsOn: centreDay,
    responsibleGroup: z.string(),
    inCharge: inChargeRecord,
    needsScreening: z.boolean(),
    screeningNote: z.string().nullable(),
    pledge: z
      .object({ signedAt: instant, signedBy: z.string().nullable().describe('the responsible person’s account') })
      .nullable()
      .describe('the responsible person’s pledge for the group; null until signed'),
    unixGroup: z.string().nullable().describe('the UNIX group the accounts join, set at approval'),
    handout: z.enum(['post', 'sheet']),
    decisionNote: z.string().nullable(),
    extension: z
      .object({ to: centreDay, reason: z.string(), state: z.enum(['requested', 'approved', 'refused']) })
      .nullable(),
    createdAt: instant,
    updatedAt: instant,
    participants: z.array(participantRecord),
    events: z.array(groupEventRecord).describe('its moves and its participants’, oldest first'),
  })
  .meta({ id: 'GroupAccountDetail' });
export type GroupRecord = z.infer<typeof groupRecord>;

export const participantApprovalInput = z
  .object({
    participants: z
      .union([
        z
          .array(
            z
              .number()
              .int()
              .positive()
              .max(2 ** 31 - 1),
          )
          .min(1)
          .max(MAX_PARTICIPANTS),
        z.literal('confirmed'),
      ])
      .describe('the ids of confirmed participants, or `confirmed` for every one'),
  })
  .strict()
  .meta({ id: 'GroupParticipantApproval' });

export const participantApprovalResult = z
  .object({
    approved: int.describe('participants approved: each has an application and an account being provisioned'),
    skipped: z
      .array(z.object({ participantId: int, accountName: z.string().nullable(), problem: z.literal('NAME_TAKEN') }))
      .describe('confirmed participants not approved: their account name was taken since'),
    leftOut: z.array(int).describe('ids asked for that are not confirmed participants of the group'),
  })
  .meta({ id: 'GroupParticipantApprovalResult' });
export type ParticipantApprovalResult = z.infer<typeof participantApprovalResult>;

/** The staff queue: sent groups newest first (at most 500), in the states given (by default every one). */
export async function readGroupQueue(
  db: Db,
  states: SentGroupState | readonly SentGroupState[] = sentGroupStates,
): Promise<GroupList> {
  const rows = await groupQueue(db, typeof states === 'string' ? [states] : [...states]);
  return {
    items: rows.map((g) => ({
      id: g.id,
      title: g.title,
      kind: g.kind,
      state: g.state,
      version: g.version,
      startsOn: g.starts_on,
      endsOn: g.ends_on,
      responsibleGroup: g.responsible_group,
      inChargeUid: g.in_charge_uid,
      participants: g.participants ?? 0,
      confirmed: g.confirmed ?? 0,
      extensionRequested: g.extension_state === 'requested',
      createdAt: isoTime(g.created_at) as string,
      updatedAt: isoTime(g.updated_at) as string,
    })),
  };
}

const fullName = (h: { given_name: string | null; family_name: string | null }) =>
  [h.given_name, h.family_name].filter(Boolean).join(' ') || null;

/** One group (not a draft: staff see groups once sent) with its participants and history. */
export async function readGroup(db: Db, id: number): Promise<GroupRecord | undefined> {
  const g = await getGroup(db, id);
  if (!g || g.state === 'draft') return undefined;
  const [participants, events, inCharge, signer] = await Promise.all([
    participantsOf(db, id),
    groupEvents(db, id),
    holderOfAccount(db, g.in_charge_account_id),
    g.pledge_signed_by ? holderOfAccount(db, g.pledge_signed_by) : Promise.resolve(undefined),
  ]);
  return {
    id: g.id,
    title: g.title,
    kind: g.kind,
    purpose: g.purpose,
    state: g.state,
    version: g.version,
    startsOn: g.starts_on,
    endsOn: g.ends_on,
    responsibleGroup: g.responsible_group,
    inCharge: {
      accountId: g.in_charge_account_id,
      uid: inCharge?.uid ?? null,
      name: inCharge ? fullName(inCharge) : null,
      email: inCharge?.email ?? null,
    },
    needsScreening: g.needs_screening,
    screeningNote: g.screening_note,
    pledge: g.pledge_signed_at
      ? { signedAt: isoTime(g.pledge_signed_at) as string, signedBy: signer?.uid ?? null }
      : null,
    unixGroup: g.unix_group,
    handout: g.handout,
    decisionNote: g.decision_note,
    extension:
      g.extension_state && g.extension_to
        ? { to: g.extension_to, reason: g.extension_reason ?? '', state: g.extension_state }
        : null,
    createdAt: isoTime(g.created_at) as string,
    updatedAt: isoTime(g.updated_at) as string,
    participants: participants.map((p) => ({
      id: p.id,
      familyName: p.family_name,
      givenName: p.given_name,
      email: p.email,
      institution: p.institution,
      state: p.state,
      accountName: p.account_name,
      sshFingerprint: p.ssh_fingerprint,
      accountState: p.account_state,
      invitedAt: isoTime(p.invited_at) as string,
      confirmedAt: isoTime(p.confirmed_at),
    })),
    events: events.map((e) => ({
      at: isoTime(e.at) as string,
      participantId: e.participant_id,
      from: e.from_state,
      to: e.to_state,
      actor: e.actor,
      change: e.change,
      note: e.note,
    })),
  };
}

export type ParticipantApprovalOutcome =
  | { ok: true; result: ParticipantApprovalResult }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' };

/**
 * Staff's bulk approval (services/group-accounts.ts approveParticipants) as the API and
 * the command line report it: the skipped named with their account names, and the ids
 * asked for that were no confirmed participants of the group.
 */
export async function approveGroupParticipants(
  deps: GroupDeps,
  actor: string,
  groupId: number,
  which: number[] | 'confirmed',
  now = new Date(),
): Promise<ParticipantApprovalOutcome> {
  const before = await participantsOf(deps.db, groupId);
  const confirmed = new Set(before.filter((p) => p.state === 'confirmed').map((p) => p.id));
  const outcome = await approveParticipants(deps, actor, groupId, which, now);
  if (!outcome.ok) return outcome;
  const names = new Map(before.map((p) => [p.id, p.account_name]));
  return {
    ok: true,
    result: {
      approved: outcome.approved,
      skipped: outcome.skipped.map((s) => ({ ...s, accountName: names.get(s.participantId) ?? null })),
      leftOut: which === 'confirmed' ? [] : [...new Set(which)].filter((id) => !confirmed.has(id)),
    },
  };
}
