// The public account application: start page, e-mail step, the draft's overview.
import type { FastifyInstance } from 'fastify';
import { applicationRoutes } from './application.js';
import { emailRoutes } from './email.js';
import { startPageRoutes } from './start.js';

export async function applyRoutes(app: FastifyInstance) {
  await app.register(startPageRoutes);
  await app.register(emailRoutes);
  await app.register(applicationRoutes);
}
