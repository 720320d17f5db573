// Prometheus metrics, one registry per app instance (so tests can run several): HTTP
// requests, the job queue (depth by kind and state, the oldest due job's age, attempts
// by outcome), mail, directory operations and their latency, logins and throttles, and
// the instance's identity. docs/operations.md lists them with example alert rules.
import { hostname } from 'node:os';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type LoginOutcome = 'ok' | 'failed' | 'locked' | 'renewal_only' | 'throttled';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  jobsProcessed: Counter<'kind' | 'outcome'>;
  /** Mail handed to the mail server (or written to a file): sent, or failed (the job retries). */
  mailMessages: Counter<'outcome'>;
  /** Each directory call by division and operation, with its outcome. */
  directoryOperations: Histogram<'division' | 'operation' | 'outcome'>;
  /** Logins by audience (user, staff) and outcome. */
  logins: Counter<'audience' | 'outcome'>;
}

/** What the queue's gauges read at each scrape. */
export interface QueueCounts {
  byKindAndState: { kind: string; state: string; n: number }[];
  /** Seconds since the oldest queued job became due (0 when none is due). */
  oldestDueSeconds: number;
}

/** Gauges of the queue, read from the database at each scrape. */
export function addJobGauge(metrics: Metrics, count: () => Promise<QueueCounts>): void {
  let last: Promise<QueueCounts> | undefined;
  // One query per scrape for both gauges.
  const read = () => {
    last ??= count().finally(() => setTimeout(() => (last = undefined), 0));
    return last;
  };
  new Gauge({
    name: 'jobs',
    help: 'Jobs in the queue by state (failed ones wait for an operator)',
    labelNames: ['state'],
    registers: [metrics.registry],
    async collect() {
      const totals = new Map<string, number>([
        ['queued', 0],
        ['running', 0],
        ['done', 0],
        ['failed', 0],
      ]);
      for (const r of (await read()).byKindAndState) totals.set(r.state, (totals.get(r.state) ?? 0) + r.n);
      for (const [state, n] of totals) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'jobs_by_kind',
    help: 'Jobs in the queue by kind and state',
    labelNames: ['kind', 'state'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const r of (await read()).byKindAndState) this.set({ kind: r.kind, state: r.state }, r.n);
    },
  });
  new Gauge({
    name: 'jobs_oldest_due_age_seconds',
    help: 'How long the oldest queued job has been due (a stuck or stopped worker shows here)',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).oldestDueSeconds);
    },
  });
}

/** A division's replica (LDAP_READ_URL) as the gauges measure it. */
export interface ReplicaMeasure {
  division: string;
  measure(): Promise<{ lagSeconds: number }>;
}

/** How long a scrape waits for a replica's measure before counting it out of reach. */
const REPLICA_SCRAPE_MS = 5_000;

/** Gauges of each division's replica, measured at each scrape (both servers read once for the two). */
export function addReplicaGauges(metrics: Metrics, replicas: ReplicaMeasure[]): void {
  if (!replicas.length) return;
  let last: Promise<[string, number | undefined][]> | undefined;
  const within = <T>(p: Promise<T>) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(reject, REPLICA_SCRAPE_MS);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  };
  const read = () => {
    last ??= Promise.all(
      replicas.map(async (r): Promise<[string, number | undefined]> => {
        const lag = await within(r.measure()).catch(() => undefined);
        return [r.division, lag?.lagSeconds];
      }),
    ).finally(() => setTimeout(() => (last = undefined), 0));
    return last;
  };
  new Gauge({
    name: 'directory_replica_up',
    help: "Whether the division's replica (LDAP_READ_URL) and its provider could both be read at this scrape",
    labelNames: ['division'],
    registers: [metrics.registry],
    async collect() {
      for (const [division, lag] of await read()) this.set({ division }, lag === undefined ? 0 : 1);
    },
  });
  new Gauge({
    name: 'directory_replica_lag_seconds',
    help: 'Age of the oldest change the replica lacks (0: it has every change); absent while it cannot be read',
    labelNames: ['division'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const [division, lag] of await read()) if (lag !== undefined) this.set({ division }, lag);
    },
  });
}

export function createMetrics(
  identity: { version: string; worker: boolean; instance?: string } = {
    version: 'unknown',
    worker: true,
  },
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'sc_account_instance_info',
    help: 'This instance: its host, version and whether it runs the job worker (always 1)',
    labelNames: ['instance', 'version', 'worker'],
    registers: [registry],
  }).set({ instance: identity.instance ?? hostname(), version: identity.version, worker: String(identity.worker) }, 1);
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests by route',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: 'jobs_processed_total',
      help: 'Job attempts by kind and outcome (done, retry, failed)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    mailMessages: new Counter({
      name: 'mail_messages_total',
      help: 'Mail handed to the mail server by outcome (sent, failed: the job tries again)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    directoryOperations: new Histogram({
      name: 'directory_operation_duration_seconds',
      help: 'Directory calls by division, operation and outcome (ok, error)',
      labelNames: ['division', 'operation', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    logins: new Counter({
      name: 'logins_total',
      help: 'Logins by audience (user, staff) and outcome (ok, failed, locked, renewal_only, throttled)',
      labelNames: ['audience', 'outcome'],
      registers: [registry],
    }),
  };
}
