// The queue of applications (GET /staff/applications): counts per state, filters
// (state, screening, personal genome division, sent between, assigned to me or to
// nobody), a text search, newest first in keyset pages of 50, and the same list as
// CSV (GET /staff/applications.csv). The filter form is a GET form: every view has
// an address that can be bookmarked or shared with a colleague.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countOpenRequests } from '../../db/account-requests.js';
import { recordAudit } from '../../db/audit.js';
import { allQueueRows, type QueueFilter, queuePage, stateCounts } from '../../db/queue.js';
import type { Staff } from '../../db/schema-staff.js';
import { type ApplicationState, applicationStates } from '../../domain/application-state.js';
import { dayRange, formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import type { MessageKey } from '../../i18n/index.js';
import { decodeCursor, encodeCursor } from '../../services/applications.js';
import { sendHtml } from '../render.js';
import { Button, Checkbox, Select, TextInput } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { sendStaffCsv } from './csv.js';
import { viewLink } from './list-view.js';
import { StaffLayout } from './views.js';

const PAGE_SIZE = 50;
const listedStates = applicationStates.filter((s) => s !== 'draft');

const query = z.object({
  state: z
    .enum(listedStates as [ApplicationState, ...ApplicationState[]])
    .optional()
    .catch(undefined),
  screening: z.literal('yes').optional().catch(undefined),
  pg: z.literal('yes').optional().catch(undefined),
  from: z.string().max(20).optional().catch(undefined),
  until: z.string().max(20).optional().catch(undefined),
  assigned: z.enum(['me', 'nobody']).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  sort: z.enum(['newest', 'oldest']).optional().catch(undefined),
  after: z.string().max(100).optional().catch(undefined),
});
type Query = z.infer<typeof query>;

function toFilter(q: Query): QueueFilter {
  return {
    state: q.state,
    screening: q.screening === 'yes',
    pg: q.pg === 'yes',
    ...dayRange(q.from, q.until),
    assigned: q.assigned,
    q: q.q,
    oldestFirst: q.sort === 'oldest',
  };
}

const link = (q: Query, change: Partial<Record<keyof Query, string | undefined>>, path = '/staff/applications') =>
  viewLink(path, q, change);

const queryOf = (request: FastifyRequest) => query.parse(request.query ?? {});

export async function queueRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  app.get('/staff/applications', async (request, reply) => {
    const staff = request.staff as Staff;
    const q = queryOf(request);
    const [counts, page, requests] = await Promise.all([
      stateCounts(db),
      queuePage(db, toFilter(q), staff.id, decodeCursor(q.after), PAGE_SIZE),
      countOpenRequests(db),
    ]);
    const ctx = pageContext(request);
    const { t, lang } = ctx;
    const when = (at: Date | null) => (at ? formatCentreTime(at, lang) : '');
    const stateName = (s: ApplicationState) => t(`staff.state.${s}` as MessageKey);
    return sendHtml(
      reply,
      <StaffLayout page={ctx} staff={staff} csrf={reply.generateCsrf()} title={t('staff.queue.title')}>
        <h1 class="heading-l" safe>
          {t('staff.queue.title')}
        </h1>
        {/* Holders' requests wait beside new applications, by kind. */}
        <p class="body">
          <a href="/staff/requests" class="link" safe>
            {t('staff.queue.requests', { n: Object.values(requests).reduce((a, b) => a + b, 0) })}
          </a>{' '}
          <span class="hint" safe>
            {t('staff.requests.counts', requests)}
          </span>
        </p>
        <nav aria-label={t('staff.queue.byState')}>
          <ul class="state-counts">
            <li>
              <a
                href={link(q, { state: undefined, after: undefined })}
                class="link"
                aria-current={q.state ? undefined : 'page'}
                safe
              >
                {t('staff.queue.all')}
              </a>
            </li>
            {listedStates.map((s) => (
              <li>
                <a
                  href={link(q, { state: s, after: undefined })}
                  class="link"
                  aria-current={q.state === s ? 'page' : undefined}
                  safe
                >
                  {`${stateName(s)} (${counts.get(s) ?? 0})`}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <form method="get" action="/staff/applications" class="queue-filter">
          {q.state ? <input type="hidden" name="state" value={q.state} /> : ''}
          <TextInput
            name="q"
            type="search"
            label={t('staff.queue.search')}
            hint={t('staff.queue.searchHint')}
            value={q.q ?? ''}
          />
          <TextInput name="from" type="date" label={t('staff.queue.from')} value={q.from ?? ''} />
          <TextInput name="until" type="date" label={t('staff.queue.until')} value={q.until ?? ''} />
          <Select
            name="assigned"
            label={t('staff.queue.assigned')}
            placeholder={t('staff.queue.anyone')}
            options={[
              { value: 'me', label: t('staff.queue.me') },
              { value: 'nobody', label: t('staff.detail.nobody') },
            ]}
            value={q.assigned ?? ''}
          />
          <Select
            name="sort"
            label={t('staff.queue.sort')}
            placeholder={t('staff.queue.newest')}
            options={[{ value: 'oldest', label: t('staff.queue.oldest') }]}
            value={q.sort ?? ''}
          />
          <Checkbox name="screening" label={t('staff.queue.screening')} checked={q.screening === 'yes'} />
          <Checkbox name="pg" label={t('staff.queue.pg')} checked={q.pg === 'yes'} />
          <Button label={t('staff.queue.filter')} />
        </form>
        <p class="body">
          <a href={link(q, { after: undefined }, '/staff/applications.csv')} class="link" safe>
            {t('staff.queue.csv')}
          </a>
        </p>
        {page.rows.length === 0 ? (
          <p class="body" safe>
            {t('staff.queue.empty')}
          </p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('staff.queue.reference')}
                </th>
                <th scope="col" safe>
                  {t('staff.queue.applicant')}
                </th>
                <th scope="col" safe>
                  {t('staff.queue.institution')}
                </th>
                <th scope="col" safe>
                  {t('staff.queue.submitted')}
                </th>
                <th scope="col" safe>
                  {t('staff.queue.state')}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/staff/applications/${r.id}`} class="link" safe>
                      {r.reference ?? ''}
                    </a>
                  </td>
                  <td safe>{personName(r, lang)}</td>
                  <td safe>{r.institution ?? ''}</td>
                  <td safe>{when(r.submitted_at)}</td>
                  <td
                    safe
                  >{`${stateName(r.state)}${r.needs_screening ? ` · ${t('staff.queue.screeningShort')}` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.next ? (
          <p class="body">
            <a href={link(q, { after: encodeCursor(page.next) })} class="link" rel="next" safe>
              {t('staff.queue.next')}
            </a>
          </p>
        ) : (
          ''
        )}
      </StaffLayout>,
    );
  });

  app.get('/staff/applications.csv', async (request, reply) => {
    const staff = request.staff as Staff;
    const q = queryOf(request);
    await recordAudit(db, {
      actor: `staff:${staff.id}`,
      action: 'applications.exported',
      details: { filter: { ...q } },
    });
    async function* records() {
      for await (const r of allQueueRows(db, toFilter(q), staff.id)) {
        yield {
          ...r,
          submitted_at: r.submitted_at?.toISOString() ?? '',
          needs_screening: r.needs_screening ? 'yes' : 'no',
          use_pg: r.use_pg ? 'yes' : 'no',
        };
      }
    }
    return sendStaffCsv(
      reply,
      'applications',
      [
        'reference',
        'state',
        'submitted_at',
        'family_name',
        'given_name',
        'name_ja',
        'institution',
        'email',
        'account_name',
        'needs_screening',
        'use_pg',
      ],
      records(),
    );
  });
}
