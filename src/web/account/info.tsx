// Account information: the holder's registered details, affiliation and
// responsible person as the centre has them, and every account of theirs (GA, PG)
// with group, quota, status and the fiscal year it is registered for.
import type { FastifyInstance } from 'fastify';
import { requestsOfHolder } from '../../db/account-requests.js';
import { accountsOf } from '../../db/accounts.js';
import { getFullApplication } from '../../db/applications.js';
import { fiscalYearOf } from '../../domain/fiscal-calendar.js';
import type { MessageKey } from '../i18n/index.js';
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
        {accounts.map((a) => {
          const fy = fiscalYearOf(a.provisioned_at ?? a.created_at);
          return (
            <SummaryCard
              id={`account-${a.uid}`}
              title={`${t('user.info.accounts')}: ${a.uid}`}
              rows={[
                { key: t('user.info.accountName'), value: a.uid },
                { key: t('user.info.division'), value: t(`user.division.${a.division}`) },
                { key: t('user.info.group'), value: a.group_name },
                { key: t('user.info.quota'), value: formatBytes(a.quota_bytes, page.lang) },
                { key: t('user.info.state'), value: t(`user.state.${a.state}`) },
                { key: t('user.info.registered'), value: t('user.info.fiscalYear', { year: fy, next: fy + 1 }) },
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
