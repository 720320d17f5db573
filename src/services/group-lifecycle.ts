// After a group is approved: its registration certificates as one print batch, or
// (when staff chose so) the initial passwords on a sheet the person in charge prints,
// once and audited; one extension of the end date asked for by the person in charge
// and decided by staff. The end date itself is handled by jobs/handlers/groups.ts.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { createCertificateBatch, handOutGroupPasswords } from '../db/accounts.js';
import { advanceApplication } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import {
  changeGroup,
  GroupChangedError,
  getGroup,
  holderOfAccount,
  setGroupAccountsValidThrough,
} from '../db/groups.js';
import type { Database } from '../db/schema.js';
import { addDays, centreDayOf, centreDayStart, fiscalYearOf, isCalendarDay } from '../domain/fiscal-calendar.js';
import { checkText } from '../domain/text.js';
import { isLang } from '../i18n/index.js';
import type { Outbox } from '../mail/outbox.js';
import type { SecretBox } from '../secret-box.js';
import { MAX_GROUP_DAYS, mayActForGroup } from './group-accounts.js';

export interface GroupLifecycleDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  pokeJobs(): void;
}

/** A print batch of the group's certificates waiting to be posted; undefined when none waits. */
export async function makeGroupCertificateBatch(
  db: Kysely<Database>,
  staff: { id: number; actor: string },
  groupId: number,
): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const created = await createCertificateBatch(trx, staff.id, groupId);
    if (created !== undefined)
      await appendAudit(trx, {
        actor: staff.actor,
        action: 'certificate.batch.created',
        subject: `batch:${created}`,
        details: { group: groupId },
      });
    return created;
  });
}

export type SheetOutcome =
  | { ok: true; rows: { uid: string; familyName: string | null; givenName: string | null; password: string }[] }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' };

/**
 * The person in charge's sheet of initial passwords (a group whose passwords are handed
 * out, not posted): every account ready and not handed out yet, shown once; the sealed
 * passwords are cleared and the accounts' applications are issued in the same
 * transaction, and the hand-out is audited with the accounts' names.
 */
export async function openPasswordSheet(
  deps: GroupLifecycleDeps & { passwords: SecretBox },
  accountId: number,
  groupId: number,
): Promise<SheetOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  if (group.handout !== 'sheet' || (group.state !== 'approved' && group.state !== 'ended'))
    return { ok: false, problem: 'NOT_ALLOWED' };
  const actor = `account:${accountId}`;
  const rows = await deps.db.transaction().execute(async (trx) => {
    const handed = await handOutGroupPasswords(trx, groupId);
    for (const application of new Set(handed.filter((h) => h.state === 'provisioned').map((h) => h.application_id)))
      await advanceApplication(
        trx,
        application,
        'issued',
        actor,
        'initial password handed out by the person in charge',
      );
    if (handed.length)
      await appendAudit(trx, {
        actor,
        action: 'group.passwords.handed_out',
        subject: `group:${groupId}`,
        details: { accounts: handed.map((h) => h.uid) },
      });
    return handed;
  });
  return {
    ok: true,
    rows: rows.map((r) => ({
      uid: r.uid,
      familyName: r.family_name,
      givenName: r.given_name,
      password: r.sealed_password ? deps.passwords.open(r.sealed_password) : '',
    })),
  };
}

export const extensionInput = z
  .object({
    to: z.string().max(10).describe("the new last day ('YYYY-MM-DD')"),
    reason: z.string().max(20_000).describe('why the accounts are needed longer'),
  })
  .strict()
  .meta({ id: 'GroupExtensionRequest' });

export interface ExtensionProblems {
  to?: 'required' | 'not_a_day' | 'not_later' | 'too_long_period';
  reason?: 'required' | 'too_long' | 'not_text';
}

export type ExtensionOutcome =
  | { ok: true }
  | { ok: false; problem: 'NOT_FOUND' | 'NOT_ALLOWED' | 'ASKED' | 'CHANGED' }
  | { ok: false; problem: 'INVALID'; fields: ExtensionProblems };

/** The person in charge asks once to move the end date later (within three years of the start). */
export async function requestExtension(
  deps: GroupLifecycleDeps,
  accountId: number,
  groupId: number,
  raw: z.input<typeof extensionInput>,
  now = new Date(),
): Promise<ExtensionOutcome> {
  const input = extensionInput.parse(raw);
  const group = await getGroup(deps.db, groupId);
  if (!group || !(await mayActForGroup(deps.db, accountId, group))) return { ok: false, problem: 'NOT_FOUND' };
  if (group.state !== 'approved' || group.ends_on < centreDayOf(now)) return { ok: false, problem: 'NOT_ALLOWED' };
  if (group.extension_state) return { ok: false, problem: 'ASKED' };
  const fields: ExtensionProblems = {};
  const to = input.to.trim();
  if (!isCalendarDay(to)) fields.to = to ? 'not_a_day' : 'required';
  else if (to <= group.ends_on) fields.to = 'not_later';
  else if (to > addDays(group.starts_on, MAX_GROUP_DAYS)) fields.to = 'too_long_period';
  const reason = checkText(input.reason, { max: 4000, multiline: true });
  if (!reason.ok)
    fields.reason = reason.code === 'REQUIRED' ? 'required' : reason.code === 'TOO_LONG' ? 'too_long' : 'not_text';
  if (Object.keys(fields).length || !reason.ok) return { ok: false, problem: 'INVALID', fields };
  const actor = `account:${accountId}`;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await changeGroup(
        trx,
        group,
        { extension_to: to, extension_reason: reason.value, extension_state: 'requested' },
        { actor, change: 'extension_requested' },
      );
      await appendAudit(trx, {
        actor,
        action: 'group.extension.requested',
        subject: `group:${groupId}`,
        details: { to },
      });
    });
  } catch (error) {
    if (error instanceof GroupChangedError) return { ok: false, problem: 'CHANGED' };
    throw error;
  }
  return { ok: true };
}

export const extensionDecisionInput = z
  .object({
    version: z.number().int().nonnegative(),
    decision: z.enum(['approved', 'refused']),
    message: z.string().max(20_000).default(''),
  })
  .strict()
  .meta({ id: 'GroupExtensionDecision' });

/** Staff approve the extension (the end date moves) or refuse it; the person in charge is mailed. */
export async function decideExtension(
  deps: GroupLifecycleDeps,
  actor: string,
  groupId: number,
  raw: z.input<typeof extensionDecisionInput>,
): Promise<ExtensionOutcome> {
  const input = extensionDecisionInput.parse(raw);
  const group = await getGroup(deps.db, groupId);
  if (!group) return { ok: false, problem: 'NOT_FOUND' };
  if (group.version !== input.version) return { ok: false, problem: 'CHANGED' };
  if (group.state !== 'approved' || group.extension_state !== 'requested' || !group.extension_to)
    return { ok: false, problem: 'NOT_ALLOWED' };
  const message = checkText(input.message, { max: 4000, multiline: true, optional: true });
  if (!message.ok) return { ok: false, problem: 'INVALID', fields: { reason: 'not_text' } };
  const endsOn = input.decision === 'approved' ? group.extension_to : group.ends_on;
  const inCharge = await holderOfAccount(deps.db, group.in_charge_account_id);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await changeGroup(
        trx,
        group,
        { extension_state: input.decision, ends_on: endsOn },
        { actor, change: input.decision === 'approved' ? 'extension_approved' : 'extension_refused' },
      );
      if (input.decision === 'approved')
        await setGroupAccountsValidThrough(trx, groupId, fiscalYearOf(centreDayStart(endsOn)));
      if (inCharge)
        await deps.outbox.enqueue(trx, {
          to: inCharge.email,
          lang: isLang(group.lang) ? group.lang : 'ja',
          template: 'groupExtension',
          params: { title: group.title, state: input.decision, endsOn, message: message.value || undefined },
        });
      await appendAudit(trx, {
        actor,
        action: `group.extension.${input.decision}`,
        subject: `group:${groupId}`,
        details: { endsOn },
      });
    });
  } catch (error) {
    if (error instanceof GroupChangedError) return { ok: false, problem: 'CHANGED' };
    throw error;
  }
  deps.pokeJobs();
  return { ok: true };
}
