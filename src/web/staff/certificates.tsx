// Registration certificates for staff (GET /staff/certificates): the accounts whose
// certificate is ready and not yet posted; one application's certificate as a PDF,
// or every one not yet printed in one PDF (a print batch); "mark posted" records who
// and when, erases the initial password, moves the application to `issued` (a
// certificate reissued for a holder's request is posted again the same way, the
// application issued already) and mails the applicant. Every download is audited: the PDFs hold initial passwords.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { batchApplications, certificateData, certificatesToPost } from '../../db/accounts.js';
import { recordAudit } from '../../db/audit.js';
import type { Staff } from '../../db/schema-staff.js';
import {
  type RegistrationCertificate,
  renderRegistrationCertificates,
} from '../../documents/registration-certificate.js';
import { formatCentreTime } from '../../domain/notices.js';
import { makeCertificateBatch, markCertificatePosted } from '../../services/certificates.js';
import { AppError } from '../../services/errors.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import { CsrfField } from '../views/csrf-field.js';
import { type PageContext, pageContext } from '../views/page.js';
import { sendAttachment } from './attachment.js';
import { StaffLayout } from './views.js';

type Waiting = Awaited<ReturnType<typeof certificatesToPost>>;

function CertificatesPage(props: { page: PageContext; staff: Staff; csrf: string; waiting: Waiting }) {
  const { page, csrf, waiting } = props;
  const { t, lang } = page;
  const unprinted = waiting.filter((w) => w.batch_id === null).length;
  const batches = [...new Set(waiting.map((w) => w.batch_id).filter((b): b is number => b !== null))];
  return (
    <StaffLayout page={page} staff={props.staff} csrf={csrf} title={t('staff.certificates.title')}>
      <h1 class="heading-l" safe>
        {t('staff.certificates.title')}
      </h1>
      <p class="body" safe>
        {t('staff.certificates.intro')}
      </p>
      {unprinted > 0 ? (
        <form method="post" action="/staff/certificates/batches">
          <CsrfField token={csrf} />
          <button type="submit" class="button" safe>
            {t('staff.certificates.batch', { count: unprinted })}
          </button>
        </form>
      ) : (
        ''
      )}
      {batches.length ? (
        <ul class="list list--bullet">
          {batches.map((id) => (
            <li>
              <a href={`/staff/certificates/batches/${id}.pdf`} class="link" safe>
                {t('staff.certificates.batchLink', { id })}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {waiting.length === 0 ? (
        <p class="body" safe>
          {t('staff.certificates.none')}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              {(
                [
                  'staff.certificates.reference',
                  'staff.certificates.name',
                  'staff.certificates.accounts',
                  'staff.certificates.ready',
                  'staff.certificates.printed',
                  'staff.certificates.actions',
                ] as const
              ).map((key) => (
                <th scope="col" safe>
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {waiting.map((w) => (
              <tr>
                <td>
                  <a href={`/staff/applications/${w.application_id}`} class="link" safe>
                    {w.reference ?? ''}
                  </a>
                </td>
                <td safe>{[w.given_name, w.family_name].filter(Boolean).join(' ')}</td>
                <td safe>
                  {w.reissue_request_id === null
                    ? w.uids.join(', ')
                    : `${w.uids.join(', ')} – ${t('staff.certificates.reissued', { id: w.reissue_request_id })}`}
                </td>
                <td safe>{formatCentreTime(new Date(w.ready_at), lang)}</td>
                <td safe>
                  {w.batch_id === null
                    ? t('staff.certificates.notPrinted')
                    : t('staff.certificates.batchLink', { id: w.batch_id })}
                </td>
                <td>
                  <a href={`/staff/applications/${w.application_id}/certificate.pdf`} class="link" safe>
                    {t('staff.certificates.download')}
                  </a>
                  <form method="post" action={`/staff/applications/${w.application_id}/certificate/posted`}>
                    <CsrfField token={csrf} />
                    <button type="submit" class="button button--secondary" safe>
                      {t('staff.certificates.posted')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}

const id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

export async function certificateRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const passwords = app.deps.passwords;
  const actor = (request: FastifyRequest) => `staff:${(request.staff as Staff).id}`;
  const deps = useCaseDeps(app);

  /** The certificates of these applications, one page each, in the order given. */
  const render = async (applicationIds: number[]): Promise<Buffer | undefined> => {
    const rows = await certificateData(db, applicationIds);
    const byApplication = new Map<number, RegistrationCertificate>();
    for (const r of rows) {
      let c = byApplication.get(r.application_id);
      if (!c) {
        c = {
          reference: r.reference ?? '',
          recipient: {
            name: [r.given_name, r.family_name].filter(Boolean).join(' '),
            nameJa: r.name_ja ?? undefined,
            institution: r.institution ?? '',
            department: r.department ?? undefined,
            postalCode: r.postal_code ?? '',
            address: r.address ?? '',
            country: r.country ?? 'JP',
          },
          accounts: [],
          issuedAt: r.ready_at ?? new Date(),
          reissued: r.reissue_request_id !== null,
        };
        byApplication.set(r.application_id, c);
      }
      c.accounts.push({
        division: r.division,
        accountName: r.uid,
        group: r.group_name,
        initialPassword: passwords.open(r.sealed_password as Uint8Array),
      });
    }
    const certificates = [...byApplication.values()];
    return certificates.length ? renderRegistrationCertificates(certificates) : undefined;
  };

  const sendPdf = (reply: FastifyReply, name: string, pdf: Buffer) =>
    sendAttachment(reply, 'application/pdf', name, pdf);

  app.get('/staff/certificates', async (request, reply) =>
    sendHtml(
      reply,
      <CertificatesPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        waiting={await certificatesToPost(db)}
      />,
    ),
  );

  app.post('/staff/certificates/batches', async (request, reply) => {
    const staff = request.staff as Staff;
    const batch = await makeCertificateBatch(db, { id: staff.id, actor: actor(request) });
    return reply.redirect(
      batch === undefined ? '/staff/certificates' : `/staff/certificates/batches/${batch}.pdf`,
      303,
    );
  });

  app.get('/staff/certificates/batches/:batch', async (request, reply) => {
    const match = /^(\d{1,9})\.pdf$/.exec(String((request.params as { batch?: unknown }).batch ?? ''));
    const batch = match ? Number(match[1]) : undefined;
    const pdf = batch === undefined ? undefined : await render(await batchApplications(db, batch));
    if (!pdf || batch === undefined) throw new AppError('NOT_FOUND');
    await recordAudit(db, { actor: actor(request), action: 'certificate.batch.downloaded', subject: `batch:${batch}` });
    return sendPdf(reply, `registration-certificates-${batch}.pdf`, pdf);
  });

  app.get('/staff/applications/:id/certificate.pdf', async (request, reply) => {
    const parsed = id.safeParse((request.params as { id?: unknown }).id);
    const pdf = parsed.success ? await render([parsed.data]) : undefined;
    if (!pdf || !parsed.success) throw new AppError('NOT_FOUND');
    await recordAudit(db, {
      actor: actor(request),
      action: 'certificate.downloaded',
      subject: `application:${parsed.data}`,
    });
    return sendPdf(reply, `registration-certificate-${parsed.data}.pdf`, pdf);
  });

  app.post('/staff/applications/:id/certificate/posted', async (request, reply) => {
    const parsed = id.safeParse((request.params as { id?: unknown }).id);
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const staff = request.staff as Staff;
    const outcome = await markCertificatePosted(deps, { actor: actor(request), staffId: staff.id }, parsed.data);
    if (!outcome.ok && outcome.problem === 'NOT_FOUND') throw new AppError('NOT_FOUND');
    // From the application's own page, back to it with the news.
    const from = (request.body as { from?: unknown } | undefined)?.from;
    if (from === 'application')
      return reply.redirect(`/staff/applications/${parsed.data}${outcome.ok ? '?done=posted' : ''}`, 303);
    return reply.redirect('/staff/certificates', 303);
  });
}
