// A staff member's own sign-in activity (GET /staff/sign-in-activity): the failed
// sign-ins on their account and the addresses they came from, and a pause on one of
// those addresses lifted with a code from their authenticator (for their own desk,
// paused after their own typing mistakes, from another address they signed in from).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkTotp } from '../../credentials.js';
import { recordAudit } from '../../db/audit.js';
import { liftSignInPause, signInActivity } from '../../db/login-throttle.js';
import type { Staff } from '../../db/schema-staff.js';
import { useTotpStep } from '../../db/staff.js';
import { staffSignInName } from '../../domain/login-throttle.js';
import { formatCentreTime } from '../../domain/notices.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { Banner } from '../views/components/banner.js';
import { Button, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { pageContext } from '../views/page.js';
import { StaffLayout } from './views.js';

const PATH = '/staff/sign-in-activity';
const query = z.object({ address: z.string().max(64).optional().catch(undefined) });
const liftForm = z.object({ address: z.string().max(64).default(''), code: z.string().max(20).default('') });

export async function signInActivityRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { address?: string | undefined; error?: string; banner?: string } = {},
  ) => {
    const staff = request.staff as Staff;
    const ctx = pageContext(request);
    const { t, lang } = ctx;
    const activity = await signInActivity(db, staffSignInName(staff.email), new Date());
    const csrf = reply.generateCsrf();
    const chosen = activity.addresses.find((a) => a.address === options.address);
    return sendHtml(
      reply,
      <StaffLayout page={ctx} staff={staff} csrf={csrf} title={t('staff.signIns.title')}>
        <Banner text={options.banner} />
        <h1 class="heading-l" safe>
          {t('staff.signIns.title')}
        </h1>
        <p class="body" safe>
          {activity.failures === 0
            ? t('staff.signIns.none')
            : t('staff.signIns.failures', {
                n: String(activity.failures),
                at: formatCentreTime(activity.lastFailureAt as Date, lang),
              })}
        </p>
        {activity.addresses.length ? (
          <table class="table">
            <caption class="visually-hidden" safe>
              {t('staff.signIns.addresses')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('staff.signIns.address')}
                </th>
                <th scope="col" safe>
                  {t('staff.signIns.count')}
                </th>
                <th scope="col" safe>
                  {t('staff.signIns.state')}
                </th>
              </tr>
            </thead>
            <tbody>
              {activity.addresses.map((a) => (
                <tr>
                  <td>
                    <code safe>{a.address}</code>
                  </td>
                  <td safe>{String(a.failures)}</td>
                  <td>
                    {a.pausedUntil ? (
                      <a href={`${PATH}?address=${encodeURIComponent(a.address)}`} class="link" safe>
                        {t('staff.signIns.pausedUntil', { at: formatCentreTime(a.pausedUntil, lang) })}
                      </a>
                    ) : (
                      <span safe>{t('staff.signIns.notPaused')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          ''
        )}
        {chosen?.pausedUntil ? (
          <form method="post" action={`${PATH}/lift`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="address" value={chosen.address} />
            <h2 class="heading-m" safe>
              {t('staff.signIns.liftTitle', { address: chosen.address })}
            </h2>
            <TextInput
              name="code"
              label={t('staff.signIns.code')}
              hint={t('staff.signIns.codeHint')}
              error={options.error}
              autocomplete="one-time-code"
            />
            <Button label={t('staff.signIns.lift')} />
          </form>
        ) : (
          ''
        )}
      </StaffLayout>,
      options.error ? 400 : 200,
    );
  };

  app.get(PATH, async (request, reply) => show(request, reply, { address: query.parse(request.query ?? {}).address }));

  app.post(`${PATH}/lift`, async (request, reply) => {
    const staff = request.staff as Staff;
    const input = readForm(liftForm, request.body);
    const step = staff.totp_secret
      ? await checkTotp(
          staff.totp_secret,
          input.code,
          staff.totp_last_step === null ? null : Number(staff.totp_last_step),
        )
      : undefined;
    if (step === undefined)
      return show(request, reply, { address: input.address, error: request.t('staff.verify.failed') });
    await useTotpStep(db, staff.id, step);
    const lifted = await liftSignInPause(db, staffSignInName(staff.email), input.address);
    if (lifted)
      await recordAudit(db, {
        actor: `staff:${staff.id}`,
        action: 'staff.login.pause_lifted',
        subject: `staff:${staff.id}`,
        details: { ip: input.address, by: request.ip },
      });
    return show(request, reply, {
      banner: request.t(lifted ? 'staff.signIns.lifted' : 'staff.signIns.nothingToLift', { address: input.address }),
    });
  });
}
