// Starts the whole app on a random port with a fresh temporary DATA_DIR, so any
// feature can be tested end to end over HTTP. Closes and removes it all at the end.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pino from 'pino';
import { type Config, ensureSessionSecret, loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createServer, type Server, type ServerOptions } from '../../src/server.js';

let template: Promise<string> | undefined;

/**
 * A migrated PGlite folder made once per test process. Creating a PGlite cluster
 * takes seconds; copying a made one takes milliseconds.
 */
function templateDataDir(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-template-'));
    const handle = await openDatabase({ dataDir: dir });
    await migrateToLatest(handle.db);
    await handle.close();
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return template;
}

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
  let dataDir = options.dataDir;
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), 'sc-app-'));
    if (!options.env?.DATABASE_URL)
      cpSync(join(await templateDataDir(), 'pg'), join(dataDir, 'pg'), { recursive: true });
  }
  const base = loadConfig({ LOG_LEVEL: 'info', JOB_POLL_MS: '100', ...options.env, DATA_DIR: dataDir });
  const config = ensureSessionSecret({ ...base, port: 0, host: '127.0.0.1' });
  const logs: Record<string, unknown>[] = [];
  const stream = {
    write(line: string) {
      logs.push(JSON.parse(line));
    },
  };
  const logger: Logger = createLogger(config.logLevel, stream as pino.DestinationStream);
  const server = await createServer(config, logger, options);
  await server.listen();
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
