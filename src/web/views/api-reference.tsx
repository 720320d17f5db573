// The API's reference, made from its OpenAPI document on the server: every operation
// with its scope, parameters and answers, and the problem codes. Plain HTML (no
// script), so it works under the strict CSP.
import { errorRegistry } from '../../services/errors.js';
import { Layout } from './layout.js';
import type { PageContext } from './page.js';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  'x-scope'?: string;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const typeOf = (schema: unknown): string => {
  const s = schema as { type?: string | string[]; enum?: unknown[]; $ref?: string; format?: string } | undefined;
  if (!s) return '';
  if (s.$ref) return s.$ref.split('/').at(-1) ?? '';
  if (s.enum) return s.enum.map(String).join(' | ');
  return [Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? ''), s.format ? `(${s.format})` : '']
    .join(' ')
    .trim();
};

export function ApiReferencePage({ page, doc }: { page: PageContext; doc: OpenApiDocument }) {
  const { t } = page;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return (
    <Layout page={page} title={t('api.reference.title')}>
      <h1 class="heading-xl" safe>
        {t('api.reference.title')}
      </h1>
      <p class="body-l" safe>
        {doc.info.description ?? ''}
      </p>
      <p class="body" safe>
        {t('api.reference.auth')}
      </p>
      <p class="body">
        <span safe>{t('api.reference.base')}</span> <code safe>{doc.servers?.[0]?.url ?? '/api/v1'}</code> ·{' '}
        <a href="/api/openapi.json" safe>
          {t('api.reference.document', { version: doc.info.version })}
        </a>
      </p>
      {operations.map(({ path, method, op }) => (
        <section class="api-operation" id={`${method}-${path}`.replace(/[^A-Za-z0-9-]/g, '-')}>
          <h2 class="heading-m">
            <code safe>{`${method} ${path}`}</code>
          </h2>
          <p class="body" safe>
            {op.summary ?? ''}
          </p>
          {op['x-scope'] ? (
            <p class="body">
              <span safe>{t('api.reference.scope')}</span> <code safe>{op['x-scope']}</code>
            </p>
          ) : (
            ''
          )}
          {op.parameters?.length ? (
            <table class="table">
              <caption class="heading-s" safe>
                {t('api.reference.parameters')}
              </caption>
              <tbody>
                {op.parameters.map((p) => (
                  <tr>
                    <th scope="row">
                      <code safe>{p.name}</code>
                    </th>
                    <td safe>{`${p.in}${p.required ? ', required' : ''}`}</td>
                    <td safe>{typeOf(p.schema)}</td>
                    <td safe>{p.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            ''
          )}
          <table class="table">
            <caption class="heading-s" safe>
              {t('api.reference.responses')}
            </caption>
            <tbody>
              {Object.entries(op.responses ?? {}).map(([status, r]) => (
                <tr>
                  <th scope="row" safe>
                    {status}
                  </th>
                  <td safe>{Object.keys(r.content ?? {}).join(', ')}</td>
                  <td safe>{typeOf(Object.values(r.content ?? {})[0]?.schema)}</td>
                  <td safe>{r.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2 class="heading-l" safe>
        {t('api.reference.problems')}
      </h2>
      <dl class="api-problems">
        {Object.entries(errorRegistry).map(([code, entry]) => (
          <>
            <dt id={`problem-${code}`}>
              <code safe>{code}</code> <span safe>{String(entry.status)}</span>
            </dt>
            <dd safe>{`${t(entry.title)}. ${t(entry.body, { field: 'field', scope: 'scope' })}`}</dd>
          </>
        ))}
      </dl>
    </Layout>
  );
}
