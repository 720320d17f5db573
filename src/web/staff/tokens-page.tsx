// The API tokens page: the staff member's tokens (an administrator's: everyone's),
// a token just made (shown once), and the form to make one.
import type { ApiTokenListing } from '../../db/api-tokens.js';
import type { Staff } from '../../db/schema-staff.js';
import { API_TOKEN_DEFAULT_DAYS, allowedScopes, apiScopes } from '../../domain/api-tokens.js';
import { formatCentreTime } from '../../domain/notices.js';
import { can, isStaffRole } from '../../domain/staff.js';
import { labelled } from '../../i18n/index.js';
import { Banner, Checkboxes } from '../views/components/banner.js';
import { Button, type FieldErrors, Radios, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { StaffPage } from './views.js';

export function TokensPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  tokens: ApiTokenListing[];
  errors: FieldErrors;
  typed: { name?: string; owner?: string; service?: string; days?: string; scopes?: string[] };
  made?: { name: string; token: string } | undefined;
  revoked?: boolean;
  now: Date;
}) {
  const { page, staff, csrf, errors, typed, now } = props;
  const { t, lang } = page;
  const admin = can(staff.role, 'staff.manage');
  const scopes = isStaffRole(staff.role)
    ? admin
      ? apiScopes
      : allowedScopes({ kind: 'staff', staffId: staff.id, role: staff.role }, apiScopes)
    : [];
  const state = (k: ApiTokenListing) =>
    k.revoked_at
      ? t('staff.tokens.revoked')
      : k.expires_at <= now
        ? t('staff.tokens.expired')
        : t('staff.tokens.active');
  const chosen = new Set(typed.scopes ?? []);
  return (
    <StaffPage page={page} staff={staff} csrf={csrf} title={t('staff.tokens.title')} errors={errors}>
      <Banner
        text={
          props.made
            ? t('staff.tokens.made', { name: props.made.name })
            : props.revoked
              ? t('staff.tokens.revokedBanner')
              : undefined
        }
        code={props.made ? { id: 'new-token', value: props.made.token } : undefined}
      />
      <p class="body" safe>
        {t('staff.tokens.lead')}
      </p>
      <p class="body">
        <a href="/api/reference" class="link" safe>
          {t('staff.tokens.reference')}
        </a>
      </p>
      {props.tokens.length === 0 ? (
        <p class="body" safe>
          {t('staff.tokens.none')}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              {(['name', 'owner', 'scopes', 'expires', 'lastUsed', 'state'] as const).map((c) => (
                <th scope="col" safe>
                  {t(`staff.tokens.${c}`)}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden" safe>
                  {t('staff.tokens.revoke')}
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((k) => (
              <tr>
                <td safe>{k.name}</td>
                <td safe>
                  {k.service_account
                    ? labelled(page.lang, t('staff.tokens.ownerService'), k.service_account ?? '')
                    : (k.staff_email ?? '')}
                </td>
                <td>
                  {k.scopes.map((s) => (
                    <code class="scope">{s}</code>
                  ))}
                </td>
                <td safe>{formatCentreTime(k.expires_at, lang)}</td>
                <td safe>{k.last_used_at ? formatCentreTime(k.last_used_at, lang) : t('staff.tokens.never')}</td>
                <td safe>{state(k)}</td>
                <td>
                  {k.revoked_at ? (
                    ''
                  ) : (
                    <form method="post" action={`/staff/tokens/${k.id}/revoke`} class="inline-form">
                      <CsrfField token={csrf} />
                      <button
                        type="submit"
                        class="button button--warning"
                        aria-label={t('staff.tokens.revokeLabel', { name: k.name })}
                        safe
                      >
                        {t('staff.tokens.revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 class="heading-m" safe>
        {t('staff.tokens.add')}
      </h2>
      <form method="post" action="/staff/tokens" novalidate>
        <CsrfField token={csrf} />
        <TextInput
          name="name"
          label={t('staff.tokens.name')}
          hint={t('staff.tokens.nameHint')}
          value={typed.name ?? ''}
          error={errors.name}
        />
        {admin ? (
          <>
            <Radios
              name="owner"
              legend={t('staff.tokens.owner')}
              value={typed.owner ?? 'self'}
              error={errors.owner}
              options={[
                { value: 'self', label: t('staff.tokens.ownerSelf') },
                { value: 'service', label: t('staff.tokens.ownerService') },
              ]}
            />
            <TextInput
              name="service"
              label={t('staff.tokens.service')}
              hint={t('staff.tokens.serviceHint')}
              value={typed.service ?? ''}
              error={errors.service}
              spellcheck={false}
            />
          </>
        ) : (
          ''
        )}
        <Checkboxes
          name="scopes"
          legend={t('staff.tokens.scopes')}
          hint={t('staff.tokens.scopesHint')}
          error={errors.scopes}
          options={scopes}
          chosen={chosen}
        />
        <TextInput
          name="days"
          type="text"
          label={t('staff.tokens.days')}
          hint={t('staff.tokens.daysHint')}
          value={typed.days ?? String(API_TOKEN_DEFAULT_DAYS)}
          error={errors.days}
        />
        <Button label={t('staff.tokens.create')} />
      </form>
    </StaffPage>
  );
}
