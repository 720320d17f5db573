// The participants of a group on its page in the console: who they are, where each
// stands, their account names and SSH key fingerprints; the bulk approval of the
// confirmed ones (chosen, or all) and the link to refuse one.
import type { Staff } from '../../db/schema-staff.js';
import { can } from '../../domain/staff.js';
import { Button, type FieldErrors } from '../views/components/form.js';
import { ScrollTable } from '../views/components/scroll-table.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { type GroupView, participantName } from './group-panels.js';

export function ParticipantsPanel(props: {
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
