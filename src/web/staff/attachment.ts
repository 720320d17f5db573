// Files staff download (CSV exports, signed pledges, registration certificates):
// saved as a named attachment and never cached, since they hold personal data.
import type { FastifyReply } from 'fastify';

export function sendAttachment(reply: FastifyReply, type: string, filename: string, body: unknown): FastifyReply {
  return reply
    .type(type)
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header('Cache-Control', 'no-store')
    .send(body);
}
