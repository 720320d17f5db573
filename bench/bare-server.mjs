// The baseline for both benchmarks: a bare Fastify hello-world, started the same
// way as sc-account (`node <file>`, PORT and HOST from the environment), with a
// /healthz route for the cold-start benchmark and / for the requests/s benchmark.
// Plain .mjs so that it runs under node without tsx, like the compiled dist/main.js.
// With BARE_PAGE set to a JSON file of { headers, body }, / answers with exactly
// those bytes instead: the "same bytes" baseline, which shows what sending the page
// costs apart from the work of making it.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

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

await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
process.stdout.write(`bare-server is running at http://127.0.0.1:${process.env.PORT}/\n`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
