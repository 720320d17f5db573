// Applying an approved request of an account holder, as a durable job keyed by the
// request (a Suspension's waits for its day): Modification → the holder's details
// and every account's directory attributes; Manager Modification → the new
// responsible person and every account moved to their group; Suspension → every
// account locked and ended; Reissue → a new initial password for every account, set
// in the directory and sealed into the certificate, which staff print and post
// again, and the holder's sessions end. Each step can run twice; then `applied`,
// and mails.

import type { Kysely, Transaction } from 'kysely';
import type { Argon2Params } from '../../argon2.js';
import {
  type AccountRequest,
  advanceRequest,
  applyManagerChange,
  applyModification,
  endAccountsBySuspension,
  getRequest,
  lockRequest,
  requestHolder,
  requestHolderName,
  setAccountGroup,
} from '../../db/account-requests.js';
import { accountsOf, allocatePosixId, recordPosixId, reissueCertificate } from '../../db/accounts.js';
import { getFullApplication } from '../../db/applications.js';
import { appendAudit } from '../../db/audit.js';
import { enqueueJob } from '../../db/jobs.js';
import type { Database } from '../../db/schema.js';
import { deleteSessionsOf } from '../../db/sessions.js';
import { calendarLookup } from '../../db/settings.js';
import { markPasswordChanged } from '../../db/user-accounts.js';
import type { Directory } from '../../directory/directory.js';
import { directoryPasswordHash } from '../../directory/password-hash.js';
import type { FieldChange, NewResponsiblePerson, RequestState } from '../../domain/account-request.js';
import { formatCentreDate } from '../../domain/notices.js';
import type { PasswordScheme } from '../../domain/password-scheme.js';
import {
  accountEntry,
  type Division,
  generateInitialPassword,
  groupFor,
  type IdRange,
} from '../../domain/provisioning.js';
import { isLang } from '../../i18n/index.js';
import type { Outbox } from '../../mail/outbox.js';
import type { AccountRequestMailParams } from '../../mail/templates/request.js';
import type { SecretBox } from '../../secret-box.js';
import type { JobHandler } from '../worker.js';
import { settleContinuation } from './renewal.js';

export const REQUEST_APPLY_JOB = 'account.request.apply';

/** Queued in the approval's transaction; a Suspension runs on its day. */
export async function enqueueRequestApply(trx: Transaction<Database>, request: AccountRequest): Promise<void> {
  await enqueueJob(trx, {
    kind: REQUEST_APPLY_JOB,
    key: `request-apply:${request.id}`,
    payload: { requestId: request.id },
    maxAttempts: 8,
    ...(request.effective_at ? { runAt: request.effective_at } : {}),
  });
}

/** The holder's mail about a request reaching `event` (their language first). */
export async function mailHolder(
  trx: Transaction<Database>,
  outbox: Outbox,
  request: AccountRequest,
  event: RequestState,
  extra: Partial<AccountRequestMailParams> = {},
): Promise<void> {
  const holder = await requestHolder(trx, request);
  const lang = isLang(holder.lang) ? holder.lang : 'ja';
  await outbox.enqueue(trx, {
    to: holder.email,
    lang,
    template: 'accountRequest',
    params: {
      id: request.id,
      kind: request.kind,
      event,
      account: holder.uid,
      ...(request.effective_at ? { date: formatCentreDate(request.effective_at, lang) } : {}),
      ...extra,
    },
    key: `request:${request.id}:${event}:${request.version}`,
  });
}

/** The responsible person's columns, every one set (a new person shares nothing with the old). */
const responsibleColumns = [
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
  'email',
  'account_name',
  'group_name',
] as const;

export interface RequestApplyDeps {
  db: Kysely<Database>;
  directories: Record<Division, Directory>;
  outbox: Outbox;
  gidRange: IdRange;
  passwordSchemes: Record<Division, PasswordScheme>;
  argon2: Argon2Params;
  /** Seals initial passwords at rest until the certificate is posted (as provisioning does). */
  passwords: SecretBox;
  /** A Continuation waiting for a Manager Modification renews when it is applied (RENEWAL_OPENS_ON). */
  opensDefault: string;
  baseUrl: URL;
}

export function accountRequestJobHandlers(deps: RequestApplyDeps): Record<string, JobHandler> {
  const { db, outbox } = deps;
  return {
    [REQUEST_APPLY_JOB]: async (job) => {
      const { requestId } = job.payload as { requestId: number };
      const request = await getRequest(db, requestId);
      if (request?.state !== 'approved') return;
      const full = await getFullApplication(db, request.application_id);
      if (!full) return;
      const accounts = await accountsOf(db, request.application_id);
      const data = request.data;

      if (data.kind === 'modification') {
        const after = Object.fromEntries(data.changes.map((c: FieldChange) => [c.field, c.after]));
        const email = (after.email as string | undefined) ?? full.application.email;
        const given = 'given_name' in after ? (after.given_name as string | null) : full.applicant.given_name;
        const family = 'family_name' in after ? (after.family_name as string | null) : full.applicant.family_name;
        for (const a of accounts) {
          if (a.uid_number === null || a.gid_number === null || a.state === 'provisioning') continue;
          await deps.directories[a.division].ensureUser(
            accountEntry({
              uid: a.uid,
              uidNumber: a.uid_number,
              gidNumber: a.gid_number,
              givenName: given,
              familyName: family,
              email,
            }),
          );
        }
        await db.transaction().execute(async (trx) => {
          const { email: _email, ...applicantChanges } = after;
          // A holder who is their own responsible person: the copy follows.
          const { purpose: _purpose, ...personal } = applicantChanges;
          await applyModification(trx, full.application.id, {
            applicant: applicantChanges,
            email: after.email ? email : undefined,
            responsibleCopy: full.responsible.same_as_applicant
              ? { ...personal, ...(after.email ? { email } : {}) }
              : undefined,
          });
          await finish(trx, request);
        });
        return;
      }

      if (data.kind === 'manager') {
        const group = request.group_name;
        if (!group) throw new Error(`request ${request.id} was approved without a group`);
        for (const a of accounts) {
          if (a.uid_number === null || a.gid_number === null || a.state === 'provisioning') continue;
          const directory = deps.directories[a.division];
          const name = groupFor(a.division, group);
          const existing = await directory.getGroup(name);
          if (existing)
            await recordPosixId(db, { division: a.division, kind: 'gid', number: existing.gidNumber, name });
          const gidNumber =
            existing?.gidNumber ??
            (await allocatePosixId(db, {
              division: a.division,
              kind: 'gid',
              name,
              range: deps.gidRange,
              inDirectory: (n) => directory.findGidNumber(n),
            }));
          await directory.ensureGroup({ cn: name, gidNumber });
          await directory.addMember(name, a.uid);
          const user = await directory.getUser(a.uid);
          if (user) await directory.ensureUser({ ...user, gidNumber });
          if (a.group_name !== name) await directory.removeMember(a.group_name, a.uid);
          await setAccountGroup(db, a.id, { name, gidNumber });
        }
        const responsible = data.responsible as NewResponsiblePerson;
        await db.transaction().execute(async (trx) => {
          const row = Object.fromEntries(responsibleColumns.map((c) => [c, (responsible[c] as string | null) ?? null]));
          await applyManagerChange(
            trx,
            full.application.id,
            {
              ...row,
              same_as_applicant: responsible.same_as_applicant === true,
              account_unknown: responsible.account_unknown === true,
            },
            group,
          );
          const email = typeof responsible.email === 'string' ? responsible.email : null;
          if (email && responsible.same_as_applicant !== true)
            await mailResponsible(trx, request, email, full.application.lang, 'responsibleManager', { group });
          await finish(trx, request);
        });
        return;
      }

      if (data.kind === 'reissue') {
        for (const a of accounts) {
          if (a.state !== 'active' && a.state !== 'locked') continue;
          const certificate = await db
            .transaction()
            .execute((trx) =>
              reissueCertificate(trx, a.id, request.id, () => deps.passwords.seal(generateInitialPassword())),
            );
          // Posted already (a repeat after the letter went out): the directory has this password.
          if (!certificate.sealed_password) continue;
          const password = deps.passwords.open(certificate.sealed_password);
          await markPasswordChanged(db, a.id, new Date());
          await deps.directories[a.division].setPasswordHash(
            a.uid,
            await directoryPasswordHash(password, deps.passwordSchemes[a.division], deps.argon2),
          );
        }
        await db.transaction().execute(async (trx) => {
          for (const a of accounts) await deleteSessionsOf(trx, 'user', String(a.id));
          await finish(trx, request);
        });
        return;
      }

      // Suspension: its day has come.
      for (const a of accounts) {
        if (a.state === 'provisioning') continue;
        await deps.directories[a.division].lock(a.uid);
      }
      await db.transaction().execute(async (trx) => {
        await endAccountsBySuspension(trx, full.application.id, new Date());
        const r = full.responsible;
        if (!r.same_as_applicant && r.email)
          await mailResponsible(trx, request, r.email, full.application.lang, 'responsibleSuspension', {});
        await finish(trx, request);
      });
    },
  };

  async function mailResponsible(
    trx: Transaction<Database>,
    request: AccountRequest,
    to: string,
    lang: string,
    event: 'responsibleSuspension' | 'responsibleManager',
    extra: Partial<AccountRequestMailParams>,
  ) {
    const holder = await requestHolderName(trx, request);
    await outbox.enqueue(trx, {
      to,
      lang: isLang(lang) ? lang : 'ja',
      template: 'accountRequest',
      params: {
        id: request.id,
        kind: request.kind,
        event,
        account: holder.uid,
        holder: [holder.given_name, holder.family_name].filter(Boolean).join(' '),
        ...extra,
      },
      key: `request:${request.id}:${event}`,
    });
  }

  /** approved → applied, audited, the holder mailed; in the transaction of the last change. */
  async function finish(trx: Transaction<Database>, request: AccountRequest) {
    const locked = await lockRequest(trx, request.id);
    if (locked?.state !== 'approved') return;
    const done = await advanceRequest(trx, locked, 'applied', { actor: 'system' });
    if (done.kind === 'manager') {
      await settleContinuation(trx, outbox, done.id, 'applied', {
        calendar: await calendarLookup(trx, deps.opensDefault),
        baseUrl: deps.baseUrl,
      });
    }
    await appendAudit(trx, {
      actor: 'system',
      action: 'account_request.applied',
      subject: `request:${request.id}`,
      details: { kind: request.kind },
    });
    await mailHolder(trx, outbox, done, 'applied');
  }
}
