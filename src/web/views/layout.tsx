// The one base layout: header with the service name and the language switch,
// main content, footer. No external resources: everything comes from /assets.
import type { Children } from '@kitajs/html';
import { type PageContext, switchLanguageUrl } from './page.js';

export interface LayoutProps {
  page: PageContext;
  /** The page's own title; the service name is appended. Prefixed with "Error: " by callers when a form has errors. */
  title: string;
  children?: Children;
  /** Extra scripts of this page (names under public/), loaded deferred after app.js. */
  scripts?: string[];
}

export function Layout({ page, title, children, scripts = [] }: LayoutProps) {
  const { t, lang } = page;
  const other = lang === 'ja' ? 'en' : 'ja';
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} – ${t('service.name')}`}</title>
          <link rel="icon" href={page.asset('favicon.svg')} type="image/svg+xml" />
          <link rel="stylesheet" href={page.asset('css/app.css')} />
          <script src={page.asset('js/app.js')} defer></script>
          {scripts.map((name) => (
            <script src={page.asset(name)} defer></script>
          ))}
        </head>
        <body>
          <a href="#main" class="skip-link" safe>
            {t('layout.skip')}
          </a>
          <header class="header">
            <div class="width-container header__inner">
              <a href="/" class="header__service" safe>
                {t('service.name')}
              </a>
              <a
                href={switchLanguageUrl(page.url, other)}
                class="header__language"
                lang={other}
                hreflang={other}
                aria-label={t('layout.switchLanguageLabel')}
                safe
              >
                {t('layout.switchLanguage')}
              </a>
            </div>
          </header>
          <div class="width-container">
            <main id="main" class="main" tabindex="-1">
              {children}
            </main>
          </div>
          <footer class="footer">
            <div class="width-container">
              <p class="footer__text" safe>
                {t('layout.footer')}
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
