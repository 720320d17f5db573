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

const lock = command({
  words: ['accounts', 'lock'],
  synopsis: 'NAME --reason TEXT',
  description:
    'Lock an active account at once: its web sessions end, the directory follows, the holder is mailed the reason.',
  options: { reason: { type: 'string' } },
  args: [1, 1],
  async run({ args, values, context }) {
    if (!values.reason) throw new UsageError('accounts lock needs --reason TEXT', usageLine(lock));
    const config = context.config();
    return context.withDatabase(async (d) => {
      const account = await named(context, d.db, String(args[0]));
      if (!account) return 1;
      const deps = {
        db: d.db,
        outbox: createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl }),
        pokeJobs() {},
      };
      return report(context, await lockAccount(deps, 'cli', account.id, { reason: String(values.reason) }), 'locked');
    });
  },
});

const unlock = command({
  words: ['accounts', 'unlock'],
  synopsis: 'NAME',
  description: 'Lift a lock staff set (a renewal lock lifts when the holder renews); the holder is mailed.',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const config = context.config();
    return context.withDatabase(async (d) => {
      const account = await named(context, d.db, String(args[0]));
      if (!account) return 1;
      const deps = {
        db: d.db,
        outbox: createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl }),
        pokeJobs() {},
      };
      return report(context, await unlockAccount(deps, 'cli', account.id), 'unlocked');
    });
  },
});

export const accountCommands = [show, lock, unlock];
