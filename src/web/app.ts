// Builds the Fastify app from its dependencies. Nothing here opens a database or
// a port: src/server.ts does that, and tests can build an app around their own parts.
import { randomUUID } from 'node:crypto';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { accountRoutes } from './account/routes.js';
import { applyRoutes } from './apply/routes.js';
import { assetUrls, publicDir } from './assets.js';
import type { AppDeps } from './context.js';
import { healthRoutes } from './health.js';
import { homeRoutes } from './home.js';
import errors from './plugins/errors.js';
import i18n from './plugins/i18n.js';
import metrics from './plugins/metrics.js';
import security from './plugins/security.js';
import sessions from './plugins/sessions.js';

export async function buildApp(deps: AppDeps, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // A hop count is accepted at run time though the types leave it out.
    trustProxy: deps.config.trustProxy as boolean | string[],
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  app.decorate('deps', deps);
  app.decorate('asset', assetUrls());

  await app.register(errors);
  await app.register(metrics);
  await app.register(security);
  await app.register(i18n);
  await app.register(sessions);
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    decorateReply: false,
  });

  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(applyRoutes);
  await app.register(accountRoutes);
  return app;
}
