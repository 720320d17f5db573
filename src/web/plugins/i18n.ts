// Picks the page language: `?lang=` (remembered in a cookie), else the cookie,
// else the browser's Accept-Language, else Japanese.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Negotiator from 'negotiator';
import { defaultLang, isLang, type Lang, languages, translator } from '../../i18n/index.js';

export const LANG_COOKIE = 'lang';

function fromAcceptLanguage(request: FastifyRequest): Lang | undefined {
  const header = request.headers['accept-language'];
  if (!header) return undefined;
  const best = new Negotiator({ headers: { 'accept-language': header } }).language([...languages]);
  return isLang(best) ? best : undefined;
}

export default fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('lang', defaultLang);
    app.decorateRequest('t', null as never);
    app.addHook('onRequest', async (request, reply) => {
      const asked = (request.query as Record<string, unknown> | undefined)?.lang;
      let lang: Lang;
      if (isLang(asked)) {
        lang = asked;
        reply.setCookie(LANG_COOKIE, lang, {
          path: '/',
          maxAge: 365 * 24 * 3600,
          sameSite: 'lax',
          httpOnly: true,
          secure: app.deps.config.baseUrl.protocol === 'https:',
        });
      } else {
        const cookie = request.cookies[LANG_COOKIE];
        lang = isLang(cookie) ? cookie : (fromAcceptLanguage(request) ?? defaultLang);
      }
      request.lang = lang;
      request.t = translator(lang);
      reply.header('Content-Language', lang);
      reply.header('Vary', 'Accept-Language, Cookie');
    });
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);
