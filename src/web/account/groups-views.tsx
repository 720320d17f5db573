// The pages of group and workshop accounts for the person in charge (routes in
// groups.tsx): the list of their groups, the form of a group's details, and the
// group's page (its status and next step, the details, the pledge, the participants
// with reminders and removal, adding participants typed or from a CSV with each
// row's result, sending for review, an extension, the sheet of initial passwords).
import type { GroupAccount, GroupParticipant } from '../../db/groups.js';
import { type GroupKind, groupKinds, type RowResult } from '../../domain/group-account.js';
import { formatCentreDate } from '../../domain/notices.js';
import { formatDay } from '../../i18n/statement-lines.js';
import { groupPledgeDeclarations } from '../../services/group-accounts.js';
import { Banner } from '../views/components/banner.js';
import { DateInput, type DateValues } from '../views/components/date-input.js';
import { BackLink, Button, Checkbox, type FieldErrors, Radios, Textarea, TextInput } from '../views/components/form.js';
import { ScrollTable } from '../views/components/scroll-table.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { AccountLayout } from './views.js';

export const GROUPS_PATH = '/account/groups';
export const groupPath = (id: number) => `${GROUPS_PATH}/${id}`;

interface Frame {
  page: PageContext;
  account: string;
  csrf: string;
}

const dateValues = (typed: Record<string, string>, prefix: string): DateValues => ({
  day: typed[`${prefix}_day`] ?? '',
  month: typed[`${prefix}_month`] ?? '',
  year: typed[`${prefix}_year`] ?? '',
});

/** The holder's groups, and the way to apply for one (when they keep a responsible person's group). */
export function GroupListPage(props: {
  frame: Frame;
  groups: (GroupAccount & { participants: number | null })[];
  mayApply: boolean;
  banner?: string | undefined;
}) {
  const { frame } = props;
  const { page } = frame;
  const { t, lang } = page;
  return (
    <AccountLayout
      page={page}
      account={frame.account}
      csrf={frame.csrf}
      title={t('group.list.title')}
      current={GROUPS_PATH}
    >
      <Banner text={props.banner} />
      <p class="body" safe>
        {t('group.list.intro')}
      </p>
      {props.mayApply ? (
        <p class="body">
          <a href={`${GROUPS_PATH}/new`} class="button" safe>
            {t('group.list.apply')}
          </a>
        </p>
      ) : (
        <p class="body inset-text" safe>
          {t('group.list.notResponsible')}
        </p>
      )}
      {props.groups.length ? (
        <ScrollTable label={t('group.list.caption')}>
          <table class="table">
            <caption class="table__caption" safe>
              {t('group.list.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('group.field.title')}
                </th>
                <th scope="col" safe>
                  {t('group.field.kind')}
                </th>
                <th scope="col" safe>
                  {t('group.list.period')}
                </th>
                <th scope="col" class="table__header--numeric" safe>
                  {t('group.list.participants')}
                </th>
                <th scope="col" safe>
                  {t('group.list.state')}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.groups.map((g) => (
                <tr>
                  <td>
                    <a href={groupPath(g.id)} class="link" safe>
                      {g.title}
                    </a>
                  </td>
                  <td safe>{t(`group.kind.${g.kind}`)}</td>
                  <td safe>{`${formatDay(g.starts_on, lang)} – ${formatDay(g.ends_on, lang)}`}</td>
                  <td class="table__cell--numeric" safe>
                    {String(g.participants ?? 0)}
                  </td>
                  <td safe>{t(`group.state.${g.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : (
        <p class="body" safe>
          {t('group.list.none')}
        </p>
      )}
    </AccountLayout>
  );
}

/** The group's details: new (with the responsible group to choose) or changed. */
export function GroupFormPage(props: {
  frame: Frame;
  action: string;
  back: string;
  /** The responsible persons' groups the holder may choose from (new groups only). */
  responsibleGroups?: string[];
  typed: Record<string, string>;
  errors: FieldErrors;
}) {
  const { frame, typed, errors } = props;
  const { page } = frame;
  const { t } = page;
  const dateLabels = { day: t('group.date.day'), month: t('group.date.month'), year: t('group.date.year') };
  const choices = props.responsibleGroups ?? [];
  return (
    <AccountLayout
      page={page}
      account={frame.account}
      csrf={frame.csrf}
      title={t(props.responsibleGroups ? 'group.form.title' : 'group.form.changeTitle')}
      current={GROUPS_PATH}
      errors={errors}
      before={<BackLink href={props.back} label={t('group.back')} />}
    >
      <form method="post" action={props.action} novalidate>
        <CsrfField token={frame.csrf} />
        {typed.version !== undefined ? <input type="hidden" name="version" value={typed.version} /> : ''}
        {choices.length > 1 ? (
          <Radios
            name="responsibleGroup"
            legend={t('group.field.responsibleGroup')}
            hint={t('group.field.responsibleGroupHint')}
            value={typed.responsibleGroup}
            error={errors.responsibleGroup}
            options={choices.map((g) => ({ value: g, label: g }))}
          />
        ) : choices.length === 1 ? (
          <input type="hidden" name="responsibleGroup" value={choices[0] as string} />
        ) : (
          ''
        )}
        <TextInput
          name="title"
          label={t('group.field.title')}
          hint={t('group.field.titleHint')}
          value={typed.title}
          error={errors.title}
        />
        <Radios
          name="kind"
          legend={t('group.field.kind')}
          value={typed.kind}
          error={errors.kind}
          options={groupKinds.map((k) => ({ value: k, label: t(`group.kind.${k}`) }))}
        />
        <Textarea
          name="purpose"
          label={t('group.field.purpose')}
          hint={t('group.field.purposeHint')}
          value={typed.purpose}
          error={errors.purpose}
          rows={6}
        />
        <DateInput
          page={page}
          prefix="startsOn"
          legend={t('group.field.startsOn')}
          hint={t('group.field.dateHint')}
          labels={dateLabels}
          values={dateValues(typed, 'startsOn')}
          error={errors.startsOn_day ?? errors.startsOn_year}
          size="s"
        />
        <DateInput
          page={page}
          prefix="endsOn"
          legend={t('group.field.endsOn')}
          hint={t('group.field.endsOnHint')}
          labels={dateLabels}
          values={dateValues(typed, 'endsOn')}
          error={errors.endsOn_day ?? errors.endsOn_year}
          size="s"
        />
        <Radios
          name="needsScreening"
          legend={t('group.field.needsScreening')}
          hint={t('group.field.needsScreeningHint')}
          value={typed.needsScreening}
          error={errors.needsScreening}
          inline
          options={[
            { value: 'no', label: t('group.no') },
            { value: 'yes', label: t('group.yes') },
          ]}
        />
        <Button label={t(props.responsibleGroups ? 'group.form.create' : 'group.form.save')} />
      </form>
    </AccountLayout>
  );
}

export interface GroupPageData {
  group: GroupAccount;
  participants: GroupParticipant[];
  /** The viewer is the responsible person of the group's responsible group (may sign the pledge). */
  responsible: boolean;
  /** The result of the last rows added (shown once, on the page answering the upload). */
  added?: { rows: RowResult[]; added: number } | undefined;
  banner?: string | undefined;
  errors: FieldErrors;
  typed: Record<string, string>;
}

/** What the person in charge should do next, said at the top of the group's page. */
function nextStep(page: PageContext, d: GroupPageData): string {
  const { t } = page;
  const g = d.group;
  const live = d.participants.filter((p) => p.state !== 'removed');
  if (g.state === 'draft' || g.state === 'information_requested') {
    if (!live.length) return t('group.next.addParticipants');
    return t('group.next.send');
  }
  if (g.state === 'submitted') return t(g.pledge_signed_at ? 'group.next.staff' : 'group.next.pledge');
  if (g.state === 'approved') {
    const waiting = live.filter((p) => p.state === 'invited').length;
    return t('group.next.approved', { waiting, endsOn: formatDay(g.ends_on, page.lang) });
  }
  return t(`group.next.${g.state}`);
}

const rowProblem = (page: PageContext, r: Extract<RowResult, { ok: false }>) =>
  page.t(`group.row.${r.problem}`, { field: r.field === 'row' ? '' : page.t(`group.participant.${r.field}`) });

/** The CSV text of rows that failed, to fix and send again. */
const failedCsv = (rows: RowResult[]) =>
  rows
    .filter((r): r is Extract<RowResult, { ok: false }> => !r.ok)
    .map((r) => r.cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','))
    .join('\n');

function AddedResult(props: { page: PageContext; added: NonNullable<GroupPageData['added']> }) {
  const { page, added } = props;
  const { t } = page;
  const failed = added.rows.filter((r) => !r.ok);
  return (
    <section aria-labelledby="added-title" id="added">
      <h2 class="heading-m" id="added-title" safe>
        {t('group.added.title', { added: added.added, failed: failed.length })}
      </h2>
      <ScrollTable label={t('group.added.caption')}>
        <table class="table">
          <caption class="table__caption visually-hidden" safe>
            {t('group.added.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="table__header--numeric" safe>
                {t('group.added.line')}
              </th>
              <th scope="col" safe>
                {t('group.participant.email')}
              </th>
              <th scope="col" safe>
                {t('group.added.result')}
              </th>
            </tr>
          </thead>
          <tbody>
            {added.rows.map((r) => (
              <tr>
                <td class="table__cell--numeric" safe>
                  {String(r.line)}
                </td>
                <td safe>{r.ok ? r.participant.email : (r.cells[2] ?? '')}</td>
                <td>
                  {r.ok ? (
                    <strong class="tag tag--green" safe>
                      {t('group.added.ok')}
                    </strong>
                  ) : (
                    <span class="error-message" safe>
                      {rowProblem(page, r)}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

function ParticipantsTable(props: { frame: Frame; group: GroupAccount; participants: GroupParticipant[] }) {
  const { frame, group } = props;
  const { page } = frame;
  const { t } = page;
  const caption = t('group.participants.caption', {
    count: props.participants.filter((p) => p.state !== 'removed').length,
  });
  return (
    <ScrollTable label={caption}>
      <table class="table">
        <caption class="table__caption" safe>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('group.participant.name')}
            </th>
            <th scope="col" safe>
              {t('group.participant.email')}
            </th>
            <th scope="col" safe>
              {t('group.participant.state')}
            </th>
            <th scope="col" safe>
              {t('group.participant.account')}
            </th>
            <th scope="col">
              <span class="visually-hidden" safe>
                {t('group.participant.actions')}
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.participants
            .filter((p) => p.state !== 'removed')
            .map((p) => {
              const name = `${p.family_name} ${p.given_name}`;
              return (
                <tr>
                  <td safe>{name}</td>
                  <td safe>{p.email}</td>
                  <td safe>{t(`group.participantState.${p.state}`)}</td>
                  <td safe>{p.uid ?? p.account_name ?? ''}</td>
                  <td>
                    {p.state === 'invited' ? (
                      <form
                        method="post"
                        action={`${groupPath(group.id)}/participants/${p.id}/remind`}
                        class="inline-form"
                      >
                        <CsrfField token={frame.csrf} />
                        <button type="submit" class="button button--secondary button--small">
                          <span safe>{t('group.participant.remind')}</span>
                          <span class="visually-hidden" safe>{` ${name}`}</span>
                        </button>
                      </form>
                    ) : (
                      ''
                    )}
                    {p.state === 'invited' || p.state === 'confirmed' ? (
                      <form
                        method="post"
                        action={`${groupPath(group.id)}/participants/${p.id}/remove`}
                        class="inline-form"
                      >
                        <CsrfField token={frame.csrf} />
                        <button type="submit" class="button button--warning button--small">
                          <span safe>{t('group.participant.remove')}</span>
                          <span class="visually-hidden" safe>{` ${name}`}</span>
                        </button>
                      </form>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
    </ScrollTable>
  );
}

export function GroupPage(props: { frame: Frame; data: GroupPageData }) {
  const { frame, data } = props;
  const { page } = frame;
  const { t, lang } = page;
  const g = data.group;
  const errors = data.errors;
  const typed = data.typed;
  const path = groupPath(g.id);
  const editable = g.state === 'draft' || g.state === 'information_requested';
  const inviting = ['draft', 'submitted', 'information_requested', 'approved'].includes(g.state);
  const dateLabels = { day: t('group.date.day'), month: t('group.date.month'), year: t('group.date.year') };
  return (
    <AccountLayout
      page={page}
      account={frame.account}
      csrf={frame.csrf}
      title={g.title}
      current={GROUPS_PATH}
      errors={errors}
      before={<BackLink href={GROUPS_PATH} label={t('group.back')} />}
    >
      <Banner text={data.banner} />
      <div class="status-panel">
        <p class="status-panel__state">
          <strong class="tag" safe>
            {t(`group.state.${g.state}`)}
          </strong>
        </p>
        <p class="body" safe>
          {nextStep(page, data)}
        </p>
        {g.decision_note && (g.state === 'information_requested' || g.state === 'rejected') ? (
          <blockquote class="inset-text" safe>
            {g.decision_note}
          </blockquote>
        ) : (
          ''
        )}
        {editable && data.participants.some((p) => p.state !== 'removed') ? (
          <form method="post" action={`${path}/submit`} novalidate>
            <CsrfField token={frame.csrf} />
            <Button label={t('group.send')} />
          </form>
        ) : (
          ''
        )}
      </div>
      <SummaryCard
        id="details"
        title={t('group.details')}
        change={editable ? { href: `${path}/edit`, label: t('group.change') } : undefined}
        rows={[
          { key: t('group.field.kind'), value: t(`group.kind.${g.kind}`) },
          { key: t('group.field.purpose'), value: g.purpose },
          { key: t('group.field.startsOn'), value: formatDay(g.starts_on, lang) },
          { key: t('group.field.endsOn'), value: formatDay(g.ends_on, lang) },
          { key: t('group.field.responsibleGroup'), value: g.responsible_group },
          { key: t('group.field.needsScreening'), value: t(g.needs_screening ? 'group.yes' : 'group.no') },
          ...(g.unix_group ? [{ key: t('group.unixGroup'), value: g.unix_group }] : []),
        ]}
      />

      <section aria-labelledby="pledge-title" id="pledge">
        <h2 class="heading-m" id="pledge-title" safe>
          {t('group.pledge.title')}
        </h2>
        {g.pledge_signed_at ? (
          <p class="body" safe>
            {t('group.pledge.signed', { date: formatCentreDate(g.pledge_signed_at, lang) })}
          </p>
        ) : data.responsible && ['draft', 'submitted', 'information_requested'].includes(g.state) ? (
          <form method="post" action={`${path}/pledge`} novalidate>
            <CsrfField token={frame.csrf} />
            <p class="body hint" safe>
              {t('group.pledge.tick')}
            </p>
            {groupPledgeDeclarations.map((d) => (
              <Checkbox
                name={`pledge_${d}`}
                label={t(`group.pledge.${d}`)}
                checked={typed[`pledge_${d}`] === 'yes'}
                error={errors[`pledge_${d}`]}
              />
            ))}
            <button type="submit" class="button button--secondary" safe>
              {t('group.pledge.sign')}
            </button>
          </form>
        ) : (
          <p class="body" safe>
            {t('group.pledge.waiting', { group: g.responsible_group })}
          </p>
        )}
      </section>

      <section aria-labelledby="participants-title" id="participants">
        <h2 class="heading-m" id="participants-title" safe>
          {t('group.participants.title')}
        </h2>
        {data.added ? <AddedResult page={page} added={data.added} /> : ''}
        {data.participants.some((p) => p.state !== 'removed') ? (
          <ParticipantsTable frame={frame} group={g} participants={data.participants} />
        ) : (
          <p class="body" safe>
            {t('group.participants.none')}
          </p>
        )}
        {g.handout === 'sheet' && (g.state === 'approved' || g.state === 'ended') ? (
          <form method="post" action={`${path}/sheet`} novalidate>
            <CsrfField token={frame.csrf} />
            <p class="body" safe>
              {t('group.sheet.intro')}
            </p>
            <button type="submit" class="button button--secondary" safe>
              {t('group.sheet.open')}
            </button>
          </form>
        ) : (
          ''
        )}
      </section>

      {inviting ? (
        <section aria-labelledby="add-title" id="add">
          <h2 class="heading-m" id="add-title" safe>
            {t('group.add.title')}
          </h2>
          <p class="body" safe>
            {t('group.add.intro')}
          </p>
          <form method="post" action={`${path}/participants/upload`} enctype="multipart/form-data" novalidate>
            <CsrfField token={frame.csrf} />
            <div class={errors.csvFile ? 'form-group form-group--error' : 'form-group'}>
              <label class="label" for="csvFile" safe>
                {t('group.add.file')}
              </label>
              <div id="csvFile-hint" class="hint" safe>
                {t('group.add.fileHint')}
              </div>
              {errors.csvFile ? (
                <p id="csvFile-error" class="error-message" safe>
                  {errors.csvFile}
                </p>
              ) : (
                ''
              )}
              <input
                class="file-upload"
                id="csvFile"
                name="csvFile"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={errors.csvFile ? 'csvFile-hint csvFile-error' : 'csvFile-hint'}
              />
            </div>
            <button type="submit" class="button button--secondary" safe>
              {t('group.add.upload')}
            </button>
          </form>
          <form method="post" action={`${path}/participants/text`} novalidate>
            <CsrfField token={frame.csrf} />
            <Textarea
              name="csvText"
              label={t('group.add.text')}
              hint={t('group.add.textHint')}
              value={typed.csvText ?? (data.added ? failedCsv(data.added.rows) : '')}
              error={errors.csvText}
              rows={6}
            />
            <button type="submit" class="button button--secondary" safe>
              {t('group.add.sendText')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}

      {g.state === 'approved' && !g.extension_state ? (
        <section aria-labelledby="extension-title" id="extension">
          <h2 class="heading-m" id="extension-title" safe>
            {t('group.extension.title')}
          </h2>
          <p class="body" safe>
            {t('group.extension.intro')}
          </p>
          <form method="post" action={`${path}/extension`} novalidate>
            <CsrfField token={frame.csrf} />
            <DateInput
              page={page}
              prefix="to"
              legend={t('group.extension.to')}
              hint={t('group.field.dateHint')}
              labels={dateLabels}
              values={dateValues(typed, 'to')}
              error={errors.to_day ?? errors.to_year}
              size="s"
            />
            <Textarea
              name="reason"
              label={t('group.extension.reason')}
              value={typed.reason}
              error={errors.reason}
              rows={3}
            />
            <button type="submit" class="button button--secondary" safe>
              {t('group.extension.ask')}
            </button>
          </form>
        </section>
      ) : g.extension_state ? (
        <p class="body" safe>
          {t(`group.extension.${g.extension_state}`, {
            to: g.extension_to ? formatDay(g.extension_to, lang) : '',
          })}
        </p>
      ) : (
        ''
      )}

      {g.state === 'draft' || g.state === 'submitted' || g.state === 'information_requested' ? (
        <form method="post" action={`${path}/withdraw`} novalidate>
          <CsrfField token={frame.csrf} />
          <button type="submit" class="button button--warning" safe>
            {t('group.withdraw')}
          </button>
        </form>
      ) : (
        ''
      )}
    </AccountLayout>
  );
}

/** The printable sheet of initial passwords, shown once. */
export function PasswordSheetPage(props: {
  frame: Frame;
  group: GroupAccount;
  rows: { uid: string; familyName: string | null; givenName: string | null; password: string }[];
}) {
  const { frame, group } = props;
  const { page } = frame;
  const { t } = page;
  return (
    <AccountLayout
      page={page}
      account={frame.account}
      csrf={frame.csrf}
      title={t('group.sheet.title', { title: group.title })}
      current={GROUPS_PATH}
      before={<BackLink href={groupPath(group.id)} label={t('group.back')} />}
    >
      {props.rows.length ? (
        <>
          <div class="warning-text">
            <strong class="warning-text__text" safe>
              {t('group.sheet.once')}
            </strong>
          </div>
          <table class="table password-sheet">
            <caption class="table__caption" safe>
              {t('group.sheet.caption', { count: props.rows.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('group.participant.name')}
                </th>
                <th scope="col" safe>
                  {t('group.participant.account')}
                </th>
                <th scope="col" safe>
                  {t('group.sheet.password')}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td safe>{`${r.familyName ?? ''} ${r.givenName ?? ''}`}</td>
                  <td class="code" safe>
                    {r.uid}
                  </td>
                  <td class="code" safe>
                    {r.password}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="body" safe>
            {t('group.sheet.after')}
          </p>
        </>
      ) : (
        <p class="body" safe>
          {t('group.sheet.none')}
        </p>
      )}
    </AccountLayout>
  );
}

export const kindOf = (value: string | undefined): GroupKind | undefined =>
  (groupKinds as readonly string[]).includes(value ?? '') ? (value as GroupKind) : undefined;
