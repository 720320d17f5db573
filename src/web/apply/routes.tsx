// The public account application. For now the start page says it is coming.
import type { FastifyInstance } from 'fastify';
import { sendHtml } from '../render.js';
import { ComingSoonPage } from '../views/coming-soon.js';
import { pageContext } from '../views/page.js';

export async function applyRoutes(app: FastifyInstance) {
  app.get('/apply', (request, reply) =>
    sendHtml(reply, <ComingSoonPage page={pageContext(request)} body="coming.apply" />),
  );
}
