// API tokens in the console (GET /staff/tokens): every staff member makes and revokes
// their own; an administrator sees everyone's and also makes tokens for service
// accounts. The same as `sc-account tokens …`, through services/api-tokens.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Staff } from '../../db/schema-staff.js';
import { can } from '../../domain/staff.js';
import type { MessageKey } from '../../i18n/index.js';
import { createApiToken, getApiToken, listApiTokens, revokeApiToken } from '../../services/api-tokens.js';
import { AppError } from '../../services/errors.js';
import { readForm, ticked } from '../forms.js';
import { idParam } from '../params.js';
import { sendHtml } from '../render.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { TokensPage } from './tokens-page.js';

const tokenForm = z.object({
  name: z.string().max(400).default(''),
  owner: z.enum(['self', 'service']).default('self'),
  service: z.string().max(100).default(''),
  days: z.string().max(20).default(''),
  scopes: ticked(50),
});

/** Which form field each refusal of the service belongs to. */
const fieldOf = {
  NAME: 'name',
  NO_SCOPES: 'scopes',
  SCOPE_NOT_ALLOWED: 'scopes',
  LIFETIME: 'days',
  SERVICE_NAME: 'service',
  NO_SUCH_STAFF: 'owner',
} as const;

export async function tokenRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: FieldErrors;
      typed?: z.infer<typeof tokenForm>;
      made?: { name: string; token: string };
      revoked?: boolean;
    } = {},
  ) => {
    const staff = request.staff as Staff;
    const tokens = await listApiTokens(db, can(staff.role, 'staff.manage') ? undefined : staff.id);
    reply.header('Cache-Control', 'no-store');
    return sendHtml(
      reply,
      <TokensPage
        page={pageContext(request)}
        staff={staff}
        csrf={reply.generateCsrf()}
        tokens={tokens}
        errors={extra.errors ?? {}}
        typed={extra.typed ?? {}}
        made={extra.made}
        revoked={extra.revoked ?? false}
        now={new Date()}
      />,
      extra.errors && Object.keys(extra.errors).length ? 400 : 200,
    );
  };

  app.get('/staff/tokens', (request, reply) =>
    show(request, reply, { revoked: (request.query as { done?: unknown }).done === 'revoked' }),
  );

  app.post('/staff/tokens', async (request, reply) => {
    const staff = request.staff as Staff;
    const input = readForm(tokenForm, request.body);
    const forService = input.owner === 'service' && can(staff.role, 'staff.manage');
    const days = /^\d{1,4}$/.test(input.days.trim()) ? Number(input.days.trim()) : Number.NaN;
    const made = await createApiToken(db, `staff:${staff.id}`, {
      owner: forService ? { service: input.service.trim() } : { staffId: staff.id },
      name: input.name.trim(),
      scopes: input.scopes as never,
      days,
    });
    if (!made.ok) {
      const field = fieldOf[made.problem];
      return show(request, reply, {
        errors: { [field]: request.t(`staff.tokens.error.${made.problem}` as MessageKey) },
        typed: input,
      });
    }
    return show(request, reply, { made: { name: made.row.name, token: made.token } });
  });

  app.post('/staff/tokens/:id/revoke', async (request, reply) => {
    const staff = request.staff as Staff;
    const token = await getApiToken(db, idParam(request));
    // Another member's token is not there for a non-administrator.
    if (!token || (token.staff_id !== staff.id && !can(staff.role, 'staff.manage'))) throw new AppError('NOT_FOUND');
    await revokeApiToken(db, `staff:${staff.id}`, token.id);
    return reply.redirect('/staff/tokens?done=revoked', 303);
  });
}
