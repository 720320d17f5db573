// GET /apply: the start page of the account application, with the notices in force.
import type { FastifyInstance } from 'fastify';
import { activeNoticesAt } from '../../db/notices.js';
import { sendHtml } from '../render.js';
import { ApplyStartPage } from '../views/apply-start.js';
import { pageContext } from '../views/page.js';

export async function startPageRoutes(app: FastifyInstance) {
  app.get('/apply', async (request, reply) => {
    const notices = await activeNoticesAt(app.deps.database.db, new Date());
    return sendHtml(reply, <ApplyStartPage page={pageContext(request)} notices={notices} />);
  });
}
