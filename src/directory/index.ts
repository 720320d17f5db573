// The directories sc-account writes to, from the configuration: LDAP where a URL is
// set (with a replica for logins where a read URL is set too), else the embedded
// directory in the database (named 'ga' or 'pg').
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DirectoryConfig } from '../config-directory.js';
import type { Database } from '../db/schema.js';
import type { Division } from '../domain/provisioning.js';
import type { Directory } from './directory.js';
import { createEmbeddedDirectory } from './embedded-directory.js';
import { createLdapDirectory, type LdapDirectoryOptions } from './ldap-directory.js';
import { type LdapEndpoint, measureReplicaLag, type ReplicaCheck } from './replica-lag.js';
import { createReplicatedDirectory } from './replicated-directory.js';

const ldapOptions = (config: DirectoryConfig, url: string): LdapDirectoryOptions => ({
  url,
  bindDn: config.bindDn,
  bindPassword: config.bindPassword,
  baseDn: config.baseDn,
  peopleOu: config.peopleOu,
  groupsOu: config.groupsOu,
  startTls: config.startTls,
  ca: config.caFile ? readFileSync(config.caFile, 'utf8') : undefined,
});

export function openDirectory(config: DirectoryConfig, db: Kysely<Database>, division: Division): Directory {
  if (!config.url) return createEmbeddedDirectory(db, division);
  const provider = createLdapDirectory(ldapOptions(config, config.url));
  if (!config.readUrl) return provider;
  return createReplicatedDirectory(provider, createLdapDirectory(ldapOptions(config, config.readUrl)));
}

export function openDirectories(
  config: { directory: DirectoryConfig; pgDirectory: DirectoryConfig },
  db: Kysely<Database>,
): Record<Division, Directory> {
  return { ga: openDirectory(config.directory, db, 'ga'), pg: openDirectory(config.pgDirectory, db, 'pg') };
}

/** Each division's replica (reconcile and the metrics measure its lag); undefined without one. */
export function directoryReplicas(config: {
  directory: DirectoryConfig;
  pgDirectory: DirectoryConfig;
}): Record<Division, ReplicaCheck | undefined> {
  return { ga: directoryReplica(config.directory), pg: directoryReplica(config.pgDirectory) };
}

function directoryReplica(config: DirectoryConfig): ReplicaCheck | undefined {
  const { url, readUrl } = config;
  if (!url || !readUrl) return undefined;
  const endpoint = (at: string): LdapEndpoint => ldapOptions(config, at);
  return {
    url: readUrl,
    thresholdSeconds: config.replicaLagSeconds,
    measure: () => measureReplicaLag(endpoint(url), endpoint(readUrl)),
  };
}
