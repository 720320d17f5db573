// `sc-account directory …`: the embedded directory written as LDIF for an LDAP server.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { exportDirectoryLdif } from '../directory/export.js';

export const directoryHelp = `  directory export [--division ga|pg] [--base-dn DN] [--out FILE] [--no-ous] [--ppolicy]
                          Write the embedded directory as LDIF for ldapadd: the people
                          and group OUs (leave out with --no-ous when they exist), users
                          with password hashes, keys and locks (--ppolicy adds
                          pwdAccountLockedTime), groups with members.
`;

const usage =
  'usage: sc-account directory export [--division ga|pg] [--base-dn DN] [--out FILE] [--no-ous] [--ppolicy]';

export async function directoryCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: new (message: string) => Error,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    options: {
      division: { type: 'string', default: 'ga' },
      'base-dn': { type: 'string' },
      out: { type: 'string' },
      'no-ous': { type: 'boolean', default: false },
      ppolicy: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals[0] !== 'export' || positionals.length > 1) throw new Usage(usage);
  if (values.division !== 'ga' && values.division !== 'pg') throw new Usage(usage);
  const settings = values.division === 'pg' ? config.pgDirectory : config.directory;
  const baseDn = values['base-dn'] ?? (settings.baseDn || 'dc=centre,dc=example');
  if (!/^[a-zA-Z]+=[^,]+(,[a-zA-Z]+=[^,]+)*$/.test(baseDn)) throw new Usage(`not a DN: ${baseDn}`);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const ldif = await exportDirectoryLdif(
      database.db,
      values.division,
      { baseDn, peopleOu: settings.peopleOu, groupsOu: settings.groupsOu },
      { ppolicy: values.ppolicy, withOus: !values['no-ous'] },
    );
    // Password hashes are in it: a file readable by its owner only.
    if (values.out) writeFileSync(values.out, ldif, { mode: 0o600 });
    else out(ldif);
    return 0;
  } finally {
    await database.close();
  }
}
