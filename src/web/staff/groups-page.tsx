// The staff's pages of group and workshop accounts (routes in groups.tsx): the queue
// by state; one group's page, put together from its panels (group-panels.tsx, and the
// participants in group-participants.tsx); the page asking again before a group is not
// approved; and the page of a participant's refusal.
import type { GroupAccount, GroupParticipant } from '../../db/groups.js';
import type { Staff } from '../../db/schema-staff.js';
import { formatDay } from '../../i18n/statement-lines.js';
import type { GroupList, SentGroupState } from '../../services/group-records.js';
import { Banner } from '../views/components/banner.js';
import { BackLink, ConfirmOrBack, type FieldErrors, Textarea } from '../views/components/form.js';
import { ScrollTable } from '../views/components/scroll-table.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import {
  CertificatesPanel,
  DecisionPanel,
  DetailsCard,
  ExtensionPanel,
  type GroupTyped,
  type GroupView,
  History,
  participantName,
} from './group-panels.js';
import { ParticipantsPanel } from './group-participants.js';
import { StaffLayout, StaffPage } from './views.js';

export type { GroupTyped, GroupView } from './group-panels.js';

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
        <ConfirmOrBack confirm={t('staff.group.reject.confirm')} back={t('staff.group.reject.back')} />
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
