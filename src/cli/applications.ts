// `sc-account applications …`: the staff queue, one application and the approver's
// decision on the command line, through the same services as the console and the
// API (actor `cli`). Mails and the provisioning job are queued; the running server's
// worker sends and runs them.
import { rejectionReasons } from '../domain/rejection-reasons.js';
import { createOutbox } from '../mail/outbox.js';
import { applicationDetailOf, applicationListQuery, listApplications } from '../services/applications.js';
import { type DecisionProblem, decideApplication } from '../services/decisions.js';
import { rowId } from '../services/schemas.js';
import { command, UsageError, usageLine } from './command.js';

const list = command({
  words: ['applications', 'list'],
  synopsis:
    '[--state STATE] [--q WORDS] [--from YYYY-MM-DD] [--until YYYY-MM-DD] [--oldest] [--limit N] [--after CURSOR] [--json]',
  description: 'Sent applications, newest first (as the staff queue): reference, state, sent, account name, applicant.',
  options: {
    state: { type: 'string' },
    q: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
    oldest: { type: 'boolean' },
    limit: { type: 'string' },
    after: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, context }) {
    const query = applicationListQuery.safeParse({
      ...(values.state ? { state: values.state } : {}),
      ...(values.q ? { q: values.q } : {}),
      ...(values.from ? { from: values.from } : {}),
      ...(values.until ? { until: values.until } : {}),
      ...(values.after ? { after: values.after } : {}),
      sort: values.oldest ? 'oldest' : 'newest',
      limit: values.limit ?? '50',
    });
    if (!query.success)
      throw new UsageError(
        query.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; '),
        usageLine(list),
      );
    return context.withDatabase(async (d) => {
      const page = await listApplications(d.db, null, query.data);
      if (values.json) {
        context.io.out(`${JSON.stringify(page, null, 2)}\n`);
        return 0;
      }
      for (const a of page.items) {
        const name = [a.applicant.familyName, a.applicant.givenName].filter(Boolean).join(' ');
        context.io.out(
          `  ${String(a.id).padStart(6)}  ${(a.reference ?? '').padEnd(13)}  ${a.state.padEnd(21)}  ${(a.submittedAt ?? '').slice(0, 10)}  ${(a.accountName ?? '').padEnd(16)}  ${name}  ${a.applicant.institution ?? ''}\n`,
        );
      }
      context.io.out(page.next ? `More: --after ${page.next}\n` : `${page.items.length} shown, the last page.\n`);
      return 0;
    });
  },
});

const show = command({
  words: ['applications', 'show'],
  synopsis: 'ID',
  description: 'One sent application with its people, accounts and history, as JSON (the API’s ApplicationDetail).',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const id = rowId.safeParse(args[0]).data;
    if (id === undefined) throw new UsageError(`not an application id: ${args[0]}`);
    return context.withDatabase(async (d) => {
      const detail = await applicationDetailOf(d.db, id);
      if (!detail) {
        context.io.err(`No sent application ${id}.\n`);
        return 1;
      }
      context.io.out(`${JSON.stringify(detail, null, 2)}\n`);
      return 0;
    });
  },
});

const why: Record<DecisionProblem, string> = {
  NOT_FOUND: 'no sent application with that id',
  CHANGED: 'the application changed since that --version; show it again',
  REASON: 'a rejection needs --template or --reason (plain text, at most 4,000 characters)',
  NOT_ALLOWED: 'its state does not allow this decision',
  GROUP: 'not a UNIX group name that may be used',
  NAME_TAKEN: 'its account name is taken in the directory',
};

const decide = command({
  words: ['applications', 'decide'],
  synopsis: `ID --version N (--approve [--group NAME] | --reject [--template ${Object.keys(rejectionReasons).join('|')}] [--reason TEXT])`,
  description:
    'Approve (the accounts are provisioned by the server’s worker) or reject an application; --version is its `version` as last shown.',
  options: {
    version: { type: 'string' },
    approve: { type: 'boolean' },
    reject: { type: 'boolean' },
    group: { type: 'string' },
    template: { type: 'string' },
    reason: { type: 'string' },
  },
  args: [1, 1],
  async run({ args, values, context }) {
    const id = rowId.safeParse(args[0]).data;
    const version = Number(values.version);
    if (id === undefined) throw new UsageError(`not an application id: ${args[0]}`);
    if (values.version === undefined || !Number.isInteger(version) || version < 0)
      throw new UsageError('applications decide needs --version N', usageLine(decide));
    if (Boolean(values.approve) === Boolean(values.reject))
      throw new UsageError('applications decide needs one of --approve or --reject', usageLine(decide));
    if (values.template !== undefined && !Object.hasOwn(rejectionReasons, values.template))
      throw new UsageError(`unknown --template; one of: ${Object.keys(rejectionReasons).join(', ')}`);
    const config = context.config();
    return context.withDatabase(async (d) => {
      const outcome = await decideApplication(
        { db: d.db, outbox: createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl }), pokeJobs: () => {} },
        'cli',
        id,
        {
          version,
          decision: values.approve ? 'approved' : 'rejected',
          ...(values.group ? { group: values.group } : {}),
          ...(values.template ? { template: values.template as keyof typeof rejectionReasons } : {}),
          reason: values.reason ?? '',
        },
      );
      if (!outcome.ok) {
        context.io.err(`Not decided: ${why[outcome.problem]}${outcome.state ? ` (it is ${outcome.state})` : ''}.\n`);
        return 1;
      }
      context.io.out(`Application ${id} is ${outcome.state} (version ${outcome.version}).\n`);
      return 0;
    });
  },
});

export const applicationCommands = [list, show, decide];
