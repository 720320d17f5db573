// Step 4 of the application form: the account name, an optional SSH public key and
// the personal genome division tick. A pasted private key is refused and kept
// nowhere: not in the draft, not in the page sent back, not in a log line.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApplicationAnswers, isAccountNameTaken, reservedAccountNames } from '../../db/applications.js';
import { getServiceAcceptance } from '../../db/notices.js';
import type { Application } from '../../db/schema-applications.js';
import { type AccountNameProblem, checkAccountName, pgTwinName } from '../../domain/account-name.js';
import type { ServiceAcceptance } from '../../domain/notices.js';
import { containsPrivateKey } from '../../domain/private-key.js';
import { checkSshPublicKey, type SshPublicKeyProblem } from '../../domain/ssh-public-key.js';
import { formatTb, parseTb } from '../../domain/usage-plan.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { saveDraftStep } from '../../services/submissions.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { Checkbox, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { SuspensionItem } from '../views/notices.js';
import { type PageContext, pageContext } from '../views/page.js';
import { currentDraft, noDraft, pageAfterStep, StepPage } from './draft.js';

const form = z.object({
  accountName: z.string().max(1000).default(''),
  sshKey: z.string().max(100_000).default(''),
  usePg: z.string().max(10).default(''),
  pgStorage: z.string().max(100).default(''),
  pgPaid: z.string().max(10).default(''),
});
type Form = z.infer<typeof form>;

export const nameMessages: Record<AccountNameProblem, MessageKey> = {
  ACCOUNT_NAME_REQUIRED: 'account.error.nameRequired',
  ACCOUNT_NAME_ENDS_IN_PG: 'account.error.nameEndsInPg',
  ACCOUNT_NAME_INVALID_CHARACTERS: 'account.error.nameCharacters',
  ACCOUNT_NAME_MUST_START_WITH_LETTER: 'account.error.nameStart',
  ACCOUNT_NAME_TOO_SHORT: 'account.error.nameTooShort',
  ACCOUNT_NAME_TOO_LONG: 'account.error.nameTooLong',
  ACCOUNT_NAME_RESERVED: 'account.error.nameReserved',
};

export const sshKeyMessages: Record<Exclude<SshPublicKeyProblem, 'EMPTY'>, MessageKey> = {
  PRIVATE_KEY: 'account.error.privateKey',
  NOT_OPENSSH_FORMAT: 'account.error.notOpenSsh',
  UNSUPPORTED_TYPE: 'account.error.unsupported',
  RSA_TOO_SHORT: 'account.error.rsaTooShort',
  MULTIPLE_KEYS: 'account.error.multipleKeys',
};

interface Shown {
  answers: Form;
  fingerprint: string | null;
}

function AccountPage(props: {
  page: PageContext;
  csrf: string;
  shown: Shown;
  errors: FieldErrors;
  pg: ServiceAcceptance;
}) {
  const { page, shown, errors, pg } = props;
  const { t } = page;
  const title = t('account.title');
  const name = shown.answers.accountName || 'taro';
  return (
    <StepPage page={page} csrf={props.csrf} step="account" title={title} errors={errors}>
      <TextInput
        name="accountName"
        label={t('account.name')}
        hint={t('account.nameRules')}
        autocomplete="username"
        spellcheck={false}
        liveCheck="/apply/account/name"
        value={shown.answers.accountName}
        error={errors.accountName}
      />
      <Textarea
        name="sshKey"
        label={t('account.sshKey')}
        hint={t('account.sshKeyHint')}
        value={shown.answers.sshKey}
        error={errors.sshKey}
        rows={4}
      />
      <p class="body">
        <a href="/apply#ssh-key" class="link" safe>
          {t('applyStart.ssh.heading')}
        </a>
      </p>
      {shown.fingerprint ? (
        <p class="body" id="sshKey-fingerprint" safe>
          {t('account.fingerprint', { fingerprint: shown.fingerprint })}
        </p>
      ) : (
        ''
      )}
      {pg.accepting ? (
        <>
          <Checkbox
            name="usePg"
            label={t('account.pg')}
            checked={shown.answers.usePg === 'yes'}
            describedBy="usePg-hint"
          />
          <p class="body hint" id="usePg-hint">
            <TextAround text={t('account.pgHint', { name: '\u0000' })}>
              <strong data-twin-of="accountName" safe>
                {pgTwinName(name)}
              </strong>
            </TextAround>
          </p>
          {/* The paid service's confirmation: asked of those who tick PG (the questions say so without JavaScript). */}
          <div
            class="conditional"
            id="usePg-conditional"
            data-reveal-when="usePg=yes"
            hidden={shown.answers.usePg !== 'yes'}
          >
            <TextInput
              name="pgStorage"
              label={t('account.pgStorage')}
              hint={t('account.pgStorageHint')}
              value={shown.answers.pgStorage}
              error={errors.pgStorage}
              inputmode="decimal"
              width="5"
            />
            <Checkbox
              name="pgPaid"
              label={t('account.pgPaid')}
              checked={shown.answers.pgPaid === 'yes'}
              error={errors.pgPaid}
            />
          </div>
        </>
      ) : (
        <>
          <Checkbox name="usePg" label={t('account.pg')} checked={false} disabled describedBy="usePg-suspended" />
          <div class="warning-text" id="usePg-suspended">
            <p class="body" safe>
              {t('account.pgSuspended')}
            </p>
            <ul class="list">
              <SuspensionItem page={page} item={pg} />
            </ul>
          </div>
        </>
      )}
    </StepPage>
  );
}

/** A message with a marker (U+0000) where `children` go: the PG twin's name, which the script keeps current. */
function TextAround({ text, children }: { text: string; children: JSX.Element }) {
  const [before = '', after = ''] = text.split('\u0000');
  return (
    <>
      <span safe>{before}</span>
      {children}
      <span safe>{after}</span>
    </>
  );
}

const fromDraft = (a: Application): Shown => ({
  answers: {
    accountName: a.account_name ?? '',
    sshKey: a.ssh_public_key ?? '',
    usePg: a.use_pg ? 'yes' : '',
    pgStorage: a.pg_storage_tenths ? formatTb(a.pg_storage_tenths) : '',
    pgPaid: a.pg_paid_confirmed ? 'yes' : '',
  },
  fingerprint: a.ssh_fingerprint,
});

export async function accountStepRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  /** What is wrong with a desired name (the rules, the reserved list, applications in review), if anything. */
  const accountNameProblem = async (value: string, draftId: number, t: Translate) => {
    const name = checkAccountName(value, await reservedAccountNames(db));
    if (!name.ok) return t(nameMessages[name.code]);
    if (await isAccountNameTaken(db, name.name, draftId)) return t('account.error.nameTaken');
    return undefined;
  };
  const pgAcceptance = () => getServiceAcceptance(db, 'pg');

  app.get('/apply/account', async (request, reply) => {
    const draft = await currentDraft(request, 'account');
    if (!draft) return noDraft(request, reply);
    return sendHtml(
      reply,
      <AccountPage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        shown={fromDraft(draft)}
        errors={{}}
        pg={await pgAcceptance()}
      />,
    );
  });

  // The live check behind the account-name field (JavaScript only; Continue checks the same).
  const nameQuery = z.object({ name: z.string().max(64).default('') });
  app.get(
    '/apply/account/name',
    { config: { rateLimit: { max: 120, timeWindow: 60_000 } } },
    async (request, reply) => {
      const draft = await currentDraft(request, 'account');
      if (!draft) return reply.code(401).send({ ok: false, message: request.t('applyTask.noSession') });
      const parsed = nameQuery.safeParse(request.query);
      const problem = await accountNameProblem(parsed.success ? parsed.data.name : '', draft.id, request.t);
      reply.header('cache-control', 'no-store');
      return problem ? { ok: false, message: problem } : { ok: true, message: request.t('account.available') };
    },
  );

  app.post('/apply/account', async (request, reply) => {
    const draft = await currentDraft(request, 'account');
    if (!draft) return noDraft(request, reply);
    const t = request.t;
    const input = readForm(form, request.body);
    const errors: FieldErrors = {};

    const name = checkAccountName(input.accountName, await reservedAccountNames(db));
    const nameError = await accountNameProblem(input.accountName, draft.id, t);
    if (nameError) errors.accountName = nameError;

    // Private key material in the box was removed at the edge (plugins/input.ts) and is
    // refused before any other reading of what is left.
    const key =
      request.privateKeyFields.has('sshKey') || containsPrivateKey(input.sshKey)
        ? ({ ok: false, code: 'PRIVATE_KEY' } as const)
        : checkSshPublicKey(input.sshKey);
    const privateKey = !key.ok && key.code === 'PRIVATE_KEY';
    if (!key.ok && key.code !== 'EMPTY') errors.sshKey = t(sshKeyMessages[key.code]);

    const pg = await pgAcceptance();
    // PG is paid: who asks for it states the storage their group needs and confirms the charges.
    const usePg = pg.accepting && input.usePg === 'yes';
    const storage = parseTb(input.pgStorage);
    if (usePg && !storage.ok)
      errors.pgStorage = t(
        storage.problem === 'required' ? 'account.error.pgStorageRequired' : 'account.error.pgStorage',
      );
    if (usePg && input.pgPaid !== 'yes') errors.pgPaid = t('account.error.pgPaid');
    const values: ApplicationAnswers = {
      account_name: name.ok ? name.name : input.accountName.trim().slice(0, 64) || null,
      // Only a key that parsed is kept: the text of a box that did not parse is shown again
      // (unless it held a private key) but never stored.
      ssh_public_key: key.ok ? key.key.line : null,
      ssh_fingerprint: key.ok ? key.key.fingerprint : null,
      use_pg: usePg,
      pg_storage_tenths: usePg && storage.ok ? storage.tenths : null,
      pg_paid_confirmed: usePg && input.pgPaid === 'yes',
    };
    const done = Object.keys(errors).length === 0;
    const stepsDone = await saveDraftStep(db, draft.id, 'account', { application: values }, done);
    if (done) return reply.redirect(pageAfterStep('account', stepsDone), 303);
    const shown: Shown = {
      answers: { ...input, sshKey: privateKey ? '' : input.sshKey },
      fingerprint: key.ok ? key.key.fingerprint : null,
    };
    return sendHtml(
      reply,
      <AccountPage page={pageContext(request)} csrf={reply.generateCsrf()} shown={shown} errors={errors} pg={pg} />,
      400,
    );
  });
}
