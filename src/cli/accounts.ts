// `sc-account accounts …`: one account with its keys, lock and history, and the staff
// lock and unlock, through the same use cases as the console and the API (actor
// `cli`). The directory's lock and the holder's mail are queued; the running server's
// worker applies and sends them.
import { findAccountByName } from '../db/user-accounts.js';
import { createOutbox } from '../mail/outbox.js';
import { type LockOutcome, lockAccount, unlockAccount } from '../services/account-locks.js';
import { accountDetailOf } from '../services/accounts.js';
import { type Context, command, UsageError, usageLine } from './command.js';

/** The account an argument names: its account name (GA before PG for the same name). */
async function named(context: Context, db: Parameters<typeof findAccountByName>[0], name: string) {
  const account = await findAccountByName(db, name);
  if (!account) context.io.err(`No provisioned account named ${name}.\n`);
  return account;
}

const show = command({
  words: ['accounts', 'show'],
  synopsis: 'NAME',
  description:
    'One account with its SSH keys (by fingerprint), its lock and its history, as JSON (the API’s AccountDetail).',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    return context.withDatabase(async (d) => {
      const account = await named(context, d.db, String(args[0]));
      if (!account) return 1;
      context.io.out(`${JSON.stringify(await accountDetailOf(d.db, account.id), null, 2)}\n`);
      return 0;
    });
  },
});

const report = (context: Context, outcome: LockOutcome, verb: string) => {
  if (outcome.ok) {
    context.io.out(`${outcome.account.uid} is ${outcome.account.state}.\n`);
    return 0;
  }
  context.io.err(
    outcome.problem === 'REASON'
      ? 'Not locked: --reason needs plain text, at most 1,000 characters.\n'
      : outcome.problem === 'NOT_ALLOWED'
        ? `Not ${verb}: ${outcome.account.uid} is ${outcome.account.state}${outcome.account.locked_reason ? ` (${outcome.account.locked_reason})` : ''}.\n`
        : 'No such account.\n',
  );
  return 1;
};

/** `accounts lock` and `accounts unlock`: the same use case's two ways. */
const lockCommand = (action: 'lock' | 'unlock') => {
  const c = command({
    words: ['accounts', action],
    synopsis: action === 'lock' ? 'NAME --reason TEXT' : 'NAME',
    description:
      action === 'lock'
        ? 'Lock an active account at once: its web sessions end, the directory follows, the holder is mailed the reason.'
        : 'Lift a lock staff set (a renewal lock lifts when the holder renews); the holder is mailed.',
    options: action === 'lock' ? { reason: { type: 'string' } } : {},
    args: [1, 1],
    async run({ args, values, context }) {
      const reason = (values as { reason?: string }).reason;
      if (action === 'lock' && !reason) throw new UsageError('accounts lock needs --reason TEXT', usageLine(c));
      const config = context.config();
      return context.withDatabase(async (d) => {
        const account = await named(context, d.db, String(args[0]));
        if (!account) return 1;
        const outbox = createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl });
        const deps = { db: d.db, outbox, pokeJobs() {} };
        const outcome =
          action === 'lock'
            ? await lockAccount(deps, 'cli', account.id, { reason: String(reason) })
            : await unlockAccount(deps, 'cli', account.id);
        return report(context, outcome, `${action}ed`);
      });
    },
  });
  return c;
};

export const accountCommands = [show, lockCommand('lock'), lockCommand('unlock')];
