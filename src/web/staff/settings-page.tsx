// The administrators' settings page (GET /staff/settings): the closures with the form
// for another, acceptance of new applications per service with its notices, and the
// lists the form checks against; what was typed stays on an error. Its routes are in
// settings.tsx.
import type { listClosures, listServiceAcceptance } from '../../db/notices.js';
import type { Staff } from '../../db/schema-staff.js';
import { type CheckListName, checkListNames } from '../../domain/check-lists.js';
import { formatCentreTime } from '../../domain/notices.js';
import type { MessageKey } from '../../i18n/index.js';
import { Button, Checkbox, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { serviceName } from '../views/notices.js';
import type { PageContext } from '../views/page.js';
import { SettingsFrame } from './views.js';

/** What was typed in the page's forms, by field name. */
export type Typed = Record<string, string>;

export interface SettingsProps {
  page: PageContext;
  staff: Staff;
  csrf: string;
  closures: Awaited<ReturnType<typeof listClosures>>;
  services: Awaited<ReturnType<typeof listServiceAcceptance>>;
  lists: Record<CheckListName, string[]>;
  errors: FieldErrors;
  typed: Typed;
}

export function SettingsPage(props: SettingsProps) {
  const { page, staff, csrf, errors, typed } = props;
  const { t, lang } = page;
  const title = t('staff.settings.title');
  return (
    <SettingsFrame page={page} staff={staff} csrf={csrf} title={title} current="/staff/settings" errors={errors}>
      <h2 class="heading-m" id="closures" safe>
        {t('staff.settings.closures')}
      </h2>
      {props.closures.length === 0 ? (
        <p class="body" safe>
          {t('staff.settings.noClosures')}
        </p>
      ) : (
        <ul class="list">
          {props.closures.map((c) => (
            <li>
              <form method="post" action={`/staff/settings/closures/${c.id}/remove`} class="inline-form">
                <CsrfField token={csrf} />
                <span safe>
                  {`${formatCentreTime(c.startsAt, lang)} – ${formatCentreTime(c.endsAt, lang)}: ${lang === 'ja' ? c.reasonJa : c.reasonEn}`}
                </span>
                <button type="submit" class="button button--secondary" safe>
                  {t('staff.settings.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/staff/settings/closures" novalidate>
        <CsrfField token={csrf} />
        <TextInput
          name="from"
          label={t('staff.settings.from')}
          hint={t('staff.settings.timeHint')}
          value={typed.from ?? ''}
          error={errors.from}
        />
        <TextInput
          name="until"
          label={t('staff.settings.until')}
          hint={t('staff.settings.timeHint')}
          value={typed.until ?? ''}
          error={errors.until}
        />
        <TextInput
          name="reasonJa"
          label={t('staff.settings.reasonJa')}
          value={typed.reasonJa ?? ''}
          error={errors.reasonJa}
        />
        <TextInput
          name="reasonEn"
          label={t('staff.settings.reasonEn')}
          value={typed.reasonEn ?? ''}
          error={errors.reasonEn}
        />
        <Checkbox
          name="loginsBlocked"
          label={t('staff.settings.loginsBlocked')}
          checked={typed.loginsBlocked === 'yes'}
        />
        <Button label={t('staff.settings.addClosure')} />
      </form>

      <h2 class="heading-m" id="services" safe>
        {t('staff.settings.services')}
      </h2>
      {props.services.map((s) => (
        <section class="summary-card" aria-labelledby={`service-${s.service}`}>
          <div class="summary-card__title-wrapper">
            <h3 class="summary-card__title heading-s" id={`service-${s.service}`} safe>
              {serviceName(page, s.service)}
            </h3>
            <span safe>{s.accepting ? t('staff.settings.accepting') : t('staff.settings.suspended')}</span>
          </div>
          <form method="post" action={`/staff/settings/services/${s.service}`} class="settings-service" novalidate>
            <CsrfField token={csrf} />
            {s.accepting ? (
              <>
                <input type="hidden" name="accepting" value="no" />
                <Textarea
                  name={`noticeJa_${s.service}`}
                  label={t('staff.settings.noticeJa')}
                  value={typed[`noticeJa_${s.service}`] ?? ''}
                  error={errors[`noticeJa_${s.service}`]}
                  rows={2}
                />
                <Textarea
                  name={`noticeEn_${s.service}`}
                  label={t('staff.settings.noticeEn')}
                  value={typed[`noticeEn_${s.service}`] ?? ''}
                  error={errors[`noticeEn_${s.service}`]}
                  rows={2}
                />
                <TextInput
                  name={`url_${s.service}`}
                  type="url"
                  label={t('staff.settings.url')}
                  value={typed[`url_${s.service}`] ?? ''}
                  error={errors[`url_${s.service}`]}
                />
                <Button label={t('staff.settings.suspend')} />
              </>
            ) : (
              <>
                <p class="body" safe>
                  {(lang === 'ja' ? s.noticeJa : s.noticeEn) ?? ''}
                </p>
                <input type="hidden" name="accepting" value="yes" />
                <Button label={t('staff.settings.resume')} />
              </>
            )}
          </form>
        </section>
      ))}

      {checkListNames.map((list) => (
        <>
          <h2 class="heading-m" id={`list-${list}`} safe>
            {t(`staff.settings.list.${list}` as MessageKey)}
          </h2>
          <p class="body settings-list" safe>
            {props.lists[list].sort().join(', ')}
          </p>
          <form method="post" action={`/staff/settings/lists/${list}`} class="inline-form" novalidate>
            <CsrfField token={csrf} />
            <TextInput
              name={`entry_${list}`}
              label={t('staff.settings.entry')}
              value={typed[`entry_${list}`] ?? ''}
              error={errors[`entry_${list}`]}
              spellcheck={false}
            />
            <button type="submit" name="action" value="add" class="button" safe>
              {t('staff.settings.add')}
            </button>
            <button type="submit" name="action" value="remove" class="button button--secondary" safe>
              {t('staff.settings.remove')}
            </button>
          </form>
        </>
      ))}
    </SettingsFrame>
  );
}
