// The `sc-account` command for operators.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { type Config, ConfigError, describeConfig, ensureSessionSecret, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedApplications } from '../db/seed.js';
import { createLogger } from '../logger.js';
import { createOutbox } from '../mail/outbox.js';
import { isLang } from '../web/i18n/index.js';
import { directoryCommand, directoryHelp } from './directory.js';
import { listsCommand, listsHelp } from './lists.js';
import { noticesCommand, noticesHelp } from './notices.js';
import { importCommand, reconcileCommand, reconcileHelp } from './reconcile.js';
import { renewalCommand, renewalHelp } from './renewal.js';
import { auditCommand, staffCommand, staffHelp } from './staff.js';

const help = `Usage: sc-account <command> [options]

Commands:
  migrate                 Apply pending database migrations and exit.
  config check            Check the configuration from the environment and print
                          the effective values, secrets masked.
  mail test --to ADDRESS [--lang ja|en]
                          Queue a test mail; the running server's job worker sends it.
${noticesHelp}${listsHelp}${staffHelp}${directoryHelp}${reconcileHelp}${renewalHelp}  dev seed --applications N [--seed S]
                          Add N realistic sent applications (development, demos and
                          benchmarks only: never on a production database).
  help, --help            Show this help.

Configuration comes from environment variables; see docs/configuration.md.
`;

export class UsageError extends Error {}

async function withDatabase<T>(config: Config, fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function run(argv: string[], out: (s: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(help);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const applied = await withDatabase(config, (d) => migrateToLatest(d.db));
      out(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      return 0;
    }
    case 'config': {
      if (rest[0] !== 'check') throw new UsageError('usage: sc-account config check');
      out('The configuration is valid. Effective values:\n');
      for (const [name, value] of Object.entries(describeConfig(config))) out(`  ${name}=${value}\n`);
      return 0;
    }
    case 'mail': {
      const { positionals, values } = parseArgs({
        args: rest,
        options: { to: { type: 'string' }, lang: { type: 'string', default: 'ja' } },
        allowPositionals: true,
      });
      if (positionals[0] !== 'test' || !values.to || !isLang(values.lang)) {
        throw new UsageError('usage: sc-account mail test --to ADDRESS [--lang ja|en]');
      }
      const full = ensureSessionSecret(config);
      const id = await withDatabase(full, async (d) => {
        await migrateToLatest(d.db);
        const outbox = createOutbox({ from: full.mailFrom, baseUrl: full.baseUrl });
        return d.db.transaction().execute((trx) =>
          outbox.enqueue(trx, {
            to: values.to as string,
            lang: values.lang as 'ja' | 'en',
            template: 'test',
            params: {},
          }),
        );
      });
      out(`Queued test mail as job ${id}; the server's job worker sends it.\n`);
      return 0;
    }
    case 'lists':
      return listsCommand(rest, config, out, UsageError);
    case 'notices':
      return noticesCommand(rest, config, out, UsageError);
    case 'dev': {
      const { positionals, values } = parseArgs({
        args: rest,
        options: { applications: { type: 'string' }, seed: { type: 'string', default: '1' } },
        allowPositionals: true,
      });
      const count = Number(values.applications);
      if (positionals[0] !== 'seed' || !Number.isInteger(count) || count < 1 || count > 10_000_000) {
        throw new UsageError('usage: sc-account dev seed --applications N [--seed S]');
      }
      await withDatabase(config, async (d) => {
        await migrateToLatest(d.db);
        await seedApplications(d, count, {
          seed: Number(values.seed) || 1,
          progress: (done) => {
            if (done % 10_000 === 0) out(`  ${done} …\n`);
          },
        });
      });
      out(`Added ${count} applications.\n`);
      return 0;
    }
    case 'staff':
      return staffCommand(rest, config, out, UsageError);
    case 'audit':
      return auditCommand(rest, config, out, UsageError);
    case 'directory':
      return rest[0] === 'import'
        ? importCommand(rest.slice(1), config, out, UsageError)
        : directoryCommand(rest, config, out, UsageError);
    case 'reconcile':
      return reconcileCommand(rest, config, out, UsageError);
    case 'renewal':
      return renewalCommand(rest, config, out, UsageError);
    default:
      throw new UsageError(`unknown command "${command}". Run sc-account --help.`);
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  // `sc-account … | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    process.exitCode = await run(argv, (s) => process.stdout.write(s));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof DataDirLockedError) {
      process.stderr.write(`sc-account: ${err.message}\n`);
      process.exitCode = err instanceof UsageError ? 64 : 78;
      return;
    }
    createLogger('error', pino.destination(2)).error({ err }, 'command failed');
    process.exitCode = 1;
  }
}
