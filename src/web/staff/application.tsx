// One application for staff (GET /staff/applications/:id): every answer grouped as
// on the form, the SSH key's fingerprint, the eligibility answers marked when they
// need screening, the history with internal comments, the assignment, and only the
// actions the state and the staff member's role allow. Each action names the
// version of the application it was taken on: when another staff member acted in
// between, it is refused with 409 and the page as it is now.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FullApplication, getFullApplication } from '../../db/applications.js';
import { latestInformationRequest } from '../../db/information-requests.js';
import { pledgeDocument, pledgeDocumentIds, pledgesOf } from '../../db/pledges.js';
import { latestScreening, staffNames, type TimelineItem, timeline } from '../../db/review.js';
import type { Staff } from '../../db/schema-staff.js';
import { type ApplicationState, screeningChecklist } from '../../domain/application-state.js';
import { questionSteps } from '../../domain/application-steps.js';
import { formatCentreTime } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { isRejectionReason, rejectionReasons } from '../../domain/rejection-reasons.js';
import { can } from '../../domain/staff.js';
import { checkText } from '../../domain/text.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { pledgeFileName } from '../../jobs/handlers/pledge-document.js';
import { pledgesNeeded } from '../../jobs/handlers/review.js';
import { decideApplication, decisionTargets } from '../../services/decisions.js';
import { AppError } from '../../services/errors.js';
import { sendPledges } from '../../services/pledges.js';
import {
  assignReviewer,
  type Caller,
  commentOnApplication,
  recordScreeningDecision,
  requestInformation,
} from '../../services/review.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import { answerSections } from '../views/application-answers.js';
import {
  Button,
  Checkbox,
  ErrorSummary,
  type FieldErrors,
  Radios,
  Select,
  Textarea,
} from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import { errorTitle, type PageContext, pageContext } from '../views/page.js';
import { sendAttachment } from './attachment.js';
import {
  type GroupChoice,
  GroupField,
  groupChoice,
  ProvisioningSection,
  type ProvisioningView,
  provisioningView,
} from './provisioning.js';
import { StaffLayout } from './views.js';

const stateName = (t: Translate, s: ApplicationState) => t(`staff.state.${s}` as MessageKey);

interface DetailProps {
  page: PageContext;
  staff: Staff;
  csrf: string;
  full: FullApplication;
  items: TimelineItem[];
  names: Map<number, string>;
  pledges: Awaited<ReturnType<typeof pledgesOf>>;
  /** Ids of the pledges whose PDF copy is kept. */
  documents: Set<number>;
  errors: FieldErrors;
  /** What was typed in the forms, kept on an error. */
  typed: {
    comment?: string;
    decision?: string;
    template?: string;
    reason?: string;
    checks?: string[];
    steps?: string[];
    message?: string;
    cleared?: string;
    screeningReason?: string;
    group?: string;
  };
  /** The latest screening decision. */
  screening: Awaited<ReturnType<typeof latestScreening>>;
  /** The latest request for information. */
  asked: Awaited<ReturnType<typeof latestInformationRequest>>;
  /** The group to confirm at approval, while approval is possible. */
  group: GroupChoice | undefined;
  provisioning: ProvisioningView;
}

function actorName(t: Translate, actor: string, names: Map<number, string>): string {
  if (actor === 'applicant') return t('staff.timeline.applicant');
  if (actor.startsWith('staff:')) return names.get(Number(actor.slice(6))) ?? actor;
  return t('staff.timeline.system');
}

/** The latest request for information (with what the applicant changed) and the form to ask. */
function InformationSection(props: DetailProps) {
  const { page, staff, full, asked, errors, typed } = props;
  const { t, lang } = page;
  const a = full.application;
  const canAsk = can(staff.role, 'applications.requestInformation') && a.state === 'submitted';
  if (!asked && !canAsk) return '';
  return (
    <>
      <h2 class="heading-m" id="information" safe>
        {t('staff.information.heading')}
      </h2>
      {asked ? (
        <div class="inset-text">
          <p class="body" safe>
            {t('staff.information.asked', {
              when: formatCentreTime(asked.created_at, lang),
              steps: asked.steps.map((s) => t(`applyTask.step.${s}` as MessageKey)).join(', '),
            })}
          </p>
          <p class="body pre-line" safe>
            {asked.message}
          </p>
          {asked.answered_at ? (
            <>
              <p class="body" safe>
                {t('staff.information.answered', { when: formatCentreTime(asked.answered_at, lang) })}
              </p>
              {asked.changes && asked.changes.length > 0 ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col" safe>
                        {t('staff.information.field')}
                      </th>
                      <th scope="col" safe>
                        {t('staff.information.before')}
                      </th>
                      <th scope="col" safe>
                        {t('staff.information.after')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {asked.changes.map((c) => (
                      <tr>
                        <td safe>{c.field}</td>
                        <td class="diff-before" safe>
                          {c.before ?? ''}
                        </td>
                        <td class="diff-after" safe>
                          {c.after ?? ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p class="body" safe>
                  {t('staff.information.unchanged')}
                </p>
              )}
            </>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      {canAsk ? (
        <form method="post" action={`/staff/applications/${a.id}/request-information`} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(a.version)} />
          <Textarea
            name="message"
            label={t('staff.information.message')}
            value={typed.message ?? ''}
            error={errors.message}
            rows={4}
          />
          <fieldset class="fieldset">
            <legend class="fieldset__legend" safe>
              {t('staff.information.steps')}
            </legend>
            {errors.steps ? (
              <p id="steps-error" class="error-message" safe>
                {errors.steps}
              </p>
            ) : (
              ''
            )}
            {questionSteps.map((step, i) => (
              <Checkbox
                name={i === 0 ? 'steps' : `steps_${step}`}
                label={t(`applyTask.step.${step}` as MessageKey)}
                checked={typed.steps?.includes(step) ?? false}
              />
            ))}
          </fieldset>
          <Button label={t('staff.information.submit')} />
        </form>
      ) : (
        ''
      )}
    </>
  );
}

/** The export-control screening: the reviewer's checklist, decision and reason. */
function ScreeningSection(props: DetailProps) {
  const { page, staff, full, errors, typed } = props;
  const { t } = page;
  const a = full.application;
  if (a.state !== 'screening' || !can(staff.role, 'screening.decide')) return '';
  return (
    <form method="post" action={`/staff/applications/${a.id}/screening`} novalidate>
      <h2 class="heading-m" id="screening" safe>
        {t('staff.screening.heading')}
      </h2>
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={String(a.version)} />
      <p class="body hint" safe>
        {t('staff.screening.checklistHint')}
      </p>
      {screeningChecklist.map((item) => (
        <Checkbox
          name={`check_${item}`}
          label={t(`staff.screening.check.${item}` as MessageKey)}
          checked={typed.checks?.includes(item) ?? false}
        />
      ))}
      <Radios
        name="cleared"
        legend={t('staff.screening.legend')}
        value={typed.cleared}
        error={errors.cleared}
        inline
        options={[
          { value: 'yes', label: t('staff.screening.cleared') },
          { value: 'no', label: t('staff.screening.notCleared') },
        ]}
      />
      <Textarea
        name="screeningReason"
        label={t('staff.screening.reason')}
        value={typed.screeningReason ?? ''}
        error={errors.screeningReason}
        rows={3}
      />
      <Button label={t('staff.screening.submit')} />
    </form>
  );
}

/** The pledges sent and signed (with their kept PDF copies), and the form to send (or send again) while the application waits. */
function PledgeSection(props: DetailProps) {
  const { page, staff, full, pledges } = props;
  const { t, lang } = page;
  const a = full.application;
  const canSend = can(staff.role, 'pledge.send') && (a.state === 'submitted' || a.state === 'pledge_sent');
  if (pledges.length === 0 && !canSend) return '';
  const needed = pledgesNeeded(full);
  return (
    <>
      <h2 class="heading-m" id="pledge" safe>
        {t('staff.pledge.heading')}
      </h2>
      {needed.includes('applicant') ? (
        <p class="body" safe>
          {t('staff.pledge.applicantToo')}
        </p>
      ) : (
        ''
      )}
      {pledges.map((p) => (
        <p class="body">
          <strong safe>{t(`staff.pledge.kind.${p.kind}` as MessageKey)}</strong>
          {': '}
          <span safe>
            {p.signed_at
              ? t('staff.pledge.signed', {
                  name: p.signer_name ?? '',
                  when: formatCentreTime(p.signed_at, lang),
                  version: p.text_version ?? '',
                  digest: (p.text_sha256 ?? '').slice(0, 16),
                })
              : t('staff.pledge.sent', {
                  email: p.email,
                  when: formatCentreTime(p.sent_at, lang),
                  until: formatCentreTime(p.expires_at, lang),
                })}
          </span>
          {props.documents.has(p.id) ? (
            <>
              {' '}
              <a href={`/staff/applications/${a.id}/pledges/${p.id}.pdf`} class="link" safe>
                {t('staff.pledge.pdf')}
              </a>
            </>
          ) : (
            ''
          )}
        </p>
      ))}
      {canSend ? (
        <form method="post" action={`/staff/applications/${a.id}/pledge`}>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(a.version)} />
          <Button label={a.state === 'pledge_sent' ? t('staff.pledge.resend') : t('staff.pledge.send')} />
        </form>
      ) : (
        ''
      )}
    </>
  );
}

function DetailPage(props: DetailProps) {
  const { page, staff, full, errors, typed, names } = props;
  const { t, lang } = page;
  const a = full.application;
  const version = String(a.version);
  const targets = decisionTargets(a.state, a.needs_screening, props.screening?.cleared === true);
  const canDecide = can(staff.role, 'applications.decide') && targets.length > 0;
  const name = `${a.reference ?? ''} ${personName(full.applicant)}`.trim();
  const title = errorTitle(page, name, errors);
  return (
    <StaffLayout page={page} staff={staff} csrf={props.csrf} title={title}>
      <a href="/staff/applications" class="back-link" safe>
        {t('staff.detail.back')}
      </a>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <span class="caption" safe>
        {a.reference ?? ''}
      </span>
      <h1 class="heading-l" safe>
        {personName(full.applicant)}
      </h1>
      <p class="body">
        <strong class="tag" safe>
          {t('staff.detail.state', { state: stateName(t, a.state) })}
        </strong>{' '}
        {a.submitted_at ? (
          <span safe>{t('staff.detail.submitted', { when: formatCentreTime(a.submitted_at, lang) })}</span>
        ) : (
          ''
        )}
      </p>
      {a.needs_screening ? (
        <div class="warning-text">
          <p class="body" safe>
            {t('staff.detail.screening')}
          </p>
        </div>
      ) : (
        ''
      )}
      {a.email_special_reason ? (
        <p class="body" safe>
          {t('staff.detail.specialEmail', { reason: a.email_special_reason })}
        </p>
      ) : (
        ''
      )}

      {can(staff.role, 'applications.assign') ? (
        <form method="post" action={`/staff/applications/${a.id}/assign`} class="inline-form">
          <CsrfField token={props.csrf} />
          <Select
            name="staff"
            label={t('staff.detail.assigned')}
            placeholder={t('staff.detail.nobody')}
            options={[...names].map(([id, name]) => ({ value: String(id), label: name }))}
            value={a.assigned_to === null ? '' : String(a.assigned_to)}
          />
          <Button label={t('staff.detail.assign')} />
        </form>
      ) : (
        ''
      )}

      {answerSections(full, page).map(({ step, rows }) => (
        <SummaryCard
          id={step}
          title={t(`applyTask.step.${step}` as MessageKey)}
          rows={rows}
          {...(step === 'eligibility' && a.needs_screening ? { highlight: true } : {})}
        />
      ))}

      <InformationSection {...props} />
      <PledgeSection {...props} />
      <ProvisioningSection
        page={page}
        staff={staff}
        csrf={props.csrf}
        applicationId={a.id}
        state={a.state}
        view={props.provisioning}
      />
      <ScreeningSection {...props} />

      <h2 class="heading-m" safe>
        {t('staff.timeline.heading')}
      </h2>
      <ol class="timeline">
        {props.items.map((item) =>
          item.kind === 'move' ? (
            <li class="timeline__item">
              <span class="timeline__when" safe>
                {formatCentreTime(item.at, lang)}
              </span>
              <span safe>
                {item.from
                  ? t('staff.timeline.move', { from: stateName(t, item.from), to: stateName(t, item.to) })
                  : t('staff.timeline.created')}
              </span>{' '}
              <span class="hint" safe>
                {t('staff.timeline.by', { actor: actorName(t, item.actor, names) })}
              </span>
              {item.note ? (
                <p class="timeline__note" safe>
                  {item.note}
                </p>
              ) : (
                ''
              )}
            </li>
          ) : (
            <li class="timeline__item timeline__item--comment">
              <span class="timeline__when" safe>
                {formatCentreTime(item.at, lang)}
              </span>
              <span safe>
                {item.kind === 'screening'
                  ? `${t(item.cleared ? 'staff.screening.cleared' : 'staff.screening.notCleared')} – ${item.staffName}`
                  : item.staffName}
              </span>
              <p class="timeline__note" safe>
                {item.kind === 'screening' ? item.reason : item.body}
              </p>
            </li>
          ),
        )}
      </ol>

      {can(staff.role, 'applications.comment') ? (
        <form method="post" action={`/staff/applications/${a.id}/comment`} novalidate>
          <CsrfField token={props.csrf} />
          <Textarea
            name="comment"
            label={t('staff.comment.label')}
            value={typed.comment ?? ''}
            error={errors.comment}
            rows={3}
          />
          <Button label={t('staff.comment.submit')} />
        </form>
      ) : (
        ''
      )}

      {canDecide ? (
        <form method="post" action={`/staff/applications/${a.id}/decision`} novalidate>
          <h2 class="heading-m" safe>
            {t('staff.decision.heading')}
          </h2>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={version} />
          <Radios
            name="decision"
            legend={t('staff.decision.legend')}
            value={typed.decision}
            error={errors.decision}
            options={targets.map((to) => ({
              value: to,
              label: to === 'approved' ? t('staff.decision.approve') : t('staff.decision.reject'),
            }))}
          />
          {props.group && targets.includes('approved') ? (
            <GroupField page={page} choice={props.group} value={typed.group} error={errors.group} />
          ) : (
            ''
          )}
          <Select
            name="template"
            label={t('staff.decision.template')}
            placeholder={t('staff.decision.noTemplate')}
            options={Object.entries(rejectionReasons).map(([key, text]) => ({
              value: key,
              label: page.lang === 'ja' ? text.ja : text.en,
            }))}
            value={typed.template ?? ''}
          />
          <Textarea
            name="reason"
            label={t('staff.decision.reason')}
            value={typed.reason ?? ''}
            error={errors.reason}
            rows={3}
          />
          <Button label={t('staff.decision.submit')} />
        </form>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});
const commentForm = z.object({ comment: z.string().max(20_000).default('') });
const assignForm = z.object({ staff: z.string().max(20).default('') });
const versionForm = z.object({ version: z.coerce.number().int().nonnegative().default(-1) });
const informationForm = z.object({
  version: z.coerce.number().int().nonnegative().default(-1),
  message: z.string().max(20_000).default(''),
});
const screeningForm = z.object({
  version: z.coerce.number().int().nonnegative().default(-1),
  cleared: z.string().max(10).default(''),
  screeningReason: z.string().max(20_000).default(''),
});
const decisionForm = z.object({
  version: z.coerce.number().int().nonnegative().default(-1),
  decision: z.string().max(40).default(''),
  template: z.string().max(40).default(''),
  reason: z.string().max(20_000).default(''),
  group: z.string().max(100).default(''),
});

export async function applicationDetailRoutes(app: FastifyInstance) {
  const { database, outbox } = app.deps;
  const db = database.db;
  // What the review use cases (decisions, pledges) need, the same for every request.
  const review = {
    db,
    outbox,
    baseUrl: app.deps.config.baseUrl,
    reviewResponseDays: app.deps.config.reviewResponseDays,
    pokeJobs: app.deps.pokeJobs,
  };
  /** The signed-in staff member, as the use cases name who acts. */
  const asCaller = (request: FastifyRequest): Caller => {
    const staff = request.staff as Staff;
    return { actor: `staff:${staff.id}`, staffId: staff.id };
  };

  const load = async (request: FastifyRequest) => {
    const parsed = idParam.safeParse(request.params);
    const full = parsed.success ? await getFullApplication(db, parsed.data.id) : undefined;
    if (!full || full.application.state === 'draft') throw new AppError('NOT_FOUND');
    return full;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    full: FullApplication,
    errors: FieldErrors = {},
    typed: DetailProps['typed'] = {},
    status = 200,
  ) => {
    const staff = request.staff as Staff;
    const approvable =
      can(staff.role, 'applications.decide') &&
      (full.application.state === 'pledge_signed' || full.application.state === 'screening');
    const [items, names, pledges, documents, screening, asked, group, provisioning] = await Promise.all([
      timeline(db, full.application.id),
      staffNames(db),
      pledgesOf(db, full.application.id),
      pledgeDocumentIds(db, full.application.id),
      latestScreening(db, full.application.id),
      latestInformationRequest(db, full.application.id),
      approvable ? groupChoice(app, full) : undefined,
      provisioningView(app, full.application.id),
    ]);
    return sendHtml(
      reply,
      <DetailPage
        page={pageContext(request)}
        staff={staff}
        csrf={reply.generateCsrf()}
        full={full}
        items={items}
        names={names}
        pledges={pledges}
        documents={documents}
        screening={screening}
        asked={asked}
        group={group}
        provisioning={provisioning}
        errors={errors}
        typed={typed}
      />,
      status,
    );
  };

  /** Another staff member acted first: the page as it is now, with the news at `field`. */
  const changed = async (request: FastifyRequest, reply: FastifyReply, field: string, typed: DetailProps['typed']) => {
    const now = await load(request);
    const message = request.t('staff.changed', { state: stateName(request.t, now.application.state) });
    return show(request, reply, now, { [field]: message }, typed, 409);
  };

  app.get('/staff/applications/:id', async (request, reply) => show(request, reply, await load(request)));

  /** The kept PDF copy of a signed pledge of this application. */
  app.get('/staff/applications/:id/pledges/:pledge', async (request, reply) => {
    const full = await load(request);
    const match = /^(\d{1,9})\.pdf$/.exec(String((request.params as { pledge?: unknown }).pledge ?? ''));
    const pledge = match
      ? (await pledgesOf(db, full.application.id)).find((p) => p.id === Number(match[1]))
      : undefined;
    const document = pledge ? await pledgeDocument(db, pledge.id) : undefined;
    if (!pledge || !document) throw new AppError('NOT_FOUND');
    const filename = pledgeFileName(full.application.reference, pledge.kind);
    return sendAttachment(reply, 'application/pdf', filename, Buffer.from(document.pdf));
  });

  app.post('/staff/applications/:id/comment', async (request, reply) => {
    const full = await load(request);
    const raw = readForm(commentForm, request.body).comment;
    const outcome = await commentOnApplication(review, asCaller(request), full.application.id, { comment: raw });
    if (!outcome.ok) {
      const problem = outcome.problem === 'INVALID' ? outcome.fields.comment : undefined;
      if (!problem) throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_REQUEST');
      const message =
        problem === 'required' ? request.t('staff.comment.error.required') : request.t('staff.comment.error.tooLong');
      return show(request, reply, full, { comment: message }, { comment: raw }, 400);
    }
    return reply.redirect(`/staff/applications/${full.application.id}`, 303);
  });

  app.post('/staff/applications/:id/assign', async (request, reply) => {
    const full = await load(request);
    const chosen = readForm(assignForm, request.body).staff;
    const to = /^\d{1,9}$/.test(chosen) ? Number(chosen) : null;
    if (chosen && to === null) throw new AppError('BAD_REQUEST');
    const outcome = await assignReviewer(review, asCaller(request), full.application.id, { staff: to });
    if (!outcome.ok) throw new AppError(outcome.problem === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_REQUEST');
    return reply.redirect(`/staff/applications/${full.application.id}`, 303);
  });

  app.post('/staff/applications/:id/pledge', async (request, reply) => {
    const full = await load(request);
    const staff = request.staff as Staff;
    const t = request.t;
    const a = full.application;
    const { version } = readForm(versionForm, request.body);
    const outcome = await sendPledges(review, `staff:${staff.id}`, a.id, version);
    if (outcome.ok) return reply.redirect(`/staff/applications/${a.id}`, 303);
    switch (outcome.problem) {
      case 'NOT_FOUND':
        throw new AppError('NOT_FOUND');
      case 'NO_PLEDGE':
        throw new AppError('BAD_REQUEST');
      case 'NOT_ALLOWED':
        return show(request, reply, full, { pledge: t('staff.notAllowed', { state: stateName(t, a.state) }) }, {}, 409);
      case 'CHANGED':
        return changed(request, reply, 'pledge', {});
    }
  });

  app.post('/staff/applications/:id/request-information', async (request, reply) => {
    const full = await load(request);
    const t = request.t;
    const a = full.application;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = readForm(informationForm, body);
    const steps = questionSteps.filter((step, i) => body[i === 0 ? 'steps' : `steps_${step}`] === 'yes');
    const typed = { message: input.message, steps };
    if (input.version !== a.version) return changed(request, reply, 'information', typed);
    const outcome = await requestInformation(review, asCaller(request), a.id, {
      version: input.version,
      message: input.message,
      steps,
    });
    if (outcome.ok) return reply.redirect(`/staff/applications/${a.id}`, 303);
    switch (outcome.problem) {
      case 'INVALID': {
        const errors: FieldErrors = {};
        if (outcome.fields.message) errors.message = t('staff.information.error.message');
        if (outcome.fields.steps) errors.steps = t('staff.information.error.steps');
        return show(request, reply, full, errors, typed, 400);
      }
      case 'CHANGED':
      case 'NOT_ALLOWED':
        return changed(request, reply, 'information', typed);
      default:
        throw new AppError('NOT_FOUND');
    }
  });

  app.post('/staff/applications/:id/screening', async (request, reply) => {
    const full = await load(request);
    const t = request.t;
    const a = full.application;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = readForm(screeningForm, body);
    const checks = screeningChecklist.filter((c) => body[`check_${c}`] === 'yes');
    const typed = { checks, cleared: input.cleared, screeningReason: input.screeningReason };
    if (input.version !== a.version) return changed(request, reply, 'screening', typed);
    const notAllowed = () =>
      show(request, reply, full, { screening: t('staff.notAllowed', { state: stateName(t, a.state) }) }, typed, 409);
    if (a.state !== 'screening') return notAllowed();
    const cleared = input.cleared === 'yes' ? true : input.cleared === 'no' ? false : undefined;
    const errors: FieldErrors = {};
    const reasonError = () => (errors.screeningReason = t('staff.screening.error.reason'));
    if (cleared === undefined) {
      // Nothing is recorded without the choice; the reason is checked too, to say everything at once.
      errors.cleared = t('staff.screening.error.choose');
      if (!checkText(input.screeningReason, { max: 4000, multiline: true }).ok) reasonError();
      return show(request, reply, full, errors, typed, 400);
    }
    const outcome = await recordScreeningDecision(review, asCaller(request), a.id, {
      version: input.version,
      cleared,
      checklist: checks,
      reason: input.screeningReason,
    });
    if (outcome.ok) return reply.redirect(`/staff/applications/${a.id}`, 303);
    if (outcome.problem === 'CHANGED') return changed(request, reply, 'screening', typed);
    if (outcome.problem === 'NOT_ALLOWED') return notAllowed();
    if (outcome.problem !== 'INVALID') throw new AppError('NOT_FOUND');
    if (outcome.fields.cleared) errors.cleared = t('staff.screening.error.checklist');
    if (outcome.fields.reason) reasonError();
    return show(request, reply, full, errors, typed, 400);
  });

  app.post('/staff/applications/:id/decision', async (request, reply) => {
    const full = await load(request);
    const staff = request.staff as Staff;
    const t = request.t;
    const input = readForm(decisionForm, request.body);
    const typed = { decision: input.decision, reason: input.reason, template: input.template, group: input.group };
    const a = full.application;
    if (input.version !== a.version) return changed(request, reply, 'decision', typed);
    const to = input.decision === 'approved' || input.decision === 'rejected' ? input.decision : undefined;
    if (!to) return show(request, reply, full, { decision: t('staff.decision.error.choose') }, typed, 400);
    const outcome = await decideApplication(review, `staff:${staff.id}`, a.id, {
      version: input.version,
      decision: to,
      ...(isRejectionReason(input.template) && to === 'rejected' ? { template: input.template } : {}),
      reason: input.reason,
      group: input.group,
    });
    if (outcome.ok) return reply.redirect(`/staff/applications/${a.id}`, 303);
    switch (outcome.problem) {
      case 'NOT_FOUND':
        throw new AppError('NOT_FOUND');
      case 'CHANGED':
        return changed(request, reply, 'decision', typed);
      case 'REASON':
        return show(request, reply, full, { reason: t('staff.decision.error.reason') }, typed, 400);
      case 'GROUP':
        return show(request, reply, full, { group: t('staff.decision.error.group') }, typed, 400);
      case 'NOT_ALLOWED':
        return show(
          request,
          reply,
          full,
          { decision: t('staff.notAllowed', { state: stateName(t, a.state) }) },
          typed,
          409,
        );
      case 'NAME_TAKEN':
        return show(
          request,
          reply,
          full,
          { decision: t('staff.decision.error.nameTaken', { name: outcome.name ?? '' }) },
          typed,
          409,
        );
    }
  });
}
