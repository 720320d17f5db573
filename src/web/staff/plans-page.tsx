// The staff's pages of usage plans (routes in plans.tsx): the versions waiting for a
// decision, and one version beside what is in force now, with the estimate, the
// decision form (a quota below what is in use listed for confirmation) and the
// large-scale mark of the group.

import type { Staff } from '../../db/schema-staff.js';
import type { PlanVersion, UsagePlan } from '../../db/usage-plans.js';
import { formatCentreDate } from '../../domain/notices.js';
import { can } from '../../domain/staff.js';
import { type ExpectedQuota, formatTb, quotaKey } from '../../domain/usage-plan.js';
import { formatDay, formatYen, type ServiceNames } from '../../i18n/statement-lines.js';
import type { LoweredQuota } from '../../services/usage-plans.js';
import { Banner } from '../views/components/banner.js';
import { Button, Checkbox, type FieldErrors, Radios, Textarea } from '../views/components/form.js';
import { ScrollTable } from '../views/components/scroll-table.js';
import { SummaryCard, type SummaryRow } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { StaffPage } from './views.js';

export function PlanQueuePage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  waiting: { id: number; number: number; filed_at: Date; group_name: string; large_scale: boolean }[];
}) {
  const { page } = props;
  const { t, lang } = page;
  return (
    <StaffPage page={page} staff={props.staff} csrf={props.csrf} title={t('staff.plans.title')} errors={{}}>
      {props.waiting.length ? (
        <table class="table">
          <caption class="table__caption" safe>
            {t('staff.plans.waiting')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('staff.plans.group')}
              </th>
              <th scope="col" safe>
                {t('staff.plans.version')}
              </th>
              <th scope="col" safe>
                {t('staff.plans.filed')}
              </th>
              <th scope="col" safe>
                {t('staff.plans.largeScale')}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.waiting.map((v) => (
              <tr>
                <td>
                  <a href={`/staff/plans/versions/${v.id}`} class="link" safe>
                    {v.group_name}
                  </a>
                </td>
                <td safe>{String(v.number)}</td>
                <td safe>{formatCentreDate(v.filed_at, lang)}</td>
                <td safe>{v.large_scale ? t('staff.plans.yes') : t('staff.plans.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="body" safe>
          {t('staff.plans.none')}
        </p>
      )}
      <p class="body">
        <a href="/staff/billing" class="link" safe>
          {t('staff.billing.title')}
        </a>
      </p>
    </StaffPage>
  );
}

const bytesTb = (bytes: number) => `${formatTb(Math.round(bytes / 100_000_000_000))} TB`;

export function PlanVersionPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  version: PlanVersion;
  plan: UsagePlan;
  quotas: ExpectedQuota[];
  services: ServiceNames;
  estimate: { year: number; total: number } | undefined;
  errors: FieldErrors;
  typed: { decision?: string; message?: string };
  lowered: LoweredQuota[];
  banner: string | undefined;
}) {
  const { page, version, plan } = props;
  const { t, lang } = page;
  const c = version.content;
  const rows: SummaryRow[] = [
    { key: t('staff.plan.state'), value: t(`plan.state.${version.state}`) },
    { key: t('staff.plan.filedBy'), value: `${version.filed_by}, ${formatCentreDate(version.filed_at, lang)}` },
    { key: t('staff.plan.purpose'), value: c.purpose },
    ...(c.relatedItems ? [{ key: t('staff.plan.related'), value: c.relatedItems }] : []),
    { key: t('staff.plan.period'), value: `${formatDay(c.from, lang)} – ${formatDay(c.to, lang)}` },
    { key: t('staff.plans.largeScale'), value: plan.large_scale ? t('staff.plans.yes') : t('staff.plans.no') },
    ...c.services.map((s) => ({
      key: props.services[s.code]?.name ?? s.code,
      value: `${s.quantity} ${props.services[s.code]?.unit ?? ''}`,
    })),
  ];
  const asked = new Map(c.storage.map((l) => [quotaKey(l), l.tenths]));
  const now = new Map(props.quotas.map((q) => [quotaKey(q), q]));
  const keys = [...new Set([...now.keys(), ...asked.keys()])];
  const who = (key: string) => {
    const [scope, subject, kind] = key.split(':') as [string, string, 'ga' | 'pg' | 'archive'];
    return `${scope === 'group' ? t('plan.quotas.group') : subject} – ${t(`plan.kind.${kind}`)}`;
  };
  const decidable = version.state === 'submitted' && can(props.staff.role, 'plans.decide');
  const action = `/staff/plans/versions/${version.id}/decision`;
  return (
    <StaffPage
      page={page}
      staff={props.staff}
      csrf={props.csrf}
      title={t('staff.plan.title', { group: plan.group_name, number: version.number })}
      errors={props.errors}
    >
      <Banner text={props.banner} />
      <SummaryCard id="plan-version" title={t('plan.check.plan')} rows={rows} />
      <ScrollTable label={t('staff.plan.compare')}>
        <table class="table">
          <caption class="table__caption" safe>
            {t('staff.plan.compare')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('plan.quotas.who')}
              </th>
              <th scope="col" class="table__header--numeric" safe>
                {t('staff.plan.now')}
              </th>
              <th scope="col" class="table__header--numeric" safe>
                {t('staff.plan.asked')}
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const current = now.get(key)?.tenths;
              const wanted = asked.get(key) ?? (key.startsWith('user:') && key.endsWith(':ga') ? 10 : undefined);
              return (
                <tr>
                  <td safe>{who(key)}</td>
                  <td class="table__cell--numeric" safe>
                    {current === undefined ? '–' : `${formatTb(current)} TB`}
                  </td>
                  <td class="table__cell--numeric" safe>
                    {wanted === undefined ? '–' : `${formatTb(wanted)} TB`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>
      {props.estimate ? (
        <p class="body" safe>
          {t('staff.plan.estimate', { year: props.estimate.year, amount: formatYen(props.estimate.total, lang) })}
        </p>
      ) : (
        ''
      )}
      {version.staff_message ? (
        <blockquote class="inset-text" safe>
          {version.staff_message}
        </blockquote>
      ) : (
        ''
      )}
      {decidable ? (
        <form method="post" action={action} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="rowVersion" value={String(version.row_version)} />
          {props.lowered.length ? (
            <div class="warning-text" role="note">
              <strong class="warning-text__text">
                <span safe>{t('staff.plan.lowered')}</span>
                {props.lowered.map((l) => (
                  <>
                    <br />
                    <span safe>
                      {t('staff.plan.loweredRow', {
                        who: l.scope === 'group' ? t('plan.quotas.group') : l.subject,
                        kind: t(`plan.kind.${l.kind}`),
                        from: bytesTb(l.fromBytes),
                        to: bytesTb(l.toBytes),
                        used: bytesTb(l.usedBytes),
                      })}
                    </span>
                  </>
                ))}
              </strong>
            </div>
          ) : (
            ''
          )}
          <Radios
            name="decision"
            legend={t('staff.plan.decision')}
            options={[
              { value: 'approved', label: t('staff.plan.approve') },
              { value: 'changes_requested', label: t('staff.plan.changes') },
              { value: 'rejected', label: t('staff.plan.reject') },
            ]}
            value={props.typed.decision ?? ''}
            error={props.errors.decision}
          />
          <Textarea
            name="message"
            label={t('staff.plan.message')}
            hint={t('staff.plan.messageHint')}
            value={props.typed.message ?? ''}
            error={props.errors.message}
            rows={4}
          />
          {props.lowered.length ? (
            <Checkbox
              name="confirmLower"
              label={t('staff.plan.confirmLower')}
              checked={false}
              error={props.errors.confirmLower}
            />
          ) : (
            ''
          )}
          <Button label={t('staff.plan.record')} />
        </form>
      ) : (
        ''
      )}
      {can(props.staff.role, 'plans.decide') ? (
        <form method="post" action={`/staff/plans/${encodeURIComponent(plan.group_name)}/large-scale`} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="largeScale" value={plan.large_scale ? 'no' : 'yes'} />
          <input type="hidden" name="version" value={String(version.id)} />
          <button type="submit" class="button button--secondary" safe>
            {t(plan.large_scale ? 'staff.plan.largeScaleUnset' : 'staff.plan.largeScaleSet', {
              group: plan.group_name,
            })}
          </button>
        </form>
      ) : (
        ''
      )}
    </StaffPage>
  );
}
