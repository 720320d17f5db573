// The configuration and database of one `sc-account` command. On the embedded
// database, a running server holds DATA_DIR; the command then goes through the
// server's local socket (src/db/local-socket.ts) instead of opening the folder.
import { type Config, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { connectLocalSocket } from '../db/local-socket.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Context, Io } from './command.js';

/** The database a command works on; see Context.withDatabase. */
export async function openForCommand(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await openDatabase({ dataDir: config.dataDir });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const viaServer = await connectLocalSocket(config.dataDir);
    if (!viaServer) throw err;
    return viaServer;
  }
}

export function createContext(io: Io): Context {
  let config: Config | undefined;
  const context: Context = {
    io,
    config: () => {
      config ??= loadConfig(io.env, { cwd: io.cwd });
      return config;
    },
    async withDatabase(fn) {
      const database = await openForCommand(context.config());
      try {
        await migrateToLatest(database.db);
        return await fn(database);
      } finally {
        await database.close();
      }
    },
  };
  return context;
}
