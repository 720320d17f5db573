// The public account application: start page, e-mail step, the draft's overview.
import type { FastifyInstance } from 'fastify';
import { activeNoticesAt } from '../../db/notices.js';
import { applicationRoutes } from './application.js';
import { emailRoutes } from './email.js';
import { informationRoutes } from './information.js';
import { startPageRoutes } from './start.js';
import { termsRoutes } from './terms.js';
import { withdrawRoutes } from './withdraw.js';

export async function applyRoutes(app: FastifyInstance) {
  // Every page of the application knows the closures and suspensions in force, so
  // a closure is announced on each step (drafts stay and can be sent afterwards).
  app.decorateRequest('applyNotices', null);
  app.addHook('onRequest', async (request) => {
    request.applyNotices = await activeNoticesAt(app.deps.database.db, new Date());
  });
  await app.register(startPageRoutes);
  await app.register(emailRoutes);
  await app.register(applicationRoutes);
  await app.register(withdrawRoutes);
  await app.register(informationRoutes);
  await app.register(termsRoutes);
}
