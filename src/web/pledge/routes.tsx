// The signer's side of the pledge (GET/POST /pledge?token=…): the personal link from
// the mail (to the responsible person, or to a non-resident applicant for their own
// pledge) opens the pledge text in Japanese and English with a summary of the
// application; signing is typing one's full name and ticking every declaration.
// What was shown is recorded as the text's version and the SHA-256 of the exact text
// and summary, with the name typed, time, IP address and browser. The application
// counts as signed once every pledge it needs is; a PDF copy is then made and mailed
// (src/jobs/handlers/pledge-document.ts).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PledgeSummary, PledgeText } from '../../domain/pledge.js';
import { checkText } from '../../domain/text.js';
import { openPledgeLink, signPledgeLink } from '../../services/pledges.js';
import { sendHtml } from '../render.js';
import { Button, Checkbox, ErrorSummary, type FieldErrors, TextInput } from '../views/components/form.js';
import { SummaryCard } from '../views/components/summary-list.js';
import { CsrfField } from '../views/csrf-field.js';
import { Layout } from '../views/layout.js';
import { MessagePage, sendMessage } from '../views/message-page.js';
import { errorTitle, type PageContext, pageContext } from '../views/page.js';

function PledgePage(props: {
  page: PageContext;
  csrf: string;
  token: string;
  text: PledgeText;
  summary: PledgeSummary;
  errors: FieldErrors;
  ticked: boolean[];
  name: string;
}) {
  const { page, text, summary, errors } = props;
  const { t, lang } = page;
  const title = lang === 'ja' ? text.title_ja : text.title_en;
  const other = lang === 'ja' ? 'en' : 'ja';
  return (
    <Layout page={page} title={errorTitle(page, title, errors)}>
      <ErrorSummary title={t('applyEmail.error.summary')} errors={errors} />
      <span class="caption" safe>
        {t('pledge.title')}
      </span>
      <h1 class="heading-l" safe>
        {title}
      </h1>
      <p class="body" lang={other} safe>
        {other === 'ja' ? text.title_ja : text.title_en}
      </p>
      <SummaryCard
        id="application"
        title={t('pledge.application')}
        rows={[
          { key: t('pledge.reference'), value: summary.reference },
          { key: t('pledge.applicant'), value: summary.applicantName },
          { key: t('pledge.institution'), value: summary.institution },
          { key: t('pledge.accountName'), value: summary.accountName },
          { key: t('pledge.purpose'), value: summary.purpose },
        ]}
      />
      <form method="post" action="/pledge" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <input type="hidden" name="text" value={String(text.id)} />
        <h2 class="heading-m" safe>
          {t('pledge.declare')}
        </h2>
        <p class="body hint" safe>
          {t('pledge.tick')}
        </p>
        {text.declarations.map((d, i) => (
          <div class="pledge-declaration">
            <Checkbox
              name={`d${i}`}
              label={lang === 'ja' ? d.ja : d.en}
              checked={props.ticked[i] ?? false}
              error={errors[`d${i}`]}
              describedBy={`d${i}-other`}
            />
            <p class="hint pledge-declaration__other" id={`d${i}-other`} lang={other} safe>
              {other === 'ja' ? d.ja : d.en}
            </p>
          </div>
        ))}
        <TextInput
          name="name"
          autocomplete="name"
          label={t('pledge.name')}
          hint={t('pledge.nameHint')}
          value={props.name}
          error={errors.name}
        />
        <Button label={t('pledge.submit')} />
      </form>
    </Layout>
  );
}

/** The first words of a statement (about 20 characters), to name it in an error. */
function opening(text: string): string {
  const chars = [...text.trim()];
  if (chars.length <= 24) return chars.join('');
  const cut = chars.slice(0, 20).join('');
  const word = cut.lastIndexOf(' ');
  return `${word > 10 ? cut.slice(0, word) : cut}…`;
}

const form = z
  .object({
    token: z.string().max(100).default(''),
    name: z.string().max(2000).default(''),
    text: z.string().max(12).default(''),
  })
  .catchall(z.string().max(500));

export async function pledgeRoutes(app: FastifyInstance) {
  const { database } = app.deps;
  const db = database.db;

  const find = (token: string, textId?: number) => openPledgeLink(db, token, textId);

  const expired = (request: FastifyRequest, reply: FastifyReply) =>
    sendMessage(request, reply, { title: 'pledge.expired.title', body: 'pledge.expired.body' }, 410);

  app.get('/pledge', async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '');
    const found = await find(token);
    if (!found) return expired(request, reply);
    return sendHtml(
      reply,
      <PledgePage
        page={pageContext(request)}
        csrf={reply.generateCsrf()}
        token={token}
        text={found.text}
        summary={found.summary}
        errors={{}}
        ticked={[]}
        name=""
      />,
    );
  });

  app.post('/pledge', { config: { rateLimit: { max: 30, timeWindow: 10 * 60_000 } } }, async (request, reply) => {
    const parsed = form.safeParse(request.body ?? {});
    const input = parsed.success ? parsed.data : { token: '', name: '', text: '' };
    const body = (parsed.success ? parsed.data : {}) as Record<string, string>;
    const textId = /^\d{1,9}$/.test(input.text) ? Number(input.text) : undefined;
    const found = await find(input.token, textId);
    if (!found) return expired(request, reply);
    const t = request.t;
    const errors: FieldErrors = {};
    const ticked = found.text.declarations.map((_, i) => body[`d${i}`] === 'yes');
    // Each unticked statement named by its number and its first words: the summary lists several.
    ticked.forEach((on, i) => {
      const d = found.text.declarations[i];
      if (!on && d)
        errors[`d${i}`] = t('pledge.error.tick', { n: i + 1, statement: opening(request.lang === 'ja' ? d.ja : d.en) });
    });
    const name = checkText(input.name, { max: 200 });
    if (!name.ok) errors.name = t('pledge.error.name');
    if (Object.keys(errors).length || !name.ok) {
      return sendHtml(
        reply,
        <PledgePage
          page={pageContext(request)}
          csrf={reply.generateCsrf()}
          token={input.token}
          text={found.text}
          summary={found.summary}
          errors={errors}
          ticked={ticked}
          name={input.name}
        />,
        400,
      );
    }
    const signed = await signPledgeLink({ db, pokeJobs: app.deps.pokeJobs }, found, input.token, {
      name: name.value,
      ip: request.ip,
      userAgent: String(request.headers['user-agent'] ?? ''),
      lang: request.lang,
    });
    if (!signed) return expired(request, reply);
    const page = pageContext(request);
    return sendHtml(
      reply,
      <MessagePage
        page={page}
        title={page.t('pledge.done.title')}
        body={page.t('pledge.done.body', { reference: found.summary.reference })}
      />,
    );
  });
}
