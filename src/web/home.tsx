import type { FastifyInstance } from 'fastify';
import { sendHtml } from './render.js';
import { HomePage } from './views/home.js';
import { pageContext } from './views/page.js';

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', (request, reply) => sendHtml(reply, <HomePage page={pageContext(request)} />));
}
