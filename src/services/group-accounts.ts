// Group and workshop accounts as use cases. A holder who keeps a responsible person's
// group (the responsible person, or a delegate they named) applies for a group: its
// details, then its participants, one by one or from a CSV, each row checked on its
// own; every participant is mailed a one-time link to confirm their address, choose an
// account name, give an SSH key and accept the terms. The responsible person signs the
// group's pledge while signed in. Staff review the group once, then approve its
// confirmed participants in bulk: each becomes an application of its own, approved at
// once in the group's UNIX group, and is provisioned by the usual job. The end date
// (and one extension) is handled by jobs/handlers/groups.ts.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ensureAccount } from '../db/accounts.js';
import { isAccountNameTaken, reservedAccountNames } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import {
  advanceGroup,
  changeGroup,
  type GroupAccount,
  GroupChangedError,
  getGroup,
  getParticipant,
  holderMailboxes,
  holderOfAccount,
  insertGroup,
  insertParticipantApplication,
  insertParticipants,
  lockGroup,
  moveParticipants,
  nextApplicationReferences,
  participantByToken,
  participantMailboxes,
  participantsOf,
  renewParticipantToken,
  updateGroupDetails,
} from '../db/groups.js';
import { enqueueJobs } from '../db/jobs.js';
import type { Database } from '../db/schema.js';
import { currentTerms } from '../db/settings.js';
import { plansHolderMayKeep, responsibleContact } from '../db/usage-plans.js';
import { type AccountNameProblem, checkAccountName } from '../domain/account-name.js';
import { mailboxKey } from '../domain/email-address.js';
import { addDays, centreDayOf, isCalendarDay } from '../domain/fiscal-calendar.js';
import {
  checkRow,
  type GroupState,
  groupKinds,
  groupMachine,
  type ListProblem,
  MAX_PARTICIPANTS,
  type RowResult,
  readParticipants,
} from '../domain/group-account.js';
import { isGroupName } from '../domain/provisioning.js';
import { checkSshPublicKey, type SshPublicKeyProblem } from '../domain/ssh-public-key.js';
import { TransitionError } from '../domain/state-machine.js';
import { checkText } from '../domain/text.js';
import { hashToken, newToken } from '../domain/tokens.js';
import { isLang, type Lang } from '../i18n/index.js';
import { PROVISION_ATTEMPTS, PROVISION_JOB, provisionJobKey } from '../jobs/handlers/provision.js';
import type { Outbox } from '../mail/outbox.js';

export interface GroupDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  /** Where links in mails point (participants' links, the person in charge's page). */
  baseUrl: URL;
  pokeJobs(): void;
  /** The free-mail domains a participant's address needs a reason for. */
  freeMailDomains(): Promise<string[]>;
}

/** A participant's one-time link lasts this long; a reminder sends a new one. */
export const INVITATION_DAYS = 14;
/** A participant is reminded at most this many times. */
export const MAX_REMINDERS = 5;
/** A group lasts at most this long (an extension included). */
export const MAX_GROUP_DAYS = 3 * 366;

const holderActor = (accountId: number) => `account:${accountId}`;

// ---------------------------------------------------------------------------------
// The group's details

export const groupInput = z
  .object({
    title: z.string().max(20_000).describe('the name of the workshop, course or consortium'),
    kind: z.enum(groupKinds),
    purpose: z.string().max(40_000).describe('what the accounts are for (plain text, at most 4,000 characters)'),
    startsOn: z.string().max(10).describe("the first day ('YYYY-MM-DD')"),
    endsOn: z.string().max(10).describe("the last day: the accounts end on it ('YYYY-MM-DD')"),
    responsibleGroup: z.string().max(100).describe("the responsible person's group the accounts are for"),
    needsScreening: z
      .boolean()
      .describe("some participants live abroad or fall into METI's specific categories (staff screen them)"),
  })
  .strict()
  .meta({ id: 'GroupAccountInput' });
export type GroupInput = z.input<typeof groupInput>;

export type GroupField = 'title' | 'kind' | 'purpose' | 'startsOn' | 'endsOn' | 'responsibleGroup';
export type GroupProblem =
  | 'required'
  | 'too_long'
  | 'not_text'
  | 'not_a_day'
  | 'before_start'
  | 'past'
  | 'too_long_period'
  | 'not_yours';

export type GroupOutcome =
  | { ok: true; group: GroupAccount }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' | 'CHANGED' }
  | { ok: false; problem: 'INVALID'; fields: Partial<Record<GroupField, GroupProblem>> };

const textProblem = (code: string): GroupProblem =>
  code === 'REQUIRED' ? 'required' : code === 'TOO_LONG' ? 'too_long' : 'not_text';

/** Checks a group's details: texts, real days, the end after the start and not past, at most three years. */
export function checkGroupDetails(input: z.output<typeof groupInput>, today: string) {
  const fields: Partial<Record<GroupField, GroupProblem>> = {};
  const title = checkText(input.title, { max: 200 });
  if (!title.ok) fields.title = textProblem(title.code);
  const purpose = checkText(input.purpose, { max: 4000, multiline: true });
  if (!purpose.ok) fields.purpose = textProblem(purpose.code);
  const startsOn = input.startsOn.trim();
  const endsOn = input.endsOn.trim();
  if (!isCalendarDay(startsOn)) fields.startsOn = startsOn ? 'not_a_day' : 'required';
  if (!isCalendarDay(endsOn)) fields.endsOn = endsOn ? 'not_a_day' : 'required';
  else if (endsOn < today) fields.endsOn = 'past';
  else if (!fields.startsOn && endsOn < startsOn) fields.endsOn = 'before_start';
  else if (!fields.startsOn && endsOn > addDays(startsOn, MAX_GROUP_DAYS)) fields.endsOn = 'too_long_period';
  return {
    fields,
    details: {
      title: title.ok ? title.value : input.title,
      kind: input.kind,
      purpose: purpose.ok ? purpose.value : input.purpose,
      startsOn,
      endsOn,
      needsScreening: input.needsScreening,
    },
  };
}

/** The responsible persons' groups a holder may apply for groups in (as the responsible person or a delegate). */
export async function groupsHolderMayUse(db: Kysely<Database>, accountId: number) {
  return plansHolderMayKeep(db, accountId);
}

/** Whether the holder may act for the group: they are in charge of it, or keep its responsible person's group. */
export async function mayActForGroup(db: Kysely<Database>, accountId: number, group: GroupAccount) {
  if (group.in_charge_account_id === accountId) return true;
  return (await plansHolderMayKeep(db, accountId)).some((g) => g.group === group.responsible_group);
}

/** A holder starts a group (a draft) for a responsible person's group they keep. */
export async function createGroup(
  deps: GroupDeps,
  accountId: number,
  raw: GroupInput,
  lang: Lang,
  now = new Date(),
): Promise<GroupOutcome> {
  const input = groupInput.parse(raw);
  const { fields, details } = checkGroupDetails(input, centreDayOf(now));
  const responsibleGroup = input.responsibleGroup.trim();
  if (!(await plansHolderMayKeep(deps.db, accountId)).some((g) => g.group === responsibleGroup))
    fields.responsibleGroup = responsibleGroup ? 'not_yours' : 'required';
  if (Object.keys(fields).length) return { ok: false, problem: 'INVALID', fields };
  const actor = holderActor(accountId);
  const group = await deps.db.transaction().execute(async (trx) => {
    const made = await insertGroup(trx, { ...details, responsibleGroup, inChargeAccountId: accountId, lang }, actor);
    await appendAudit(trx, {
      actor,
      action: 'group.created',
      subject: `group:${made.id}`,
      details: { title: made.title },
    });
    return made;
  });
  return { ok: true, group };
}

/** The person in charge changes the details while the group is a draft or staff asked for information. */
export async function updateGroup(
  deps: GroupDeps,
  accountId: number,
  groupId: number,
  raw: Omit<GroupInput, 'responsibleGroup'> & { version: number },
  now = new Date(),
): Promise<GroupOutcome> {
  const { version, ...rest } = raw;
  const input = groupInput.omit({ responsibleGroup: true }).parse(rest);
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  if (group.state !== 'draft' && group.state !== 'information_requested') return { ok: false, problem: 'NOT_ALLOWED' };
  if (group.version !== version) return { ok: false, problem: 'CHANGED' };
  const { fields, details } = checkGroupDetails(
    { ...input, responsibleGroup: group.responsible_group },
    centreDayOf(now),
  );
  if (Object.keys(fields).length) return { ok: false, problem: 'INVALID', fields };
  const actor = holderActor(accountId);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await lockGroup(trx, groupId);
    if (locked?.version !== version) throw new GroupChangedError(groupId);
    await updateGroupDetails(trx, groupId, details);
    await appendAudit(trx, { actor, action: 'group.changed', subject: `group:${groupId}` });
  });
  return { ok: true, group: (await getGroup(deps.db, groupId)) as GroupAccount };
}

// ---------------------------------------------------------------------------------
// Participants

/** Groups in these states take new participants. */
const inviting: readonly GroupState[] = ['draft', 'submitted', 'information_requested', 'approved'];

export type AddOutcome =
  | { ok: true; rows: RowResult[]; added: number }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' }
  | { ok: false; problem: ListProblem };

/**
 * The person in charge adds participants: a CSV's text, or rows typed one by one. Every
 * row is checked on its own (see readParticipants); those that pass are invited (each
 * mailed a one-time link in the page's language), the others come back with their
 * field and reason, to be fixed and sent again.
 */
export async function addParticipants(
  deps: GroupDeps,
  accountId: number,
  groupId: number,
  list: { csv: string } | { rows: string[][] },
  lang: Lang,
  now = new Date(),
): Promise<AddOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  if (!inviting.includes(group.state) || group.ends_on < centreDayOf(now)) return { ok: false, problem: 'NOT_ALLOWED' };
  const freeMailDomains = await deps.freeMailDomains();
  const existing = await participantMailboxes(deps.db, groupId);
  let rows: RowResult[];
  if ('csv' in list) {
    const read = readParticipants(list.csv, { freeMailDomains, existing });
    if (!read.ok) return { ok: false, problem: read.problem };
    rows = read.rows;
  } else {
    const seen = new Set<string>();
    rows = list.rows.map((cells, i) => checkRow(cells, i + 1, freeMailDomains, { seen, existing }));
  }
  // An address that already holds an account needs no new one.
  const holders = await holderMailboxes(
    deps.db,
    rows.flatMap((r) => (r.ok ? [mailboxKey(r.participant.email)] : [])),
  );
  rows = rows.map((r) =>
    r.ok && holders.has(mailboxKey(r.participant.email))
      ? {
          line: r.line,
          ok: false,
          field: 'email',
          problem: 'already_holder',
          cells: [r.participant.familyName, r.participant.givenName, r.participant.email, r.participant.institution],
        }
      : r,
  );
  const accepted = rows.filter((r): r is Extract<RowResult, { ok: true }> => r.ok);
  if (existing.size + accepted.length > MAX_PARTICIPANTS) return { ok: false, problem: 'too_many' };
  const actor = holderActor(accountId);
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const added = await deps.db.transaction().execute(async (trx) => {
    const tokens = accepted.map(() => newToken());
    const made = await insertParticipants(
      trx,
      groupId,
      accepted.map((r, i) => ({
        participant: r.participant,
        emailKey: mailboxKey(r.participant.email),
        tokenHash: hashToken(tokens[i] as string),
        expiresAt,
        lang,
      })),
      actor,
    );
    const tokenOf = new Map(accepted.map((_, i) => [hashToken(tokens[i] as string), tokens[i] as string]));
    await deps.outbox.enqueueMany(
      trx,
      made.map((p) => invitationMail(deps, group, p.email, lang, tokenOf.get(p.token_hash ?? '') ?? '', 'invited')),
    );
    if (made.length)
      await appendAudit(trx, {
        actor,
        action: 'group.participants.invited',
        subject: `group:${groupId}`,
        details: { count: made.length },
      });
    return made.length;
  });
  deps.pokeJobs();
  return { ok: true, rows, added };
}

function invitationMail(
  deps: GroupDeps,
  group: GroupAccount,
  to: string,
  lang: Lang,
  token: string,
  event: 'invited' | 'reminded',
) {
  return {
    to,
    lang,
    template: 'groupInvitation' as const,
    params: {
      event,
      title: group.title,
      endsOn: group.ends_on,
      url: new URL(`/group-invitation?token=${encodeURIComponent(token)}`, deps.baseUrl).toString(),
      days: INVITATION_DAYS,
    },
  };
}

export type ParticipantOutcome =
  | { ok: true }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' | 'TOO_MANY_REMINDERS' }
  /** A refusal's reason is missing or not plain text (at most 1,000 characters). */
  | { ok: false; problem: 'REASON' };

/** A new link for an invited participant who has not answered (the old one stops working). */
export async function remindParticipant(
  deps: GroupDeps,
  accountId: number,
  groupId: number,
  participantId: number,
  now = new Date(),
): Promise<ParticipantOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  const participant = await getParticipant(deps.db, participantId);
  if (participant?.group_id !== groupId) return { ok: false, problem: 'NOT_FOUND' };
  if (participant.state !== 'invited' || !inviting.includes(group.state)) return { ok: false, problem: 'NOT_ALLOWED' };
  if (participant.reminders >= MAX_REMINDERS) return { ok: false, problem: 'TOO_MANY_REMINDERS' };
  const token = newToken();
  const lang = isLang(participant.lang) ? participant.lang : 'ja';
  const done = await deps.db.transaction().execute(async (trx) => {
    const renewed = await renewParticipantToken(trx, participantId, {
      hash: hashToken(token),
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
    });
    if (!renewed) return false;
    await deps.outbox.enqueue(trx, invitationMail(deps, group, participant.email, lang, token, 'reminded'));
    await appendAudit(trx, {
      actor: holderActor(accountId),
      action: 'group.participant.reminded',
      subject: `group:${groupId}`,
      details: { participant: participantId },
    });
    return true;
  });
  if (!done) return { ok: false, problem: 'NOT_ALLOWED' };
  deps.pokeJobs();
  return { ok: true };
}

/** The person in charge removes a participant who has no account yet. */
export async function removeParticipant(
  deps: GroupDeps,
  accountId: number,
  groupId: number,
  participantId: number,
): Promise<ParticipantOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  const actor = holderActor(accountId);
  const moved = await deps.db.transaction().execute(async (trx) => {
    const ids = await moveParticipants(trx, groupId, [participantId], 'removed', {
      actor,
      from: ['invited', 'confirmed'],
      set: { token_hash: null, token_expires_at: null },
    });
    if (ids.length)
      await appendAudit(trx, {
        actor,
        action: 'group.participant.removed',
        subject: `group:${groupId}`,
        details: { participant: participantId },
      });
    return ids.length > 0;
  });
  return moved ? { ok: true } : { ok: false, problem: 'NOT_ALLOWED' };
}

// ---------------------------------------------------------------------------------
// The pledge and sending the group for review

/** What the responsible person declares for a group, by key (the texts are in i18n: `group.pledge.<key>`). */
export const groupPledgeDeclarations = ['supervise', 'terms', 'eligibility', 'end'] as const;
export type GroupPledgeDeclaration = (typeof groupPledgeDeclarations)[number];

export type PledgeOutcome =
  | { ok: true }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_RESPONSIBLE' | 'SIGNED' | 'CHANGED' }
  | { ok: false; problem: 'UNTICKED'; missing: GroupPledgeDeclaration[] };

/**
 * The responsible person signs the group's pledge while signed in: every declaration
 * ticked; the texts as shown (`shown`, in the page's language) are kept with it.
 */
export async function signGroupPledge(
  deps: GroupDeps,
  accountId: number,
  groupId: number,
  ticked: readonly string[],
  shown: string,
): Promise<PledgeOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group) return { ok: false, problem: 'NOT_FOUND' };
  const mine = await plansHolderMayKeep(deps.db, accountId);
  if (!mine.some((g) => g.group === group.responsible_group && g.as === 'responsible')) {
    return (await mayActForGroup(deps.db, accountId, group))
      ? { ok: false, problem: 'NOT_RESPONSIBLE' }
      : { ok: false, problem: 'NOT_FOUND' };
  }
  if (group.pledge_signed_at) return { ok: false, problem: 'SIGNED' };
  if (!['draft', 'submitted', 'information_requested'].includes(group.state)) return { ok: false, problem: 'SIGNED' };
  const missing = groupPledgeDeclarations.filter((d) => !ticked.includes(d));
  if (missing.length) return { ok: false, problem: 'UNTICKED', missing };
  const actor = holderActor(accountId);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await changeGroup(
        trx,
        group,
        { pledge_signed_at: new Date(), pledge_signed_by: accountId, pledge_text: shown.slice(0, 20_000) },
        { actor, change: 'pledge_signed' },
      );
      await appendAudit(trx, { actor, action: 'group.pledge.signed', subject: `group:${groupId}` });
    });
  } catch (error) {
    if (error instanceof GroupChangedError) return { ok: false, problem: 'CHANGED' };
    throw error;
  }
  return { ok: true };
}

export type SubmitOutcome =
  | { ok: true; group: GroupAccount; pledgeAsked: boolean }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' | 'NO_PARTICIPANTS' | 'CHANGED' };

/**
 * The person in charge sends the group for review. When the pledge is not signed yet,
 * the responsible person is mailed to sign it (staff approve only once it is).
 */
export async function submitGroup(deps: GroupDeps, accountId: number, groupId: number): Promise<SubmitOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  if (!groupMachine.can(group.state, 'submitted')) return { ok: false, problem: 'NOT_ALLOWED' };
  const participants = (await participantsOf(deps.db, groupId)).filter((p) => p.state !== 'removed');
  if (!participants.length) return { ok: false, problem: 'NO_PARTICIPANTS' };
  const actor = holderActor(accountId);
  const responsible = group.pledge_signed_at ? undefined : await responsibleContact(deps.db, group.responsible_group);
  try {
    const moved = await deps.db.transaction().execute(async (trx) => {
      const row = await advanceGroup(trx, group, 'submitted', { actor });
      if (responsible)
        await deps.outbox.enqueue(trx, {
          to: responsible.email,
          lang: isLang(responsible.lang) ? responsible.lang : 'ja',
          template: 'groupPledge',
          params: {
            title: group.title,
            group: group.responsible_group,
            url: new URL(`/account/groups/${groupId}`, deps.baseUrl).toString(),
          },
          key: `group-pledge:${groupId}`,
        });
      await appendAudit(trx, { actor, action: 'group.submitted', subject: `group:${groupId}` });
      return row;
    });
    deps.pokeJobs();
    return { ok: true, group: moved, pledgeAsked: responsible !== undefined };
  } catch (error) {
    if (error instanceof GroupChangedError) return { ok: false, problem: 'CHANGED' };
    throw error;
  }
}

/** The person in charge withdraws a group staff have not approved. */
export async function withdrawGroup(deps: GroupDeps, accountId: number, groupId: number): Promise<SubmitOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  if (!groupMachine.can(group.state, 'withdrawn')) return { ok: false, problem: 'NOT_ALLOWED' };
  const actor = holderActor(accountId);
  try {
    const moved = await deps.db.transaction().execute(async (trx) => {
      const row = await advanceGroup(trx, group, 'withdrawn', { actor });
      await moveParticipants(trx, groupId, 'all', 'removed', {
        actor,
        change: 'group_withdrawn',
        from: ['invited', 'confirmed'],
        set: { token_hash: null, token_expires_at: null },
      });
      await appendAudit(trx, { actor, action: 'group.withdrawn', subject: `group:${groupId}` });
      return row;
    });
    return { ok: true, group: moved, pledgeAsked: false };
  } catch (error) {
    if (error instanceof GroupChangedError) return { ok: false, problem: 'CHANGED' };
    throw error;
  }
}

// ---------------------------------------------------------------------------------
// The participant's one-time link

export type InvitationView = NonNullable<Awaited<ReturnType<typeof participantByToken>>>;

/** The invitation behind a link, while it is unused, unexpired and the group still takes participants. */
export async function findInvitation(db: Kysely<Database>, token: string, now = new Date()) {
  if (!token || token.length > 200) return undefined;
  const found = await participantByToken(db, hashToken(token), now);
  if (!found || !inviting.includes(found.group_state) || found.ends_on < centreDayOf(now)) return undefined;
  return found;
}

export const invitationInput = z
  .object({
    accountName: z.string().max(1000).default(''),
    sshKey: z.string().max(100_000).default(''),
    terms: z.boolean().default(false),
    termsVersion: z.string().max(100).default(''),
  })
  .strict();
export type InvitationInput = z.input<typeof invitationInput>;

export type InvitationField = 'accountName' | 'sshKey' | 'terms';
export type InvitationProblem =
  | AccountNameProblem
  | 'ACCOUNT_NAME_TAKEN'
  | Exclude<SshPublicKeyProblem, 'EMPTY'>
  | 'SSH_KEY_REQUIRED'
  | 'TERMS_REQUIRED'
  | 'TERMS_CHANGED';

export type InvitationOutcome =
  | { ok: true }
  | { ok: false; problem: 'GONE' }
  | { ok: false; problem: 'INVALID'; fields: Partial<Record<InvitationField, InvitationProblem>> };

/**
 * The participant answers their link: an account name (the application's rules, not
 * taken), an SSH public key (the application's rules; required: a participant's first
 * login is by key) and the terms of use accepted. The link is used up.
 */
export async function answerInvitation(
  deps: GroupDeps,
  token: string,
  raw: InvitationInput,
  now = new Date(),
): Promise<InvitationOutcome> {
  const input = invitationInput.parse(raw);
  const invitation = await findInvitation(deps.db, token, now);
  if (!invitation) return { ok: false, problem: 'GONE' };
  const fields: Partial<Record<InvitationField, InvitationProblem>> = {};
  const name = checkAccountName(input.accountName, await reservedAccountNames(deps.db));
  if (!name.ok) fields.accountName = name.code;
  else if (await isAccountNameTaken(deps.db, name.name, 0, invitation.id)) fields.accountName = 'ACCOUNT_NAME_TAKEN';
  const key = checkSshPublicKey(input.sshKey);
  if (!key.ok) fields.sshKey = key.code === 'EMPTY' ? 'SSH_KEY_REQUIRED' : key.code;
  const terms = await currentTerms(deps.db, 'terms_of_use');
  if (!input.terms) fields.terms = 'TERMS_REQUIRED';
  else if (input.termsVersion !== terms.version) fields.terms = 'TERMS_CHANGED';
  if (Object.keys(fields).length || !name.ok || !key.ok) return { ok: false, problem: 'INVALID', fields };
  const actor = `participant:${invitation.id}`;
  try {
    const moved = await deps.db.transaction().execute(async (trx) => {
      const ids = await moveParticipants(trx, invitation.group_id, [invitation.id], 'confirmed', {
        actor,
        from: ['invited'],
        set: {
          token_hash: null,
          token_expires_at: null,
          confirmed_at: now,
          account_name: name.name,
          ssh_public_key: key.key.line,
          ssh_fingerprint: key.key.fingerprint,
          terms_version: terms.version,
        },
      });
      if (ids.length)
        await appendAudit(trx, {
          actor,
          action: 'group.participant.confirmed',
          subject: `group:${invitation.group_id}`,
          details: { participant: invitation.id, accountName: name.name, fingerprint: key.key.fingerprint },
        });
      return ids.length > 0;
    });
    return moved ? { ok: true } : { ok: false, problem: 'GONE' };
  } catch (error) {
    // Two participants claimed the same name at once: the unique index decides.
    if ((error as { code?: string }).code === '23505')
      return { ok: false, problem: 'INVALID', fields: { accountName: 'ACCOUNT_NAME_TAKEN' } };
    throw error;
  }
}

// ---------------------------------------------------------------------------------
// Staff: the group's review and the participants' bulk approval

export const groupDecisionInput = z
  .object({
    version: z.number().int().nonnegative().describe('the `version` of the group as last read'),
    decision: z.enum(['approved', 'information_requested', 'rejected']),
    message: z.string().max(20_000).default('').describe('to the person in charge; needed unless approving'),
    unixGroup: z
      .string()
      .max(100)
      .optional()
      .describe("the UNIX group the accounts join (default: the responsible person's group)"),
    handout: z
      .enum(['post', 'sheet'])
      .default('post')
      .describe(
        'post: registration certificates in one print batch; sheet: the person in charge prints the initial passwords',
      ),
    screening: z.string().max(20_000).default('').describe('the screening done, when the group needs one'),
  })
  .strict()
  .meta({ id: 'GroupDecision' });
export type GroupDecisionInput = z.input<typeof groupDecisionInput>;

export type GroupDecisionOutcome =
  | { ok: true; group: GroupAccount }
  | {
      ok: false;
      problem: 'NOT_FOUND' | 'CHANGED' | 'NOT_ALLOWED' | 'MESSAGE' | 'GROUP' | 'PLEDGE' | 'SCREENING';
    };

/** Staff approve a group (its UNIX group and how passwords are handed out), ask for information, or refuse it. */
export async function decideGroup(
  deps: GroupDeps,
  actor: string,
  groupId: number,
  raw: GroupDecisionInput,
): Promise<GroupDecisionOutcome> {
  const input = groupDecisionInput.parse(raw);
  const group = await getGroup(deps.db, groupId);
  if (!group || group.state === 'draft') return { ok: false, problem: 'NOT_FOUND' };
  if (input.version !== group.version) return { ok: false, problem: 'CHANGED' };
  if (group.state !== 'submitted' || !groupMachine.can(group.state, input.decision))
    return { ok: false, problem: 'NOT_ALLOWED' };
  const message = checkText(input.message, { max: 4000, multiline: true, optional: input.decision === 'approved' });
  if (!message.ok) return { ok: false, problem: 'MESSAGE' };
  let unixGroup: string | undefined;
  let screening: string | null = null;
  if (input.decision === 'approved') {
    if (!group.pledge_signed_at) return { ok: false, problem: 'PLEDGE' };
    if (group.needs_screening) {
      const done = checkText(input.screening, { max: 4000, multiline: true });
      if (!done.ok) return { ok: false, problem: 'SCREENING' };
      screening = done.value;
    }
    const name = (input.unixGroup?.trim() || group.responsible_group).toLowerCase();
    if (name !== group.responsible_group && !isGroupName(name, await reservedAccountNames(deps.db)))
      return { ok: false, problem: 'GROUP' };
    unixGroup = name;
  }
  const inCharge = await holderOfAccount(deps.db, group.in_charge_account_id);
  try {
    const decided = await deps.db.transaction().execute(async (trx) => {
      const row = await advanceGroup(trx, group, input.decision, {
        actor,
        note: message.value || null,
        set: {
          decision_note: message.value || null,
          ...(unixGroup ? { unix_group: unixGroup, handout: input.handout, screening_note: screening } : {}),
        },
      });
      if (input.decision === 'rejected')
        await moveParticipants(trx, groupId, 'all', 'removed', {
          actor,
          change: 'group_refused',
          from: ['invited', 'confirmed'],
          set: { token_hash: null, token_expires_at: null },
        });
      if (inCharge)
        await deps.outbox.enqueue(trx, {
          to: inCharge.email,
          lang: isLang(group.lang) ? group.lang : 'ja',
          template: 'groupDecided',
          params: {
            title: group.title,
            state: input.decision,
            message: message.value || undefined,
            url: new URL(`/account/groups/${groupId}`, deps.baseUrl).toString(),
          },
        });
      await appendAudit(trx, {
        actor,
        action: `group.${input.decision}`,
        subject: `group:${groupId}`,
        details: unixGroup ? { unixGroup, handout: input.handout } : {},
      });
      return row;
    });
    deps.pokeJobs();
    return { ok: true, group: decided };
  } catch (error) {
    if (error instanceof GroupChangedError) return { ok: false, problem: 'CHANGED' };
    if (error instanceof TransitionError) return { ok: false, problem: 'NOT_ALLOWED' };
    throw error;
  }
}

export type BulkOutcome =
  | { ok: true; approved: number; skipped: { participantId: number; problem: 'NAME_TAKEN' }[] }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' };

/** Participants approved per transaction (each makes an application, an account and a job). */
const BULK_CHUNK = 100;

/**
 * Staff approve confirmed participants of an approved group (those named, or every
 * confirmed one): each becomes an application of its own, approved, with its account
 * in the group's UNIX group and its provisioning job, in chunks of 100 per transaction.
 * A participant whose name was taken since (a directory import) is skipped and named.
 */
export async function approveParticipants(
  deps: GroupDeps,
  actor: string,
  groupId: number,
  which: number[] | 'confirmed',
  now = new Date(),
): Promise<BulkOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group) return { ok: false, problem: 'NOT_FOUND' };
  if (group.state !== 'approved' || !group.unix_group || group.ends_on < centreDayOf(now))
    return { ok: false, problem: 'NOT_ALLOWED' };
  const signer = group.pledge_signed_by ? await holderOfAccount(deps.db, group.pledge_signed_by) : undefined;
  const inCharge = signer ?? (await holderOfAccount(deps.db, group.in_charge_account_id));
  if (!inCharge) return { ok: false, problem: 'NOT_ALLOWED' };
  const wanted = which === 'confirmed' ? undefined : new Set(which);
  const confirmed = (await participantsOf(deps.db, groupId)).filter(
    (p) => p.state === 'confirmed' && (!wanted || wanted.has(p.id)),
  );
  const skipped: { participantId: number; problem: 'NAME_TAKEN' }[] = [];
  let approved = 0;
  const unixGroup = group.unix_group;
  const expiresAt = new Date(now.getTime() + 366 * 86_400_000);
  for (let i = 0; i < confirmed.length; i += BULK_CHUNK) {
    const chunk: typeof confirmed = [];
    for (const p of confirmed.slice(i, i + BULK_CHUNK)) {
      if (await isAccountNameTaken(deps.db, p.account_name ?? '', 0, p.id))
        skipped.push({ participantId: p.id, problem: 'NAME_TAKEN' });
      else chunk.push(p);
    }
    if (!chunk.length) continue;
    const references = await nextApplicationReferences(deps.db, now, chunk.length);
    approved += await deps.db.transaction().execute(async (trx) => {
      const jobs = [];
      let n = 0;
      for (const [j, p] of chunk.entries()) {
        const applicationId = await insertParticipantApplication(trx, {
          participant: p,
          group: { id: groupId, unix_group: unixGroup, responsible_group: group.responsible_group },
          reference: references[j] as string,
          responsible: {
            familyName: inCharge.family_name,
            givenName: inCharge.given_name,
            email: inCharge.email,
            institution: inCharge.institution,
            accountName: inCharge.uid,
          },
          actor,
          at: now,
          expiresAt,
        });
        const moved = await moveParticipants(trx, groupId, [p.id], 'approved', {
          actor,
          from: ['confirmed'],
          set: { application_id: applicationId },
        });
        if (!moved.length) throw new GroupChangedError(groupId);
        await ensureAccount(
          trx,
          { applicationId, division: 'ga', uid: p.account_name ?? '', groupName: unixGroup },
          actor,
        );
        jobs.push({
          kind: PROVISION_JOB,
          key: provisionJobKey(applicationId),
          payload: { applicationId },
          maxAttempts: PROVISION_ATTEMPTS,
        });
        n++;
      }
      await enqueueJobs(trx, jobs);
      await appendAudit(trx, {
        actor,
        action: 'group.participants.approved',
        subject: `group:${groupId}`,
        details: { accounts: chunk.map((p) => p.account_name) },
      });
      return n;
    });
    deps.pokeJobs();
  }
  return { ok: true, approved, skipped };
}

/** A participant staff refuse (before approval, while the group is with staff or approved): removed, with the reason audited. */
export async function refuseParticipant(
  deps: GroupDeps,
  actor: string,
  groupId: number,
  participantId: number,
  raw: string,
): Promise<ParticipantOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group) return { ok: false, problem: 'NOT_FOUND' };
  if (!['submitted', 'information_requested', 'approved'].includes(group.state))
    return { ok: false, problem: 'NOT_ALLOWED' };
  const checked = checkText(raw, { max: 1000, multiline: true });
  if (!checked.ok) return { ok: false, problem: 'REASON' };
  const reason = checked.value;
  const moved = await deps.db.transaction().execute(async (trx) => {
    const ids = await moveParticipants(trx, groupId, [participantId], 'removed', {
      actor,
      note: reason,
      from: ['invited', 'confirmed'],
      set: { token_hash: null, token_expires_at: null },
    });
    if (ids.length)
      await appendAudit(trx, {
        actor,
        action: 'group.participant.refused',
        subject: `group:${groupId}`,
        details: { participant: participantId, reason },
      });
    return ids.length > 0;
  });
  return moved ? { ok: true } : { ok: false, problem: 'NOT_ALLOWED' };
}
