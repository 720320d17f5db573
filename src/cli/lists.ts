// `sc-account lists …`: the free mail domains refused as applicants' addresses and
// the account names kept for the system (also on the staff console's Settings).
import { addEntries, type CheckList, checkLists, listEntries, removeEntries } from '../db/applications.js';
import { isListEntry, normaliseListEntry } from '../domain/check-lists.js';
import { type Command, command, UsageError, usageLine } from './command.js';

const listNames = Object.keys(checkLists).join('|');

function listOf(name: string | undefined, c: Command): CheckList {
  if (!name || !(name in checkLists))
    throw new UsageError(`no list "${name ?? ''}"; one of ${listNames}`, usageLine(c));
  return name as CheckList;
}

const show = command({
  words: ['lists', 'show'],
  synopsis: listNames,
  description: 'Show a list the application form checks against.',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const which = listOf(args[0], show);
    const entries = (await context.withDatabase((d) => listEntries(d.db, which))).sort();
    context.io.out(`${entries.length} entries:\n`);
    for (const e of entries) context.io.out(`  ${e}\n`);
    return 0;
  },
});

const change = (action: 'add' | 'remove') => {
  const c = command({
    words: ['lists', action],
    synopsis: `${listNames} VALUE...`,
    description: `${action === 'add' ? 'Add to' : 'Remove from'} a list (domains like example.com; names in lower case, a trailing * matches a prefix).`,
    options: {},
    args: [2, Number.POSITIVE_INFINITY],
    async run({ args, context }) {
      const which = listOf(args[0], c);
      const values = args.slice(1).map(normaliseListEntry);
      const bad = values.filter((v) => !isListEntry(which, v));
      if (bad.length) {
        throw new UsageError(
          `not ${which === 'free-mail' ? 'a domain (like example.com)' : 'an account name (lower case, digits, _ and -; a trailing * matches a prefix)'}: ${bad.join(', ')}`,
          usageLine(c),
        );
      }
      const done = await context.withDatabase((d) =>
        action === 'add' ? addEntries(d.db, which, values) : removeEntries(d.db, which, values),
      );
      context.io.out(
        `${action === 'add' ? 'Added' : 'Removed'} ${done.length}${done.length ? `: ${done.join(', ')}` : ''}.\n`,
      );
      return 0;
    },
  });
  return c;
};

export const listsCommands = [show, change('add'), change('remove')];
