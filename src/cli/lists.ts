// `sc-account lists …`: the free mail domains refused as applicants' addresses and
// the account names kept for the system, managed from the command line until the
// staff console exists.
import type { Config } from '../config.js';
import { addEntries, type CheckList, checkLists, listEntries, removeEntries } from '../db/applications.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { isListEntry, normaliseListEntry } from '../domain/check-lists.js';

export const listsHelp = `  lists show free-mail|reserved-names
                          Show a list the application form checks against.
  lists add free-mail|reserved-names VALUE...
  lists remove free-mail|reserved-names VALUE...
                          Change it (domains like example.com; names in lower case).
`;

const usage = 'usage: sc-account lists show|add|remove free-mail|reserved-names [VALUE...]';

export async function listsCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: new (message: string) => Error,
): Promise<number> {
  const [action, list, ...values] = argv;
  if (!action || !['show', 'add', 'remove'].includes(action) || !list || !(list in checkLists)) throw new Usage(usage);
  const which = list as CheckList;
  const normalised = values.map(normaliseListEntry);
  if (action !== 'show') {
    if (normalised.length === 0) throw new Usage(usage);
    const bad = normalised.filter((v) => !isListEntry(which, v));
    if (bad.length) {
      throw new Usage(
        `not ${which === 'free-mail' ? 'a domain (like example.com)' : 'an account name (lower case, digits, _ and -; a trailing * matches a prefix)'}: ${bad.join(', ')}`,
      );
    }
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (action === 'show') {
      const entries = (await listEntries(database.db, which)).sort();
      out(`${entries.length} entries:\n`);
      for (const e of entries) out(`  ${e}\n`);
    } else if (action === 'add') {
      const added = await addEntries(database.db, which, normalised);
      out(`Added ${added.length}${added.length ? `: ${added.join(', ')}` : ''}.\n`);
    } else {
      const removed = await removeEntries(database.db, which, normalised);
      out(`Removed ${removed.length}${removed.length ? `: ${removed.join(', ')}` : ''}.\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
