// Starts the whole app on a random port with a fresh temporary DATA_DIR, so any
// feature can be tested end to end over HTTP. Closes and removes it all at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pino from 'pino';
import { type Config, ensureSessionSecret, loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createServer, type Server, type ServerOptions } from '../../src/server.js';
import { migratedTemplate } from './pglite-template.js';

/** argon2id at its cheapest: tests hash many passwords; config.test.ts pins the production cost. */
export const testArgon2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
/** The same, as the app's configuration takes it (ARGON2_*). */
export const testArgon2Env = {
  ARGON2_MEMORY_KIB: String(testArgon2.memoryCost),
  ARGON2_TIME_COST: String(testArgon2.timeCost),
  ARGON2_PARALLELISM: String(testArgon2.parallelism),
};

export interface TestApp {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  server: Server;
  config: Config;
  dataDir: string;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface TestAppOptions extends ServerOptions {
  env?: Record<string, string>;
  /** Keep using this folder (restart tests); it is then not removed on close. */
  dataDir?: string;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sc-app-'));
  const base = loadConfig({
    LOG_LEVEL: 'info',
    JOB_POLL_MS: '100',
    ...testArgon2Env,
    ...options.env,
    DATA_DIR: dataDir,
  });
  const config = ensureSessionSecret({ ...base, port: 0, host: '127.0.0.1' });
  // A new embedded database starts from the migrated dump made once for the run.
  const database =
    options.database ??
    (config.databaseUrl ? undefined : await openDatabase({ dataDir, template: await migratedTemplate() }));
  const logs: Record<string, unknown>[] = [];
  const stream = {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      // An error the app logged shows beside the test that failed on it.
      if (Number(entry.level) >= 50) process.stderr.write(`app error: ${line}`);
    },
  };
  const logger: Logger = createLogger(config.logLevel, stream as pino.DestinationStream);
  const server = await createServer(config, logger, { ...options, ...(database ? { database } : {}) });
  try {
    await server.listen();
  } catch (err) {
    await server.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const { port } = server.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    config,
    dataDir,
    logs,
    async close() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir as string, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the job worker until no job is due or running (the worker's own loop may hold
 * one); with `untilMs`, keeps at it that long (a retry waits for its backoff). Gives up
 * after two minutes: a thousand mails on a loaded machine took more than 15 s.
 */
export async function drainJobs(app: TestApp, untilMs = 0): Promise<void> {
  const db = app.server.database.db;
  const end = Date.now() + Math.max(untilMs, 120_000);
  const started = Date.now();
  for (;;) {
    await app.server.worker.drain();
    const busy = await db
      .selectFrom('job')
      .select('id')
      .where((eb) =>
        eb.or([eb('state', '=', 'running'), eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', new Date())])]),
      )
      .executeTakeFirst();
    if ((!busy && Date.now() - started >= untilMs) || Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
