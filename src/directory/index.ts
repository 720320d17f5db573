// The directories sc-account writes to, from the configuration: LDAP where a URL is
// set, else the embedded directory in the database (named 'ga' or 'pg').
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DirectoryConfig } from '../config-directory.js';
import type { Database } from '../db/schema.js';
import type { Division } from '../domain/provisioning.js';
import type { Directory } from './directory.js';
import { createEmbeddedDirectory } from './embedded-directory.js';
import { createLdapDirectory } from './ldap-directory.js';

export function openDirectory(config: DirectoryConfig, db: Kysely<Database>, division: Division): Directory {
  if (!config.url) return createEmbeddedDirectory(db, division);
  return createLdapDirectory({
    url: config.url,
    bindDn: config.bindDn,
    bindPassword: config.bindPassword,
    baseDn: config.baseDn,
    peopleOu: config.peopleOu,
    groupsOu: config.groupsOu,
    startTls: config.startTls,
    ca: config.caFile ? readFileSync(config.caFile, 'utf8') : undefined,
  });
}

export function openDirectories(
  config: { directory: DirectoryConfig; pgDirectory: DirectoryConfig },
  db: Kysely<Database>,
): Record<Division, Directory> {
  return { ga: openDirectory(config.directory, db, 'ga'), pg: openDirectory(config.pgDirectory, db, 'pg') };
}
