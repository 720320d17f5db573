// Provisioning an approved application: for each of its accounts (GA, and PG when
// asked for), allocate the UID/GID numbers → ensure the group → ensure the user (with
// the SSH key given) → add it to the group → set the initial password → set the quota
// → mark it active; then the application is `provisioned` and its certificates can
// be printed. One durable job keyed by the application; every step is idempotent, so
// a retry after a crash anywhere (the directory's, the database's, this process's)
// ends with each account in the directory exactly once.
import type { Kysely, Transaction } from 'kysely';
import type { Argon2Params } from '../../argon2.js';
import {
  accountsOf,
  activateAccount,
  allocatePosixId,
  ensureCertificate,
  markCertificatesReady,
  recordPosixId,
  recordQuota,
  setAccountNumbers,
} from '../../db/accounts.js';
import { advanceApplication, getFullApplication } from '../../db/applications.js';
import { appendAudit } from '../../db/audit.js';
import { getGroup, participantProvisioned } from '../../db/groups.js';
import { enqueueJob } from '../../db/jobs.js';
import type { Database } from '../../db/schema.js';
import { recordProvisionedKey } from '../../db/ssh-keys.js';
import type { Directory } from '../../directory/directory.js';
import { directoryPasswordHash } from '../../directory/password-hash.js';
import {
  type CalendarLookup,
  centreDayStart,
  fiscalYearOf,
  validThroughAtRegistration,
} from '../../domain/fiscal-calendar.js';
import type { PasswordScheme } from '../../domain/password-scheme.js';
import {
  accountEntry,
  type Division,
  GA_DEFAULT_QUOTA_BYTES,
  generateInitialPassword,
  type IdRange,
  PG_DEFAULT_QUOTA_BYTES,
} from '../../domain/provisioning.js';
import type { QuotaSetter } from '../../quota/quota-setter.js';
import type { SecretBox } from '../../secret-box.js';
import type { JobHandler } from '../worker.js';

export const PROVISION_JOB = 'account.provision';

/** Tries before the application shows "provisioning failed" (backoff doubles from 10 s: about 40 minutes in all). */
export const PROVISION_ATTEMPTS = 8;

export const provisionJobKey = (applicationId: number) => `provision:${applicationId}`;

/** Queued in the approval's transaction; a second approval of the same application adds nothing. */
export async function enqueueProvisioning(trx: Transaction<Database>, applicationId: number): Promise<void> {
  await enqueueJob(trx, {
    kind: PROVISION_JOB,
    key: provisionJobKey(applicationId),
    payload: { applicationId },
    maxAttempts: PROVISION_ATTEMPTS,
  });
}

export interface ProvisionDeps {
  db: Kysely<Database>;
  directories: Record<Division, Directory>;
  passwordSchemes: Record<Division, PasswordScheme>;
  argon2: Argon2Params;
  quota: QuotaSetter;
  /** Seals initial passwords at rest until the certificate is posted. */
  passwords: SecretBox;
  uidRange: IdRange;
  gidRange: IdRange;
  /** The renewal calendar: which fiscal year a new account is valid through. */
  calendar: () => Promise<CalendarLookup>;
}

export function provisionJobHandlers(deps: ProvisionDeps): Record<string, JobHandler> {
  const { db } = deps;
  return {
    [PROVISION_JOB]: async (job) => {
      const { applicationId } = job.payload as { applicationId: number };
      const full = await getFullApplication(db, applicationId);
      if (full?.application.state !== 'approved') return;
      const a = full.applicant;
      const calendar = await deps.calendar();
      // A group's account is valid through its group's last day instead of the usual year.
      const group = full.application.group_account_id
        ? await getGroup(db, full.application.group_account_id)
        : undefined;
      const validThrough = (at: Date) => {
        const usual = validThroughAtRegistration(at, calendar);
        return group ? Math.max(usual, fiscalYearOf(centreDayStart(group.ends_on))) : usual;
      };
      for (const account of await accountsOf(db, applicationId)) {
        const directory = deps.directories[account.division];
        const division = account.division;
        // The responsible person's group may exist already (made by sc-account or before it): join it.
        const group = await directory.getGroup(account.group_name);
        if (group) await recordPosixId(db, { division, kind: 'gid', number: group.gidNumber, name: group.cn });
        const gidNumber =
          group?.gidNumber ??
          (await allocatePosixId(db, {
            division,
            kind: 'gid',
            name: account.group_name,
            range: deps.gidRange,
            inDirectory: (n) => directory.findGidNumber(n),
          }));
        const uidNumber = await allocatePosixId(db, {
          division,
          kind: 'uid',
          name: account.uid,
          range: deps.uidRange,
          inDirectory: (n) => directory.findUidNumber(n),
        });
        await setAccountNumbers(db, account.id, { uidNumber, gidNumber });
        await directory.ensureGroup({ cn: account.group_name, gidNumber });
        await directory.ensureUser({
          ...accountEntry({
            uid: account.uid,
            uidNumber,
            gidNumber,
            givenName: a.given_name,
            familyName: a.family_name,
            email: full.application.email,
          }),
          sshPublicKeys: full.application.ssh_public_key ? [full.application.ssh_public_key] : [],
        });
        await directory.addMember(account.group_name, account.uid);
        // The password is made once and kept sealed: a repeat sets the same one again.
        const certificate = await ensureCertificate(db, account.id, () =>
          deps.passwords.seal(generateInitialPassword()),
        );
        if (certificate.sealed_password && !certificate.posted_at) {
          const password = deps.passwords.open(certificate.sealed_password);
          await directory.setPasswordHash(
            account.uid,
            await directoryPasswordHash(password, deps.passwordSchemes[division], deps.argon2),
          );
        }
        const bytes = division === 'ga' ? GA_DEFAULT_QUOTA_BYTES : PG_DEFAULT_QUOTA_BYTES;
        await deps.quota.set({ division, user: account.uid, group: account.group_name, bytes });
        await recordQuota(db, { division, uid: account.uid, bytes, via: deps.quota.kind });
        const { ssh_public_key: publicKey, ssh_fingerprint: fingerprint } = full.application;
        await db.transaction().execute(async (trx) => {
          await activateAccount(trx, account.id, bytes, validThrough(new Date()));
          if (publicKey && fingerprint)
            await recordProvisionedKey(trx, { accountId: account.id, publicKey, fingerprint });
        });
      }
      await db.transaction().execute(async (trx) => {
        await advanceApplication(trx, applicationId, 'provisioned', 'system', null);
        // A group's participant: their row follows.
        if (full.application.group_account_id !== null) await participantProvisioned(trx, applicationId);
        await markCertificatesReady(trx, applicationId);
        await appendAudit(trx, {
          actor: 'system',
          action: 'application.provisioned',
          subject: `application:${applicationId}`,
        });
      });
    },
  };
}
