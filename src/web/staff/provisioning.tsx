// Provisioning on the staff's application page: at approval the approver confirms
// the UNIX group (the responsible person's existing one, or one the system proposes),
// the accounts are recorded and the provisioning job queued in the same transaction;
// afterwards the page shows the accounts and the job, and "provisioning failed" with
// the directory's message when the tries are used up (Retry is then the status
// panel's next action).

import type { FastifyInstance } from 'fastify';
import { accountsOf } from '../../db/accounts.js';
import type { FullApplication } from '../../db/applications.js';
import { jobByKey } from '../../db/jobs.js';
import type { Staff } from '../../db/schema-staff.js';
import { can } from '../../domain/staff.js';
import type { MessageKey } from '../../i18n/index.js';
import { provisionJobKey } from '../../jobs/handlers/provision.js';
import { retryProvisioning } from '../../services/certificates.js';
import { proposedGroup } from '../../services/decisions.js';
import { AppError } from '../../services/errors.js';
import { idParam } from '../params.js';
import { useCaseDeps } from '../use-case-deps.js';
import { TextInput } from '../views/components/form.js';
import type { PageContext } from '../views/page.js';

export interface GroupChoice {
  /** What the approver sees in the field. */
  proposal: string;
  /** The gidNumber when a group of that name is in the GA directory already (the applicant joins it). */
  existingGid: number | undefined;
}

/** The group proposed for an application waiting for approval. */
export async function groupChoice(app: FastifyInstance, full: FullApplication): Promise<GroupChoice> {
  const proposal = await proposedGroup(app.deps.database.db, full);
  const existing = await app.deps.directories.ga.getGroup(proposal);
  return { proposal, existingGid: existing?.gidNumber };
}

/** The group field of the decision form. */
export function GroupField(props: { page: PageContext; choice: GroupChoice; value?: string; error?: string }) {
  const { t } = props.page;
  const hint =
    props.choice.existingGid === undefined
      ? t('staff.provision.groupNew')
      : t('staff.provision.groupExists', { gid: props.choice.existingGid });
  return (
    <TextInput
      name="group"
      label={t('staff.provision.group')}
      hint={hint}
      value={props.value ?? props.choice.proposal}
      error={props.error}
      spellcheck={false}
    />
  );
}

export interface ProvisioningView {
  accounts: Awaited<ReturnType<typeof accountsOf>>;
  job: { state: string; attempts: number; maxAttempts: number; lastError: string | null } | undefined;
}

export async function provisioningView(app: FastifyInstance, applicationId: number): Promise<ProvisioningView> {
  const db = app.deps.database.db;
  const [accounts, job] = await Promise.all([
    accountsOf(db, applicationId),
    jobByKey(db, provisionJobKey(applicationId)),
  ]);
  return {
    accounts,
    job: job && {
      state: job.state,
      attempts: job.attempts,
      maxAttempts: job.max_attempts,
      lastError: job.last_error,
    },
  };
}

/** The accounts and the provisioning job; retrying and marking the certificate posted are the status panel's. */
export function ProvisioningSection(props: { page: PageContext; staff: Staff; view: ProvisioningView }) {
  const { page, view } = props;
  const { t } = page;
  if (view.accounts.length === 0) return '';
  const failed = view.job?.state === 'failed';
  return (
    <>
      <h2 class="heading-m" id="provisioning" safe>
        {t('staff.provision.heading')}
      </h2>
      {failed ? (
        <div class="notice notice--warning" role="alert">
          <p class="body" safe>
            {t('staff.provision.failed', { attempts: view.job?.attempts ?? 0 })}
          </p>
          <pre class="code-block">
            <code safe>{view.job?.lastError ?? ''}</code>
          </pre>
        </div>
      ) : view.job && view.job.state !== 'done' ? (
        <p class="body" safe>
          {view.job.lastError
            ? t('staff.provision.retrying', { error: view.job.lastError })
            : t('staff.provision.running')}
        </p>
      ) : (
        ''
      )}
      <ul class="list list--bullet">
        {view.accounts.map((account) => {
          // Staff lock an active account, and lift only a lock staff set.
          const lock = !can(props.staff.role, 'accounts.lock')
            ? undefined
            : account.state === 'active'
              ? 'lock'
              : account.state === 'locked' && account.locked_reason === 'staff'
                ? 'unlock'
                : undefined;
          return (
            <li>
              <span safe>
                {t('staff.provision.account', {
                  division: t(`staff.provision.division.${account.division}` as MessageKey),
                  uid: account.uid,
                  uidNumber: account.uid_number ?? '–',
                  group: account.group_name,
                  gidNumber: account.gid_number ?? '–',
                  state: t(`staff.provision.state.${account.state}` as MessageKey),
                })}
              </span>
              {lock ? (
                <>
                  {' '}
                  <a href={`/staff/accounts/${account.id}/${lock}`} class="link" safe>
                    {t(`staff.provision.${lock}`, { uid: account.uid })}
                  </a>
                </>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

export async function provisioningRoutes(app: FastifyInstance) {
  const deps = useCaseDeps(app);
  app.post('/staff/applications/:id/provision/retry', async (request, reply) => {
    const id = idParam(request);
    const staff = request.staff as Staff;
    const outcome = await retryProvisioning(deps, `staff:${staff.id}`, id);
    // Not failed (any more): the page shows where it stands.
    if (!outcome.ok && outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    return reply.redirect(`/staff/applications/${id}${outcome.ok ? '?done=retry' : ''}#provisioning`, 303);
  });
}
