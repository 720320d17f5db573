// Choosing a new password, on the Password page and at the end of a recovery: the
// policy (src/domain/password-policy.ts, NIST SP 800-63B), the fields with their
// strength meter, and the change itself: a new hash for the account's directory
// sent by a job, every session of the account ended, the holder mailed.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getJob } from '../../db/jobs.js';
import type { Account } from '../../db/user-accounts.js';
import { passwordProblem } from '../../domain/password-policy.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import type { AccountChange } from '../../mail/templates/account.js';
import { setHolderPassword } from '../../services/passwords.js';
import { type FieldErrors, TextInput } from '../views/components/form.js';
import type { PageContext } from '../views/page.js';

export const strengthScript = 'js/password-strength.js';

/** The errors of a new password typed twice, by field. */
export function newPasswordErrors(t: Translate, account: Account, password: string, password2: string): FieldErrors {
  const problem = passwordProblem(password, account.uid);
  if (problem) return { password: t(`user.password.error.${problem}` as MessageKey) };
  if (password !== password2) return { password2: t('user.password.error.mismatch') };
  return {};
}

export function NewPasswordFields({ page, errors }: { page: PageContext; errors: FieldErrors }) {
  const { t } = page;
  const labels = Object.fromEntries(
    [0, 1, 2, 3, 4].map((i) => [`data-label-${i}`, t(`user.password.strength.${i}` as MessageKey)]),
  );
  return (
    <>
      <TextInput
        name="password"
        type="password"
        autocomplete="new-password"
        label={t('user.password.new')}
        hint={t('user.password.hint')}
        error={errors.password}
        strength="password-strength"
      />
      <p id="password-strength" class="password-strength" aria-live="polite" {...labels}></p>
      <TextInput
        name="password2"
        type="password"
        autocomplete="new-password"
        label={t('user.password.new2')}
        error={errors.password2}
      />
    </>
  );
}

/**
 * The new password (services/passwords.ts), then the browser's own session: a new one,
 * or none. True when the directory had it within a few seconds; undefined when the
 * recovery it ends (`recoveryId`) was used meanwhile.
 */
export async function changePassword(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  account: Account,
  password: string,
  change: { mail: AccountChange; action: string; detail?: string; keepSignedIn: boolean; recoveryId?: number },
): Promise<boolean | undefined> {
  const { database, config, outbox, passwordHashes } = app.deps;
  const db = database.db;
  const set = await setHolderPassword(
    {
      db,
      outbox,
      passwordHashes,
      argon2: config.argon2,
      schemes: { ga: config.directory.passwordScheme, pg: config.pgDirectory.passwordScheme },
      pokeJobs: app.deps.pokeJobs,
    },
    account,
    password,
    {
      mail: change.mail,
      action: change.action,
      ...(change.detail ? { detail: change.detail } : {}),
      key: `${Date.now()}-${request.id}`,
      ...(change.recoveryId !== undefined ? { recoveryId: change.recoveryId } : {}),
    },
  );
  // The recovery was used meanwhile (another tab): nothing changed.
  if (!set) return undefined;
  const { jobId } = set;
  if (change.keepSignedIn) await app.sessionControl.start(request, reply, 'user', String(account.id), {});
  else await app.sessionControl.end(request, reply);
  // Most changes are applied at once; the page says "being applied" when not.
  for (const end = Date.now() + 3000; jobId !== undefined && Date.now() < end; ) {
    const job = await getJob(db, jobId);
    if (job?.state === 'done') return true;
    if (job?.state === 'failed') return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
