// Sends a TSX view as an HTML page.
import type { FastifyReply } from 'fastify';

export async function sendHtml(reply: FastifyReply, view: JSX.Element, status = 200): Promise<FastifyReply> {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send(await view);
}
