// The views of a Continuation's achievements (routes in continuation-achievements.tsx):
// one entry as a card (on the list and the check page), the list with "add another"
// or "no achievements this year", and one entry's form with the "Get" buttons for
// PubMed and Crossref, what a lookup found or why it could not, and the script that
// fills the fields in place.
import type { Children } from '@kitajs/html';
import type { Achievement } from '../../domain/achievement.js';
import { achievementTypes, journalScopes } from '../../domain/achievement.js';
import { Button, type FieldErrors, Radios, Textarea, TextInput } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { type AchievementForm, type ContinuationDraft, RENEWAL } from './continuation-draft.js';
import { ContinuationLayout, type Frame } from './continuation-frame.js';

/** The entry page's script: "Get" fills the fields in place. */
const scripts = ['js/achievement-lookup.js'];

/** One entry as the list and the check page show it. */
export function AchievementCard(props: { page: PageContext; entry: Achievement; n: number; actions?: Children }) {
  const { t } = props.page;
  const e = props.entry;
  const where = [e.journal, e.volume ? `${e.volume}${e.number ? `(${e.number})` : ''}` : '', e.pages]
    .filter(Boolean)
    .join(', ');
  return (
    <div class="achievement" id={`achievement-${props.n}`}>
      <SummaryCard
        id={`achievement-${props.n}-card`}
        title={`${props.n}. ${e.title}`}
        rows={[
          { key: t('user.renewal.entry.type'), value: t(`user.renewal.type.${e.type}`) },
          ...(e.authors ? [{ key: t('user.renewal.entry.authors'), value: e.authors }] : []),
          ...(e.authorsJa ? [{ key: t('user.renewal.entry.authorsJa'), value: e.authorsJa }] : []),
          ...(where ? [{ key: t('user.renewal.entry.journal'), value: where }] : []),
          ...(e.journalScope
            ? [{ key: t('user.renewal.entry.scope'), value: t(`user.renewal.scope.${e.journalScope}`) }]
            : []),
          ...(e.publishedOn ? [{ key: t('user.renewal.entry.publishedOn'), value: e.publishedOn }] : []),
          ...(e.pmid ? [{ key: 'PubMed ID', value: e.pmid }] : []),
          ...(e.doi ? [{ key: 'DOI', value: e.doi }] : []),
        ]}
      />
      {props.actions ?? ''}
    </div>
  );
}

/** The entries, each with Change and Remove, and whether there is another (or any) to add. */
export function AchievementsPage(
  props: Frame & {
    /** The fiscal year the achievements are of. */
    year: number;
    entries: Achievement[];
    /** The first question's answer, kept until there is an entry. */
    hasAchievements: ContinuationDraft['hasAchievements'];
    errors: FieldErrors;
  },
) {
  const { page, csrf, year, entries, errors } = props;
  const { t } = page;
  const any = entries.length > 0;
  return (
    <ContinuationLayout
      frame={props}
      title={t('user.renewal.achievements.title', { year })}
      errors={errors}
      back={`${RENEWAL}/responsible`}
    >
      <p class="body" safe>
        {t('user.renewal.achievements.intro', { year, end: year + 1 })}
      </p>
      {entries.map((entry, i) => (
        <AchievementCard
          page={page}
          entry={entry}
          n={i + 1}
          actions={
            <form method="post" action={`${RENEWAL}/achievements/${i + 1}/remove`} class="achievement__actions">
              <a href={`${RENEWAL}/achievements/${i + 1}`} class="link">
                <span safe>{t('check.change')}</span>
                <span class="visually-hidden" safe>{` ${t('user.renewal.entry.n', { n: i + 1 })}`}</span>
              </a>{' '}
              <CsrfField token={csrf} />
              <button type="submit" class="button button--secondary">
                <span safe>{t('user.renewal.achievements.remove')}</span>
                <span class="visually-hidden" safe>{` ${t('user.renewal.entry.n', { n: i + 1 })}`}</span>
              </button>
            </form>
          }
        />
      ))}
      <form method="post" action={`${RENEWAL}/achievements`} novalidate>
        <CsrfField token={csrf} />
        <Radios
          name="answer"
          legend={t(any ? 'user.renewal.achievements.another' : 'user.renewal.achievements.question', { year })}
          error={errors.answer}
          value={any ? undefined : props.hasAchievements}
          options={
            any
              ? [
                  { value: 'yes', label: t('user.renewal.achievements.yesAnother') },
                  { value: 'no', label: t('user.renewal.achievements.noMore') },
                ]
              : [
                  { value: 'yes', label: t('user.renewal.achievements.yes') },
                  { value: 'no', label: t('user.renewal.achievements.no') },
                ]
          }
        />
        <Button label={t('request.form.continue')} />
      </form>
    </ContinuationLayout>
  );
}

/** One entry's form; `notice` says what a lookup filled, `warning` that its service could not be reached. */
export function EntryPage(
  props: Frame & {
    action: string;
    answers: AchievementForm;
    errors: FieldErrors;
    notice?: string | undefined;
    warning?: string | undefined;
  },
) {
  const { page, errors } = props;
  const { t } = page;
  const a = props.answers;
  const lookupButton = (source: 'pmid' | 'doi') => (
    <button
      type="submit"
      name="action"
      value={source}
      class="button button--secondary lookup__button"
      data-lookup={source}
      aria-describedby="lookup-status"
      safe
    >
      {t(`user.renewal.lookup.get.${source}`)}
    </button>
  );

  return (
    <ContinuationLayout
      frame={props}
      title={t('user.renewal.entry.title')}
      errors={errors}
      back={`${RENEWAL}/achievements`}
      scripts={scripts}
    >
      <form method="post" action={props.action} novalidate data-achievement-form="">
        <CsrfField token={props.csrf} />
        {/* Enter in any field saves (the first submit button is the form's default), not "Get";
          hidden from assistive technology, which reaches the visible Save at the end. */}
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: out of the tab order (tabindex -1), only the form's default */}
        <button type="submit" name="action" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true" safe>
          {t('user.renewal.entry.save')}
        </button>
        <Radios
          name="type"
          legend={t('user.renewal.entry.type')}
          error={errors.type}
          value={a.type}
          options={achievementTypes.map((v) => ({ value: v, label: t(`user.renewal.type.${v}`) }))}
        />
        <fieldset class="fieldset lookup">
          <legend class="fieldset__legend fieldset__legend--m" safe>
            {t('user.renewal.lookup.legend')}
          </legend>
          <p class="hint" safe>
            {t('user.renewal.lookup.hint')}
          </p>
          <div class="lookup__row">
            <TextInput
              name="pmid"
              label={t('user.renewal.entry.pmid')}
              hint={t('user.renewal.entry.pmidHint')}
              value={a.pmid}
              error={errors.pmid}
              spellcheck={false}
            />
            {lookupButton('pmid')}
          </div>
          <div class="lookup__row">
            <TextInput
              name="doi"
              label="DOI"
              hint={t('user.renewal.entry.doiHint')}
              value={a.doi}
              error={errors.doi}
              spellcheck={false}
            />
            {lookupButton('doi')}
          </div>
          <div id="lookup-status" class="lookup__status" role="status">
            {props.notice ? (
              <p class="body lookup__notice" safe>
                {props.notice}
              </p>
            ) : (
              ''
            )}
            {props.warning ? (
              <div class="warning-text">
                <span class="warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong class="warning-text__text" safe>
                  {props.warning}
                </strong>
              </div>
            ) : (
              ''
            )}
          </div>
        </fieldset>
        <Textarea
          name="title"
          label={t('user.renewal.entry.titleField')}
          value={a.title}
          error={errors.title}
          rows={2}
        />
        <Textarea
          name="authors"
          label={t('user.renewal.entry.authors')}
          hint={t('user.renewal.entry.authorsHint')}
          value={a.authors}
          error={errors.authors}
          rows={3}
        />
        <Textarea
          name="authorsJa"
          label={t('user.renewal.entry.authorsJa')}
          hint={t('user.renewal.entry.authorsJaHint')}
          value={a.authorsJa}
          error={errors.authorsJa}
          rows={2}
        />
        <TextInput
          name="journal"
          label={t('user.renewal.entry.journal')}
          hint={t('user.renewal.entry.journalHint')}
          value={a.journal}
          error={errors.journal}
        />
        <Radios
          name="journalScope"
          legend={t('user.renewal.entry.scope')}
          hint={t('user.renewal.entry.scopeHint')}
          error={errors.journalScope}
          value={a.journalScope}
          inline
          options={journalScopes.map((v) => ({ value: v, label: t(`user.renewal.scope.${v}`) }))}
        />
        <TextInput
          name="publishedOn"
          label={t('user.renewal.entry.publishedOn')}
          hint={t('user.renewal.entry.publishedOnHint')}
          value={a.publishedOn}
          error={errors.publishedOn}
        />
        <TextInput name="volume" label={t('user.renewal.entry.volume')} value={a.volume} error={errors.volume} />
        <TextInput name="number" label={t('user.renewal.entry.number')} value={a.number} error={errors.number} />
        <TextInput name="pages" label={t('user.renewal.entry.pages')} value={a.pages} error={errors.pages} />
        <button type="submit" name="action" value="save" class="button" safe>
          {t('user.renewal.entry.save')}
        </button>
      </form>
    </ContinuationLayout>
  );
}
