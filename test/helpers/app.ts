// Starts the whole app on a random port with a fresh temporary DATA_DIR, so any
// feature can be tested end to end over HTTP. Closes and removes it all at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pino from 'pino';
import { type Config, ensureSessionSecret, loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createServer, type Server, type ServerOptions } from '../../src/server.js';

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
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
