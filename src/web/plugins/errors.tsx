// Every error (including the NOT_FOUND of unknown paths, see app.ts) ends here and gets a page in the person's
// language. 5xx errors are logged with the request id, which the page shows.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { defaultLang, translator } from '../../i18n/index.js';
import { AppError, classify, errorRegistry } from '../../services/errors.js';
import { sendHtml } from '../render.js';
import { ErrorPage } from '../views/error-page.js';
import { pageContext } from '../views/page.js';

/** Seconds a client is asked to wait when the database cannot be reached or the server is stopping. */
const UNAVAILABLE_RETRY_AFTER_S = 30;

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
      // The database restarting, or this instance stopping: ask again soon, in both
      // languages (the person's choice may be what could not be read).
      const unavailable = code === 'UNAVAILABLE';
      let alsoIn: { lang: string; title: string; body: string } | undefined;
      if (unavailable) {
        reply.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
        const other = request.lang === 'ja' ? 'en' : 'ja';
        const otherT = translator(other);
        alsoIn = { lang: other, title: otherT(entry.title), body: otherT(entry.body) };
      }
      return sendHtml(
        reply,
        <ErrorPage
          page={pageContext(request)}
          title={entry.title}
          body={entry.body}
          bodyParams={
            code === 'CONTROL_CHARACTER' && error instanceof AppError
              ? { field: String(error.details.field ?? '?') }
              : undefined
          }
          next={code.startsWith('CSRF') ? 'error.csrf.next' : undefined}
          reference={status >= 500 && !unavailable ? request.id : undefined}
          alsoIn={alsoIn}
        />,
        status,
      );
    };

    app.setErrorHandler((error, request, reply) => {
      const code = classify(error);
      if (code === 'INTERNAL') {
        request.log.error({ err: error, reference: request.id }, 'request failed');
      } else if (code === 'UNAVAILABLE') {
        request.log.warn({ error: (error as Error).message }, 'request refused: service unavailable');
      } else {
        request.log.info({ code, status: (error as { statusCode?: number }).statusCode }, 'request refused');
      }
      return render(request, reply, error);
    });
  },
  { name: 'errors' },
);
