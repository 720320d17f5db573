// The one typed configuration object, read only from environment variables.
// Every variable has a zod schema, a description and an example, so a bad value
// stops the start with a message that says which variable, what was wrong and
// what a right value looks like.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { type Argon2Params, argon2Defaults } from './argon2.js';
import {
  type DirectoryConfig,
  describeDirectory,
  describeProvisioning,
  directoryConfig,
  directoryVariables,
  type ProvisioningConfig,
  provisioningConfig,
  provisioningVariables,
} from './config-directory.js';
import { describeRenewal, type RenewalConfig, renewalConfig, renewalVariables } from './config-renewal.js';
import { narrowMode, privateDir } from './db/data-dir-lock.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const urlWithProtocols = (protocols: readonly string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/**
 * DATABASE_URL: one server. `pg` knows no libpq-style list of hosts (`host1,host2`): it
 * would look up the list as one name, or not read the URL at all, and wait for a
 * database forever; several servers go behind one endpoint instead.
 */
const databaseUrl = z
  .string()
  .refine((v) => !/^[a-z]+:\/\/(?:[^@/?#]*@)?[^/?#]*,/i.test(v), {
    message:
      'names several hosts, but sc-account connects to one: give the one address that leads to the primary (see "Highly available PostgreSQL" in docs/operations.md)',
    abort: true,
  })
  .pipe(urlWithProtocols(['postgres:', 'postgresql:']));

/** TRUST_PROXY: false, true, a number of hops, or a comma-separated list of addresses/CIDRs. */
const trustProxy = z.string().transform((v, ctx): boolean | number | string[] => {
  const t = v.trim();
  if (t === 'false' || t === '0' || t === '') return false;
  if (t === 'true') return true;
  if (/^[1-9][0-9]?$/.test(t)) return Number(t);
  const parts = t.split(',').map((p) => p.trim());
  if (parts.every((p) => /^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/.test(p))) return parts;
  ctx.addIssue({ code: 'custom', message: 'must be false, true, a number of proxy hops, or addresses/CIDRs' });
  return z.NEVER;
});

type Var = { schema: z.ZodType; description: string; example: string; secret?: boolean };

/** Every environment variable sc-account reads. docs/configuration.md explains each. */
export const variables = {
  PORT: {
    schema: z.coerce.number().int().min(1).max(65535).default(3000),
    description: 'TCP port the web server listens on.',
    example: '3000',
  },
  HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    description: 'Address the web server binds to (0.0.0.0 for all IPv4 interfaces).',
    example: '127.0.0.1',
  },
  BASE_URL: {
    schema: urlWithProtocols(['http:', 'https:']).optional(),
    description:
      'Public URL of the service, used in links in mail and for the Origin check. Default http://localhost:PORT.',
    example: 'https://account.example.ac.jp',
  },
  DATA_DIR: {
    schema: z.string().min(1).default('./data'),
    description: 'Folder for embedded data: PGlite database, mail files, generated secrets.',
    example: './data',
  },
  DATABASE_URL: {
    schema: databaseUrl.optional(),
    description: 'PostgreSQL server to use instead of the embedded PGlite database.',
    example: 'postgres://sc_account:secret@db.example.ac.jp:5432/sc_account',
    secret: true,
  },
  SMTP_URL: {
    schema: urlWithProtocols(['smtp:', 'smtps:']).optional(),
    description: 'SMTP server for outgoing mail. Without it, mail is written as .eml files under DATA_DIR/mail.',
    example: 'smtps://user:secret@mail.example.ac.jp:465',
    secret: true,
  },
  MAIL_FROM: {
    schema: z.string().min(3).default('sc-account <no-reply@localhost>'),
    description: 'Sender address of every mail.',
    example: 'NIG supercomputer <account@example.ac.jp>',
  },
  CONTACT_EMAIL: {
    schema: z.email().optional(),
    description: 'Address users are told to write to (locked account, lost password); unset: the address of MAIL_FROM.',
    example: 'account-help@example.ac.jp',
  },
  SESSION_SECRET: {
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    description:
      'Key for signed cookies. Generated and stored in DATA_DIR/session-secret on first start when absent. The same on every instance that shares a database (one with another secret refuses to start).',
    example: 'a long random string, e.g. from `openssl rand -base64 48`',
    secret: true,
  },
  LOG_LEVEL: {
    schema: z.enum(logLevels).default('info'),
    description: `Log level: ${logLevels.join(', ')}.`,
    example: 'info',
  },
  TRUST_PROXY: {
    schema: trustProxy.default(false),
    description: 'Whether to trust X-Forwarded-* headers: false, true, a hop count, or proxy addresses.',
    example: '127.0.0.1',
  },
  METRICS_TOKEN: {
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    description: 'Bearer token required for /metrics. Without it, /metrics answers only to loopback addresses.',
    example: 'a long random string',
    secret: true,
  },
  RATE_LIMIT_PER_MINUTE: {
    schema: z.coerce.number().int().min(1).default(300),
    description: 'Requests per minute allowed from one client address, over all pages.',
    example: '300',
  },
  RATE_LIMIT_MAIL_PER_10_MINUTES: {
    schema: z.coerce.number().int().min(1).default(30),
    description: 'Forms that send mail (application links) accepted per 10 minutes from one client address.',
    example: '30',
  },
  SESSION_IDLE_MINUTES: {
    schema: z.coerce.number().int().min(1).default(60),
    description: 'A session ends after this many minutes without a request.',
    example: '60',
  },
  SESSION_ABSOLUTE_HOURS: {
    schema: z.coerce.number().int().min(1).default(12),
    description: 'A session ends this many hours after it began, whatever its use.',
    example: '12',
  },
  REVIEW_RESPONSE_DAYS: {
    schema: z.coerce.number().int().min(2).max(365).default(30),
    description:
      'Days a responsible person has to sign a pledge, or an applicant to answer a request for information, before the application expires; a reminder is sent half-way. The default until an administrator sets the periods in the console (Settings → Mail and deadlines).',
    example: '30',
  },
  ARGON2_MEMORY_KIB: {
    schema: z.coerce.number().int().min(1024).max(4_194_304).default(argon2Defaults.memoryCost),
    description:
      'Memory of one argon2id password hash (staff passwords; directory passwords under ARGON2), in KiB. The default is for production; lower values (below OWASP’s minimum a warning is logged) are for tests.',
    example: String(argon2Defaults.memoryCost),
  },
  ARGON2_TIME_COST: {
    schema: z.coerce.number().int().min(1).max(100).default(argon2Defaults.timeCost),
    description: 'Passes of one argon2id password hash over its memory.',
    example: String(argon2Defaults.timeCost),
  },
  ARGON2_PARALLELISM: {
    schema: z.coerce.number().int().min(1).max(64).default(argon2Defaults.parallelism),
    description: 'Lanes of one argon2id password hash (computed on up to this many threads).',
    example: String(argon2Defaults.parallelism),
  },
  JOB_LEASE_SECONDS: {
    schema: z.coerce.number().int().min(5).max(3600).default(300),
    description:
      'How long a claimed job stays with its worker; a worker that died is taken over after this. Keep it above the longest directory or mail operation.',
    example: '300',
  },
  JOB_POLL_MS: {
    schema: z.coerce.number().int().min(50).max(60_000).default(1000),
    description: 'How often the job worker looks for due jobs, in milliseconds.',
    example: '1000',
  },
  JOB_WORKER: {
    schema: booleanText.default(true),
    description: 'Whether this process runs the job worker (mail, directory writes).',
    example: 'true',
  },
  WEBHOOK_CA_FILE: {
    schema: z.string().min(1).optional(),
    description:
      'PEM file of certificate authorities that webhook endpoints’ certificates may also chain to (e.g. the centre’s own CA); the system’s are trusted always.',
    example: '/etc/ssl/certs/centre-ca.pem',
  },
  ...directoryVariables('LDAP', 'the general analysis division'),
  ...directoryVariables('PG_LDAP', 'the personal genome analysis division'),
  ...provisioningVariables,
  ...renewalVariables,
} satisfies Record<string, Var>;

export type VariableName = keyof typeof variables;

export interface Config {
  port: number;
  host: string;
  baseUrl: URL;
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where users write to with questions (locked account, lost key). */
  contactEmail: string;
  sessionSecret: string;
  logLevel: (typeof logLevels)[number];
  trustProxy: boolean | number | string[];
  metricsToken: string | undefined;
  rateLimitPerMinute: number;
  rateLimitMailPer10Minutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  jobPollMs: number;
  jobLeaseSeconds: number;
  reviewResponseDays: number;
  jobWorker: boolean;
  /** Extra CAs for webhook endpoints (PEM file), besides the system's. */
  webhookCaFile: string | undefined;
  /** The cost of argon2id password hashes (ARGON2_*). */
  argon2: Argon2Params;
  /** The general analysis division's directory (LDAP_*). */
  directory: DirectoryConfig;
  /** The personal genome analysis division's directory (PG_LDAP_*). */
  pgDirectory: DirectoryConfig;
  provisioning: ProvisioningConfig;
  renewal: RenewalConfig;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, options: { cwd?: string } = {}): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables) as [VariableName, Var][]) {
    const raw = env[name];
    const result = v.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) {
      values[name] = result.data;
    } else {
      const what = result.error.issues.map((i) => i.message).join('; ');
      const shown = v.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${name}=${shown}: ${what}. Example: ${name}=${v.example}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const directory = directoryConfig(values, 'LDAP', problems);
  const pgDirectory = directoryConfig(values, 'PG_LDAP', problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const port = values.PORT as number;
  const cwd = options.cwd ?? process.cwd();
  const dataDirText = values.DATA_DIR as string;
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(cwd, dataDirText);
  const baseUrl = new URL((values.BASE_URL as string | undefined) ?? `http://localhost:${port}`);
  return {
    port,
    host: values.HOST as string,
    baseUrl,
    dataDir,
    databaseUrl: values.DATABASE_URL as string | undefined,
    smtpUrl: values.SMTP_URL as string | undefined,
    mailFrom: values.MAIL_FROM as string,
    contactEmail:
      (values.CONTACT_EMAIL as string | undefined) ??
      (values.MAIL_FROM as string).match(/<([^>]+)>/)?.[1] ??
      (values.MAIL_FROM as string),
    sessionSecret: (values.SESSION_SECRET as string | undefined) ?? '',
    logLevel: values.LOG_LEVEL as Config['logLevel'],
    trustProxy: values.TRUST_PROXY as Config['trustProxy'],
    metricsToken: values.METRICS_TOKEN as string | undefined,
    rateLimitPerMinute: values.RATE_LIMIT_PER_MINUTE as number,
    rateLimitMailPer10Minutes: values.RATE_LIMIT_MAIL_PER_10_MINUTES as number,
    sessionIdleMinutes: values.SESSION_IDLE_MINUTES as number,
    sessionAbsoluteHours: values.SESSION_ABSOLUTE_HOURS as number,
    jobPollMs: values.JOB_POLL_MS as number,
    jobLeaseSeconds: values.JOB_LEASE_SECONDS as number,
    reviewResponseDays: values.REVIEW_RESPONSE_DAYS as number,
    jobWorker: values.JOB_WORKER as boolean,
    webhookCaFile: values.WEBHOOK_CA_FILE as string | undefined,
    argon2: {
      memoryCost: values.ARGON2_MEMORY_KIB as number,
      timeCost: values.ARGON2_TIME_COST as number,
      parallelism: values.ARGON2_PARALLELISM as number,
    },
    directory,
    pgDirectory,
    provisioning: provisioningConfig(values),
    renewal: renewalConfig(values),
  };
}

/**
 * Fills in the session secret: the configured one, else the one stored in
 * DATA_DIR/session-secret, else a new random one written there (mode 0600, in a
 * DATA_DIR of mode 0700; both are narrowed to that when found wider).
 */
export function ensureSessionSecret(config: Config): Config {
  if (config.sessionSecret) return config;
  privateDir(config.dataDir);
  const file = join(config.dataDir, 'session-secret');
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
    // One restored or copied with a wider mode is the owner's alone again.
    narrowMode(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    secret = randomBytes(48).toString('base64url');
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process wrote it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      secret = readFileSync(file, 'utf8').trim();
    }
  }
  if (secret.length < 32) {
    throw new ConfigError([
      `${file} holds a session secret shorter than 32 characters. Delete the file to have a new one generated, or set SESSION_SECRET.`,
    ]);
  }
  return { ...config, sessionSecret: secret };
}

const mask = (url: string | undefined) => {
  if (!url) return undefined;
  const u = new URL(url);
  if (u.password) u.password = '****';
  for (const name of [...u.searchParams.keys()]) {
    if (/pass|secret|token|key/i.test(name)) u.searchParams.set(name, '****');
  }
  return u.toString();
};

/** The effective configuration with every secret masked, for `sc-account config check`. */
export function describeConfig(config: Config): Record<string, string> {
  return {
    PORT: String(config.port),
    HOST: config.host,
    BASE_URL: config.baseUrl.toString(),
    DATA_DIR: config.dataDir,
    DATABASE_URL: mask(config.databaseUrl) ?? '(embedded PGlite in DATA_DIR/pg)',
    SMTP_URL: mask(config.smtpUrl) ?? '(mail written as files to DATA_DIR/mail)',
    MAIL_FROM: config.mailFrom,
    CONTACT_EMAIL: config.contactEmail,
    SESSION_SECRET: config.sessionSecret ? '****' : '(generated on first start)',
    LOG_LEVEL: config.logLevel,
    TRUST_PROXY: Array.isArray(config.trustProxy) ? config.trustProxy.join(',') : String(config.trustProxy),
    METRICS_TOKEN: config.metricsToken ? '****' : '(not set: /metrics for loopback only)',
    RATE_LIMIT_PER_MINUTE: String(config.rateLimitPerMinute),
    RATE_LIMIT_MAIL_PER_10_MINUTES: String(config.rateLimitMailPer10Minutes),
    SESSION_IDLE_MINUTES: String(config.sessionIdleMinutes),
    SESSION_ABSOLUTE_HOURS: String(config.sessionAbsoluteHours),
    JOB_POLL_MS: String(config.jobPollMs),
    JOB_LEASE_SECONDS: String(config.jobLeaseSeconds),
    REVIEW_RESPONSE_DAYS: String(config.reviewResponseDays),
    JOB_WORKER: String(config.jobWorker),
    WEBHOOK_CA_FILE: config.webhookCaFile ?? '(the system’s certificate authorities only)',
    ARGON2_MEMORY_KIB: String(config.argon2.memoryCost),
    ARGON2_TIME_COST: String(config.argon2.timeCost),
    ARGON2_PARALLELISM: String(config.argon2.parallelism),
    ...describeDirectory(config.directory, 'LDAP'),
    ...describeDirectory(config.pgDirectory, 'PG_LDAP'),
    ...describeProvisioning(config.provisioning),
    ...describeRenewal(config.renewal),
  };
}
