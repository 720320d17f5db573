// Every call made with an API token is recorded in api_call (who, when, which route,
// what answer). Calls are written in batches, once a second and when the server
// stops, so that the log costs a request no extra round trip.
import type { Insertable, Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordApiCalls } from '../../db/api-tokens.js';
import type { Database } from '../../db/schema.js';
import type { ApiTables } from '../../db/schema-api.js';

type Call = Insertable<ApiTables['api_call']>;

/** Calls kept while the database cannot take them; beyond this the oldest are dropped (and logged). */
const MAX_PENDING = 50_000;

export function callLog(db: Kysely<Database>, log: Logger, intervalMs = 1000) {
  let pending: Call[] = [];
  let writing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    if (writing) await writing;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    writing = recordApiCalls(db, batch)
      .catch((error: unknown) => {
        pending = [...batch, ...pending];
        if (pending.length > MAX_PENDING) {
          log.error({ dropped: pending.length - MAX_PENDING }, 'API call log: calls dropped');
          pending = pending.slice(-MAX_PENDING);
        }
        log.warn({ error: (error as Error).message, pending: pending.length }, 'API call log: write failed');
      })
      .finally(() => {
        writing = undefined;
      });
    await writing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    add(call: Call) {
      pending.push(call);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
