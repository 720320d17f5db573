// The staff's billing page (routes in billing.tsx): a fiscal year's prices with their
// dated revisions and the form for new ones, the catalogue of paid services, the
// bundles of groups charged together, and every group's charges for the year with the
// download for accounting; and one group's statement.
import type { Bundle } from '../../db/billing.js';
import type { CatalogueEntry } from '../../db/prices.js';
import type { Staff } from '../../db/schema-staff.js';
import type { PriceTable, Statement } from '../../domain/billing.js';
import { can } from '../../domain/staff.js';
import { formatTb } from '../../domain/usage-plan.js';
import { labelled } from '../../i18n/index.js';
import { formatDay, formatYen, type ServiceNames } from '../../i18n/statement-lines.js';
import type { GroupStatement } from '../../services/billing.js';
import { Banner } from '../views/components/banner.js';
import { BackLink, Button, type FieldErrors, TextInput } from '../views/components/form.js';
import { ScrollTable } from '../views/components/scroll-table.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { StatementTable } from '../views/statement.js';
import { StaffPage } from './views.js';

export function BillingPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  year: number;
  prices: PriceTable | undefined;
  catalogue: CatalogueEntry[];
  bundles: Bundle[];
  statements: GroupStatement[] | undefined;
  errors: FieldErrors;
  typed: Record<string, string>;
  banner: string | undefined;
}) {
  const { page, prices, typed, errors } = props;
  const { t, lang } = page;
  const admin = can(props.staff.role, 'billing.manage');
  const name = (c: CatalogueEntry) => (lang === 'ja' ? c.name_ja : c.name_en);
  const unit = (c: CatalogueEntry) => (lang === 'ja' ? c.unit_ja : c.unit_en);
  const input = (field: string, label: string, hint?: string) => (
    <TextInput name={field} label={label} hint={hint} value={typed[field] ?? ''} error={errors[field]} />
  );
  return (
    <StaffPage page={page} staff={props.staff} csrf={props.csrf} title={t('staff.billing.title')} errors={errors}>
      <Banner text={props.banner} />
      <form method="get" action="/staff/billing" class="lookup__row" novalidate>
        <TextInput name="year" label={t('statement.year')} value={String(props.year)} />
        <button type="submit" class="button button--secondary lookup__button" safe>
          {t('statement.show')}
        </button>
      </form>
      <h2 class="heading-m" safe>
        {`${t('staff.billing.revisions')} – ${t('staff.billing.year', { year: props.year })}`}
      </h2>
      {prices ? (
        <ScrollTable label={t('staff.billing.revisions')}>
          <table class="table">
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('staff.billing.from')}
                </th>
                <th scope="col" class="table__header--numeric" safe>
                  {t('staff.billing.perBlock', { kind: t('plan.kind.ga') })}
                </th>
                <th scope="col" class="table__header--numeric" safe>
                  {t('staff.billing.perBlock', { kind: t('plan.kind.pg') })}
                </th>
                <th scope="col" class="table__header--numeric" safe>
                  {t('staff.billing.perBlock', { kind: t('plan.kind.archive') })}
                </th>
                {props.catalogue.map((c) => (
                  <th scope="col" class="table__header--numeric" safe>
                    {t('staff.billing.servicePrice', { name: name(c), unit: unit(c) })}
                  </th>
                ))}
                <th scope="col" class="table__header--numeric" safe>
                  {t('staff.billing.taxPercent')}
                </th>
              </tr>
            </thead>
            <tbody>
              {prices.revisions.map((r) => (
                <tr>
                  <td safe>{formatDay(r.from, lang)}</td>
                  <td class="table__cell--numeric" safe>
                    {formatYen(r.storage.ga, lang)}
                  </td>
                  <td class="table__cell--numeric" safe>
                    {formatYen(r.storage.pg, lang)}
                  </td>
                  <td class="table__cell--numeric" safe>
                    {formatYen(r.storage.archive, lang)}
                  </td>
                  {props.catalogue.map((c) => (
                    <td class="table__cell--numeric" safe>
                      {r.services[c.code] === undefined ? '–' : formatYen(r.services[c.code] as number, lang)}
                    </td>
                  ))}
                  <td class="table__cell--numeric" safe>
                    {`${r.taxPercent} %`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="body" safe>
            {labelled(page.lang, t('staff.billing.gaFree'), `${formatTb(prices.gaFreeTenths)} TB`)}
          </p>
        </ScrollTable>
      ) : (
        <p class="body" safe>
          {t('staff.billing.noPrices')}
        </p>
      )}
      {admin ? (
        <form method="post" action="/staff/billing/prices" novalidate>
          <CsrfField token={props.csrf} />
          <h3 class="heading-s" safe>
            {t('staff.billing.newRevision')}
          </h3>
          <p class="hint" safe>
            {t('staff.billing.newRevisionHint')}
          </p>
          {input('fiscalYear', t('staff.billing.fiscalYear'))}
          {input('startsOn', t('staff.billing.startsOn'))}
          {input('gaFree', `${t('staff.billing.gaFree')} (TB)`)}
          {input('ga', t('staff.billing.perBlock', { kind: t('plan.kind.ga') }), t('staff.billing.yenHint'))}
          {input('pg', t('staff.billing.perBlock', { kind: t('plan.kind.pg') }), t('staff.billing.yenHint'))}
          {input('archive', t('staff.billing.perBlock', { kind: t('plan.kind.archive') }), t('staff.billing.yenHint'))}
          {props.catalogue
            .filter((c) => c.active)
            .map((c) =>
              input(
                `s_${c.code}`,
                t('staff.billing.servicePrice', { name: name(c), unit: unit(c) }),
                t('staff.billing.yenHint'),
              ),
            )}
          {input('taxPercent', t('staff.billing.taxPercent'))}
          <Button label={t('staff.billing.save')} />
        </form>
      ) : (
        ''
      )}
      <h2 class="heading-m" safe>
        {t('staff.billing.catalogue')}
      </h2>
      <p class="body" safe>
        {t('staff.billing.catalogueHint')}
      </p>
      {props.catalogue.length ? (
        <ul class="list">
          {props.catalogue.map((c) => (
            <li safe>{`${c.code}: ${name(c)} (${unit(c)})`}</li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {admin ? (
        <form method="post" action="/staff/billing/catalogue" novalidate>
          <CsrfField token={props.csrf} />
          {input('code', t('staff.billing.code'))}
          {input('nameJa', t('staff.billing.nameJa'))}
          {input('nameEn', t('staff.billing.nameEn'))}
          {input('unitJa', t('staff.billing.unitJa'))}
          {input('unitEn', t('staff.billing.unitEn'))}
          <button type="submit" class="button button--secondary" safe>
            {t('staff.billing.addService')}
          </button>
        </form>
      ) : (
        ''
      )}
      <h2 class="heading-m" safe>
        {t('staff.billing.bundles')}
      </h2>
      <p class="body" safe>
        {t('staff.billing.bundlesHint')}
      </p>
      {props.bundles.length ? (
        <ul class="list">
          {props.bundles.map((b) => (
            <li safe>{`${b.secondaryGroup}: ${b.members.join(' ')}`}</li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {admin ? (
        <form method="post" action="/staff/billing/bundles" novalidate>
          <CsrfField token={props.csrf} />
          {input('secondaryGroup', t('staff.billing.secondaryGroup'))}
          {input('members', t('staff.billing.members'))}
          <button type="submit" class="button button--secondary" safe>
            {t('staff.billing.saveBundle')}
          </button>
        </form>
      ) : (
        ''
      )}
      <h2 class="heading-m" safe>
        {`${t('staff.billing.statements')} – ${t('staff.billing.year', { year: props.year })}`}
      </h2>
      {props.statements ? (
        <>
          <ScrollTable label={t('staff.billing.statements')}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col" safe>
                    {t('staff.billing.group')}
                  </th>
                  <th scope="col" class="table__header--numeric" safe>
                    {t('staff.billing.subtotal')}
                  </th>
                  <th scope="col" class="table__header--numeric" safe>
                    {t('staff.billing.tax')}
                  </th>
                  <th scope="col" class="table__header--numeric" safe>
                    {t('staff.billing.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.statements.map((s) => (
                  <tr>
                    <td>
                      <a
                        href={`/staff/billing/statements/${props.year}/${encodeURIComponent(s.group)}`}
                        class="link"
                        safe
                      >
                        {s.group}
                      </a>
                    </td>
                    <td class="table__cell--numeric" safe>
                      {formatYen(s.statement.subtotal, lang)}
                    </td>
                    <td class="table__cell--numeric" safe>
                      {formatYen(s.statement.tax, lang)}
                    </td>
                    <td class="table__cell--numeric" safe>
                      {formatYen(s.statement.total, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          <p class="body">
            <a href={`/staff/billing/statements.csv?year=${props.year}`} class="link" safe>
              {t('staff.billing.statementsCsv')}
            </a>
          </p>
        </>
      ) : (
        <p class="body" safe>
          {t('statement.noPrices', { year: props.year })}
        </p>
      )}
    </StaffPage>
  );
}

export function StaffStatementPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  year: number;
  group: string;
  statement: Statement;
  bundle: string | undefined;
  services: ServiceNames;
}) {
  const { page } = props;
  const { t } = page;
  return (
    <StaffPage
      page={page}
      staff={props.staff}
      csrf={props.csrf}
      title={t('statement.title', { year: props.year })}
      errors={{}}
      before={<BackLink href={`/staff/billing?year=${props.year}`} label={t('applyStep.back')} />}
    >
      <p class="body" safe>
        {t('statement.group', { group: props.group })}
      </p>
      <StatementTable
        page={page}
        statement={props.statement}
        services={props.services}
        bundle={props.bundle}
        caption={t('statement.title', { year: props.year })}
      />
      <p class="body">
        <a
          href={`/staff/billing/statements/${props.year}/${encodeURIComponent(props.group)}/statement.pdf`}
          class="link"
          safe
        >
          {t('statement.pdf')}
        </a>
      </p>
    </StaffPage>
  );
}
