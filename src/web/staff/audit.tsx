// The audit log for administrators (GET /staff/audit): newest first, filtered by
// action, actor, subject and dates, in keyset pages; the same as CSV.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AuditFilter, allAudit, auditPage, recordAudit } from '../../db/audit.js';
import type { Staff } from '../../db/schema-staff.js';
import { canonicalJson } from '../../domain/audit.js';
import { dayRange, formatCentreTime } from '../../domain/notices.js';
import { sendHtml } from '../render.js';
import { Button, TextInput } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { sendStaffCsv } from './csv.js';
import { viewLink } from './list-view.js';
import { StaffLayout } from './views.js';

const query = z.object({
  action: z.string().max(100).optional().catch(undefined),
  actor: z.string().max(100).optional().catch(undefined),
  subject: z.string().max(100).optional().catch(undefined),
  from: z.string().max(20).optional().catch(undefined),
  until: z.string().max(20).optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .catch(undefined),
});
type Query = z.infer<typeof query>;

function toFilter(q: Query): AuditFilter {
  return {
    action: q.action?.trim() || undefined,
    actor: q.actor?.trim() || undefined,
    subject: q.subject?.trim() || undefined,
    ...dayRange(q.from, q.until),
  };
}

const link = (q: Query, change: Partial<Query>, path = '/staff/audit') => viewLink(path, q, change);

const queryOf = (request: FastifyRequest) => query.parse(request.query ?? {});

export async function auditRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  app.get('/staff/audit', async (request, reply) => {
    const staff = request.staff as Staff;
    const q = queryOf(request);
    const page = await auditPage(db, toFilter(q), q.before, 100);
    const ctx = pageContext(request);
    const { t, lang } = ctx;
    return sendHtml(
      reply,
      <StaffLayout page={ctx} staff={staff} csrf={reply.generateCsrf()} title={t('staff.audit.title')}>
        <h1 class="heading-l" safe>
          {t('staff.audit.title')}
        </h1>
        <form method="get" action="/staff/audit" class="queue-filter">
          <TextInput
            name="action"
            label={t('staff.audit.action')}
            hint={t('staff.audit.actionHint')}
            value={q.action ?? ''}
          />
          <TextInput name="actor" label={t('staff.audit.actor')} value={q.actor ?? ''} />
          <TextInput name="subject" label={t('staff.audit.subject')} value={q.subject ?? ''} />
          <TextInput name="from" type="date" label={t('staff.queue.from')} value={q.from ?? ''} />
          <TextInput name="until" type="date" label={t('staff.queue.until')} value={q.until ?? ''} />
          <Button label={t('staff.queue.filter')} />
        </form>
        <p class="body">
          <a href={link(q, { before: undefined }, '/staff/audit.csv')} class="link" safe>
            {t('staff.audit.csv')}
          </a>
        </p>
        <table class="table">
          <thead>
            <tr>
              <th scope="col" safe>
                {t('staff.audit.when')}
              </th>
              <th scope="col" safe>
                {t('staff.audit.actor')}
              </th>
              <th scope="col" safe>
                {t('staff.audit.action')}
              </th>
              <th scope="col" safe>
                {t('staff.audit.subject')}
              </th>
              <th scope="col" safe>
                {t('staff.audit.details')}
              </th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr>
                <td safe>{formatCentreTime(r.at, lang)}</td>
                <td safe>{r.actor}</td>
                <td safe>{r.action}</td>
                <td safe>{r.subject ?? ''}</td>
                <td class="audit-details" safe>
                  {canonicalJson(r.details)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.next ? (
          <p class="body">
            <a href={link(q, { before: page.next })} class="link" rel="next" safe>
              {t('staff.queue.next')}
            </a>
          </p>
        ) : (
          ''
        )}
      </StaffLayout>,
    );
  });

  app.get('/staff/audit.csv', async (request, reply) => {
    const staff = request.staff as Staff;
    const q = queryOf(request);
    await recordAudit(db, { actor: `staff:${staff.id}`, action: 'audit.exported', details: { filter: { ...q } } });
    async function* records() {
      for await (const r of allAudit(db, toFilter(q))) {
        yield { ...r, at: r.at.toISOString(), details: canonicalJson(r.details) };
      }
    }
    return sendStaffCsv(reply, 'audit', ['id', 'at', 'actor', 'action', 'subject', 'details', 'hash'], records());
  });
}
