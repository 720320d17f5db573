// The holder's Continuation (年度末アカウント更新) at /account/renewal: where the
// account stands for the renewal calendar, then one question group per page — the
// details (affiliation, purpose), the responsible person, the achievements
// (continuation-achievements.tsx), publication or its postponement — a check page,
// and sending. Sent with the same responsible person it renews at once; with a new one
// it waits for that person's Manager Modification. Answers are kept between pages
// (renewal_draft). A holder locked for not renewing reaches these pages and no other.

import type { Children } from '@kitajs/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { openRequestOf } from '../../db/account-requests.js';
import { type FullApplication, getFullApplication } from '../../db/applications.js';
import { renewalOf } from '../../db/renewal.js';
import { readRenewalDraft, writeRenewalDraft } from '../../db/renewal-draft.js';
import { calendarLookup } from '../../db/settings.js';
import type { Account } from '../../db/user-accounts.js';
import { detailChanges, type FieldChange, type HolderDetails, type RequestData } from '../../domain/account-request.js';
import type { Achievement } from '../../domain/achievement.js';
import { lockAt, renewalOpensAt, renewalStatus } from '../../domain/fiscal-calendar.js';
import { formatCentreDate } from '../../domain/notices.js';
import { isPublicationChoice, type PublicationChoice } from '../../domain/renewal.js';
import { checkText, normaliseText, purposeOfUseRule, visibleLength } from '../../domain/text.js';
import { sendContinuation } from '../../services/continuation.js';
import { AffiliationFields, checkAffiliationAnswers } from '../apply/affiliation-step.js';
import { responsibleForm, toResponsibleForm } from '../apply/responsible-step.js';
import { readForm } from '../forms.js';
import { useCaseDeps } from '../use-case-deps.js';
import { Banner } from '../views/components/banner.js';
import { Button, type FieldErrors, Radios, Textarea } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import { pageContext } from '../views/page.js';
import { ChangesTable, RequestSummary } from '../views/request-summary.js';
import { AchievementCard, achievementRoutes } from './continuation-achievements.js';
import {
  type ContinuationDraft,
  checkAchievement,
  type DetailsForm,
  detailsForm,
  nextPage,
  parseDraft,
  RENEWAL,
} from './continuation-draft.js';
import { continuationPage, type Open, renewalOnly, type Standing } from './continuation-frame.js';
import { NewResponsibleForm } from './request-form-views.js';
import { checkManager, detailsOf, managerData } from './request-forms.js';

const choice = z.object({ answer: z.string().max(100).default('') });
const publicationForm = z.object({
  publication: z.string().max(100).default(''),
  postponeReason: z.string().max(20_000).default(''),
});

/** The details a Continuation may change, checked: the holder's details after it, and errors. */
function checkDetails(input: DetailsForm, full: FullApplication, t: FastifyRequest['t']) {
  const affiliation = checkAffiliationAnswers(input, t);
  const errors: FieldErrors = { ...affiliation.errors };
  const purpose = checkText(input.purpose, purposeOfUseRule);
  if (!purpose.ok)
    errors.purpose =
      purpose.code === 'REQUIRED'
        ? t('applicant.error.purposeRequired')
        : purpose.code === 'TOO_SHORT'
          ? t('applicant.error.purposeTooShort', {
              n: visibleLength(normaliseText(input.purpose, { multiline: true })),
            })
          : purpose.code === 'TOO_LONG'
            ? t('applicant.error.purposeTooLong')
            : t('form.error.controlCharacters');
  const before = detailsOf(full);
  const after = {
    ...before,
    ...affiliation.values,
    purpose: purpose.ok ? purpose.value : before.purpose,
  } as HolderDetails;
  return { errors, changes: detailChanges(before, after) };
}

const toDetailsForm = (d: HolderDetails): DetailsForm => ({
  purpose: d.purpose ?? '',
  institution: d.institution ?? '',
  department: d.department ?? '',
  country: d.country ?? 'JP',
  postalCode: d.postal_code ?? '',
  address: d.address ?? '',
  phone: d.phone ?? '',
  extension: d.phone_extension ?? '',
});

const responsibleName = (full: FullApplication) =>
  [full.responsible.given_name, full.responsible.family_name].filter(Boolean).join(' ') || full.responsible.email || '';

export async function continuationRoutes(app: FastifyInstance) {
  const { database, config } = app.deps;
  const db = database.db;

  const standing = async (request: FastifyRequest): Promise<Standing> => {
    const account = request.account as Account;
    const calendar = await calendarLookup(db, config.renewal.opensOn);
    const status = renewalStatus(account.valid_through ?? 0, app.deps.now(), calendar);
    if (status.status === 'valid') return { account, status, calendar, sent: undefined, draft: parseDraft({}) };
    const [sent, stored] = await Promise.all([
      renewalOf(db, account.application_id, status.renewFor),
      readRenewalDraft(db, account.application_id, status.renewFor),
    ]);
    return { account, status, calendar, sent, draft: parseDraft(stored) };
  };

  /** The standing of a holder who may fill in a Continuation now; otherwise to the start page. */
  const open = async (request: FastifyRequest, reply: FastifyReply): Promise<Open | undefined> => {
    const s = await standing(request);
    if (s.status.status === 'valid' || s.sent) {
      await reply.redirect(RENEWAL, 303);
      return undefined;
    }
    return s as Open;
  };

  const save = (s: Open, draft: ContinuationDraft) =>
    writeRenewalDraft(db, s.account.application_id, s.status.renewFor, draft);

  const holder = async (account: Account) => {
    const full = await getFullApplication(db, account.application_id);
    if (!full) throw new Error(`no application for account ${account.id}`);
    return full;
  };

  // The start page -----------------------------------------------------------------

  app.get(RENEWAL, async (request, reply) => {
    const s = await standing(request);
    const page = pageContext(request);
    const { t, lang } = page;
    const sentNow = (request.query as Record<string, unknown>)?.sent === '1';
    const account = s.account;
    const day = (d: Date) => formatCentreDate(d, lang);
    let body: Children;
    if (s.status.status === 'valid') {
      const through = account.valid_through ?? 0;
      body = (
        <>
          <Banner text={sentNow ? t('user.renewal.sent.renewed', { year: through }) : undefined} />
          <p class="body" safe>
            {t('user.renewal.valid', { year: through, end: through + 1 })}
          </p>
          {renewalOnly(account) ? (
            <p class="body" safe>
              {t('user.renewal.unlocking')}
            </p>
          ) : (
            <p class="body" safe>
              {t('user.renewal.nextOpens', {
                year: through + 1,
                date: day(renewalOpensAt(s.calendar(through + 1))),
              })}
            </p>
          )}
        </>
      );
    } else if (s.sent) {
      body = (
        <>
          <Banner text={sentNow ? t('user.renewal.sent.review') : undefined} />
          <p class="body" safe>
            {t('user.renewal.review', { year: s.sent.fiscal_year })}
          </p>
          {s.sent.data.managerRequestId ? (
            <p class="body">
              <a href={`/account/requests/${s.sent.data.managerRequestId}`} class="link" safe>
                {t('request.detail.title', {
                  id: s.sent.data.managerRequestId,
                  kind: t('request.kind.manager'),
                })}
              </a>
            </p>
          ) : (
            ''
          )}
        </>
      );
    } else {
      const { status, renewFor } = s.status;
      const started = Boolean(s.draft.details);
      body = (
        <>
          {status === 'due' ? (
            <p class="body" safe>
              {t('user.renewal.due', {
                year: renewFor,
                date: day(s.status.lockAt),
              })}
            </p>
          ) : (
            <>
              <p class="body" safe>
                {t('user.locked.not_renewed', { account: account.uid })}
              </p>
              <p class="body" safe>
                {t('user.locked.renewHint')}
              </p>
              {status === 'deletion' ? (
                <p class="body" safe>
                  {t('user.renewal.deletion')}
                </p>
              ) : (
                ''
              )}
            </>
          )}
          <p class="body" safe>
            {t('user.renewal.youNeed')}
          </p>
          <ul class="list list--bullet">
            <li safe>{t('user.renewal.need.details')}</li>
            <li safe>{t('user.renewal.need.responsible')}</li>
            <li safe>{t('user.renewal.need.achievements', { year: renewFor - 1 })}</li>
          </ul>
          <a href={nextPage(s.draft)} class="button button--start" draggable="false" safe>
            {t(started ? 'user.renewal.continue' : 'user.renewal.start')}
          </a>
        </>
      );
    }
    return continuationPage(request, reply, {
      title:
        s.status.status === 'valid'
          ? t('user.renewal.title')
          : t('user.renewal.titleFor', { year: s.sent?.fiscal_year ?? s.status.renewFor }),
      body,
    });
  });

  // Details ------------------------------------------------------------------------

  const detailsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: Open,
    answers: DetailsForm,
    errors: FieldErrors = {},
  ) => {
    const page = pageContext(request);
    const { t } = page;
    const modification = await openRequestOf(db, s.account.application_id, 'modification');
    return continuationPage(request, reply, {
      title: t('user.renewal.details.title'),
      errors,
      back: RENEWAL,
      body: (
        <>
          <p class="body" safe>
            {t('user.renewal.details.intro')}
          </p>
          {modification ? (
            <p class="body">
              <span safe>{t('user.renewal.details.open')}</span>{' '}
              <a href={`/account/requests/${modification.id}`} class="link" safe>
                {t('request.detail.title', { id: modification.id, kind: t('request.kind.modification') })}
              </a>
            </p>
          ) : (
            ''
          )}
          <form method="post" action={`${RENEWAL}/details`} novalidate>
            <CsrfField token={reply.generateCsrf()} />
            {modification ? (
              ''
            ) : (
              <>
                <AffiliationFields page={page} answers={answers} errors={errors} />
                <Textarea
                  name="purpose"
                  label={t('applicant.purpose')}
                  hint={t('user.renewal.details.purposeHint')}
                  value={answers.purpose}
                  error={errors.purpose}
                  rows={6}
                />
              </>
            )}
            <Button label={t('request.form.continue')} />
          </form>
        </>
      ),
    });
  };

  app.get(`${RENEWAL}/details`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    const full = await holder(s.account);
    return detailsPage(request, reply, s, s.draft.details ?? toDetailsForm(detailsOf(full)));
  });

  app.post(`${RENEWAL}/details`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    const full = await holder(s.account);
    // While a Modification is open, the details stay as they are (it changes them).
    const keep = await openRequestOf(db, s.account.application_id, 'modification');
    // A refused field (over the cap) is emptied and asked again; the rest is kept.
    const input = keep ? toDetailsForm(detailsOf(full)) : readForm(detailsForm, request.body);
    const { errors } = checkDetails(input, full, request.t);
    if (Object.keys(errors).length) return detailsPage(request, reply, s, input, errors);
    const draft = { ...s.draft, details: input };
    await save(s, draft);
    return reply.redirect(nextPage(draft), 303);
  });

  // Responsible person -------------------------------------------------------------

  const responsiblePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: Open,
    answer: string | undefined,
    errors: FieldErrors = {},
  ) => {
    const page = pageContext(request);
    const { t } = page;
    const full = await holder(s.account);
    const manager = await openRequestOf(db, s.account.application_id, 'manager');
    const name = responsibleName(full);
    return continuationPage(request, reply, {
      title: t('user.renewal.responsible.title'),
      errors,
      back: `${RENEWAL}/details`,
      body: manager ? (
        <>
          <p class="body">
            <span safe>{t('user.renewal.responsible.open')}</span>{' '}
            <a href={`/account/requests/${manager.id}`} class="link" safe>
              {t('request.detail.title', { id: manager.id, kind: t('request.kind.manager') })}
            </a>
          </p>
          <form method="post" action={`${RENEWAL}/responsible`} novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <input type="hidden" name="answer" value="open" />
            <Button label={t('request.form.continue')} />
          </form>
        </>
      ) : (
        <>
          <SummaryCard
            id="current-responsible"
            title={t('user.renewal.responsible.current')}
            rows={[
              { key: t('user.renewal.responsible.name'), value: name },
              { key: t('responsible.institution'), value: full.responsible.institution ?? '' },
              { key: t('responsible.email'), value: full.responsible.email ?? '' },
            ]}
          />
          <form method="post" action={`${RENEWAL}/responsible`} novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <Radios
              name="answer"
              legend={t('user.renewal.responsible.question', { name })}
              hint={t('user.renewal.responsible.hint')}
              error={errors.answer}
              value={answer}
              options={[
                { value: 'same', label: t('user.renewal.responsible.same') },
                { value: 'new', label: t('user.renewal.responsible.new') },
              ]}
            />
            <Button label={t('request.form.continue')} />
          </form>
        </>
      ),
    });
  };

  app.get(`${RENEWAL}/responsible`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    return responsiblePage(request, reply, s, s.draft.responsible);
  });

  app.post(`${RENEWAL}/responsible`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    const { answer } = readForm(choice, request.body);
    const manager = await openRequestOf(db, s.account.application_id, 'manager');
    const value = manager ? 'open' : answer === 'same' || answer === 'new' ? answer : undefined;
    if (!value)
      return responsiblePage(request, reply, s, undefined, { answer: request.t('user.renewal.responsible.error') });
    const draft: ContinuationDraft = { ...s.draft, responsible: value };
    if (value !== 'new') delete draft.newResponsible;
    await save(s, draft);
    return reply.redirect(value === 'new' ? `${RENEWAL}/responsible/new` : nextPage(draft), 303);
  });

  const newResponsiblePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    answers: z.infer<typeof responsibleForm>,
    errors: FieldErrors = {},
  ) => {
    const page = pageContext(request);
    return continuationPage(request, reply, {
      title: page.t('request.manager.title'),
      errors,
      back: `${RENEWAL}/responsible`,
      body: (
        <NewResponsibleForm
          page={page}
          csrf={reply.generateCsrf()}
          action={`${RENEWAL}/responsible/new`}
          intro={page.t('user.renewal.responsible.newIntro')}
          answers={answers}
          errors={errors}
        />
      ),
    });
  };

  app.get(`${RENEWAL}/responsible/new`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    if (s.draft.responsible !== 'new') return reply.redirect(`${RENEWAL}/responsible`, 303);
    return newResponsiblePage(
      request,
      reply,
      s.draft.newResponsible ?? toResponsibleForm({ same_as_applicant: false, account_unknown: false } as never),
    );
  });

  app.post(`${RENEWAL}/responsible/new`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    const input = readForm(responsibleForm, request.body);
    const { errors } = await checkManager(db, input, await holder(s.account), request.t);
    if (Object.keys(errors).length) return newResponsiblePage(request, reply, input, errors);
    const draft: ContinuationDraft = { ...s.draft, responsible: 'new', newResponsible: input };
    await save(s, draft);
    return reply.redirect(nextPage(draft), 303);
  });

  // Achievements (their own file) ----------------------------------------------------

  await achievementRoutes(app, { open, save });

  // Publication --------------------------------------------------------------------

  const publicationPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    answers: z.infer<typeof publicationForm>,
    errors: FieldErrors = {},
  ) => {
    const { t } = request;
    return continuationPage(request, reply, {
      title: t('user.renewal.publication.title'),
      errors,
      back: `${RENEWAL}/achievements`,
      body: (
        <form method="post" action={`${RENEWAL}/publication`} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <Radios
            name="publication"
            legend={t('user.renewal.publication.question')}
            hint={t('user.renewal.publication.hint')}
            error={errors.publication}
            value={answers.publication}
            options={[
              { value: 'publish', label: t('user.renewal.publication.publish') },
              { value: 'postpone', label: t('user.renewal.publication.postpone') },
            ]}
          />
          <Textarea
            name="postponeReason"
            label={t('user.renewal.publication.reason')}
            hint={t('user.renewal.publication.reasonHint')}
            value={answers.postponeReason}
            error={errors.postponeReason}
            rows={4}
          />
          <Button label={t('request.form.continue')} />
        </form>
      ),
    });
  };

  const checkPublication = (input: z.infer<typeof publicationForm>, t: FastifyRequest['t']) => {
    const errors: FieldErrors = {};
    const publication: PublicationChoice | undefined = isPublicationChoice(input.publication)
      ? input.publication
      : undefined;
    if (!publication) errors.publication = t('user.renewal.publication.error');
    let reason = '';
    if (publication === 'postpone') {
      const r = checkText(input.postponeReason, { max: 2000, multiline: true });
      if (r.ok) reason = r.value;
      else
        errors.postponeReason = t(
          r.code === 'REQUIRED'
            ? 'user.renewal.publication.errorReason'
            : r.code === 'TOO_LONG'
              ? 'user.renewal.error.tooLong'
              : 'form.error.controlCharacters',
          { max: 2000 },
        );
    }
    return { errors, publication, reason };
  };

  app.get(`${RENEWAL}/publication`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    return publicationPage(request, reply, {
      publication: s.draft.publication ?? '',
      postponeReason: s.draft.postponeReason,
    });
  });

  app.post(`${RENEWAL}/publication`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    const input = readForm(publicationForm, request.body);
    const { errors, publication, reason } = checkPublication(input, request.t);
    if (Object.keys(errors).length || !publication) return publicationPage(request, reply, input, errors);
    const draft: ContinuationDraft = { ...s.draft, publication, postponeReason: reason };
    await save(s, draft);
    return reply.redirect(nextPage(draft), 303);
  });

  // Check and send -----------------------------------------------------------------

  /** Everything answered, checked again as it will be sent; errors name the page to mend. */
  const assemble = async (s: Open, t: FastifyRequest['t']) => {
    const d = s.draft;
    const full = await holder(s.account);
    const problems: FieldErrors = {};
    const details = d.details ? checkDetails(d.details, full, t) : undefined;
    let changes: FieldChange[] = details?.changes ?? [];
    if (details && Object.keys(details.errors).length) problems.details = t('user.renewal.check.errorDetails');
    if (changes.length && (await openRequestOf(db, s.account.application_id, 'modification'))) {
      // A Modification opened meanwhile changes the details; this one keeps them.
      changes = [];
    }
    let manager: RequestData | undefined;
    // The open request it was to wait for has been decided since: ask again.
    if (d.responsible === 'open' && !(await openRequestOf(db, s.account.application_id, 'manager')))
      problems.responsible = t('user.renewal.check.errorDecided');
    if (d.responsible === 'new' && d.newResponsible) {
      const checked = await checkManager(db, d.newResponsible, full, t);
      if (Object.keys(checked.errors).length) problems.responsible = t('user.renewal.check.errorResponsible');
      else manager = managerData(full, checked.values);
    }
    const achievements: Achievement[] = [];
    d.achievements.forEach((form, i) => {
      const r = checkAchievement(form, t);
      if (r.ok) achievements.push(r.value);
      else problems[`achievement-${i + 1}`] = t('user.renewal.check.errorAchievement', { n: i + 1 });
    });
    const publication = checkPublication({ publication: d.publication ?? '', postponeReason: d.postponeReason }, t);
    if (Object.keys(publication.errors).length) problems.publication = t('user.renewal.check.errorPublication');
    return { full, changes, manager, achievements, publication, problems };
  };

  const checkPage = async (request: FastifyRequest, reply: FastifyReply, s: Open, extra: FieldErrors = {}) => {
    const page = pageContext(request);
    const { t } = page;
    const a = await assemble(s, t);
    const errors = { ...a.problems, ...extra };
    const d = s.draft;
    const change = (href: string) => ({ href, label: t('check.change') });
    return continuationPage(request, reply, {
      title: t('user.renewal.check.title'),
      errors,
      back: `${RENEWAL}/publication`,
      status: Object.keys(extra).length ? 409 : Object.keys(errors).length ? 400 : 200,
      body: (
        <>
          <section class="summary-card" id="details" aria-labelledby="details-title">
            <div class="summary-card__title-wrapper">
              <h2 class="summary-card__title heading-m" id="details-title" safe>
                {t('user.renewal.details.title')}
              </h2>
              <a href={`${RENEWAL}/details`} class="link summary-card__action">
                <span safe>{t('check.change')}</span>
                <span class="visually-hidden" safe>
                  {` ${t('user.renewal.details.title')}`}
                </span>
              </a>
            </div>
            {a.changes.length ? (
              <ChangesTable page={page} changes={a.changes} caption={t('user.renewal.check.changes')} />
            ) : (
              <p class="body" safe>
                {t('user.renewal.check.noChanges')}
              </p>
            )}
          </section>
          {a.manager ? (
            <div id="responsible">
              <RequestSummary page={page} data={a.manager} />
              <p class="body">
                <a href={`${RENEWAL}/responsible`} class="link" safe>
                  {`${t('check.change')} ${t('user.renewal.responsible.title')}`}
                </a>
              </p>
            </div>
          ) : (
            <SummaryCard
              id="responsible"
              title={t('user.renewal.responsible.title')}
              change={change(`${RENEWAL}/responsible`)}
              rows={[
                {
                  key: t('user.renewal.responsible.name'),
                  value:
                    d.responsible === 'open'
                      ? t('user.renewal.check.openManager')
                      : t('user.renewal.check.sameResponsible', { name: responsibleName(a.full) }),
                },
              ]}
            />
          )}
          <section class="summary-card" id="achievements" aria-labelledby="achievements-title">
            <div class="summary-card__title-wrapper">
              <h2 class="summary-card__title heading-m" id="achievements-title" safe>
                {t('user.renewal.achievements.title', { year: s.status.renewFor - 1 })}
              </h2>
              <a href={`${RENEWAL}/achievements`} class="link summary-card__action">
                <span safe>{t('check.change')}</span>
                <span class="visually-hidden" safe>
                  {` ${t('user.renewal.achievements.title', { year: s.status.renewFor - 1 })}`}
                </span>
              </a>
            </div>
            {a.achievements.length ? (
              a.achievements.map((entry, i) => <AchievementCard page={page} entry={entry} n={i + 1} />)
            ) : (
              <p class="body" safe>
                {t('user.renewal.achievements.none')}
              </p>
            )}
          </section>
          <SummaryCard
            id="publication"
            title={t('user.renewal.publication.title')}
            change={change(`${RENEWAL}/publication`)}
            rows={[
              {
                key: t('user.renewal.publication.question'),
                value: d.publication ? t(`user.renewal.publication.${d.publication}`) : t('check.none'),
              },
              ...(d.publication === 'postpone'
                ? [{ key: t('user.renewal.publication.reason'), value: d.postponeReason }]
                : []),
            ]}
          />
          <p class="body" safe>
            {t(a.manager || d.responsible === 'open' ? 'user.renewal.check.waits' : 'user.renewal.check.renewsNow')}
          </p>
          <form method="post" action={`${RENEWAL}/send`} novalidate>
            <CsrfField token={reply.generateCsrf()} />
            <Button label={t('user.renewal.check.submit')} />
          </form>
        </>
      ),
    });
  };

  app.get(`${RENEWAL}/check`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    const next = nextPage(s.draft);
    if (next !== `${RENEWAL}/check`) return reply.redirect(next, 303);
    return checkPage(request, reply, s);
  });

  app.post(`${RENEWAL}/send`, async (request, reply) => {
    const s = await open(request, reply);
    if (!s) return reply;
    const next = nextPage(s.draft);
    if (next !== `${RENEWAL}/check`) return reply.redirect(next, 303);
    const a = await assemble(s, request.t);
    const publication = a.publication.publication;
    if (Object.keys(a.problems).length || !publication) return checkPage(request, reply, s);
    const fy = s.status.renewFor;
    const outcome = await sendContinuation(useCaseDeps(app), {
      account: s.account,
      fiscalYear: fy,
      lockAt: lockAt(s.calendar(fy)),
      holder: { email: a.full.application.email, lang: a.full.application.lang },
      manager: a.manager,
      changes: a.changes,
      publication,
      postponeReason: a.publication.reason,
      achievements: a.achievements,
      renewalPath: RENEWAL,
    });
    if (!outcome.ok && outcome.problem === 'SENT') return reply.redirect(RENEWAL, 303);
    if (!outcome.ok) return checkPage(request, reply, s, { responsible: request.t('user.renewal.check.errorOpen') });
    return reply.redirect(`${RENEWAL}?sent=1`, 303);
  });
}
