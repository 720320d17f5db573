// The panels of a group's page in the console (groups-page.tsx puts them together):
// the group's details, the extension asked for, the decision, the certificates and
// the history; and what the page shows, read once per request by groups.tsx.
import type { GroupAccount, GroupParticipant, groupEvents, holderOfAccount } from '../../db/groups.js';
import type { Staff } from '../../db/schema-staff.js';
import type { GroupState } from '../../domain/group-account.js';
import { formatCentreDate, formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { can } from '../../domain/staff.js';
import type { Translate } from '../../i18n/index.js';
import { formatDay } from '../../i18n/statement-lines.js';
import { Button, type FieldErrors, Radios, Textarea, TextInput } from '../views/components/form.js';
import { SummaryCard, type SummaryRow } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';

type Holder = Awaited<ReturnType<typeof holderOfAccount>>;
type GroupEvent = Awaited<ReturnType<typeof groupEvents>>[number];

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

export const participantName = (p: { given_name: string; family_name: string }) => personName(p);

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

export function DetailsCard({ page, view }: { page: PageContext; view: GroupView }) {
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

export function DecisionPanel(props: {
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

export function ExtensionPanel(props: {
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

export function CertificatesPanel(props: { page: PageContext; staff: Staff; csrf: string; view: GroupView }) {
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

export function History({ page, view }: { page: PageContext; view: GroupView }) {
  const { t, lang } = page;
  const names = new Map(view.participants.map((p) => [p.id, participantName(p)]));
  const what = (e: GroupEvent) => {
    if (e.participant_id !== null)
      return t('staff.group.history.participant', {
        name: names.get(e.participant_id) ?? String(e.participant_id),
        state: t(`staff.group.participantState.${e.to_state as GroupParticipant['state']}`),
      });
    if (e.from_state === null) return t('staff.timeline.created');
    if (e.from_state === e.to_state)
      return e.change ? t(`staff.group.history.change.${e.change}`) : t('staff.group.history.changed');
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
            {e.change && e.from_state !== e.to_state ? (
              <span safe>{t(`staff.group.history.change.${e.change}`)} </span>
            ) : (
              ''
            )}
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
