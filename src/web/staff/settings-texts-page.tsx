// The administrators' page of versioned texts (GET /staff/settings/texts): for each
// pledge and each of the terms, its versions and the form for the next one, filled
// with the newest (or with what was typed, on an error). Its routes are in
// settings-texts.tsx.

import type { Children } from '@kitajs/html';
import type { listPledgeTexts } from '../../db/pledges.js';
import type { Staff } from '../../db/schema-staff.js';
import type { listTerms } from '../../db/settings.js';
import { formatCentreTime } from '../../domain/notices.js';
import { pledgeKinds } from '../../domain/pledge.js';
import { termsKinds } from '../../domain/settings.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { Button, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import type { PageContext } from '../views/page.js';
import { SettingsFrame } from './views.js';

/** What was typed in the page's forms, by field name. */
export type Typed = Record<string, string>;
type PledgeTexts = Awaited<ReturnType<typeof listPledgeTexts>>;
type TermsTexts = Awaited<ReturnType<typeof listTerms>>;

/** The versions of one text, newest first, and the form for the next one (filled with the newest). */
function TextVersions(props: {
  page: PageContext;
  csrf: string;
  id: string;
  action: string;
  heading: string;
  versions: { version: string; created_at: Date }[];
  current: Record<string, string>;
  fields: { name: string; label: string; rows?: number }[];
  errors: FieldErrors;
  typed: Typed;
  children: Children;
}) {
  const { page, errors, typed } = props;
  const { t, lang } = page;
  const value = (name: string) => typed[`${name}_${props.id}`] ?? props.current[name] ?? '';
  return (
    <section class="summary-card" aria-labelledby={`text-${props.id}`}>
      <div class="summary-card__title-wrapper">
        <h3 class="summary-card__title heading-s" id={`text-${props.id}`} safe>
          {props.heading}
        </h3>
      </div>
      <div class="summary-card__content">
        <p class="body" safe>
          {t('settingsText.versions', {
            list: props.versions.map((v) => `${v.version} (${formatCentreTime(v.created_at, lang)})`).join(', '),
          })}
        </p>
        {props.children}
        <form method="post" action={props.action} novalidate>
          <CsrfField token={props.csrf} />
          <TextInput
            name={`version_${props.id}`}
            label={t('settingsText.version')}
            hint={t('settingsText.versionHint')}
            value={typed[`version_${props.id}`] ?? ''}
            error={errors[`version_${props.id}`]}
            spellcheck={false}
          />
          {props.fields.map((f) =>
            f.rows ? (
              <Textarea
                name={`${f.name}_${props.id}`}
                label={f.label}
                value={value(f.name)}
                error={errors[`${f.name}_${props.id}`]}
                rows={f.rows}
              />
            ) : (
              <TextInput
                name={`${f.name}_${props.id}`}
                label={f.label}
                value={value(f.name)}
                error={errors[`${f.name}_${props.id}`]}
              />
            ),
          )}
          <Button label={t('settingsText.publish')} />
        </form>
      </div>
    </section>
  );
}

/** One TextVersions per kind of text, with the rows (every version, newest first) of that kind. */
function KindSections<K extends string, R extends { kind: K; version: string; created_at: Date }>(props: {
  page: PageContext;
  csrf: string;
  errors: FieldErrors;
  typed: Typed;
  kinds: readonly K[];
  rows: R[];
  route: string;
  heading: (kind: K) => string;
  current: (row: R) => Record<string, string>;
  fields: { name: string; label: string; rows?: number }[];
  shown: (row: R) => Children;
}) {
  return (
    <>
      {props.kinds.map((kind) => {
        const versions = props.rows.filter((row) => row.kind === kind);
        const newest = versions[0];
        if (!newest) return '';
        return (
          <TextVersions
            page={props.page}
            csrf={props.csrf}
            id={kind}
            action={`${props.route}/${kind}`}
            heading={props.heading(kind)}
            versions={versions}
            current={props.current(newest)}
            fields={props.fields}
            errors={props.errors}
            typed={props.typed}
          >
            {props.shown(newest)}
          </TextVersions>
        );
      })}
    </>
  );
}

const pledgeFields = (t: Translate) => [
  { name: 'titleJa', label: t('settingsText.titleJa') },
  { name: 'titleEn', label: t('settingsText.titleEn') },
  { name: 'declarationsJa', label: t('settingsText.declarationsJa'), rows: 8 },
  { name: 'declarationsEn', label: t('settingsText.declarationsEn'), rows: 8 },
];

const termsFields = (t: Translate) => [
  { name: 'titleJa', label: t('settingsText.titleJa') },
  { name: 'titleEn', label: t('settingsText.titleEn') },
  { name: 'bodyJa', label: t('settingsText.bodyJa'), rows: 10 },
  { name: 'bodyEn', label: t('settingsText.bodyEn'), rows: 10 },
];

export function TextsPage(props: {
  page: PageContext;
  staff: Staff;
  csrf: string;
  pledges: PledgeTexts;
  terms: TermsTexts;
  errors: FieldErrors;
  typed: Typed;
}) {
  const { page, csrf, errors, typed } = props;
  const { t, lang } = page;
  const title = t('settingsText.title');
  const shared = { page, csrf, errors, typed };
  return (
    <SettingsFrame
      page={page}
      staff={props.staff}
      csrf={csrf}
      title={title}
      current="/staff/settings/texts"
      errors={errors}
    >
      <p class="body" safe>
        {t('settingsText.intro')}
      </p>
      <h2 class="heading-m" id="pledges" safe>
        {t('settingsText.pledges')}
      </h2>
      <KindSections
        {...shared}
        kinds={pledgeKinds}
        rows={props.pledges}
        route="/staff/settings/texts/pledge"
        heading={(kind) => t(`settingsText.pledge.${kind}` as MessageKey)}
        current={(row) => ({
          titleJa: row.title_ja,
          titleEn: row.title_en,
          declarationsJa: row.declarations.map((d) => d.ja).join('\n'),
          declarationsEn: row.declarations.map((d) => d.en).join('\n'),
        })}
        fields={pledgeFields(t)}
        shown={(row) => (
          <ol class="list list--number">
            {row.declarations.map((d) => (
              <li safe>{lang === 'ja' ? d.ja : d.en}</li>
            ))}
          </ol>
        )}
      />
      <h2 class="heading-m" id="terms" safe>
        {t('settingsText.terms')}
      </h2>
      <KindSections
        {...shared}
        kinds={termsKinds}
        rows={props.terms}
        route="/staff/settings/texts/terms"
        heading={(kind) => t(`terms.${kind}` as MessageKey)}
        current={(row) => ({ titleJa: row.title_ja, titleEn: row.title_en, bodyJa: row.body_ja, bodyEn: row.body_en })}
        fields={termsFields(t)}
        shown={(row) => (
          <p class="body">
            <a href={`/apply/terms/${row.kind}`} class="link" safe>
              {t('settingsText.view', { version: row.version })}
            </a>
          </p>
        )}
      />
    </SettingsFrame>
  );
}
