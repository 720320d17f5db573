// Versioned texts for administrators (GET /staff/settings/texts): the pledges (the
// responsible person as applicant, vouching for an applicant, a non-resident
// applicant's own) and the terms of use and issuance criteria. A change is a new
// version: what was signed or accepted keeps pointing at the version it was, and
// every new version is in the audit log. The page is in settings-texts-page.tsx.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { addPledgeText, listPledgeTexts } from '../../db/pledges.js';
import type { Database } from '../../db/schema.js';
import type { Staff } from '../../db/schema-staff.js';
import { addTermsVersion, listTerms } from '../../db/settings.js';
import { isPledgeKind, type PledgeKind } from '../../domain/pledge.js';
import { isTermsKind, type TermsKind, textVersionPattern } from '../../domain/settings.js';
import { checkText } from '../../domain/text.js';
import type { Translate } from '../../i18n/index.js';
import { AppError } from '../../services/errors.js';
import { publishText } from '../../services/settings.js';
import { readFields } from '../forms.js';
import { sendHtml } from '../render.js';
import type { FieldErrors } from '../views/components/form.js';
import { pageContext } from '../views/page.js';
import { TextsPage, type Typed } from './settings-texts-page.js';

const MAX_DECLARATIONS = 20;

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
