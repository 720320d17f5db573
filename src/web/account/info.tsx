// Account information: the holder's registered details, affiliation and
// responsible person as the centre has them, and every account of theirs (GA, PG)
// with group, quota, status, the fiscal year it is registered for and the one it is
// renewed through; while renewal is open and not done, a banner leads to it.
import type { FastifyInstance } from 'fastify';
import { requestsOfHolder } from '../../db/account-requests.js';
import { accountsOf } from '../../db/accounts.js';
import { getFullApplication } from '../../db/applications.js';
import { calendarLookup } from '../../db/settings.js';
import { fiscalYearOf, renewalStatus } from '../../domain/fiscal-calendar.js';
import { formatCentreDate } from '../../domain/notices.js';
import { labelled, type MessageKey } from '../../i18n/index.js';
import { sendHtml } from '../render.js';
import { answerSections } from '../views/application-answers.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { pageContext } from '../views/page.js';
import { RequestList } from './requests.js';
import { AccountLayout } from './views.js';

/** 1 TB, 500 GB …: storage as the centre sells it (decimal units). */
export function formatBytes(bytes: number | string | null, lang: 'ja' | 'en'): string {
  const n = Number(bytes ?? 0);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 }).format(v)} ${units[i]}`;
}

export async function infoRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  app.get('/account', async (request, reply) => {
    const account = request.account;
    if (!account) return;
    const page = pageContext(request);
    const { t } = page;
    const [accounts, full, requests] = await Promise.all([
      accountsOf(db, account.application_id),
      getFullApplication(db, account.application_id),
      requestsOfHolder(db, account.application_id),
    ]);
    const calendar = await calendarLookup(db, app.deps.config.renewal.opensOn);
    const renewal = renewalStatus(account.valid_through ?? 0, app.deps.now(), calendar);
    const sections = full ? answerSections(full, page) : [];
    const section = (step: string) => sections.find((s) => s.step === step)?.rows ?? [];
    const cards: [string, MessageKey][] = [
      ['applicant', 'user.info.applicant'],
      ['affiliation', 'user.info.affiliation'],
      ['responsible', 'user.info.responsible'],
    ];
    return sendHtml(
      reply,
      <AccountLayout
        page={page}
        account={account.uid}
        csrf={reply.generateCsrf()}
        title={t('user.info.title')}
        current="/account"
      >
        {renewal.status === 'due' ? (
          <section class="notification-banner" aria-labelledby="renewal-banner-title">
            <div class="notification-banner__header">
              <h2 class="notification-banner__title" id="renewal-banner-title" safe>
                {t('user.renewal.titleFor', { year: renewal.renewFor })}
              </h2>
            </div>
            <div class="notification-banner__content">
              <p class="notification-banner__heading" safe>
                {t('user.renewal.due', { year: renewal.renewFor, date: formatCentreDate(renewal.lockAt, page.lang) })}
              </p>
              <p class="body">
                <a href="/account/renewal" class="link" safe>
                  {t('user.locked.renew')}
                </a>
              </p>
            </div>
          </section>
        ) : (
          ''
        )}
        {accounts.map((a) => {
          const fy = fiscalYearOf(a.provisioned_at ?? a.created_at);
          return (
            <SummaryCard
              id={`account-${a.uid}`}
              title={labelled(page.lang, t('user.info.accounts'), a.uid)}
              rows={[
                { key: t('user.info.accountName'), value: a.uid },
                { key: t('user.info.division'), value: t(`user.division.${a.division}`) },
                { key: t('user.info.group'), value: a.group_name },
                { key: t('user.info.quota'), value: formatBytes(a.quota_bytes, page.lang) },
                { key: t('user.info.state'), value: t(`user.state.${a.state}`) },
                { key: t('user.info.registered'), value: t('user.info.fiscalYear', { year: fy, next: fy + 1 }) },
                ...(a.valid_through
                  ? [
                      {
                        key: t('user.info.validThrough'),
                        value: t('user.info.fiscalYear', { year: a.valid_through, next: a.valid_through + 1 }),
                      },
                    ]
                  : []),
              ]}
            />
          );
        })}
        {accounts.length > 1 ? (
          <p class="body" safe>
            {t('user.info.loggedInWith', { account: account.uid })}
          </p>
        ) : (
          ''
        )}
        {cards.map(([step, title]) => (
          <SummaryCard id={`info-${step}`} title={t(title)} rows={section(step)} />
        ))}
        <h2 class="heading-m" safe>
          {t('request.list.title')}
        </h2>
        <RequestList page={page} requests={requests} />
        <p class="body">
          <a href="/account/requests" class="link" safe>
            {t('request.new')}
          </a>
        </p>
      </AccountLayout>,
    );
  });
}
