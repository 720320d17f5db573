// The holder's Continuation (年度末アカウント更新) at /account/renewal: where the
// account stands for the renewal calendar, then one question group per page — the
// details (affiliation, purpose), the responsible person, the achievements
// (continuation-achievements.tsx), publication or its postponement — a check page,
// and sending. Sent with the same responsible person it renews at once; with a new one
// it waits for that person's Manager Modification. Answers are kept between pages
// (renewal_draft). A holder locked for not renewing reaches these pages and no other.
// The pages are in continuation-views.tsx.

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
import { lockAt, renewalStatus } from '../../domain/fiscal-calendar.js';
import { formatPhone } from '../../domain/phone.js';
import { isPublicationChoice, type PublicationChoice } from '../../domain/renewal.js';
import { checkText, normaliseText, purposeOfUseRule, visibleLength } from '../../domain/text.js';
import { sendContinuation } from '../../services/continuation.js';
import { checkAffiliationAnswers } from '../apply/affiliation-step.js';
import { responsibleForm, toResponsibleForm } from '../apply/responsible-step.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { useCaseDeps } from '../use-case-deps.js';
import type { FieldErrors } from '../views/components/form.js';
import { achievementRoutes } from './continuation-achievements.js';
import {
  type ContinuationDraft,
  checkAchievement,
  type DetailsForm,
  detailsForm,
  nextPage,
  parseDraft,
  RENEWAL,
} from './continuation-draft.js';
import { frameOf, type Open, type Standing } from './continuation-frame.js';
import {
  CheckPage,
  DetailsPage,
  NewResponsiblePage,
  PublicationPage,
  ResponsiblePage,
  StartPage,
} from './continuation-views.js';
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
  phone: formatPhone(d.phone, d.country),
  extension: d.phone_extension ?? '',
});

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
    const sentNow = (request.query as Record<string, unknown>)?.sent === '1';
    return sendHtml(reply, <StartPage {...frameOf(request, reply)} standing={s} sentNow={sentNow} />);
  });

  // Details ------------------------------------------------------------------------

  const detailsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: Open,
    answers: DetailsForm,
    errors: FieldErrors = {},
  ) => {
    const modification = await openRequestOf(db, s.account.application_id, 'modification');
    return sendHtml(
      reply,
      <DetailsPage {...frameOf(request, reply)} answers={answers} errors={errors} modification={modification} />,
      Object.keys(errors).length ? 400 : 200,
    );
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
    const full = await holder(s.account);
    const manager = await openRequestOf(db, s.account.application_id, 'manager');
    return sendHtml(
      reply,
      <ResponsiblePage
        {...frameOf(request, reply)}
        answer={answer}
        errors={errors}
        manager={manager}
        responsible={full.responsible}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
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
  ) =>
    sendHtml(
      reply,
      <NewResponsiblePage {...frameOf(request, reply)} answers={answers} errors={errors} />,
      Object.keys(errors).length ? 400 : 200,
    );

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
  ) =>
    sendHtml(
      reply,
      <PublicationPage {...frameOf(request, reply)} answers={answers} errors={errors} />,
      Object.keys(errors).length ? 400 : 200,
    );

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
    const a = await assemble(s, request.t);
    const errors = { ...a.problems, ...extra };
    return sendHtml(
      reply,
      <CheckPage
        {...frameOf(request, reply)}
        errors={errors}
        draft={s.draft}
        renewFor={s.status.renewFor}
        changes={a.changes}
        manager={a.manager}
        responsible={a.full.responsible}
        achievements={a.achievements}
      />,
      Object.keys(extra).length ? 409 : Object.keys(errors).length ? 400 : 200,
    );
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
