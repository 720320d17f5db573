// The notices in force (a closure of the application system, suspended services), as
// a GOV.UK notification banner, and the warning that replaces a page's main action
// while applications are closed. Shown on the start page and on every application step.
import type { ActiveNotices, ServiceAcceptance } from '../../domain/notices.js';
import { formatCentreTime } from '../../domain/notices.js';
import type { MessageKey } from '../../i18n/index.js';
import type { PageContext } from './page.js';

const serviceNames: Record<ServiceAcceptance['service'], MessageKey> = {
  ga_account: 'notice.service.ga_account',
  ga_large_storage: 'notice.service.ga_large_storage',
  pg: 'notice.service.pg',
  workshop: 'notice.service.workshop',
};

export function serviceName(page: PageContext, service: ServiceAcceptance['service']): string {
  return page.t(serviceNames[service]);
}

/** The suspension notice in the page's language (both are required when suspended). */
export function suspensionText(page: PageContext, s: ServiceAcceptance): string {
  return (page.lang === 'ja' ? s.noticeJa : s.noticeEn) ?? s.noticeEn ?? s.noticeJa ?? '';
}

export function SuspensionItem({ page, item }: { page: PageContext; item: ServiceAcceptance }) {
  const name = serviceName(page, item.service);
  return (
    <li>
      <strong safe>{name}</strong>
      {page.lang === 'ja' ? '：' : ': '}
      <span safe>{suspensionText(page, item)}</span>
      {item.announcementUrl ? (
        <>
          {' '}
          <a href={item.announcementUrl} class="link notification-banner__link">
            <span safe>{page.t('notice.suspended.announcement')}</span>
            <span class="visually-hidden" safe>{` (${name})`}</span>
          </a>
        </>
      ) : (
        ''
      )}
    </li>
  );
}

/** Every notice in force, or nothing when there is none. */
export function NoticeBanner({ page, notices }: { page: PageContext; notices: ActiveNotices }) {
  const { t, lang } = page;
  const { closure, suspended } = notices;
  if (!closure && suspended.length === 0) return '';
  return (
    <section class="notification-banner" aria-labelledby="notification-banner-title">
      <div class="notification-banner__header">
        <h2 class="notification-banner__title" id="notification-banner-title" safe>
          {t('notice.banner.title')}
        </h2>
      </div>
      <div class="notification-banner__content">
        {closure ? (
          <div class="notification-banner__section" id="notice-closure">
            <p class="notification-banner__heading" safe>
              {t('notice.closure.heading', { end: formatCentreTime(closure.endsAt, lang) })}
            </p>
            <p class="body" safe>
              {t('notice.closure.reason', { reason: lang === 'ja' ? closure.reasonJa : closure.reasonEn })}
            </p>
            <p class="body" safe>
              {t('notice.closure.drafts')}
            </p>
            {closure.loginsAllowed ? (
              ''
            ) : (
              <p class="body" safe>
                {t('notice.closure.loginsBlocked')}
              </p>
            )}
          </div>
        ) : (
          ''
        )}
        {suspended.length > 0 ? (
          <div class="notification-banner__section" id="notice-suspended">
            <p class="notification-banner__heading" safe>
              {t('notice.suspended.heading')}
            </p>
            <ul class="list list--bullet">
              {suspended.map((item) => (
                <SuspensionItem page={page} item={item} />
              ))}
            </ul>
          </div>
        ) : (
          ''
        )}
      </div>
    </section>
  );
}

/** GOV.UK "warning text": shown instead of a Start or Submit button while applications are closed. */
export function ClosedWarning({ page, notices }: { page: PageContext; notices: ActiveNotices }) {
  const { t, lang } = page;
  const text = notices.closure
    ? t('notice.closure.cannotStart', { end: formatCentreTime(notices.closure.endsAt, lang) })
    : t('notice.gaClosed.cannotStart');
  return (
    <div class="warning-text" id="applications-closed">
      <span class="warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="warning-text__text">
        <span class="visually-hidden" safe>
          {t('notice.warning')}
        </span>
        <span safe>{text}</span>
      </strong>
    </div>
  );
}
