// Webhooks in the console (GET /staff/webhooks, administrators): endpoints and their
// deliveries, through services/webhooks.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Staff } from '../../db/schema-staff.js';
import type { MessageKey } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  latestDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  rotateWebhookEndpointSecret,
  setWebhookEndpointEnabled,
} from '../../services/webhooks.js';
import { readForm, ticked } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { WebhooksPage } from './webhooks-page.js';

const endpointForm = z.object({
  url: z.string().max(4000).default(''),
  description: z.string().max(1000).default(''),
  events: ticked(50),
});

const fieldOf = { URL: 'url', NOT_HTTPS: 'url', DESCRIPTION: 'description', NO_EVENTS: 'events' } as const;

export async function webhookRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const secrets = app.deps.webhookSecrets;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: FieldErrors;
      typed?: z.infer<typeof endpointForm>;
      secret?: { url: string; secret: string };
      retried?: boolean;
    } = {},
  ) => {
    reply.header('Cache-Control', 'no-store');
    return sendHtml(
      reply,
      <WebhooksPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        endpoints={await listWebhookEndpoints(db)}
        deliveries={await latestDeliveries(db)}
        errors={extra.errors ?? {}}
        typed={extra.typed ?? {}}
        secret={extra.secret}
        retried={extra.retried ?? false}
      />,
      extra.errors && Object.keys(extra.errors).length ? 400 : 200,
    );
  };

  app.get('/staff/webhooks', (request, reply) =>
    show(request, reply, { retried: (request.query as { done?: unknown }).done === 'retried' }),
  );

  app.post('/staff/webhooks', async (request, reply) => {
    const staff = request.staff as Staff;
    const input = readForm(endpointForm, request.body);
    const made = await createWebhookEndpoint(db, secrets, `staff:${staff.id}`, {
      url: input.url,
      description: input.description,
      eventTypes: input.events,
    });
    if (!made.ok)
      return show(request, reply, {
        errors: { [fieldOf[made.problem]]: request.t(`staff.webhooks.error.${made.problem}` as MessageKey) },
        typed: input,
      });
    const endpoint = await getWebhookEndpoint(db, made.id);
    return show(request, reply, { secret: { url: endpoint?.url ?? input.url, secret: made.secret } });
  });

  app.post('/staff/webhooks/:id', async (request, reply) => {
    const staff = request.staff as Staff;
    const endpoint = await getWebhookEndpoint(db, idParam(request));
    if (!endpoint) throw new AppError('NOT_FOUND');
    const action = z.object({ action: z.enum(['rotate', 'disable', 'enable']) }).safeParse(request.body ?? {});
    if (!action.success) throw new AppError('INVALID_INPUT');
    const actor = `staff:${staff.id}`;
    if (action.data.action === 'rotate') {
      const secret = await rotateWebhookEndpointSecret(db, secrets, actor, endpoint.id);
      if (secret) return show(request, reply, { secret: { url: endpoint.url, secret } });
    } else await setWebhookEndpointEnabled(db, actor, endpoint.id, action.data.action === 'enable');
    return reply.redirect('/staff/webhooks', 303);
  });

  app.post('/staff/webhooks/deliveries/:id/retry', async (request, reply) => {
    const staff = request.staff as Staff;
    if (!(await retryWebhookDelivery(db, `staff:${staff.id}`, idParam(request)))) throw new AppError('NOT_FOUND');
    app.deps.pokeJobs();
    return reply.redirect('/staff/webhooks?done=retried', 303);
  });
}
