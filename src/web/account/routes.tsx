// The account holder's pages. For now the login page says it is coming.
import type { FastifyInstance } from 'fastify';
import { sendHtml } from '../render.js';
import { ComingSoonPage } from '../views/coming-soon.js';
import { pageContext } from '../views/page.js';

export async function accountRoutes(app: FastifyInstance) {
  app.get('/login', (request, reply) =>
    sendHtml(reply, <ComingSoonPage page={pageContext(request)} body="coming.login" />),
  );
}
