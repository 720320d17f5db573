// Every error (including the NOT_FOUND of unknown paths, see app.ts) ends here and gets a page in the person's
// language. 5xx errors are logged with the request id, which the page shows.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, classify, errorRegistry } from '../errors.js';
import { defaultLang, translator } from '../i18n/index.js';
import { sendHtml } from '../render.js';
import { ErrorPage } from '../views/error-page.js';
import { pageContext } from '../views/page.js';

export default fp(
  async (app: FastifyInstance) => {
    const render = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
      const code = classify(error);
      const entry = errorRegistry[code];
      const raw = (error as { statusCode?: number }).statusCode;
      const status = code === 'BAD_REQUEST' && raw && raw >= 400 && raw < 500 ? raw : entry.status;
      // The i18n hook may not have run when the error came before it.
      if (!request.t) {
        request.lang = defaultLang;
        request.t = translator(defaultLang);
      }
      if (code === 'TOO_MANY_REQUESTS' && error instanceof AppError) {
        reply.header('Retry-After', String(error.details.retryAfterSeconds ?? 60));
      }
      return sendHtml(
        reply,
        <ErrorPage
          page={pageContext(request)}
          title={entry.title}
          body={entry.body}
          next={code.startsWith('CSRF') ? 'error.csrf.next' : undefined}
          reference={status >= 500 ? request.id : undefined}
        />,
        status,
      );
    };

    app.setErrorHandler((error, request, reply) => {
      const code = classify(error);
      if (code === 'INTERNAL') {
        request.log.error({ err: error, reference: request.id }, 'request failed');
      } else {
        request.log.info({ code, status: (error as { statusCode?: number }).statusCode }, 'request refused');
      }
      return render(request, reply, error);
    });
  },
  { name: 'errors' },
);
