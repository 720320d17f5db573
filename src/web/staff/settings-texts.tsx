// Versioned texts for administrators (GET /staff/settings/texts): the pledges (the
// responsible person as applicant, vouching for an applicant, a non-resident
// applicant's own) and the terms of use and issuance criteria. A change is a new
// version: what was signed or accepted keeps pointing at the version it was, and
// every new version is in the audit log.

import type { Children } from '@kitajs/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { addPledgeText, listPledgeTexts } from '../../db/pledges.js';
import type { Database } from '../../db/schema.js';
import type { Staff } from '../../db/schema-staff.js';
import { addTermsVersion, listTerms } from '../../db/settings.js';
import { formatCentreTime } from '../../domain/notices.js';
import { isPledgeKind, type PledgeKind, pledgeKinds } from '../../domain/pledge.js';
import { isTermsKind, type TermsKind, termsKinds, textVersionPattern } from '../../domain/settings.js';
import { checkText } from '../../domain/text.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import { publishText } from '../../services/settings.js';
import { readFields } from '../forms.js';
import { sendHtml } from '../render.js';
import { Button, type FieldErrors, Textarea, TextInput } from '../views/components/form.js';
import { CsrfField } from '../views/csrf-field.js';
import { type PageContext, pageContext } from '../views/page.js';
import { SettingsFrame } from './views.js';

type Typed = Record<string, string>;
type PledgeTexts = Awaited<ReturnType<typeof listPledgeTexts>>;
type TermsTexts = Awaited<ReturnType<typeof listTerms>>;

const MAX_DECLARATIONS = 20;

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

function TextsPage(props: {
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

/** Non-empty lines of a textarea, each checked as one line of text. */
function lines(raw: string, max: number): string[] | undefined {
  const out: string[] = [];
  for (const line of raw.split(/\r\n?|\n/)) {
    if (!line.trim()) continue;
    const checked = checkText(line, { max });
    if (!checked.ok) return undefined;
    out.push(checked.value);
  }
  return out;
}

export async function settingsTextsRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;

  const show = async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, typed: Typed = {}) => {
    const [pledges, terms] = await Promise.all([listPledgeTexts(db), listTerms(db)]);
    return sendHtml(
      reply,
      <TextsPage
        page={pageContext(request)}
        staff={request.staff as Staff}
        csrf={reply.generateCsrf()}
        pledges={pledges}
        terms={terms}
        errors={errors}
        typed={typed}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  /** The version label and both titles, shared by both kinds of text; errors go in `errors`. */
  const common = (t: Translate, input: Typed, id: string, errors: FieldErrors) => {
    const version = (input[`version_${id}`] ?? '').trim();
    if (!textVersionPattern.test(version)) errors[`version_${id}`] = t('settingsText.error.version');
    const titleJa = checkText(input[`titleJa_${id}`] ?? '', { max: 200 });
    const titleEn = checkText(input[`titleEn_${id}`] ?? '', { max: 200 });
    if (!titleJa.ok) errors[`titleJa_${id}`] = t('settingsText.error.title');
    if (!titleEn.ok) errors[`titleEn_${id}`] = t('settingsText.error.title');
    return { version, titleJa: titleJa.ok ? titleJa.value : '', titleEn: titleEn.ok ? titleEn.value : '' };
  };

  /** Adds a version with `insert` and audits it; a version label already used is shown as the form's error. */
  const publish = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: Typed,
    kind: string,
    action: string,
    table: string,
    insert: (trx: Transaction<Database>) => Promise<number | undefined>,
  ) => {
    const version = (input[`version_${kind}`] ?? '').trim();
    const added = await publishText(
      db,
      `staff:${(request.staff as Staff).id}`,
      { kind, version, action, table },
      insert,
    );
    if (!added)
      return show(request, reply, { [`version_${kind}`]: request.t('settingsText.error.versionUsed') }, input);
    return reply.redirect(`/staff/settings/texts#text-${kind}`, 303);
  };

  app.get('/staff/settings/texts', (request, reply) => show(request, reply));

  app.post('/staff/settings/texts/pledge/:kind', async (request, reply) => {
    const kind = (request.params as { kind?: unknown }).kind;
    if (!isPledgeKind(kind)) throw new AppError('NOT_FOUND');
    const k: PledgeKind = kind;
    const input = readFields(request.body, 40_000);
    const t = request.t;
    const errors: FieldErrors = {};
    const { version, titleJa, titleEn } = common(t, input, k, errors);
    const ja = lines(input[`declarationsJa_${k}`] ?? '', 1000);
    const en = lines(input[`declarationsEn_${k}`] ?? '', 1000);
    if (!ja?.length || ja.length > MAX_DECLARATIONS)
      errors[`declarationsJa_${k}`] = t('settingsText.error.declarations');
    if (!en?.length || en.length > MAX_DECLARATIONS)
      errors[`declarationsEn_${k}`] = t('settingsText.error.declarations');
    else if (ja && ja.length !== en.length) errors[`declarationsEn_${k}`] = t('settingsText.error.declarationCount');
    if (Object.keys(errors).length || !ja || !en) return show(request, reply, errors, input);
    return publish(request, reply, input, k, 'settings.pledgeText.added', 'pledge_text', (trx) =>
      addPledgeText(trx, {
        kind: k,
        version,
        title_ja: titleJa,
        title_en: titleEn,
        declarations: ja.map((line, i) => ({ ja: line, en: en[i] ?? '' })),
      }),
    );
  });

  app.post('/staff/settings/texts/terms/:kind', async (request, reply) => {
    const kind = (request.params as { kind?: unknown }).kind;
    if (!isTermsKind(kind)) throw new AppError('NOT_FOUND');
    const k: TermsKind = kind;
    const input = readFields(request.body, 40_000);
    const t = request.t;
    const errors: FieldErrors = {};
    const { version, titleJa, titleEn } = common(t, input, k, errors);
    const ja = checkText(input[`bodyJa_${k}`] ?? '', { max: 20_000, multiline: true });
    const en = checkText(input[`bodyEn_${k}`] ?? '', { max: 20_000, multiline: true });
    if (!ja.ok) errors[`bodyJa_${k}`] = t('settingsText.error.body');
    if (!en.ok) errors[`bodyEn_${k}`] = t('settingsText.error.body');
    if (Object.keys(errors).length || !ja.ok || !en.ok) return show(request, reply, errors, input);
    return publish(request, reply, input, k, 'settings.terms.added', 'terms_text', (trx) =>
      addTermsVersion(trx, {
        kind: k,
        version,
        title_ja: titleJa,
        title_en: titleEn,
        body_ja: ja.value,
        body_en: en.value,
      }),
    );
  });
}
