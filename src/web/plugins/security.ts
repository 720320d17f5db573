// The request-level defences every route gets: security headers with a strict CSP,
// form bodies, rate limits, and CSRF in two layers (an Origin check and a
// token) on every request that can change something.

import type { IncomingMessage, ServerResponse } from 'node:http';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { AppError } from '../../services/errors.js';
import { databaseRateLimitStore } from './rate-limit-store.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a non-GET request came from: the Origin header, else the Referer's origin. */
function requestOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** Runs a header-setting middleware once against a stand-in response and keeps what it set. */
function staticHeaders(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  let finished = false;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously');
  return headers;
}

export default fp(
  async (app: FastifyInstance) => {
    const { config } = app.deps;
    const https = config.baseUrl.protocol === 'https:';

    // The headers helmet sets do not depend on the request (no nonces), so they are
    // worked out once here and copied onto every reply. (@fastify/helmet 13 builds
    // the helmet middleware again on every request: the same headers at a third
    // less throughput of the home page.)
    const securityHeaders = staticHeaders(
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            baseUri: ["'none'"],
            objectSrc: ["'none'"],
            ...(https ? { upgradeInsecureRequests: [] } : {}),
          },
        },
        strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
        referrerPolicy: { policy: 'same-origin' },
        crossOriginEmbedderPolicy: false,
      }),
    );
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(securityHeaders);
      done();
    });
    await app.register(formbody, { bodyLimit: 256 * 1024 });
    await app.register(csrf, {
      cookieKey: https ? '__Host-csrf' : 'csrf',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: https, signed: true },
    });
    await app.register(rateLimit, {
      // Counts in the database, shared by every instance (plugins/rate-limit-store.ts).
      store: databaseRateLimitStore(app.deps.database.db, (err) =>
        app.log.warn({ error: (err as Error).message }, 'rate limit count not stored'),
      ),
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      // Limit headers only on the 429 answer; ordinary pages need not carry them.
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      // The client's address as Fastify sees it (TRUST_PROXY decides). Health checks
      // opt out with `config: { rateLimit: false }` on their routes.
      keyGenerator: (request) => request.ip,
      errorResponseBuilder: (_request, context) =>
        new AppError('TOO_MANY_REQUESTS', { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
    });

    const ownOrigins = (request: FastifyRequest) => [config.baseUrl.origin, `${request.protocol}://${request.host}`];

    // Layer 1: the request must come from one of our own pages.
    app.addHook('onRequest', async (request) => {
      if (safeMethods.has(request.method) || request.routeOptions.config?.csrf === false) return;
      const origin = requestOrigin(request);
      if (!origin || !ownOrigins(request).includes(origin)) throw new AppError('CSRF_ORIGIN');
    });
    // Layer 2: the form must carry the token from the page it was shown on. This
    // runs after the body is parsed, because the token is a form field.
    app.addHook('preHandler', (request, reply, done) => {
      if (safeMethods.has(request.method) || request.routeOptions.config?.csrf === false) return done();
      app.csrfProtection(request, reply, done);
    });
  },
  { name: 'security', dependencies: ['@fastify/cookie', 'i18n'] },
);
