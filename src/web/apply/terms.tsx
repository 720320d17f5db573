// GET /apply/terms/:kind (?version=…): the terms of use or the issuance criteria as
// applicants read them before they send, in the page's language with the other
// language below; the newest version, or the one an application accepted.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentTerms, termsVersion } from '../../db/settings.js';
import { isTermsKind, textVersionPattern } from '../../domain/settings.js';
import { AppError } from '../../services/errors.js';
import { sendHtml } from '../render.js';
import { BackLink } from '../views/components/form.js';
import { Layout } from '../views/layout.js';
import { pageContext } from '../views/page.js';

const query = z.object({ version: z.string().max(40).regex(textVersionPattern).optional() });

export async function termsRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  app.get('/apply/terms/:kind', async (request, reply) => {
    const kind = (request.params as { kind?: unknown }).kind;
    const q = query.safeParse(request.query ?? {});
    if (!isTermsKind(kind) || !q.success) throw new AppError('NOT_FOUND');
    const text = q.data.version ? await termsVersion(db, kind, q.data.version) : await currentTerms(db, kind);
    if (!text) throw new AppError('NOT_FOUND');
    const page = pageContext(request);
    const { t, lang } = page;
    const other = lang === 'ja' ? 'en' : 'ja';
    const paragraphs = (body: string) => body.split('\n').filter((line) => line.trim());
    const title = lang === 'ja' ? text.title_ja : text.title_en;
    return sendHtml(
      reply,
      <Layout page={page} title={title}>
        <BackLink href="/apply" label={t('applyStep.back')} />
        <span class="caption" safe>
          {t('terms.version', { version: text.version })}
        </span>
        <h1 class="heading-l" safe>
          {title}
        </h1>
        <ol class="list list--number">
          {paragraphs(lang === 'ja' ? text.body_ja : text.body_en).map((p) => (
            <li safe>{p}</li>
          ))}
        </ol>
        <h2 class="heading-m" lang={other} safe>
          {other === 'ja' ? text.title_ja : text.title_en}
        </h2>
        <ol class="list list--number" lang={other}>
          {paragraphs(other === 'ja' ? text.body_ja : text.body_en).map((p) => (
            <li safe>{p}</li>
          ))}
        </ol>
      </Layout>,
    );
  });
}
