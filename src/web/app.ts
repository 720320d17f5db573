// Builds the Fastify app from its dependencies. Nothing here opens a database or
// a port: src/server.ts does that, and tests can build an app around their own parts.

import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../services/errors.js';
import { accountRoutes } from './account/routes.js';
import { apiRoutes } from './api/routes.js';
import { applyRoutes } from './apply/routes.js';
import { assetUrls, publicDir } from './assets.js';
import type { AppDeps } from './context.js';
import { healthRoutes } from './health.js';
import { homeRoutes } from './home.js';
import { invitationRoutes } from './invitation/routes.js';
import { pledgeRoutes } from './pledge/routes.js';
import errors from './plugins/errors.js';
import i18n from './plugins/i18n.js';
import input from './plugins/input.js';
import metrics from './plugins/metrics.js';
import security from './plugins/security.js';
import sessions from './plugins/sessions.js';
import { enforceStaffRouteTable, staffRoutes } from './staff/routes.js';

/**
 * `plugins` are registered after the app's own routes; tests use them to add routes
 * that exercise the shared machinery (CSRF, errors, logging).
 */
export async function buildApp(
  deps: AppDeps,
  logger: Logger,
  plugins: FastifyPluginAsync[] = [],
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // A hop count is accepted at run time though the types leave it out.
    trustProxy: deps.config.trustProxy as boolean | string[],
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    // While the server stops, a request that still arrives (on a kept-alive connection)
    // gets the service-unavailable page below, not Fastify's JSON.
    return503OnClosing: false,
  });
  app.decorate('deps', deps);
  app.decorate('asset', assetUrls());

  await app.register(errors);
  await app.register(metrics);
  await app.register(cookie, { secret: deps.config.sessionSecret });
  // Language first, so that even a request refused by the security checks gets its page in the right language.
  await app.register(i18n);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('Connection', 'close');
    throw new AppError('UNAVAILABLE');
  });
  await app.register(security);
  await app.register(input);
  await app.register(sessions);
  // Unknown paths count against the rate limit too (scanners), then get the 404 page.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, async () => {
    throw new AppError('NOT_FOUND');
  });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    decorateReply: false,
  });

  // Browsers and tools that ask for /favicon.ico before reading a page's icon link get the icon.
  app.get('/favicon.ico', { config: { rateLimit: false } }, (request, reply) =>
    reply.redirect(request.server.asset('favicon.svg'), 301),
  );

  enforceStaffRouteTable(app);
  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(applyRoutes);
  await app.register(accountRoutes);
  await app.register(staffRoutes);
  await app.register(pledgeRoutes);
  await app.register(invitationRoutes);
  await app.register(apiRoutes);
  for (const plugin of plugins) await app.register(plugin);
  return app;
}
