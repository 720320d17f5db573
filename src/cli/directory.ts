// `sc-account directory export`: the embedded directory written as LDIF for an LDAP server.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { containerEntries } from '../directory/entries.js';
import { exportDirectoryLdif } from '../directory/export.js';
import { command, UsageError, usageLine } from './command.js';

const exportLdif = command({
  words: ['directory', 'export'],
  synopsis: '[--division ga|pg] [--base-dn DN] [--out FILE] [--with-base | --no-ous] [--ppolicy]',
  description:
    'Write the embedded directory as LDIF for ldapadd: the people and group OUs (leave out with --no-ous when they exist; --with-base puts the suffix entry before them, for an empty server), users with password hashes, keys and locks (--ppolicy adds pwdAccountLockedTime), groups with members.',
  options: {
    division: { type: 'string', default: 'ga' },
    'base-dn': { type: 'string' },
    out: { type: 'string' },
    'no-ous': { type: 'boolean', default: false },
    'with-base': { type: 'boolean', default: false },
    ppolicy: { type: 'boolean', default: false },
  },
  async run({ values, context }) {
    const division = values.division;
    if (division !== 'ga' && division !== 'pg') {
      throw new UsageError(`--division must be ga or pg, not "${division}"`, usageLine(exportLdif));
    }
    const config = context.config();
    const settings = division === 'pg' ? config.pgDirectory : config.directory;
    const baseDn = values['base-dn'] ?? (settings.baseDn || 'dc=centre,dc=example');
    if (!/^[a-zA-Z]+=[^,]+(,[a-zA-Z]+=[^,]+)*$/.test(baseDn)) {
      throw new UsageError(`not a DN: ${baseDn}`, usageLine(exportLdif));
    }
    if (values['with-base'] && values['no-ous']) {
      throw new UsageError('--with-base and --no-ous do not go together', usageLine(exportLdif));
    }
    const layout = { baseDn, peopleOu: settings.peopleOu, groupsOu: settings.groupsOu };
    if (values['with-base']) {
      try {
        containerEntries(layout);
      } catch (error) {
        throw new UsageError((error as Error).message, usageLine(exportLdif));
      }
    }
    const ldif = await context.withDatabase((d) =>
      exportDirectoryLdif(d.db, division, layout, {
        ppolicy: values.ppolicy,
        withOus: !values['no-ous'],
        withBase: values['with-base'],
      }),
    );
    // Password hashes are in it: a file readable by its owner only.
    if (values.out) writeFileSync(resolve(context.io.cwd, values.out), ldif, { mode: 0o600 });
    else context.io.out(ldif);
    return 0;
  },
});

export const directoryCommands = [exportLdif];
