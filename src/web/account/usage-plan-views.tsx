// The pages of a holder's usage plan (routes in usage-plan.tsx): the overview (the
// plan of each group they keep, its status, the quotas in force, the charges so far,
// delegates and the alert amount; and every holder's own storage), the plan's form,
// its check page with the estimate, and the statement of a fiscal year.
import type { Statement } from '../../domain/billing.js';
import { formatCentreDate } from '../../domain/notices.js';
import type { ExpectedQuota, PlanContent } from '../../domain/usage-plan.js';
import { formatTb } from '../../domain/usage-plan.js';
import { formatDay, formatYen, type ServiceNames } from '../../i18n/statement-lines.js';
import type { GroupPlan } from '../../services/usage-plan-reads.js';
import { Banner } from '../views/components/banner.js';
import { DateInput, type DateValues, datePartId, firstDatePart } from '../views/components/date-input.js';
import { BackLink, Button, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { ScrollTable } from '../views/components/scroll-table.js';
import { SummaryCard, type SummaryRow } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { StatementTable } from '../views/statement.js';
import { AccountLayout } from './views.js';

export const PLAN_PATH = '/account/usage-plan';

interface Frame {
  page: PageContext;
  account: string;
  csrf: string;
}

/** The quotas in force: who, which storage, how much (the default said as such). */
export function QuotaTable(props: { page: PageContext; quotas: ExpectedQuota[]; caption: string }) {
  const { t } = props.page;
  return (
    <ScrollTable label={props.caption}>
      <table class="table">
        <caption class="table__caption" safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('plan.quotas.who')}
            </th>
            <th scope="col" safe>
              {t('plan.quotas.kind')}
            </th>
            <th scope="col" class="table__header--numeric" safe>
              {t('plan.quotas.quota')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.quotas.map((q) => (
            <tr>
              <td safe>{q.scope === 'group' ? t('plan.quotas.group') : q.subject}</td>
              <td safe>{t(`plan.kind.${q.kind}`)}</td>
              <td class="table__cell--numeric" safe>
                {`${formatTb(q.tenths)} TB`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function statusOf(page: PageContext, g: GroupPlan): { text: string; quote?: string | null }[] {
  const { t, lang } = page;
  const out: { text: string; quote?: string | null }[] = [];
  const approved = g.versions.find((v) => v.state === 'approved');
  const waiting = g.versions.find((v) => v.state === 'submitted');
  const latest = g.versions[0];
  if (approved)
    out.push({
      text: t('plan.status.approved', {
        number: approved.number,
        date: formatCentreDate(approved.decided_at ?? approved.filed_at, lang),
      }),
    });
  if (waiting)
    out.push({
      text: t('plan.status.submitted', { number: waiting.number, date: formatCentreDate(waiting.filed_at, lang) }),
    });
  if (latest && (latest.state === 'changes_requested' || latest.state === 'rejected'))
    out.push({ text: t(`plan.status.${latest.state}`, { number: latest.number }), quote: latest.staff_message });
  if (!out.length) out.push({ text: t('plan.none') });
  return out;
}

function GroupSection(props: {
  frame: Frame;
  group: GroupPlan;
  charges: { year: number; statement: Statement | undefined };
  services: ServiceNames;
  errors: FieldErrors;
  typed: Record<string, string>;
}) {
  const { frame, group: g } = props;
  const { page } = frame;
  const { t, lang } = page;
  const waiting = g.versions.find((v) => v.state === 'submitted');
  const id = `group-${g.group}`;
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 class="heading-l" id={`${id}-title`} safe>
        {t('plan.group', { group: g.group })}
      </h2>
      {statusOf(page, g).map((s) => (
        <>
          <p class="body" safe>
            {s.text}
          </p>
          {s.quote ? (
            <blockquote class="inset-text" safe>
              {s.quote}
            </blockquote>
          ) : (
            ''
          )}
        </>
      ))}
      <p class="body">
        <a href={`${PLAN_PATH}/new?group=${encodeURIComponent(g.group)}`} class="button" safe>
          {t('plan.file')}
        </a>
      </p>
      {waiting ? (
        <form method="post" action={`${PLAN_PATH}/versions/${waiting.id}/withdraw`} novalidate>
          <CsrfField token={frame.csrf} />
          <button type="submit" class="button button--secondary" safe>
            {t('plan.withdraw', { number: waiting.number })}
          </button>
        </form>
      ) : (
        ''
      )}
      <QuotaTable page={page} quotas={g.quotas} caption={t('plan.quotas.title')} />
      <h3 class="heading-m" safe>
        {t('plan.services.title')}
      </h3>
      {g.services.length ? (
        <ul class="list">
          {g.services.map((s) => (
            <li safe>
              {`${props.services[s.code]?.name ?? s.code}: ${t('plan.services.row', {
                quantity: s.quantity,
                unit: props.services[s.code]?.unit ?? '',
                from: formatDay(s.from, lang),
                to: formatDay(s.to, lang),
              })}`}
            </li>
          ))}
        </ul>
      ) : (
        <p class="body" safe>
          {t('plan.services.none')}
        </p>
      )}
      <h3 class="heading-m" safe>
        {t('plan.charges.title', { year: props.charges.year })}
      </h3>
      {props.charges.statement ? (
        <>
          <p class="body" safe>
            {t('plan.charges.sofar', { amount: formatYen(props.charges.statement.total, lang) })}
          </p>
          <p class="body">
            <a
              href={`${PLAN_PATH}/statement?group=${encodeURIComponent(g.group)}&year=${props.charges.year}`}
              class="link"
              safe
            >
              {t('plan.charges.link', { year: props.charges.year })}
            </a>
          </p>
        </>
      ) : (
        <p class="body" safe>
          {t('plan.charges.noPrices', { year: props.charges.year })}
        </p>
      )}
      <h3 class="heading-m" safe>
        {t('plan.alert.title')}
      </h3>
      <p class="body" safe>
        {t('plan.alert.intro')}
      </p>
      <form method="post" action={`${PLAN_PATH}/alert?group=${encodeURIComponent(g.group)}`} novalidate>
        <CsrfField token={frame.csrf} />
        <TextInput
          name={`alert_${g.group}`}
          label={t('plan.alert.label')}
          hint={t('plan.alert.hint')}
          value={
            props.typed[`alert_${g.group}`] ?? (g.plan?.alert_yen === null || !g.plan ? '' : String(g.plan.alert_yen))
          }
          error={props.errors[`alert_${g.group}`]}
        />
        <button type="submit" class="button button--secondary" safe>
          {t('plan.alert.save')}
        </button>
      </form>
      {g.as === 'responsible' ? (
        <>
          <h3 class="heading-m" safe>
            {t('plan.delegates.title')}
          </h3>
          <p class="body" safe>
            {t('plan.delegates.intro')}
          </p>
          {g.delegates.length ? (
            <ul class="list">
              {g.delegates.map((d) => (
                <li>
                  <form
                    method="post"
                    action={`${PLAN_PATH}/delegates?group=${encodeURIComponent(g.group)}`}
                    class="inline-form"
                    novalidate
                  >
                    <CsrfField token={frame.csrf} />
                    <input type="hidden" name="remove" value={d.uid} />
                    <span safe>{d.uid}</span>{' '}
                    <button type="submit" class="button button--secondary" safe>
                      {t('plan.delegates.remove', { account: d.uid })}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : (
            <p class="body" safe>
              {t('plan.delegates.none')}
            </p>
          )}
          <form method="post" action={`${PLAN_PATH}/delegates?group=${encodeURIComponent(g.group)}`} novalidate>
            <CsrfField token={frame.csrf} />
            <TextInput
              name={`delegate_${g.group}`}
              label={t('plan.delegates.account')}
              value={props.typed[`delegate_${g.group}`] ?? ''}
              error={props.errors[`delegate_${g.group}`]}
              autocomplete="off"
              spellcheck={false}
            />
            <button type="submit" class="button button--secondary" safe>
              {t('plan.delegates.add')}
            </button>
          </form>
        </>
      ) : (
        ''
      )}
      {g.versions.length ? (
        <ScrollTable label={t('plan.history.title')}>
          <table class="table">
            <caption class="table__caption" safe>
              {t('plan.history.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('plan.history.number')}
                </th>
                <th scope="col" safe>
                  {t('plan.history.filed')}
                </th>
                <th scope="col" safe>
                  {t('plan.history.state')}
                </th>
              </tr>
            </thead>
            <tbody>
              {g.versions.map((v) => (
                <tr>
                  <td safe>{String(v.number)}</td>
                  <td safe>{formatCentreDate(v.filed_at, lang)}</td>
                  <td safe>{t(`plan.state.${v.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : (
        ''
      )}
    </section>
  );
}

export function PlanOverviewPage(props: {
  frame: Frame;
  groups: GroupPlan[];
  charges: Map<string, { year: number; statement: Statement | undefined }>;
  mine: ExpectedQuota[];
  services: ServiceNames;
  banner: string | undefined;
  errors: FieldErrors;
  typed: Record<string, string>;
}) {
  const { frame } = props;
  const { t } = frame.page;
  return (
    <AccountLayout
      page={frame.page}
      account={frame.account}
      csrf={frame.csrf}
      title={t('plan.title')}
      current={PLAN_PATH}
      errors={props.errors}
    >
      <Banner text={props.banner} />
      <p class="body" safe>
        {t('plan.intro')}
      </p>
      <h2 class="heading-m" safe>
        {t('plan.mine.title')}
      </h2>
      <p class="body" safe>
        {t('plan.mine.intro')}
      </p>
      <QuotaTable page={frame.page} quotas={props.mine} caption={t('plan.mine.title')} />
      {props.groups.map((g) => (
        <GroupSection
          frame={frame}
          group={g}
          charges={props.charges.get(g.group) ?? { year: 0, statement: undefined }}
          services={props.services}
          errors={props.errors}
          typed={props.typed}
        />
      ))}
    </AccountLayout>
  );
}

/** One field of the form: its name, its label (also the words of its error) and what it is. */
export interface PlanField {
  name: string;
  label: string;
}

export interface PlanFormFields {
  users: PlanField[];
  group: PlanField[];
  services: PlanField[];
}

export function PlanFormPage(props: {
  frame: Frame;
  group: string;
  fields: PlanFormFields;
  typed: Record<string, string>;
  errors: FieldErrors;
  suspended: string | undefined;
}) {
  const { frame, typed, errors } = props;
  const { page } = frame;
  const { t } = page;
  const date = (prefix: 'from' | 'to'): DateValues => ({
    day: typed[`${prefix}_day`] ?? '',
    month: typed[`${prefix}_month`] ?? '',
    year: typed[`${prefix}_year`] ?? '',
  });
  const labels = { day: t('plan.form.day'), month: t('plan.form.month'), year: t('plan.form.year') };
  const tbField = (f: PlanField) => (
    <TextInput name={f.name} label={f.label} value={typed[f.name] ?? ''} error={errors[f.name]} />
  );
  return (
    <AccountLayout
      page={page}
      account={frame.account}
      csrf={frame.csrf}
      title={t('plan.form.title', { group: props.group })}
      current={PLAN_PATH}
      errors={errors}
      before={<BackLink href={PLAN_PATH} label={t('applyStep.back')} />}
    >
      <p class="body" safe>
        {t('plan.form.intro')}
      </p>
      {props.suspended ? (
        <div class="warning-text" role="note">
          <strong class="warning-text__text">
            <span safe>{t('plan.form.suspended')}</span>
            <br />
            <span safe>{props.suspended}</span>
          </strong>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={`${PLAN_PATH}/new?group=${encodeURIComponent(props.group)}`} novalidate>
        <CsrfField token={frame.csrf} />
        <Textarea
          name="purpose"
          label={t('plan.form.purpose')}
          hint={t('plan.form.purposeHint')}
          value={typed.purpose ?? ''}
          error={errors.purpose}
          rows={6}
        />
        <Textarea
          name="relatedItems"
          label={t('plan.form.related')}
          hint={t('plan.form.relatedHint')}
          value={typed.relatedItems ?? ''}
          error={errors.relatedItems}
          rows={3}
        />
        <h2 class="heading-m" safe>
          {t('plan.form.period')}
        </h2>
        <DateInput
          page={page}
          prefix="from"
          legend={t('plan.form.from')}
          hint={t('plan.form.periodHint')}
          labels={labels}
          values={date('from')}
          error={errors[datePartId('from', firstDatePart(page.lang))]}
          size="s"
        />
        <DateInput
          page={page}
          prefix="to"
          legend={t('plan.form.to')}
          hint={t('plan.form.periodHint')}
          labels={labels}
          values={date('to')}
          error={errors[datePartId('to', firstDatePart(page.lang))]}
          size="s"
        />
        <fieldset class="fieldset" id="storage" aria-describedby={errors.storage ? 'storage-error' : undefined}>
          <legend class="fieldset__legend fieldset__legend--m" safe>
            {t('plan.form.users')}
          </legend>
          <div class="hint" safe>
            {t('plan.form.usersHint')}
          </div>
          {errors.storage ? (
            <p id="storage-error" class="error-message" safe>
              {errors.storage}
            </p>
          ) : (
            ''
          )}
          {props.fields.users.map(tbField)}
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend fieldset__legend--m" safe>
            {t('plan.form.groupStorage')}
          </legend>
          {props.fields.group.map(tbField)}
        </fieldset>
        {props.fields.services.length ? (
          <fieldset class="fieldset">
            <legend class="fieldset__legend fieldset__legend--m" safe>
              {t('plan.form.services')}
            </legend>
            <div class="hint" safe>
              {t('plan.form.servicesHint')}
            </div>
            {props.fields.services.map(tbField)}
          </fieldset>
        ) : (
          ''
        )}
        <input type="hidden" name="action" value="check" />
        <Button label={t('plan.form.continue')} />
      </form>
    </AccountLayout>
  );
}

export function PlanCheckPage(props: {
  frame: Frame;
  group: string;
  content: PlanContent;
  fields: PlanFormFields;
  typed: Record<string, string>;
  estimate: { year: number; thisYear: number; fullYear: number } | { year: number; none: true };
  services: ServiceNames;
}) {
  const { frame, content } = props;
  const { page } = frame;
  const { t, lang } = page;
  const planRows: SummaryRow[] = [
    { key: t('plan.form.purpose'), value: content.purpose },
    ...(content.relatedItems ? [{ key: t('plan.form.related'), value: content.relatedItems }] : []),
    {
      key: t('plan.form.period'),
      value: `${formatDay(content.from, lang)} – ${formatDay(content.to, lang)}`,
    },
  ];
  const storageRows: SummaryRow[] = content.storage.length
    ? content.storage.map((l) => ({
        key: l.scope === 'group' ? t('plan.form.groupKind', { kind: t(`plan.kind.${l.kind}`) }) : l.subject,
        value: `${formatTb(l.tenths)} TB`,
      }))
    : [{ key: t('plan.check.storage'), value: t('plan.check.noStorage') }];
  const serviceRows: SummaryRow[] = content.services.map((s) => ({
    key: props.services[s.code]?.name ?? s.code,
    value: `${s.quantity} ${props.services[s.code]?.unit ?? ''}`,
  }));
  const keys = ['purpose', 'relatedItems', 'from_day', 'from_month', 'from_year', 'to_day', 'to_month', 'to_year'];
  const all = [...keys, ...[...props.fields.users, ...props.fields.group, ...props.fields.services].map((f) => f.name)];
  const hidden = all.map((name) => <input type="hidden" name={name} value={props.typed[name] ?? ''} />);
  const action = `${PLAN_PATH}/new?group=${encodeURIComponent(props.group)}`;
  return (
    <AccountLayout
      page={page}
      account={frame.account}
      csrf={frame.csrf}
      title={t('plan.check.title')}
      current={PLAN_PATH}
    >
      <SummaryCard id="check-plan" title={t('plan.check.plan')} rows={planRows} />
      <SummaryCard id="check-storage" title={t('plan.check.storage')} rows={storageRows} />
      {serviceRows.length ? <SummaryCard id="check-services" title={t('plan.form.services')} rows={serviceRows} /> : ''}
      <h2 class="heading-m" safe>
        {t('plan.check.estimate')}
      </h2>
      {'none' in props.estimate ? (
        <p class="body" safe>
          {t('plan.check.noEstimate', { year: props.estimate.year })}
        </p>
      ) : (
        <ul class="list">
          <li safe>
            {t('plan.check.thisYear', { year: props.estimate.year, amount: formatYen(props.estimate.thisYear, lang) })}
          </li>
          <li safe>{t('plan.check.fullYear', { amount: formatYen(props.estimate.fullYear, lang) })}</li>
        </ul>
      )}
      <form method="post" action={action} novalidate>
        <CsrfField token={frame.csrf} />
        {hidden}
        <div class="button-group">
          <button type="submit" name="action" value="send" class="button" safe>
            {t('plan.check.send')}
          </button>
          <button type="submit" name="action" value="change" class="button button--secondary" safe>
            {t('plan.check.change')}
          </button>
        </div>
      </form>
    </AccountLayout>
  );
}

export function StatementPage(props: {
  frame: Frame;
  group: string;
  year: number;
  statement: Statement | undefined;
  bundle: string | undefined;
  services: ServiceNames;
}) {
  const { frame } = props;
  const { page } = frame;
  const { t } = page;
  return (
    <AccountLayout
      page={page}
      account={frame.account}
      csrf={frame.csrf}
      title={t('statement.title', { year: props.year })}
      current={PLAN_PATH}
      before={<BackLink href={PLAN_PATH} label={t('applyStep.back')} />}
    >
      <p class="body" safe>
        {t('statement.group', { group: props.group })}
      </p>
      {props.statement ? (
        <>
          <StatementTable
            page={page}
            statement={props.statement}
            services={props.services}
            bundle={props.bundle}
            caption={t('statement.title', { year: props.year })}
          />
          <ul class="list">
            <li>
              <a
                href={`${PLAN_PATH}/statement.pdf?group=${encodeURIComponent(props.group)}&year=${props.year}`}
                class="link"
                safe
              >
                {t('statement.pdf')}
              </a>
            </li>
            <li>
              <a
                href={`${PLAN_PATH}/statement.csv?group=${encodeURIComponent(props.group)}&year=${props.year}`}
                class="link"
                safe
              >
                {t('statement.csv')}
              </a>
            </li>
          </ul>
        </>
      ) : (
        <p class="body" safe>
          {t('statement.noPrices', { year: props.year })}
        </p>
      )}
    </AccountLayout>
  );
}
