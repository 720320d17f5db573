// Loads the session named by the session cookie into request.session and offers
// helpers to start, rotate and end sessions with the right cookie attributes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Audience } from '../sessions.js';

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix makes the browser refuse the cookie unless Secure, Path=/ and host-only.
  return secure ? '__Host-session' : 'session';
}

export interface SessionControl {
  start(
    request: FastifyRequest,
    reply: FastifyReply,
    audience: Audience,
    subject: string | null,
    data?: Record<string, unknown>,
  ): Promise<void>;
  /** New token for the same browser when privileges change (sign-in, role change). */
  rotate(
    request: FastifyRequest,
    reply: FastifyReply,
    change: { audience: Audience; subject: string | null; data?: Record<string, unknown> },
  ): Promise<void>;
  end(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionControl: SessionControl;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const { config, sessions } = app.deps;
    const secure = config.baseUrl.protocol === 'https:';
    const name = sessionCookieName(secure);
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      secure,
      sameSite: 'lax' as const,
      maxAge: Math.floor((config.sessionAbsoluteHours * 3600 * 1000) / 1000),
    };
    // A __Host- cookie is only replaced (or cleared) by a cookie with the same attributes.
    const { maxAge: _maxAge, ...clearOptions } = cookieOptions;
    const setCookie = (reply: FastifyReply, token: string) => reply.setCookie(name, token, cookieOptions);

    app.decorateRequest('session', null);
    app.addHook('onRequest', async (request, reply) => {
      // Routes without CSRF protection (token-authenticated APIs) never see cookie sessions.
      if (request.routeOptions.config?.csrf === false) return;
      const token = request.cookies[name];
      if (!token) return;
      request.session = await sessions.validate(token);
      if (!request.session) reply.clearCookie(name, clearOptions);
    });

    app.decorate('sessionControl', {
      async start(_request, reply, audience, subject, data) {
        const { token, session } = await sessions.create(audience, subject, data);
        _request.session = session;
        setCookie(reply, token);
      },
      async rotate(request, reply, change) {
        const { token, session } = await sessions.rotate(request.cookies[name] ?? '', change);
        request.session = session;
        setCookie(reply, token);
      },
      async end(request, reply) {
        const token = request.cookies[name];
        if (token) await sessions.revoke(token);
        request.session = null;
        reply.clearCookie(name, clearOptions);
      },
    } satisfies SessionControl);
  },
  { name: 'sessions', dependencies: ['@fastify/cookie'] },
);
