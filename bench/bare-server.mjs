// The baseline for both benchmarks: a bare Fastify hello-world, started the same
// way as sc-account (`node <file>`, PORT and HOST from the environment), with a
// /healthz route for the cold-start benchmark and / for the requests/s benchmark.
// Plain .mjs so that it runs under node without tsx, like the compiled dist/main.js.
// With BARE_PAGE set to a JSON file of { headers, body }, / answers with exactly
// those bytes instead: the "same bytes" baseline, which shows what sending the page
// costs apart from the work of making it.
// With BARE_API_DATABASE_URL set, GET /api/v1/applications runs the first page of the
// API's list (the same Kysely query as src/db/queue.ts) and answers its rows as JSON,
// with no token, schema or log: the baseline of the API benchmark.
// With BARE_SUBMIT_DATABASE_URL set, POST /apply/check parses the form and inserts
// one row into bare_submission with `pg`, then redirects like sc-account: the
// baseline of the apply benchmark.
import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import pg from 'pg';

const page = process.env.BARE_PAGE ? JSON.parse(readFileSync(process.env.BARE_PAGE, 'utf8')) : undefined;
const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
if (page) {
  app.get('/', async (_request, reply) => {
    reply.headers(page.headers);
    return page.body;
  });
} else {
  app.get('/', async () => ({ hello: 'world' }));
}

if (process.env.BARE_SUBMIT_DATABASE_URL) {
  const pool = new pg.Pool({ connectionString: process.env.BARE_SUBMIT_DATABASE_URL });
  await app.register(formbody);
  app.post('/apply/check', async (request, reply) => {
    const session = /session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? 'unknown';
    await pool.query(
      `insert into bare_submission (reference, email, account_name, state, terms_version, criteria_version, submitted_at)
       values ($1, $2, $3, 'submitted', $4, $4, now())`,
      [`B-${session}`, `${session}@univ.example.ac.jp`, session, request.body?.terms === 'yes' ? '2024-04-01' : null],
    );
    return reply.redirect('/apply/submitted', 303);
  });
}

if (process.env.BARE_API_DATABASE_URL) {
  const { Kysely, PostgresDialect } = await import('kysely');
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.BARE_API_DATABASE_URL }) }),
  });
  app.get('/api/v1/applications', async () => {
    const rows = await db
      .selectFrom('application')
      .innerJoin('applicant', 'applicant.application_id', 'application.id')
      .where('application.state', '!=', 'draft')
      .select([
        'application.id',
        'application.reference',
        'application.state',
        'application.submitted_at',
        'application.email',
        'application.account_name',
        'application.needs_screening',
        'application.use_pg',
        'application.assigned_to',
        'applicant.family_name',
        'applicant.given_name',
        'applicant.name_ja',
        'applicant.institution',
      ])
      .orderBy('application.submitted_at', 'desc')
      .orderBy('application.id', 'desc')
      .limit(51)
      .execute();
    return { items: rows.slice(0, 50), next: rows.length > 50 ? 'more' : null };
  });
}

await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
process.stdout.write(`bare-server is running at http://127.0.0.1:${process.env.PORT}/\n`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
