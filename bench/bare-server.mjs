// The baseline for both benchmarks: a bare Fastify hello-world, started the same
// way as sc-account (`node <file>`, PORT and HOST from the environment), with a
// /healthz route for the cold-start benchmark and / for the requests/s benchmark.
// Plain .mjs so that it runs under node without tsx, like the compiled dist/main.js.
import Fastify from 'fastify';

const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/', async () => ({ hello: 'world' }));

await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
process.stdout.write(`bare-server is running at http://127.0.0.1:${process.env.PORT}/\n`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
