// `sc-account groups …`: the staff queue of group and workshop accounts, one group with
// its participants and history (the API's GroupAccountDetail), and the bulk approval of
// a group's confirmed participants. The same use cases and records as the console and
// the API (actor `cli`); the provisioning jobs an approval queues are run by the
// server's worker.
import { freeMailDomains } from '../db/applications.js';
import type { DatabaseHandle } from '../db/database.js';
import { createOutbox } from '../mail/outbox.js';
import type { GroupDeps } from '../services/group-accounts.js';
import {
  approveGroupParticipants,
  readGroup,
  readGroupQueue,
  type SentGroupState,
  sentGroupStates,
} from '../services/group-records.js';
import { rowId } from '../services/schemas.js';
import { type Command, type Context, command, UsageError, usageLine } from './command.js';

function groupIdArg(value: string | undefined, c: Command): number {
  const id = rowId.safeParse(value);
  if (!id.success) throw new UsageError(`not a group id: ${value}`, usageLine(c));
  return id.data;
}

/** What the group use cases need on the command line: jobs are queued for the server's worker. */
function groupDeps(context: Context, db: DatabaseHandle['db']): GroupDeps {
  const config = context.config();
  return {
    db,
    outbox: createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl }),
    baseUrl: config.baseUrl,
    pokeJobs: () => {},
    freeMailDomains: () => freeMailDomains(db),
  };
}

const noGroup = (context: Context, id: number) => {
  context.io.err(`No group ${id} (or it is a draft not sent to the centre).\n`);
  return 1;
};

const list = command({
  words: ['groups', 'list'],
  synopsis: `[--state ${sentGroupStates.join('|')}] [--json]`,
  description:
    'Group and workshop accounts sent to the centre, newest first (at most 500), with their participants and how many of them wait for staff; by state with --state.',
  options: { state: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, context }) {
    const state = values.state;
    if (state !== undefined && !(sentGroupStates as readonly string[]).includes(state))
      throw new UsageError(`--state must be one of ${sentGroupStates.join(', ')}`, usageLine(list));
    return context.withDatabase(async (d) => {
      const queue = await readGroupQueue(d.db, (state as SentGroupState | undefined) ?? sentGroupStates);
      if (values.json) {
        context.io.out(`${JSON.stringify(queue, null, 2)}\n`);
        return 0;
      }
      for (const g of queue.items)
        context.io.out(
          `  ${String(g.id).padStart(6)}  ${g.state.padEnd(21)}  ${g.kind.padEnd(10)}  ${g.startsOn} to ${g.endsOn}  ${g.inChargeUid.padEnd(12)}  ${g.confirmed}/${g.participants} confirmed${g.extensionRequested ? '  extension asked' : ''}  ${g.title}\n`,
        );
      context.io.out(
        `${queue.items.length} group${queue.items.length === 1 ? '' : 's'}${state ? ` in state ${state}` : ''}.\n`,
      );
      return 0;
    });
  },
});

const show = command({
  words: ['groups', 'show'],
  synopsis: 'ID',
  description:
    'One group with its participants (account names, SSH key fingerprints, states) and its history, as JSON (the API’s GroupAccountDetail).',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const id = groupIdArg(args[0], show);
    return context.withDatabase(async (d) => {
      const group = await readGroup(d.db, id);
      if (!group) return noGroup(context, id);
      context.io.out(`${JSON.stringify(group, null, 2)}\n`);
      return 0;
    });
  },
});

const approve = command({
  words: ['groups', 'approve-participants'],
  synopsis: 'ID (--all | --participant N [--participant N …])',
  description:
    'Approve confirmed participants of an approved group: every confirmed one with --all, or those named by id. Each gets an account in the group’s UNIX group, provisioned by the server’s worker. A participant whose account name was taken since is skipped and named, and so is an id that is no confirmed participant of the group; the exit status is then 1.',
  options: { all: { type: 'boolean' }, participant: { type: 'string', multiple: true } },
  args: [1, 1],
  async run({ args, values, context }) {
    const id = groupIdArg(args[0], approve);
    const named = values.participant ?? [];
    if (Boolean(values.all) === named.length > 0)
      throw new UsageError('groups approve-participants needs --all or --participant N', usageLine(approve));
    const ids = named.map((n) => {
      const parsed = rowId.safeParse(n);
      if (!parsed.success) throw new UsageError(`not a participant id: ${n}`, usageLine(approve));
      return parsed.data;
    });
    return context.withDatabase(async (d) => {
      const group = await readGroup(d.db, id);
      if (!group) return noGroup(context, id);
      const outcome = await approveGroupParticipants(
        groupDeps(context, d.db),
        'cli',
        id,
        values.all ? 'confirmed' : ids,
      );
      if (!outcome.ok) {
        context.io.err(
          `Nothing approved: group ${id} is ${group.state}${group.state === 'approved' ? ' and has ended' : ''}; participants are approved while an approved group runs.\n`,
        );
        return 1;
      }
      const { approved, skipped, leftOut } = outcome.result;
      context.io.out(
        `Approved ${approved} participant${approved === 1 ? '' : 's'} of group ${id} (“${group.title}”); the server’s worker makes their accounts in ${group.unixGroup}.\n`,
      );
      for (const s of skipped)
        context.io.err(`Skipped participant ${s.participantId}: the account name ${s.accountName} is taken.\n`);
      if (leftOut.length) context.io.err(`Not confirmed participants of the group: ${leftOut.join(', ')}.\n`);
      return skipped.length || leftOut.length ? 1 : 0;
    });
  },
});

export const groupCommands = [list, show, approve];
