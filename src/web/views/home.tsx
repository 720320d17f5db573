import { Layout } from './layout.js';
import type { PageContext } from './page.js';

export function HomePage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('home.title')}>
      <h1 class="heading-xl" safe>
        {t('home.title')}
      </h1>
      <p class="body-l" safe>
        {t('home.lead1')}
      </p>
      <p class="body" safe>
        {t('home.lead2')}
      </p>
      <p class="body" safe>
        {t('home.lead3')}
      </p>
      <div class="button-group">
        <a href="/apply" class="button button--start" safe>
          {t('home.apply')}
        </a>
        <a href="/login" class="button button--secondary" safe>
          {t('home.login')}
        </a>
      </div>
    </Layout>
  );
}
