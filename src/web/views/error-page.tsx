import type { MessageKey } from '../../i18n/index.js';
import { Layout } from './layout.js';
import type { PageContext } from './page.js';

export interface ErrorPageProps {
  page: PageContext;
  title: MessageKey;
  body: MessageKey;
  /** Values for the body's placeholders (e.g. the field a CONTROL_CHARACTER refusal names). */
  bodyParams?: Record<string, string> | undefined;
  next?: MessageKey | undefined;
  /** Shown on 500 pages so staff can find the log lines. */
  reference?: string | undefined;
  /** The title and text again in the other language (a page that cannot know the person's choice). */
  alsoIn?: { lang: string; title: string; body: string } | undefined;
}

export function ErrorPage({ page, title, body, bodyParams, next, reference, alsoIn }: ErrorPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t(title)}>
      <h1 class="heading-l" safe>
        {t(title)}
      </h1>
      <p class="body" safe>
        {t(body, bodyParams)}
      </p>
      {next ? (
        <p class="body" safe>
          {t(next)}
        </p>
      ) : (
        ''
      )}
      {reference ? (
        <p class="body" safe>
          {t('error.server.reference', { reference })}
        </p>
      ) : (
        ''
      )}
      {alsoIn ? (
        <div lang={alsoIn.lang}>
          <h2 class="heading-m" safe>
            {alsoIn.title}
          </h2>
          <p class="body" safe>
            {alsoIn.body}
          </p>
        </div>
      ) : (
        ''
      )}
      <p class="body">
        <a href="/" class="link" safe>
          {t('error.home')}
        </a>
      </p>
    </Layout>
  );
}
