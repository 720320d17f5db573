// /healthz: the process answers. /readyz: its dependencies answer too, and the database
// can write (one row, readiness_check): a full disk or a read-only standby is not ready.
import type { FastifyInstance } from 'fastify';

/** false when the check does not answer in time: a hung dependency is not a ready one. */
function within(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', { config: { rateLimit: false } }, async (_request, reply) => {
    const { database, mailer } = app.deps;
    const [writes, mail] = await Promise.all([within(database.canWrite(), 2000), within(mailer.verify(), 2000)]);
    const reads = writes || (await within(database.ping(), 2000));
    const ok = writes && mail;
    reply.status(ok ? 200 : 503).header('Cache-Control', 'no-store');
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database: writes ? 'ok' : reads ? 'cannot write' : 'down', mail: mail ? 'ok' : 'down' },
    };
  });
}
