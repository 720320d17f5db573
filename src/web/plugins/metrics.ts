// Request durations by route for Prometheus, and the /metrics endpoint itself:
// with METRICS_TOKEN set it needs "Authorization: Bearer <token>"; without it,
// only loopback clients may read it.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../services/errors.js';

const loopbackAddresses = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A client on this machine talking to us directly: the socket's own address (not
 * X-Forwarded-For, which a client can write), and no sign of a proxy in between
 * (a reverse proxy on the same host would make every visitor look local).
 */
function directLocalClient(request: FastifyRequest): boolean {
  const headers = request.headers;
  if (headers['x-forwarded-for'] || headers.forwarded || headers['x-real-ip']) return false;
  return loopbackAddresses.has(request.raw.socket.remoteAddress ?? '');
}

function tokenMatches(request: FastifyRequest, expected: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

export default fp(
  async (app: FastifyInstance) => {
    const { metrics, config } = app.deps;
    app.addHook('onResponse', async (request, reply) => {
      // Unmatched paths share one label so that scanners cannot blow up the series count.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { config: { rateLimit: false } }, async (request, reply) => {
      const allowed = config.metricsToken ? tokenMatches(request, config.metricsToken) : directLocalClient(request);
      if (!allowed) throw new AppError('FORBIDDEN');
      reply.type(metrics.registry.contentType).header('Cache-Control', 'no-store');
      return metrics.registry.metrics();
    });
  },
  { name: 'metrics' },
);
