import type { MessageKey } from '../i18n/index.js';
import { Layout } from './layout.js';
import type { PageContext } from './page.js';

export function ComingSoonPage({ page, body }: { page: PageContext; body: MessageKey }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('coming.title')}>
      <h1 class="heading-l" safe>
        {t('coming.title')}
      </h1>
      <p class="body" safe>
        {t(body)}
      </p>
      <p class="body">
        <a href="/" class="link" safe>
          {t('coming.back')}
        </a>
      </p>
    </Layout>
  );
}
