// The queue of applications (GET /staff/applications). For now: the newest sent
// applications; filters, search, assignment and the detail page come with the
// review workflow.
import type { FastifyInstance } from 'fastify';
import { formatCentreTime } from '../../domain/notices.js';
import type { MessageKey } from '../i18n/index.js';
import { sendHtml } from '../render.js';
import { pageContext } from '../views/page.js';
import { StaffLayout } from './views.js';

export async function queueRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  app.get('/staff/applications', async (request, reply) => {
    const staff = request.staff;
    if (!staff) return reply.redirect('/staff', 303);
    const rows = await db
      .selectFrom('application')
      .innerJoin('applicant', 'applicant.application_id', 'application.id')
      .select([
        'application.id',
        'application.reference',
        'application.state',
        'application.submitted_at',
        'applicant.family_name',
        'applicant.given_name',
        'applicant.institution',
      ])
      .where('application.state', '!=', 'draft')
      .orderBy('application.submitted_at', 'desc')
      .limit(100)
      .execute();
    const page = pageContext(request);
    const { t, lang } = page;
    const when = (at: Date | null) => (at ? formatCentreTime(at, lang) : '');
    return sendHtml(
      reply,
      <StaffLayout page={page} staff={staff} csrf={reply.generateCsrf()} title={t('staff.queue.title')}>
        <h1 class="heading-l" safe>
          {t('staff.queue.title')}
        </h1>
        {rows.length === 0 ? (
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
              {rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/staff/applications/${r.id}`} class="link" safe>
                      {r.reference ?? ''}
                    </a>
                  </td>
                  <td safe>{[r.given_name, r.family_name].filter(Boolean).join(' ')}</td>
                  <td safe>{r.institution ?? ''}</td>
                  <td safe>{when(r.submitted_at)}</td>
                  <td safe>{t(`staff.state.${r.state}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </StaffLayout>,
    );
  });
}
