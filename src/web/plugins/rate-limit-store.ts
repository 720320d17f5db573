// Where @fastify/rate-limit keeps its counts: in the database, so that N instances
// enforce one limit, not N. A route's own limit (sign-in, mail, recovery: few requests,
// each worth guarding) is counted in the database request by request, exactly. The
// limit over all pages is counted here and sent in a batch every FLUSH_MS: about one
// statement per client address and second instead of one per request, so that a page
// costs no write. Each instance knows every instance's count of at most FLUSH_MS ago
// (a request after a longer silence asks the database first), and its own at once.
import type { Kysely } from 'kysely';
import { countRequests } from '../../db/rate-limits.js';
import type { Database } from '../../db/schema.js';

export const FLUSH_MS = 1000;
/** Client addresses an instance keeps counting for the limit over all pages. */
const MAX_KEYS = 20_000;

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

interface Batched {
  /** The count in the database when last heard from it (every instance's requests). */
  known: number;
  /** This instance's requests not yet sent. */
  pending: number;
  windowEnds: number;
  /** When the database last told this instance the count. */
  heardAt: number;
}

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

/** The store class @fastify/rate-limit instantiates (`store` option). */
export function databaseRateLimitStore(db: Kysely<Database>, onError: (error: unknown) => void) {
  return class DatabaseRateLimitStore {
    private readonly batched = new Map<string, Batched>();
    private timer: NodeJS.Timeout | undefined;
    private windowMs = 60_000;

    constructor(
      _params: unknown,
      /** `*` for the limit over all pages; else the route's method and path. */
      private readonly scope = '*',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number, _max: number): void {
      const id = `${this.scope}|${key}`;
      const now = Date.now();
      const entry = this.batched.get(id);
      // A route's own limit is counted in the database at once; so is the limit over all
      // pages for a client's first request in a window, or when this instance last heard
      // the others' count more than FLUSH_MS ago (with what it has not sent yet).
      if (this.scope !== '*' || !entry || entry.windowEnds <= now || now - entry.heardAt > FLUSH_MS) {
        const n = 1 + (this.scope === '*' && entry && entry.windowEnds > now ? entry.pending : 0);
        if (entry) {
          entry.pending = 0;
          entry.heardAt = now;
        }
        countRequests(db, id, n, timeWindow).then(
          (count) => {
            if (this.scope === '*') this.remember(id, count.hits, count.windowEnds.getTime());
            callback(null, { current: count.hits, ttl: Math.max(0, count.windowEnds.getTime() - Date.now()) });
          },
          (error: unknown) => {
            // No database, no count: the route itself answers "unavailable" meanwhile.
            onError(error);
            callback(null, { current: 0, ttl: timeWindow });
          },
        );
        return;
      }
      this.windowMs = timeWindow;
      entry.pending++;
      this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
      callback(null, { current: entry.known + entry.pending, ttl: entry.windowEnds - now });
    }

    private remember(id: string, hits: number, windowEnds: number) {
      const entry = this.batched.get(id);
      if (entry) {
        entry.known = hits;
        entry.windowEnds = windowEnds;
        entry.heardAt = Date.now();
        return;
      }
      if (this.batched.size >= MAX_KEYS) this.forgetEnded(Date.now());
      this.batched.set(id, { known: hits, pending: 0, windowEnds, heardAt: Date.now() });
    }

    private forgetEnded(now: number) {
      for (const [id, entry] of this.batched)
        if (entry.windowEnds <= now && entry.pending === 0) this.batched.delete(id);
      // Still full: the oldest go (a count lost is a limit a little late, never a refusal).
      for (const id of this.batched.keys()) {
        if (this.batched.size < MAX_KEYS) break;
        this.batched.delete(id);
      }
    }

    private flush() {
      this.timer = undefined;
      const sends: Promise<void>[] = [];
      for (const [id, entry] of this.batched) {
        if (entry.pending === 0) continue;
        const n = entry.pending;
        entry.pending = 0;
        sends.push(
          countRequests(db, id, n, this.windowMs).then(
            (count) => this.remember(id, count.hits, count.windowEnds.getTime()),
            (error: unknown) => {
              entry.pending += n;
              onError(error);
            },
          ),
        );
      }
      void Promise.all(sends).then(() => {
        if ([...this.batched.values()].some((entry) => entry.pending > 0))
          this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
      });
    }

    child(params: unknown) {
      const { method = 'ANY', url = '?' } = (params as RouteParams).routeInfo ?? {};
      return new DatabaseRateLimitStore(params, `${Array.isArray(method) ? method.join(',') : method} ${url}`);
    }
  };
}
