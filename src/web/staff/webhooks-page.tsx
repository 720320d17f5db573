// The Webhooks page for administrators: the endpoints with their events and state, a
// secret just made (shown once), the form to add one, and the latest deliveries with
// Retry for those whose tries are used up.
import type { WebhookEndpoint } from '../../db/schema-api.js';
import type { Staff } from '../../db/schema-staff.js';
import type { DeliveryListing } from '../../db/webhooks.js';
import { formatCentreTime } from '../../domain/notices.js';
import { webhookEventTypes } from '../../domain/webhooks.js';
import { Banner, Checkboxes } from '../views/components/banner.js';
import { Button, type FieldErrors, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { StaffPage } from './views.js';

export function WebhooksPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  endpoints: WebhookEndpoint[];
  deliveries: DeliveryListing[];
  errors: FieldErrors;
  typed: { url?: string; description?: string; events?: string[] };
  secret?: { url: string; secret: string } | undefined;
  retried?: boolean;
}) {
  const { page, staff, csrf, errors, typed } = props;
  const { t, lang } = page;
  const chosen = new Set(typed.events ?? []);
  const deliveryState = (d: DeliveryListing) =>
    d.delivered_at
      ? t('staff.webhooks.delivered')
      : d.job_state === 'failed'
        ? t('staff.webhooks.failed')
        : t('staff.webhooks.pending');
  return (
    <StaffPage page={page} staff={staff} csrf={csrf} title={t('staff.webhooks.title')} errors={errors}>
      <Banner
        text={
          props.secret
            ? t('staff.webhooks.secret', { url: props.secret.url })
            : props.retried
              ? t('staff.webhooks.retried')
              : undefined
        }
        code={props.secret ? { id: 'new-secret', value: props.secret.secret } : undefined}
      />
      <p class="body" safe>
        {t('staff.webhooks.lead')}
      </p>
      {props.endpoints.length === 0 ? (
        <p class="body" safe>
          {t('staff.webhooks.none')}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              {(['url', 'description', 'events', 'state'] as const).map((c) => (
                <th scope="col" safe>
                  {t(`staff.webhooks.${c}`)}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden" safe>
                  {t('staff.webhooks.rotate')}
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.endpoints.map((e) => (
              <tr>
                <td>
                  <code safe>{e.url}</code>
                </td>
                <td safe>{e.description}</td>
                <td>
                  {e.event_types.map((type) => (
                    <code class="scope">{type}</code>
                  ))}
                </td>
                <td safe>{e.disabled_at ? t('staff.webhooks.disabled') : t('staff.webhooks.enabled')}</td>
                <td>
                  <form method="post" action={`/staff/webhooks/${e.id}`} class="inline-form">
                    <CsrfField token={csrf} />
                    <button
                      type="submit"
                      name="action"
                      value="rotate"
                      class="button button--secondary"
                      aria-label={t('staff.webhooks.rotateLabel', { url: e.url })}
                      safe
                    >
                      {t('staff.webhooks.rotate')}
                    </button>
                    <button
                      type="submit"
                      name="action"
                      value={e.disabled_at ? 'enable' : 'disable'}
                      class="button button--secondary"
                      safe
                    >
                      {e.disabled_at ? t('staff.webhooks.enable') : t('staff.webhooks.disable')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 class="heading-m" safe>
        {t('staff.webhooks.add')}
      </h2>
      <form method="post" action="/staff/webhooks" novalidate>
        <CsrfField token={csrf} />
        <TextInput
          name="url"
          type="url"
          label={t('staff.webhooks.url')}
          value={typed.url ?? ''}
          error={errors.url}
          spellcheck={false}
        />
        <TextInput
          name="description"
          label={t('staff.webhooks.description')}
          value={typed.description ?? ''}
          error={errors.description}
        />
        <Checkboxes
          name="events"
          legend={t('staff.webhooks.events')}
          error={errors.events}
          options={webhookEventTypes}
          chosen={chosen}
        />
        <Button label={t('staff.webhooks.create')} />
      </form>
      <h2 class="heading-m" safe>
        {t('staff.webhooks.deliveries')}
      </h2>
      {props.deliveries.length === 0 ? (
        <p class="body" safe>
          {t('staff.webhooks.noDeliveries')}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              {(['event', 'url', 'created', 'tries', 'answer', 'state'] as const).map((c) => (
                <th scope="col" safe>
                  {t(`staff.webhooks.${c}`)}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden" safe>
                  {t('staff.webhooks.retry')}
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr>
                <td>
                  <code>{d.event_type}</code>
                </td>
                <td>
                  <code safe>{d.url}</code>
                </td>
                <td safe>{formatCentreTime(d.created_at, lang)}</td>
                <td safe>{`${d.attempts ?? 0} / ${d.max_attempts ?? 0}`}</td>
                <td safe>{d.last_error ?? (d.last_status === null ? '' : String(d.last_status))}</td>
                <td safe>{deliveryState(d)}</td>
                <td>
                  {d.job_state === 'failed' && !d.delivered_at ? (
                    <form method="post" action={`/staff/webhooks/deliveries/${d.id}/retry`} class="inline-form">
                      <CsrfField token={csrf} />
                      <button
                        type="submit"
                        class="button button--secondary"
                        aria-label={t('staff.webhooks.retryLabel', { id: d.id })}
                        safe
                      >
                        {t('staff.webhooks.retry')}
                      </button>
                    </form>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffPage>
  );
}
