// Prometheus metrics, one registry per app instance (so tests can run several).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  jobsProcessed: Counter<'kind' | 'outcome'>;
}

/** A gauge of jobs per state, read from the database at each scrape. */
export function addJobGauge(metrics: Metrics, count: () => Promise<Record<string, number>>): void {
  new Gauge({
    name: 'jobs',
    help: 'Jobs in the queue by state (failed ones wait for an operator)',
    labelNames: ['state'],
    registers: [metrics.registry],
    async collect() {
      for (const [state, n] of Object.entries(await count())) this.set({ state }, n);
    },
  });
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
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
  };
}
