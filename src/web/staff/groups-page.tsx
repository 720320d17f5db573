// The staff's pages of group and workshop accounts (routes in groups.tsx): the queue
// by state; one group with its details, the extension asked for, the decision, its
// participants (approved in bulk, or refused one by one), its certificates and its
// history; the page asking again before a group is not approved; and the page of a
// participant's refusal.
import type { GroupAccount, GroupParticipant, groupEvents, holderOfAccount } from '../../db/groups.js';
import type { Staff } from '../../db/schema-staff.js';
import type { GroupState } from '../../domain/group-account.js';
import { formatCentreDate, formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { can } from '../../domain/staff.js';
import type { Translate } from '../../i18n/index.js';
import { formatDay } from '../../i18n/statement-lines.js';
import type { GroupList, SentGroupState } from '../../services/group-records.js';
import { Banner } from '../views/components/banner.js';
import { BackLink, Button, type FieldErrors, Radios, Textarea, TextInput } from '../views/components/form.js';
import { ScrollTable } from '../views/components/scroll-table.js';
import { SummaryCard, type SummaryRow } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { StaffLayout, StaffPage } from './views.js';

type Holder = Awaited<ReturnType<typeof holderOfAccount>>;
type GroupEvent = Awaited<ReturnType<typeof groupEvents>>[number];

/** The queue's filter: the groups in progress, every group, or one state. */
export type QueueFilter = 'open' | 'all' | SentGroupState;

export function GroupQueuePage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  filter: QueueFilter;
  states: readonly SentGroupState[];
  groups: GroupList['items'];
}) {
  const { page, filter } = props;
  const { t, lang } = page;
  return (
    <StaffLayout page={page} staff={props.staff} csrf={props.csrf} title={t('staff.groups.title')}>
      <h1 class="heading-l" safe>
        {t('staff.groups.title')}
      </h1>
      <form method="get" action="/staff/groups" class="filters">
        <div class="form-group">
          <label class="label" for="state" safe>
            {t('staff.groups.filterState')}
          </label>
          <select class="select" id="state" name="state">
            <option value="open" selected={filter === 'open'} safe>
              {t('staff.groups.open')}
            </option>
            <option value="all" selected={filter === 'all'} safe>
              {t('staff.groups.all')}
            </option>
            {props.states.map((s) => (
              <option value={s} selected={filter === s} safe>
                {t(`staff.group.state.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary" safe>
          {t('staff.groups.filter')}
        </button>
      </form>
      {props.groups.length === 0 ? (
        <p class="body" safe>
          {t('staff.groups.none')}
        </p>
      ) : (
        <ScrollTable label={t('staff.groups.caption')}>
          <table class="table">
            <caption class="table__caption visually-hidden" safe>
              {t('staff.groups.caption')}
            </caption>
            <thead>
              <tr>
                {(
                  [
                    'staff.groups.col.title',
                    'staff.groups.col.kind',
                    'staff.groups.col.inCharge',
                    'staff.groups.col.dates',
                    'staff.groups.col.participants',
                    'staff.groups.col.state',
                  ] as const
                ).map((key) => (
                  <th scope="col" safe>
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.groups.map((g) => (
                <tr>
                  <td>
                    <a href={`/staff/groups/${g.id}`} class="link" safe>
                      {g.title}
                    </a>
                  </td>
                  <td safe>{t(`staff.group.kind.${g.kind}`)}</td>
                  <td safe>{g.inChargeUid}</td>
                  <td safe>
                    {t('staff.groups.dates', { from: formatDay(g.startsOn, lang), to: formatDay(g.endsOn, lang) })}
                  </td>
                  <td safe>{`${g.confirmed} / ${g.participants}`}</td>
                  <td>
                    <span safe>{t(`staff.group.state.${g.state}`)}</span>
                    {g.extensionRequested ? (
                      <>
                        <br />
                        <span class="hint" safe>
                          {t('staff.groups.extensionAsked')}
                        </span>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </StaffLayout>
  );
}

/** What a group's page shows, read once per request by the routes. */
export interface GroupView {
  group: GroupAccount;
  inCharge: Holder;
  signer: Holder;
  participants: GroupParticipant[];
  events: GroupEvent[];
  staffNames: Map<number, string>;
  /** Today in Asia/Tokyo: participants are approved until the end date. */
  today: string;
  /** The group's certificates waiting to be posted, when the group's are posted. */
  certificates: { unbatched: number; batches: number[] } | undefined;
}

/** What was typed in the group page's forms, shown again when one is refused. */
export interface GroupTyped {
  decision?: string;
  unixGroup?: string;
  handout?: string;
  screening?: string;
  message?: string;
  extensionDecision?: string;
  extensionMessage?: string;
}

const participantName = (p: { given_name: string; family_name: string }) => personName(p);

/** Who acted, as staff read it: a staff member's name, the person in charge's account, a token, … */
function actorName(t: Translate, actor: string, view: GroupView): string {
  const [kind, id] = actor.split(':');
  if (kind === 'staff') return view.staffNames.get(Number(id)) ?? actor;
  if (kind === 'account') {
    const holder = [view.inCharge, view.signer].find((h) => h && String(h.id) === id);
    return holder?.uid ?? t('staff.group.actor.holder');
  }
  if (kind === 'participant') return t('staff.group.actor.participant');
  if (kind === 'token') return t('staff.group.actor.token', { id: id ?? '' });
  if (actor === 'cli') return t('staff.group.actor.cli');
  return t('staff.group.actor.system');
}

function DetailsCard({ page, view }: { page: PageContext; view: GroupView }) {
  const { t, lang } = page;
  const g = view.group;
  const rows: SummaryRow[] = [
    { key: t('staff.group.state'), value: t(`staff.group.state.${g.state}`) },
    { key: t('staff.group.kind'), value: t(`staff.group.kind.${g.kind}`) },
    { key: t('staff.group.purpose'), value: g.purpose },
    {
      key: t('staff.group.dates'),
      value: t('staff.group.datesValue', { from: formatDay(g.starts_on, lang), to: formatDay(g.ends_on, lang) }),
    },
    { key: t('staff.group.responsibleGroup'), value: g.responsible_group },
    {
      key: t('staff.group.inCharge'),
      value: view.inCharge
        ? `${personName(view.inCharge)} (${view.inCharge.uid}), ${view.inCharge.email}`
        : String(g.in_charge_account_id),
    },
    {
      key: t('staff.group.pledge'),
      value: g.pledge_signed_at
        ? t('staff.group.pledgeSigned', {
            date: formatCentreDate(g.pledge_signed_at, lang),
            uid: view.signer?.uid ?? String(g.pledge_signed_by ?? ''),
          })
        : t('staff.group.pledgeNotSigned'),
    },
    {
      key: t('staff.group.needsScreening'),
      value: g.needs_screening ? t('staff.group.screeningYes') : t('staff.group.screeningNo'),
    },
    ...(g.unix_group
      ? [
          { key: t('staff.group.unixGroup'), value: g.unix_group },
          { key: t('staff.group.handout'), value: t(`staff.group.handout.${g.handout}`) },
        ]
      : []),
    ...(g.screening_note ? [{ key: t('staff.group.screeningNote'), value: g.screening_note }] : []),
    ...(g.decision_note ? [{ key: t('staff.group.decisionNote'), value: g.decision_note }] : []),
  ];
  return <SummaryCard id="group" title={t('staff.group.details')} rows={rows} highlight={g.needs_screening} />;
}

function DecisionPanel(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  view: GroupView;
  errors: FieldErrors;
  typed: GroupTyped;
}) {
  const { page, view, errors, typed } = props;
  const { t } = page;
  const g = view.group;
  if (!can(props.staff.role, 'groups.decide')) return '';
  if (g.state === 'information_requested')
    return (
      <p class="body" safe>
        {t('staff.group.decide.waiting')}
      </p>
    );
  if (g.state !== 'submitted') return '';
  return (
    <section aria-labelledby="decide-heading">
      <h2 class="heading-m" id="decide-heading" safe>
        {t('staff.group.decide.heading')}
      </h2>
      {g.pledge_signed_at ? (
        ''
      ) : (
        <div class="warning-text" role="note">
          <strong class="warning-text__text" safe>
            {t('staff.group.decide.pledgeWaiting')}
          </strong>
        </div>
      )}
      <form method="post" action={`/staff/groups/${g.id}/decision`} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(g.version)} />
        <Radios
          name="decision"
          legend={t('staff.group.decide.legend')}
          options={[
            { value: 'approved', label: t('staff.group.decide.approve') },
            { value: 'information_requested', label: t('staff.group.decide.ask') },
            { value: 'rejected', label: t('staff.group.decide.reject') },
          ]}
          value={typed.decision ?? ''}
          error={errors.decision}
        />
        <TextInput
          name="unixGroup"
          label={t('staff.group.decide.unixGroup')}
          hint={t('staff.group.decide.unixGroupHint', { group: g.responsible_group })}
          value={typed.unixGroup ?? g.responsible_group}
          error={errors.unixGroup}
          spellcheck={false}
        />
        <Radios
          name="handout"
          legend={t('staff.group.decide.handout')}
          options={[
            { value: 'post', label: t('staff.group.handout.post') },
            { value: 'sheet', label: t('staff.group.handout.sheet') },
          ]}
          value={typed.handout || 'post'}
          error={errors.handout}
        />
        {g.needs_screening ? (
          <Textarea
            name="screening"
            label={t('staff.group.decide.screening')}
            hint={t('staff.group.decide.screeningHint')}
            value={typed.screening ?? ''}
            error={errors.screening}
            rows={4}
          />
        ) : (
          ''
        )}
        <Textarea
          name="message"
          label={t('staff.group.decide.message')}
          hint={t('staff.group.decide.messageHint')}
          value={typed.message ?? ''}
          error={errors.message}
          rows={4}
        />
        <Button label={t('staff.group.decide.button')} />
      </form>
    </section>
  );
}

function ExtensionPanel(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  view: GroupView;
  errors: FieldErrors;
  typed: GroupTyped;
}) {
  const { page, view, errors, typed } = props;
  const { t, lang } = page;
  const g = view.group;
  if (!g.extension_state || !g.extension_to) return '';
  const decidable =
    g.extension_state === 'requested' && g.state === 'approved' && can(props.staff.role, 'groups.decide');
  return (
    <section aria-labelledby="extension-heading">
      <h2 class="heading-m" id="extension-heading" safe>
        {t('staff.group.extension.heading')}
      </h2>
      <dl class="summary-list">
        {[
          [t('staff.group.extension.to'), formatDay(g.extension_to, lang)],
          ...(g.extension_state === 'requested' ? [[t('staff.group.extension.from'), formatDay(g.ends_on, lang)]] : []),
          [t('staff.group.extension.reason'), g.extension_reason ?? ''],
          [t('staff.group.extension.status'), t(`staff.group.extension.state.${g.extension_state}`)],
        ].map(([key, value]) => (
          <div class="summary-list__row">
            <dt class="summary-list__key" safe>
              {key}
            </dt>
            <dd class="summary-list__value" safe>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {decidable ? (
        <form method="post" action={`/staff/groups/${g.id}/extension`} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(g.version)} />
          <Radios
            name="extensionDecision"
            legend={t('staff.group.extension.legend')}
            options={[
              { value: 'approved', label: t('staff.group.extension.approve') },
              { value: 'refused', label: t('staff.group.extension.refuse') },
            ]}
            value={typed.extensionDecision ?? ''}
            error={errors.extensionDecision}
          />
          <Textarea
            name="extensionMessage"
            label={t('staff.group.extension.message')}
            value={typed.extensionMessage ?? ''}
            error={errors.extensionMessage}
            rows={3}
          />
          <Button label={t('staff.group.extension.button')} />
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

function ParticipantsPanel(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  view: GroupView;
  errors: FieldErrors;
}) {
  const { page, view, errors } = props;
  const { t } = page;
  const g = view.group;
  const mayDecide = can(props.staff.role, 'groups.decide');
  const refusable = mayDecide && ['submitted', 'information_requested', 'approved'].includes(g.state);
  const live = view.participants.filter((p) => p.state !== 'removed');
  const confirmed = view.participants.filter((p) => p.state === 'confirmed');
  const approvable =
    mayDecide && g.state === 'approved' && g.unix_group !== null && g.ends_on >= view.today && confirmed.length > 0;
  const firstConfirmed = confirmed[0]?.id;
  const table = (
    <ScrollTable label={t('staff.group.participants.caption')}>
      <table class="table">
        <caption class="table__caption visually-hidden" safe>
          {t('staff.group.participants.caption')}
        </caption>
        <thead>
          <tr>
            {approvable ? (
              <th scope="col" safe>
                {t('staff.group.participants.choose')}
              </th>
            ) : (
              ''
            )}
            {(
              [
                'staff.group.col.name',
                'staff.group.col.email',
                'staff.group.col.institution',
                'staff.group.col.state',
                'staff.group.col.account',
                'staff.group.col.fingerprint',
              ] as const
            ).map((key) => (
              <th scope="col" safe>
                {t(key)}
              </th>
            ))}
            {refusable ? (
              <th scope="col" safe>
                {t('staff.group.col.actions')}
              </th>
            ) : (
              ''
            )}
          </tr>
        </thead>
        <tbody>
          {view.participants.map((p) => {
            const name = participantName(p);
            const id = p.id === firstConfirmed ? 'participants' : `participant-${p.id}`;
            return (
              <tr>
                {approvable ? (
                  <td>
                    {p.state === 'confirmed' ? (
                      <div class="checkbox">
                        <input
                          class="checkbox__input"
                          id={id}
                          name="participant"
                          type="checkbox"
                          value={String(p.id)}
                        />
                        <label class="checkbox__label" for={id}>
                          <span class="visually-hidden" safe>
                            {t('staff.group.participants.chooseLabel', { name })}
                          </span>
                        </label>
                      </div>
                    ) : (
                      ''
                    )}
                  </td>
                ) : (
                  ''
                )}
                <td safe>{name}</td>
                <td safe>{p.email}</td>
                <td safe>{p.institution}</td>
                <td safe>{t(`staff.group.participantState.${p.state}`)}</td>
                <td safe>{p.uid ?? p.account_name ?? ''}</td>
                <td>{p.ssh_fingerprint ? <code safe>{p.ssh_fingerprint}</code> : ''}</td>
                {refusable ? (
                  <td>
                    {p.state === 'invited' || p.state === 'confirmed' ? (
                      <a href={`/staff/groups/${g.id}/participants/${p.id}/refuse`} class="link">
                        <span safe>{t('staff.group.participants.refuse')}</span>
                        <span class="visually-hidden" safe>{` ${name}`}</span>
                      </a>
                    ) : (
                      ''
                    )}
                  </td>
                ) : (
                  ''
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
  return (
    <section aria-labelledby="participants-heading">
      <h2 class="heading-m" id="participants-heading" safe>
        {t('staff.group.participants.heading')}
      </h2>
      {view.participants.length === 0 ? (
        <p class="body" safe>
          {t('staff.group.participants.none')}
        </p>
      ) : (
        <>
          <p class="body" safe>
            {t('staff.group.participants.counts', { total: live.length, confirmed: confirmed.length })}
          </p>
          {approvable ? (
            <form method="post" action={`/staff/groups/${g.id}/participants/approve`} novalidate>
              <CsrfField token={props.csrf} />
              <div class={errors.participants ? 'form-group form-group--error' : 'form-group'}>
                <p class="hint" safe>
                  {t('staff.group.participants.hint', { group: g.unix_group ?? '' })}
                </p>
                {errors.participants ? (
                  <p id="participants-error" class="error-message" safe>
                    {errors.participants}
                  </p>
                ) : (
                  ''
                )}
                {table}
              </div>
              <div class="button-group">
                <Button label={t('staff.group.participants.approve')} />
                <button type="submit" name="which" value="confirmed" class="button button--secondary" safe>
                  {t('staff.group.participants.approveAll', { count: confirmed.length })}
                </button>
              </div>
            </form>
          ) : (
            <>
              {g.state === 'submitted' && confirmed.length ? (
                <p class="hint" safe>
                  {t('staff.group.participants.later')}
                </p>
              ) : (
                ''
              )}
              {table}
            </>
          )}
        </>
      )}
    </section>
  );
}

function CertificatesPanel(props: { page: PageContext; staff: Staff; csrf: string; view: GroupView }) {
  const { page, view } = props;
  const { t } = page;
  const g = view.group;
  if (!can(props.staff.role, 'accounts.provision') || (g.state !== 'approved' && g.state !== 'ended')) return '';
  return (
    <section aria-labelledby="certificates-heading">
      <h2 class="heading-m" id="certificates-heading" safe>
        {t('staff.group.certificates.heading')}
      </h2>
      {g.handout === 'sheet' || !view.certificates ? (
        <p class="body" safe>
          {t('staff.group.certificates.sheet')}
        </p>
      ) : (
        <>
          <p class="body" safe>
            {t('staff.group.certificates.waiting', { count: view.certificates.unbatched })}
          </p>
          {view.certificates.unbatched > 0 ? (
            <form method="post" action={`/staff/groups/${g.id}/certificates`} novalidate>
              <CsrfField token={props.csrf} />
              <Button label={t('staff.group.certificates.batch')} />
            </form>
          ) : (
            ''
          )}
          <ul class="list list--bullet">
            {view.certificates.batches.map((id) => (
              <li>
                <a href={`/staff/certificates/batches/${id}.pdf`} class="link" safe>
                  {t('staff.group.certificates.printed', { id })}
                </a>
              </li>
            ))}
            <li>
              <a href="/staff/certificates" class="link" safe>
                {t('staff.group.certificates.all')}
              </a>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}

function History({ page, view }: { page: PageContext; view: GroupView }) {
  const { t, lang } = page;
  const names = new Map(view.participants.map((p) => [p.id, participantName(p)]));
  const what = (e: GroupEvent) => {
    if (e.participant_id !== null)
      return t('staff.group.history.participant', {
        name: names.get(e.participant_id) ?? String(e.participant_id),
        state: t(`staff.group.participantState.${e.to_state as GroupParticipant['state']}`),
      });
    if (e.from_state === null) return t('staff.timeline.created');
    if (e.from_state === e.to_state) return t('staff.group.history.changed');
    return t('staff.timeline.move', {
      from: t(`staff.group.state.${e.from_state as GroupState}`),
      to: t(`staff.group.state.${e.to_state as GroupState}`),
    });
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 class="heading-m" id="history-heading" safe>
        {t('staff.group.history')}
      </h2>
      <ol class="timeline">
        {view.events.map((e) => (
          <li class="timeline__item">
            <span class="timeline__when" safe>
              {formatCentreTime(e.at, lang)}
            </span>
            <span safe>{what(e)}</span>{' '}
            <span class="hint" safe>
              {t('staff.timeline.by', { actor: actorName(t, e.actor, view) })}
            </span>
            {e.note ? (
              <p class="timeline__note" safe>
                {e.note}
              </p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function GroupPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  view: GroupView;
  errors: FieldErrors;
  typed: GroupTyped;
  banner: string | undefined;
}) {
  const { page, view } = props;
  const { t } = page;
  return (
    <StaffPage
      page={page}
      staff={props.staff}
      csrf={props.csrf}
      title={t('staff.group.title', { title: view.group.title })}
      errors={props.errors}
      before={<BackLink href="/staff/groups" label={t('staff.group.back')} />}
    >
      <Banner text={props.banner} />
      <DetailsCard page={page} view={view} />
      <ExtensionPanel {...props} />
      <DecisionPanel {...props} />
      <ParticipantsPanel {...props} />
      <CertificatesPanel {...props} />
      <History page={page} view={view} />
    </StaffPage>
  );
}

/** Asked again before a group is not approved: what happens, the message, and the two ways on. */
export function RejectGroupPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  group: GroupAccount;
  typed: Required<Pick<GroupTyped, 'unixGroup' | 'handout' | 'screening' | 'message'>>;
}) {
  const { page, group, typed } = props;
  const { t } = page;
  return (
    <StaffPage
      page={page}
      staff={props.staff}
      csrf={props.csrf}
      title={t('staff.group.reject.title', { title: group.title })}
      errors={{}}
      before={<BackLink href={`/staff/groups/${group.id}`} label={t('staff.group.reject.back')} />}
    >
      <div class="warning-text" role="note">
        <strong class="warning-text__text" safe>
          {t('staff.group.reject.what')}
        </strong>
      </div>
      <h2 class="heading-s" safe>
        {t('staff.group.reject.message')}
      </h2>
      <blockquote class="inset-text" safe>
        {typed.message}
      </blockquote>
      <form method="post" action={`/staff/groups/${group.id}/decision`} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(group.version)} />
        <input type="hidden" name="decision" value="rejected" />
        <input type="hidden" name="message" value={typed.message} />
        <input type="hidden" name="unixGroup" value={typed.unixGroup} />
        <input type="hidden" name="handout" value={typed.handout} />
        <input type="hidden" name="screening" value={typed.screening} />
        <div class="button-group">
          <button type="submit" name="confirm" value="yes" class="button button--warning" safe>
            {t('staff.group.reject.confirm')}
          </button>
          <button type="submit" name="confirm" value="back" class="button button--secondary" safe>
            {t('staff.group.reject.back')}
          </button>
        </div>
      </form>
    </StaffPage>
  );
}

/** A participant's refusal: who, what happens, the reason. */
export function RefuseParticipantPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  group: GroupAccount;
  participant: GroupParticipant;
  allowed: boolean;
  errors: FieldErrors;
  reason: string;
}) {
  const { page, group, participant } = props;
  const { t } = page;
  const name = participantName(participant);
  return (
    <StaffPage
      page={page}
      staff={props.staff}
      csrf={props.csrf}
      title={t('staff.group.refuse.title', { name })}
      errors={props.errors}
      before={<BackLink href={`/staff/groups/${group.id}`} label={t('staff.group.reject.back')} />}
    >
      {props.allowed ? (
        <form method="post" action={`/staff/groups/${group.id}/participants/${participant.id}/refuse`} novalidate>
          <CsrfField token={props.csrf} />
          <p class="body" safe>
            {t('staff.group.refuse.what', { name, email: participant.email, title: group.title })}
          </p>
          <Textarea
            name="reason"
            label={t('staff.group.refuse.reason')}
            hint={t('staff.group.refuse.reasonHint')}
            value={props.reason}
            error={props.errors.reason}
            rows={4}
          />
          <button type="submit" class="button button--warning" safe>
            {t('staff.group.refuse.button')}
          </button>
        </form>
      ) : (
        <p class="body" safe>
          {t('staff.group.refuse.notAllowed', { name })}
        </p>
      )}
    </StaffPage>
  );
}
