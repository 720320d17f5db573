// The `sc-account` command for operators: every command is one entry of `commands`
// (src/cli/command.ts says what an entry is); `run` finds it, answers --help, parses
// and checks its options, and turns each kind of failure into one line and an exit
// status: 64 a usage mistake, 75 DATA_DIR held by a process that offers no socket,
// 78 a bad configuration, 1 a failure while it ran.
import { ConfigError, describeConfig, ensureSessionSecret } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { liveInstances } from '../db/instances.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedApplications } from '../db/seed.js';
import { isLang } from '../i18n/index.js';
import { createOutbox } from '../mail/outbox.js';
import { sendTestMail } from '../services/mail-test.js';
import { accountCommands } from './accounts.js';
import { applicationCommands } from './applications.js';
import { billingCommands, planCommands } from './billing.js';
import { type Command, command, commandHelp, type Io, listing, parseFor, UsageError, usageLine } from './command.js';
import { createContext, openForCommand } from './context.js';
import { directoryCommands } from './directory.js';
import { groupCommands } from './groups.js';
import { listsCommands } from './lists.js';
import { noticesCommands } from './notices.js';
import { reconcileCommands } from './reconcile.js';
import { renewalCommands } from './renewal.js';
import { auditCommands, staffCommands } from './staff.js';
import { tokenCommands } from './tokens.js';

const baseCommands = [
  command({
    words: ['migrate'],
    synopsis: '',
    description: 'Apply pending database migrations and exit.',
    options: {},
    async run({ context }) {
      const database = await openForCommand(context.config());
      try {
        const applied = await migrateToLatest(database.db);
        context.io.out(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      } finally {
        await database.close();
      }
      return 0;
    },
  }),
  command({
    words: ['config', 'check'],
    synopsis: '',
    description: 'Check the configuration from the environment and print the effective values, secrets masked.',
    options: {},
    async run({ context }) {
      const config = context.config();
      context.io.out('The configuration is valid. Effective values:\n');
      for (const [name, value] of Object.entries(describeConfig(config))) context.io.out(`  ${name}=${value}\n`);
      return 0;
    },
  }),
  command({
    words: ['mail', 'test'],
    synopsis: '--to ADDRESS [--lang ja|en]',
    description: "Queue a test mail; the running server's job worker sends it.",
    options: { to: { type: 'string' }, lang: { type: 'string', default: 'ja' } },
    async run({ values, context }) {
      const to = values.to;
      const lang = values.lang;
      if (!to) throw new UsageError('mail test needs --to ADDRESS', usageLine(mailTest));
      if (!isLang(lang)) throw new UsageError(`--lang must be ja or en, not "${lang}"`, usageLine(mailTest));
      const config = ensureSessionSecret(context.config());
      const sent = await context.withDatabase((d) =>
        sendTestMail({ db: d.db, outbox: createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl }) }, 'cli', {
          to,
          lang,
        }),
      );
      if (!sent.ok) throw new UsageError(`--to must be one e-mail address, not "${to}"`, usageLine(mailTest));
      const id = sent.jobId;
      context.io.out(`Queued test mail as job ${id}; the server's job worker sends it.\n`);
      return 0;
    },
  }),
  command({
    words: ['instances'],
    synopsis: '',
    description:
      'List the server instances running on this database (seen in the last 90 s): host and port, version, whether each runs the job worker, when it started and was last seen.',
    options: {},
    async run({ context }) {
      const now = new Date();
      const rows = await context.withDatabase((d) => liveInstances(d.db, now));
      if (rows.length === 0) context.io.out('No instance is running on this database.\n');
      for (const r of rows) {
        const seen = Math.round((now.getTime() - r.seen_at.getTime()) / 1000);
        context.io.out(
          `${r.host}:${r.port}  version ${r.version}  worker ${r.worker ? 'yes' : 'no'}  ` +
            `started ${r.started_at.toISOString()}  seen ${seen} s ago\n`,
        );
      }
      return 0;
    },
  }),
];
const mailTest = baseCommands[2] as Command;

const devCommands = [
  command({
    words: ['dev', 'seed'],
    synopsis: '--applications N [--seed S]',
    description:
      'Add N realistic sent applications (development, demos and benchmarks only: never on a production database).',
    options: { applications: { type: 'string' }, seed: { type: 'string', default: '1' } },
    async run({ values, context }) {
      const count = Number(values.applications);
      if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
        throw new UsageError(
          '--applications must be a whole number from 1 to 10000000',
          usageLine(devCommands[0] as Command),
        );
      }
      await context.withDatabase((d) =>
        seedApplications(d, count, {
          seed: Number(values.seed) || 1,
          progress: (done) => {
            if (done % 10_000 === 0) context.io.out(`  ${done} …\n`);
          },
        }),
      );
      context.io.out(`Added ${count} applications.\n`);
      return 0;
    },
  }),
];

/** Every command, in the order `sc-account --help` lists them. */
export const commands: Command[] = [
  ...baseCommands,
  ...noticesCommands,
  ...listsCommands,
  ...applicationCommands,
  ...accountCommands,
  ...staffCommands,
  ...tokenCommands,
  ...auditCommands,
  ...directoryCommands,
  ...reconcileCommands,
  ...renewalCommands,
  ...planCommands,
  ...billingCommands,
  ...groupCommands,
  ...devCommands,
] as Command[];

export const help = `Usage: sc-account <command> [options]

Commands:
${commands.map(listing).join('')}  help, --help
    Show this help; sc-account <command> --help shows one command's.

Configuration comes from environment variables; see docs/configuration.md.
`;

const isHelp = (arg: string) => arg === '--help' || arg === '-h';

/** The command named by the leading words of argv, and the rest of argv. */
function find(argv: string[]): { found?: Command; rest: string[]; group: Command[] } {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.words.every((w, i) => argv[i] === w) && (!best || c.words.length > best.words.length)) best = c;
  }
  if (best) return { found: best, rest: argv.slice(best.words.length), group: [] };
  return { rest: argv, group: commands.filter((c) => c.words[0] === argv[0]) };
}

/** `usage: sc-account staff create|reset|… …` */
function groupUsage(group: Command[]): string {
  const name = group[0]?.words[0] ?? '';
  const subs = [...new Set(group.map((c) => c.words[1]).filter(Boolean))];
  return `usage: sc-account ${name} ${subs.join('|')} …`;
}

/** Runs one command line; returns the exit status. Never throws. */
export async function run(argv: string[], io: Io): Promise<number> {
  let name = argv[0] ?? '';
  try {
    const [first] = argv;
    if (first === undefined || first === 'help' || isHelp(first)) {
      io.out(help);
      return 0;
    }
    const { found, rest, group } = find(argv);
    const beforeDashes = (list: string[]) => (list.includes('--') ? list.slice(0, list.indexOf('--')) : list);
    if (!found) {
      if (group.length === 0) throw new UsageError(`unknown command "${first}"`, 'Run sc-account --help for the list.');
      if (beforeDashes(argv).some(isHelp)) {
        io.out(`${groupUsage(group)}\n\n${group.map(listing).join('')}`);
        return 0;
      }
      const sub = argv[1];
      throw new UsageError(
        sub === undefined ? `${first} needs a subcommand` : `unknown command "${first} ${sub}"`,
        `${groupUsage(group)}\nRun sc-account ${first} --help for each one's options.`,
      );
    }
    name = found.words.join(' ');
    if (beforeDashes(rest).some(isHelp)) {
      io.out(commandHelp(found));
      return 0;
    }
    const { values, args } = parseFor(found, rest);
    return await found.run({ values, args, context: createContext(io) });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`sc-account: ${err.message}\n${err.usage ? `${err.usage}\n` : ''}`);
      return 64;
    }
    if (err instanceof ConfigError) {
      io.err(`sc-account: ${err.message}\n`);
      return 78;
    }
    if (err instanceof DataDirLockedError) {
      io.err(`sc-account: ${err.message}\n`);
      return 75;
    }
    const detail = io.env.LOG_LEVEL === 'debug' || io.env.LOG_LEVEL === 'trace';
    const message = err instanceof Error ? err.message : String(err);
    const stack = detail && err instanceof Error && err.stack ? `${err.stack}\n` : '';
    io.err(`sc-account: ${name} failed: ${message}\n${stack}`);
    return 1;
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  // `sc-account … | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  process.exitCode = await run(argv, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
  });
}
