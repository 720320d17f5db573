// The pages of the holder's Continuation (routes in continuation.tsx): the start page
// (where the account stands for the renewal calendar), the details, the responsible
// person (the same, a new one, or the Manager Modification already open), publication
// or its postponement, and the check page with everything as it will be sent. The
// achievements' pages are in continuation-achievements-views.tsx.
import type { z } from 'zod';
import type { AccountRequest } from '../../db/account-requests.js';
import type { FullApplication } from '../../db/applications.js';
import type { Renewal } from '../../db/renewal.js';
import type { Account } from '../../db/user-accounts.js';
import type { FieldChange, RequestData } from '../../domain/account-request.js';
import type { Achievement } from '../../domain/achievement.js';
import { type CalendarLookup, renewalOpensAt } from '../../domain/fiscal-calendar.js';
import { formatCentreDate } from '../../domain/notices.js';
import { personName } from '../../domain/person-name.js';
import { AffiliationFields } from '../apply/affiliation-step.js';
import type { responsibleForm } from '../apply/responsible-step.js';
import { Banner } from '../views/components/banner.js';
import { Button, type FieldErrors, Radios, Textarea } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { ChangesTable, RequestSummary } from '../views/request-summary.js';
import { AchievementCard } from './continuation-achievements-views.js';
import { type ContinuationDraft, type DetailsForm, nextPage, RENEWAL } from './continuation-draft.js';
import { ContinuationLayout, type Frame, type Open, type Standing } from './continuation-frame.js';
import { NewResponsibleForm } from './request-form-views.js';

/** The publication page's answers, as typed. */
export interface PublicationAnswers {
  publication: string;
  postponeReason: string;
}

type Responsible = FullApplication['responsible'];

/** An open request the page links to. */
type OpenRequest = Pick<AccountRequest, 'id'>;

const responsibleName = (r: Responsible, lang: 'ja' | 'en') => personName(r, lang) || r.email || '';

// The start page -----------------------------------------------------------------

/** Renewed for the year: through when, and when the next renewal opens (or that the lock is being lifted). */
function Renewed(props: {
  page: PageContext;
  account: Account;
  calendar: CalendarLookup;
  renewalOnly: boolean;
  sentNow: boolean;
}) {
  const { t, lang } = props.page;
  const through = props.account.valid_through ?? 0;
  return (
    <>
      <Banner text={props.sentNow ? t('user.renewal.sent.renewed', { year: through }) : undefined} />
      <p class="body" safe>
        {t('user.renewal.valid', { year: through, end: through + 1 })}
      </p>
      {props.renewalOnly ? (
        <p class="body" safe>
          {t('user.renewal.unlocking')}
        </p>
      ) : (
        <p class="body" safe>
          {t('user.renewal.nextOpens', {
            year: through + 1,
            date: formatCentreDate(renewalOpensAt(props.calendar(through + 1)), lang),
          })}
        </p>
      )}
    </>
  );
}

/** Sent and waiting for staff, with the Manager Modification it waits for. */
function Waiting(props: { page: PageContext; sent: Renewal; sentNow: boolean }) {
  const { t } = props.page;
  const { sent } = props;
  return (
    <>
      <Banner text={props.sentNow ? t('user.renewal.sent.review') : undefined} />
      <p class="body" safe>
        {t('user.renewal.review', { year: sent.fiscal_year })}
      </p>
      {sent.data.managerRequestId ? (
        <p class="body">
          <a href={`/account/requests/${sent.data.managerRequestId}`} class="link" safe>
            {t('request.detail.title', {
              id: sent.data.managerRequestId,
              kind: t('request.kind.manager'),
            })}
          </a>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

/** Due (or locked for not renewing): by when, what is needed, and Start (or Continue). */
function ToDo(props: { page: PageContext; account: Account; status: Open['status']; draft: ContinuationDraft }) {
  const { t, lang } = props.page;
  const { status, renewFor } = props.status;
  const started = Boolean(props.draft.details);
  return (
    <>
      {status === 'due' ? (
        <p class="body" safe>
          {t('user.renewal.due', {
            year: renewFor,
            date: formatCentreDate(props.status.lockAt, lang),
          })}
        </p>
      ) : (
        <>
          <p class="body" safe>
            {t('user.locked.not_renewed', { account: props.account.uid })}
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
      <a href={nextPage(props.draft)} class="button button--start" draggable="false" safe>
        {t(started ? 'user.renewal.continue' : 'user.renewal.start')}
      </a>
    </>
  );
}

/** Where the account stands: renewed (and when the next opens), sent and waiting, or what is needed and Start. */
export function StartPage(
  props: Frame & {
    standing: Standing;
    /** Just sent: said in a banner. */
    sentNow: boolean;
  },
) {
  const { page, standing: s, sentNow } = props;
  const { t } = page;
  return (
    <ContinuationLayout
      frame={props}
      title={
        s.status.status === 'valid'
          ? t('user.renewal.title')
          : t('user.renewal.titleFor', { year: s.sent?.fiscal_year ?? s.status.renewFor })
      }
    >
      {s.status.status === 'valid' ? (
        <Renewed
          page={page}
          account={s.account}
          calendar={s.calendar}
          renewalOnly={props.renewalOnly}
          sentNow={sentNow}
        />
      ) : s.sent ? (
        <Waiting page={page} sent={s.sent} sentNow={sentNow} />
      ) : (
        <ToDo page={page} account={s.account} status={s.status} draft={s.draft} />
      )}
    </ContinuationLayout>
  );
}

// Details ------------------------------------------------------------------------

/** The details a Continuation may change; while a Modification is open, only a link to it. */
export function DetailsPage(
  props: Frame & { answers: DetailsForm; errors: FieldErrors; modification: OpenRequest | undefined },
) {
  const { page, answers, errors, modification } = props;
  const { t } = page;
  return (
    <ContinuationLayout frame={props} title={t('user.renewal.details.title')} errors={errors} back={RENEWAL}>
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
        <CsrfField token={props.csrf} />
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
    </ContinuationLayout>
  );
}

// Responsible person -------------------------------------------------------------

/** The same responsible person or a new one; while a Manager Modification is open, a link to it. */
export function ResponsiblePage(
  props: Frame & {
    answer: string | undefined;
    errors: FieldErrors;
    manager: OpenRequest | undefined;
    responsible: Responsible;
  },
) {
  const { page, answer, errors, manager, responsible } = props;
  const { t } = page;
  const name = responsibleName(responsible, page.lang);
  return (
    <ContinuationLayout
      frame={props}
      title={t('user.renewal.responsible.title')}
      errors={errors}
      back={`${RENEWAL}/details`}
    >
      {manager ? (
        <>
          <p class="body">
            <span safe>{t('user.renewal.responsible.open')}</span>{' '}
            <a href={`/account/requests/${manager.id}`} class="link" safe>
              {t('request.detail.title', { id: manager.id, kind: t('request.kind.manager') })}
            </a>
          </p>
          <form method="post" action={`${RENEWAL}/responsible`} novalidate>
            <CsrfField token={props.csrf} />
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
              { key: t('responsible.institution'), value: responsible.institution ?? '' },
              { key: t('responsible.email'), value: responsible.email ?? '' },
            ]}
          />
          <form method="post" action={`${RENEWAL}/responsible`} novalidate>
            <CsrfField token={props.csrf} />
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
      )}
    </ContinuationLayout>
  );
}

/** The questions about the new responsible person. */
export function NewResponsiblePage(props: Frame & { answers: z.infer<typeof responsibleForm>; errors: FieldErrors }) {
  const { page, answers, errors } = props;
  return (
    <ContinuationLayout
      frame={props}
      title={page.t('request.manager.title')}
      errors={errors}
      back={`${RENEWAL}/responsible`}
    >
      <NewResponsibleForm
        page={page}
        csrf={props.csrf}
        action={`${RENEWAL}/responsible/new`}
        intro={page.t('user.renewal.responsible.newIntro')}
        answers={answers}
        errors={errors}
      />
    </ContinuationLayout>
  );
}

// Publication --------------------------------------------------------------------

/** Publish the achievements or postpone, with the reason. */
export function PublicationPage(props: Frame & { answers: PublicationAnswers; errors: FieldErrors }) {
  const { page, answers, errors } = props;
  const { t } = page;
  return (
    <ContinuationLayout
      frame={props}
      title={t('user.renewal.publication.title')}
      errors={errors}
      back={`${RENEWAL}/achievements`}
    >
      <form method="post" action={`${RENEWAL}/publication`} novalidate>
        <CsrfField token={props.csrf} />
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
    </ContinuationLayout>
  );
}

// Check and send -----------------------------------------------------------------

/** Everything as it will be sent, each part with Change, and Send; `errors` name the page to mend. */
export function CheckPage(
  props: Frame & {
    errors: FieldErrors;
    draft: ContinuationDraft;
    /** The fiscal year renewing is for. */
    renewFor: number;
    /** The details changed, as they will be applied. */
    changes: FieldChange[];
    /** The Manager Modification a new responsible person makes. */
    manager: RequestData | undefined;
    responsible: Responsible;
    achievements: Achievement[];
  },
) {
  const { page, errors, changes, manager, achievements, renewFor } = props;
  const { t } = page;
  const d = props.draft;
  const change = (href: string) => ({ href, label: t('check.change') });
  return (
    <ContinuationLayout
      frame={props}
      title={t('user.renewal.check.title')}
      errors={errors}
      back={`${RENEWAL}/publication`}
    >
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
        {changes.length ? (
          <ChangesTable page={page} changes={changes} caption={t('user.renewal.check.changes')} />
        ) : (
          <p class="body" safe>
            {t('user.renewal.check.noChanges')}
          </p>
        )}
      </section>
      {manager ? (
        <div id="responsible">
          <RequestSummary page={page} data={manager} />
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
                  : t('user.renewal.check.sameResponsible', { name: responsibleName(props.responsible, page.lang) }),
            },
          ]}
        />
      )}
      <section class="summary-card" id="achievements" aria-labelledby="achievements-title">
        <div class="summary-card__title-wrapper">
          <h2 class="summary-card__title heading-m" id="achievements-title" safe>
            {t('user.renewal.achievements.title', { year: renewFor - 1 })}
          </h2>
          <a href={`${RENEWAL}/achievements`} class="link summary-card__action">
            <span safe>{t('check.change')}</span>
            <span class="visually-hidden" safe>
              {` ${t('user.renewal.achievements.title', { year: renewFor - 1 })}`}
            </span>
          </a>
        </div>
        {achievements.length ? (
          achievements.map((entry, i) => <AchievementCard page={page} entry={entry} n={i + 1} />)
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
        {t(manager || d.responsible === 'open' ? 'user.renewal.check.waits' : 'user.renewal.check.renewsNow')}
      </p>
      <form method="post" action={`${RENEWAL}/send`} novalidate>
        <CsrfField token={props.csrf} />
        <Button label={t('user.renewal.check.submit')} />
      </form>
    </ContinuationLayout>
  );
}
