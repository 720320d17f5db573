// `npm start`: read the configuration, open everything, listen, print one line.

import pino from 'pino';
import { type Config, ConfigError, ensureSessionSecret, loadConfig } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { openDatabase } from './db/database.js';
import { listStaff } from './db/staff.js';
import { createLogger } from './logger.js';
import type { Server } from './server.js';

/** What to run, beside the server, to make the first administrator. */
function firstAdministrator(config: Config): string {
  const dir = config.dataDir;
  const quoted = /^[\w/.,:+@-]+$/.test(dir) ? dir : `'${dir.replaceAll("'", `'\\''`)}'`;
  const dataDir = process.env.DATA_DIR ? `DATA_DIR=${quoted} ` : '';
  const same = config.databaseUrl ? ' (with the same DATABASE_URL)' : '';
  return (
    `No staff account yet. Make the first administrator${same}, while this runs:\n` +
    `  ${dataDir}npx sc-account staff create --email YOUR-ADDRESS --role admin\n`
  );
}

async function main() {
  let config: Config;
  try {
    config = ensureSessionSecret(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`sc-account: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  // Logs go to stderr; stdout carries the one line with the URL.
  const logger = createLogger(config.logLevel, pino.destination(2));
  let server: Server;
  try {
    // The embedded database takes about half a second to open, mostly waiting on
    // files and WebAssembly compilation: let the web modules load meanwhile.
    const opening = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const [{ createServer }, database] = await Promise.all([import('./server.js'), opening]);
    server = await createServer(config, logger, { database });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`sc-account: ${err.message}\n`);
      process.exit(75);
    }
    throw err;
  }
  try {
    await server.listen();
  } catch (err) {
    await server.close();
    if ((err as { code?: unknown }).code === 'SESSION_SECRET_MISMATCH') {
      // A configuration error like any other: systemd is told not to restart into it (78).
      process.stderr.write(`sc-account: ${(err as Error).message}\n`);
      process.exit(78);
    }
    throw err;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal means: now.
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A job that hangs must not hold the process for ever.
    setTimeout(() => {
      logger.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000).unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // One write, so that whoever reads the first line has the rest too.
  let firstSteps = '';
  try {
    if ((await listStaff(server.database.db)).length === 0) firstSteps = firstAdministrator(config);
  } catch (err) {
    logger.warn({ err }, 'could not count the staff accounts');
  }
  process.stdout.write(`sc-account is running at ${config.baseUrl.origin}/\n${firstSteps}`);
}

main().catch((err) => {
  process.stderr.write(`sc-account: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
