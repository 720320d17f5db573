// The GOV.UK "start page" of the account application: who can apply, what to
// prepare, how long it takes, what happens next, and one Start button — replaced by
// the closure notice while applications are closed.
import type { ActiveNotices } from '../../domain/notices.js';
import type { MessageKey } from '../../i18n/index.js';
import { termsPage } from '../apply/links.js';
import { Layout } from './layout.js';
import { ClosedWarning, NoticeBanner } from './notices.js';
import type { PageContext } from './page.js';

function Paragraph({ page, text }: { page: PageContext; text: MessageKey }) {
  return (
    <p class="body" safe>
      {page.t(text)}
    </p>
  );
}

function List({ page, items, numbered }: { page: PageContext; items: MessageKey[]; numbered?: boolean }) {
  const entries = items.map((key) => <li safe>{page.t(key)}</li>);
  return numbered ? <ol class="list list--number">{entries}</ol> : <ul class="list list--bullet">{entries}</ul>;
}

export function ApplyStartPage({ page, notices }: { page: PageContext; notices: ActiveNotices }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('applyStart.title')}>
      <NoticeBanner page={page} notices={notices} />
      <h1 class="heading-xl" safe>
        {t('applyStart.title')}
      </h1>
      <p class="body-l" safe>
        {t('applyStart.lead')}
      </p>

      <h2 class="heading-m" safe>
        {t('applyStart.who.heading')}
      </h2>
      <Paragraph page={page} text="applyStart.who.intro" />
      <List page={page} items={['applyStart.who.faculty', 'applyStart.who.guided']} />
      <Paragraph page={page} text="applyStart.who.responsible" />
      <Paragraph page={page} text="applyStart.who.screening" />
      <Paragraph page={page} text="applyStart.who.sharing" />

      <h2 class="heading-m" safe>
        {t('applyStart.prepare.heading')}
      </h2>
      <Paragraph page={page} text="applyStart.prepare.intro" />
      <List
        page={page}
        items={[
          'applyStart.prepare.email',
          'applyStart.prepare.affiliation',
          'applyStart.prepare.purpose',
          'applyStart.prepare.sshKey',
          'applyStart.prepare.responsible',
        ]}
      />
      <h3 class="heading-s" id="ssh-key" safe>
        {t('applyStart.ssh.heading')}
      </h3>
      <Paragraph page={page} text="applyStart.ssh.run" />
      <pre class="code-block">
        <code>ssh-keygen -t ed25519</code>
      </pre>
      <Paragraph page={page} text="applyStart.ssh.files" />
      <Paragraph page={page} text="applyStart.ssh.private" />

      <h2 class="heading-m" safe>
        {t('applyStart.time.heading')}
      </h2>
      <Paragraph page={page} text="applyStart.time.form" />
      <Paragraph page={page} text="applyStart.time.issue" />

      <h2 class="heading-m" safe>
        {t('applyStart.next.heading')}
      </h2>
      <List
        page={page}
        numbered
        items={[
          'applyStart.next.verify',
          'applyStart.next.review',
          'applyStart.next.pledge',
          'applyStart.next.screening',
          'applyStart.next.certificate',
          'applyStart.next.login',
        ]}
      />

      <h2 class="heading-m" safe>
        {t('applyStart.terms.heading')}
      </h2>
      <Paragraph page={page} text="applyStart.terms.intro" />
      <ul class="list list--bullet">
        <li>
          <a href={termsPage('terms_of_use')} class="link" safe>
            {t('applyStart.terms.termsOfUse')}
          </a>
        </li>
        <li>
          <a href={termsPage('issuance_criteria')} class="link" safe>
            {t('applyStart.terms.criteria')}
          </a>
        </li>
      </ul>

      {notices.applicationsOpen ? (
        <div class="button-group">
          <a href="/apply/email" draggable="false" class="button button--start" id="start-now">
            <span safe>{t('applyStart.start')}</span>
            <svg
              class="button__start-icon"
              xmlns="http://www.w3.org/2000/svg"
              width="17.5"
              height="19"
              viewBox="0 0 33 40"
              aria-hidden="true"
              focusable="false"
            >
              <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
            </svg>
          </a>
        </div>
      ) : (
        <ClosedWarning page={page} notices={notices} />
      )}
    </Layout>
  );
}
