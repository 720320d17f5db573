// The directory settings, the same for each directory sc-account writes to: LDAP_*
// for the general analysis division, PG_LDAP_* for the personal genome division.
// Without a URL the directory is the embedded one in the database; with a read URL
// too, the URL is the provider and the read URL a replica (consumer) for binds.
import { z } from 'zod';
import { type PasswordScheme, passwordSchemes } from './domain/password-scheme.js';
import { type IdRange, parseIdRange } from './domain/provisioning.js';

export interface DirectoryConfig {
  /** undefined: the embedded directory. */
  url: string | undefined;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  peopleOu: string;
  groupsOu: string;
  startTls: boolean;
  caFile: string | undefined;
  passwordScheme: PasswordScheme;
  /** A replica (syncrepl consumer) of `url` that logins bind against; undefined: none. */
  readUrl: string | undefined;
  /** How far the replica may fall behind before `reconcile` calls it drift, in seconds. */
  replicaLagSeconds: number;
}

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ldapUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'ldap:' || u.protocol === 'ldaps:') && u.pathname.replace('/', '') === '' && !u.username;
    } catch {
      return false;
    }
  },
  { message: 'must be ldap://host[:port] (StartTLS) or ldaps://host[:port], without a path or credentials' },
);

const rdn = z.string().regex(/^(ou|cn)=[^,=+]+$/i, 'must be one RDN like ou=people');
const dn = z.string().regex(/^[a-zA-Z]+=[^,]+(,[a-zA-Z]+=[^,]+)*$/, 'must be a DN like dc=centre,dc=example');

/** The variables of one directory; `prefix` is 'LDAP' or 'PG_LDAP'. */
export function directoryVariables<P extends string>(prefix: P, what: string) {
  return {
    [`${prefix}_URL`]: {
      schema: ldapUrl.optional(),
      description: `LDAP server of ${what}: ldap:// (StartTLS) or ldaps://. Unset: the embedded directory in the database.`,
      example: 'ldaps://ldap.centre.example.jp',
    },
    [`${prefix}_READ_URL`]: {
      schema: ldapUrl.optional(),
      description: `A replica (syncrepl consumer) of ${prefix}_URL that logins bind against, with the same bind DN, StartTLS and CA settings; every write and every other read goes to ${prefix}_URL (the provider), which also answers a login the replica refuses or cannot take. Unset: ${prefix}_URL only.`,
      example: 'ldaps://ldap-replica.centre.example.jp',
    },
    [`${prefix}_REPLICA_LAG_SECONDS`]: {
      schema: z.coerce.number().int().min(0).max(86_400).default(60),
      description: `How long the oldest change ${prefix}_READ_URL lacks may have waited before sc-account reconcile reports the replica as lagging (exit 1).`,
      example: '60',
    },
    [`${prefix}_BIND_DN`]: {
      schema: dn.optional(),
      description: `DN sc-account binds as to write to ${what} (needs write access to the people and group OUs).`,
      example: 'cn=sc-account,ou=services,dc=centre,dc=example',
    },
    [`${prefix}_BIND_PASSWORD`]: {
      schema: z.string().min(1).optional(),
      description: `Password of ${prefix}_BIND_DN.`,
      example: 'change-me',
      secret: true,
    },
    [`${prefix}_BASE_DN`]: {
      schema: dn.optional(),
      description: `Base DN of ${what}; the people and group OUs are under it.`,
      example: 'dc=centre,dc=example',
    },
    [`${prefix}_PEOPLE_OU`]: {
      schema: rdn.default('ou=people'),
      description: `Where users are, under ${prefix}_BASE_DN.`,
      example: 'ou=people',
    },
    [`${prefix}_GROUPS_OU`]: {
      schema: rdn.default('ou=groups'),
      description: `Where UNIX groups are, under ${prefix}_BASE_DN.`,
      example: 'ou=groups',
    },
    [`${prefix}_STARTTLS`]: {
      schema: booleanText.default(true),
      description: `StartTLS on an ldap:// URL. Only a server on this machine (127.0.0.1, ::1, localhost) may be used without.`,
      example: 'true',
    },
    [`${prefix}_CA_FILE`]: {
      schema: z.string().min(1).optional(),
      description: `PEM file of the CA that signed the server's certificate, when it is not one the system trusts.`,
      example: '/etc/ssl/certs/centre-ca.pem',
    },
    [`${prefix}_PASSWORD_SCHEME`]: {
      schema: z.enum(passwordSchemes).default('ARGON2'),
      description:
        'How passwords are stored for the directory to verify on bind: ARGON2 (argon2id; slapd needs its argon2 module) or SSHA.',
      example: 'ARGON2',
    },
  } as const;
}

const loopback = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** One directory's settings from parsed values; problems are added to `problems`. */
export function directoryConfig(values: Record<string, unknown>, prefix: string, problems: string[]): DirectoryConfig {
  const get = (name: string) => values[`${prefix}_${name}`];
  const url = get('URL') as string | undefined;
  const config: DirectoryConfig = {
    url,
    bindDn: (get('BIND_DN') as string | undefined) ?? '',
    bindPassword: (get('BIND_PASSWORD') as string | undefined) ?? '',
    baseDn: (get('BASE_DN') as string | undefined) ?? '',
    peopleOu: get('PEOPLE_OU') as string,
    groupsOu: get('GROUPS_OU') as string,
    startTls: get('STARTTLS') as boolean,
    caFile: get('CA_FILE') as string | undefined,
    passwordScheme: get('PASSWORD_SCHEME') as PasswordScheme,
    readUrl: get('READ_URL') as string | undefined,
    replicaLagSeconds: get('REPLICA_LAG_SECONDS') as number,
  };
  if (!url) {
    if (config.readUrl) problems.push(`${prefix}_READ_URL is a replica of ${prefix}_URL: set ${prefix}_URL too.`);
    return config;
  }
  for (const name of ['BIND_DN', 'BIND_PASSWORD', 'BASE_DN'] as const) {
    if (!get(name)) problems.push(`${prefix}_${name} is needed with ${prefix}_URL. Example: ${prefix}_${name}=…`);
  }
  for (const server of config.readUrl ? [url, config.readUrl] : [url]) {
    const u = new URL(server);
    if (u.protocol === 'ldap:' && !config.startTls && !loopback.has(u.hostname)) {
      problems.push(
        `${prefix}_STARTTLS=false is only allowed for a server on this machine; ${u.hostname} would see passwords in clear. Use StartTLS or ldaps://.`,
      );
    }
  }
  return config;
}

export function describeDirectory(c: DirectoryConfig, prefix: string): Record<string, string> {
  return {
    [`${prefix}_URL`]: c.url ?? '(embedded directory in the database)',
    [`${prefix}_BIND_DN`]: c.bindDn || '(not set)',
    [`${prefix}_BIND_PASSWORD`]: c.bindPassword ? '****' : '(not set)',
    [`${prefix}_BASE_DN`]: c.baseDn || '(not set)',
    [`${prefix}_PEOPLE_OU`]: c.peopleOu,
    [`${prefix}_GROUPS_OU`]: c.groupsOu,
    [`${prefix}_STARTTLS`]: String(c.startTls),
    [`${prefix}_CA_FILE`]: c.caFile ?? '(system CAs)',
    [`${prefix}_PASSWORD_SCHEME`]: c.passwordScheme,
    [`${prefix}_READ_URL`]: c.readUrl ?? `(none: logins bind against ${prefix}_URL)`,
    [`${prefix}_REPLICA_LAG_SECONDS`]: String(c.replicaLagSeconds),
  };
}

const idRange = z.string().transform((v, ctx): IdRange => {
  const range = parseIdRange(v);
  if (range) return range;
  ctx.addIssue({ code: 'custom', message: 'must be FIRST-LAST with 1000 ≤ FIRST ≤ LAST < 2^31' });
  return z.NEVER;
});

/** `["lfs","setquota","-u","{user}","-B","{bytes}","/lustre"]`: run without a shell; placeholders only as whole arguments. */
const quotaCommand = z.string().transform((v, ctx): string[] => {
  try {
    const parsed = z.array(z.string().min(1).max(500)).min(1).max(40).parse(JSON.parse(v));
    if (!parsed.some((a) => /\{(user|group|target)\}/.test(a))) throw new Error('no {user}, {group} or {target}');
    return parsed;
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a JSON array of the command and its arguments, with {user}, {group} or {target}',
    });
    return z.NEVER;
  }
});

/** UID and GID ranges and the quota command, read by the provisioning job. */
export const provisioningVariables = {
  UID_RANGE: {
    schema: idRange.default(parseIdRange('20000-59999') as IdRange),
    description: 'UID numbers sc-account gives new users (each directory its own), never reused.',
    example: '20000-59999',
  },
  GID_RANGE: {
    schema: idRange.default(parseIdRange('20000-59999') as IdRange),
    description: 'GID numbers sc-account gives new groups (each directory its own), never reused.',
    example: '20000-59999',
  },
  QUOTA_COMMAND: {
    schema: quotaCommand.optional(),
    description:
      'Command that sets a storage quota (a new account’s 1 TB; a usage plan’s user and group quotas), as a JSON array run without a shell; {scope} (user|group), {target} (the user, or the group), {user}, {group}, {bytes}, {division} (ga|pg) and {storage} (ga|pg|archive) are replaced by checked values. Group quotas need {scope} or {target}. Unset: quotas are only recorded.',
    example: '["lfs","setquota","--{scope}","{target}","-B","{bytes}","/lustre"]',
  },
  QUOTA_USAGE_COMMAND: {
    schema: quotaCommand.optional(),
    description:
      'Command that prints the bytes a user or group has in use (the first number it prints), with the same placeholders as QUOTA_COMMAND; used to refuse lowering a quota below what is in use unless staff confirm. Unset: usage is not checked.',
    example: '["/usr/local/sbin/quota-used","{scope}","{target}","{storage}"]',
  },
} as const;

export interface ProvisioningConfig {
  uidRange: IdRange;
  gidRange: IdRange;
  quotaCommand: string[] | undefined;
  quotaUsageCommand: string[] | undefined;
}

export const provisioningConfig = (values: Record<string, unknown>): ProvisioningConfig => ({
  uidRange: values.UID_RANGE as IdRange,
  gidRange: values.GID_RANGE as IdRange,
  quotaCommand: values.QUOTA_COMMAND as string[] | undefined,
  quotaUsageCommand: values.QUOTA_USAGE_COMMAND as string[] | undefined,
});

export const describeProvisioning = (c: ProvisioningConfig): Record<string, string> => ({
  UID_RANGE: `${c.uidRange.first}-${c.uidRange.last}`,
  GID_RANGE: `${c.gidRange.first}-${c.gidRange.last}`,
  QUOTA_COMMAND: c.quotaCommand ? JSON.stringify(c.quotaCommand) : '(quota recorded only)',
  QUOTA_USAGE_COMMAND: c.quotaUsageCommand ? JSON.stringify(c.quotaUsageCommand) : '(usage not checked)',
});
