// /healthz: the process answers. /readyz: its dependencies answer too.
import type { FastifyInstance } from 'fastify';

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', { config: { rateLimit: false } }, async (_request, reply) => {
    const { database, mailer } = app.deps;
    const [db, mail] = await Promise.all([database.ping(), mailer.verify()]);
    const ok = db && mail;
    reply.status(ok ? 200 : 503).header('Cache-Control', 'no-store');
    return { status: ok ? 'ok' : 'unavailable', checks: { database: db ? 'ok' : 'down', mail: mail ? 'ok' : 'down' } };
  });
}
