// What every view needs to know about the request it renders for.
import type { FastifyRequest } from 'fastify';
import type { ActiveNotices } from '../../domain/notices.js';
import type { Lang, Translate } from '../../i18n/index.js';
import type { AssetUrl } from '../assets.js';
import type { FieldErrors } from './components/form.js';

export interface PageContext {
  lang: Lang;
  t: Translate;
  /** The request's path and query, for links back to the same page (language switch). */
  url: string;
  asset: AssetUrl;
  /** Closures and suspensions in force, on the application's pages. */
  notices?: ActiveNotices | undefined;
}

export function pageContext(request: FastifyRequest): PageContext {
  return {
    lang: request.lang,
    t: request.t,
    url: request.url,
    asset: request.server.asset,
    notices: request.applyNotices ?? undefined,
  };
}

/** The same page in the other language: the current URL with `lang` replaced. */
export function switchLanguageUrl(url: string, lang: Lang): string {
  if (!url.includes('?') && !url.startsWith('//') && !url.includes('\\')) return `${url}?lang=${lang}`;
  // A path like //evil.example/x must not become a link to another site.
  const u = new URL(url.replace(/^[/\\]+/, '/'), 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname.replace(/^\/+/, '/')}?${u.searchParams.toString()}`;
}

/** A page's title, "Error: …" first while its form has errors (GOV.UK error summary pattern). */
export const errorTitle = (page: Pick<PageContext, 't'>, text: string, errors: FieldErrors): string =>
  Object.keys(errors).length ? `${page.t('form.errorPrefix')} ${text}` : text;
