// Memory of the server process, on the embedded database and on PostgreSQL, side by
// side in one run (needs a fresh dist/ and Debian's postgresql, as npm test installs):
//
//   first start   peak RSS (VmHWM) of `node dist/bundle/main.js` on a new DATA_DIR,
//                 at its first 200 from /healthz: the cluster is made and migrated
//   restart       peak RSS of the next start on the same data
//   page views    RSS (VmRSS) after PAGE_VIEWS mixed page views from 4 clients:
//                 public pages in both languages, the e-mail step sent with its CSRF
//                 token (a draft and a mail each), 404s, assets, a bad form; and the
//                 peak during them
//
// A bare Fastify hello-world is measured alike as the baseline (what Node.js and a
// web framework hold before any work). Goals (issue: lean embedded default): embedded
// first start ≤ 400 MB, restart ≤ 300 MB, after the page views ≤ 300 MB; PostgreSQL
// after the page views ≤ 150 MB.
//
//   npx tsx bench/memory.ts            10,000 page views per target (about 2 minutes)
//   PAGE_VIEWS=2000 npx tsx bench/memory.ts
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { startPostgres } from '../test/helpers/postgres.js';
import {
  appEntry,
  bareEntry,
  type Child,
  childEnv,
  fmt,
  freePort,
  HOST,
  startNode,
  stop,
  tempDataDir,
  waitForOk,
} from './lib.js';
import type { BenchReport } from './report.js';

const MB = 1024 * 1024;
export const GOALS = { firstStart: 400, restart: 300, afterViews: 300, postgresAfterViews: 150 };

/** VmHWM (peak) and VmRSS (now) of a process, in MB. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return { peak: (kb('VmHWM') * 1024) / MB, now: (kb('VmRSS') * 1024) / MB };
}

interface Answer {
  status: number;
  body: string;
  cookies: string[];
}

function send(
  agent: Agent,
  port: number,
  path: string,
  options: { method?: string; cookie?: string; form?: Record<string, string> } = {},
): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: HOST,
        port,
        path,
        agent,
        method: options.method ?? 'GET',
        headers: {
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body
            ? {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
                origin: `http://${HOST}:${port}`,
              }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] as string),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The mix: mostly pages people read, one in ten a form that writes (a draft and a mail). */
async function pageViews(port: number, count: number, clients = 4): Promise<{ statuses: Map<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const statuses = new Map<number, number>();
  const reads = [
    '/',
    '/?lang=en',
    '/apply',
    '/apply?lang=en',
    '/apply/terms/terms_of_use',
    '/login',
    '/login/recover',
    '/login/recover/post?lang=en',
    '/staff',
    '/no-such-page',
    '/assets/css/app.css',
    '/healthz',
  ];
  let next = 0;
  const client = async (c: number) => {
    let cookie = '';
    for (let i = next++; i < count; i = next++) {
      let answer: Answer;
      if (i % 10 === 9) {
        // The e-mail step: its page for the CSRF token, then the form sent.
        const page = await send(agent, port, '/apply/email', { cookie });
        cookie = [...new Set([...cookie.split('; ').filter(Boolean), ...page.cookies])].join('; ');
        const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
        answer = await send(agent, port, '/apply/email', {
          method: 'POST',
          cookie,
          form: { _csrf: token, email: `bench-${c}-${i}@university.example.ac.jp` },
        });
      } else if (i % 50 === 7) {
        answer = await send(agent, port, '/apply/email', { method: 'POST', form: { email: 'no token' } });
      } else {
        answer = await send(agent, port, reads[i % reads.length] as string, { cookie });
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) throw new Error(`page view ${i}: ${answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  agent.destroy();
  return { statuses };
}

interface Figures {
  firstPeak: number;
  restartPeak: number;
  viewsPeak: number;
  afterViews: number;
}

async function measure(
  entry: string,
  env: Record<string, string>,
  views: number,
  progress: (line: string) => void,
  label: string,
): Promise<Figures> {
  const start = async (): Promise<{ child: Child; port: number }> => {
    const port = await freePort();
    const child = startNode(entry, childEnv({ ...env, PORT: String(port) }));
    await waitForOk(child, `http://${HOST}:${port}/healthz`, { everyMs: 20, timeoutMs: 120_000 });
    return { child, port };
  };
  const first = await start();
  const firstPeak = memoryOf(first.child.proc.pid as number).peak;
  await stop(first.child);
  const again = await start();
  const pid = again.child.proc.pid as number;
  const restartPeak = memoryOf(pid).peak;
  progress(`memory: ${label}: first start ${fmt(firstPeak)} MB, restart ${fmt(restartPeak)} MB; page views…`);
  try {
    const { statuses } = await pageViews(again.port, views);
    await new Promise((r) => setTimeout(r, 1000));
    const after = memoryOf(pid);
    progress(
      `memory: ${label}: after ${views} page views ${fmt(after.now)} MB (peak ${fmt(after.peak)} MB); ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
    );
    return { firstPeak, restartPeak, viewsPeak: after.peak, afterViews: after.now };
  } finally {
    await stop(again.child);
  }
}

export async function memoryBench(
  options: { views?: number; progress?: (line: string) => void } = {},
): Promise<BenchReport> {
  const views = options.views ?? 10_000;
  const progress = options.progress ?? (() => {});
  const postgres = await startPostgres();
  const embeddedData = tempDataDir();
  const postgresData = tempDataDir();
  try {
    const common = {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      RATE_LIMIT_MAIL_PER_10_MINUTES: '1000000000',
    };
    const bare = await measure(bareEntry, {}, 0, progress, 'bare Fastify');
    const embedded = await measure(appEntry, { ...common, DATA_DIR: embeddedData.dir }, views, progress, 'embedded');
    const onPostgres = await measure(
      appEntry,
      { ...common, DATA_DIR: postgresData.dir, DATABASE_URL: postgres.url },
      views,
      progress,
      'PostgreSQL',
    );
    const met =
      embedded.firstPeak <= GOALS.firstStart &&
      embedded.restartPeak <= GOALS.restart &&
      embedded.afterViews <= GOALS.afterViews &&
      onPostgres.afterViews <= GOALS.postgresAfterViews;
    const row = (name: string, f: Figures) =>
      `${name.padEnd(12)} first start ${fmt(f.firstPeak).padStart(4)} MB   restart ${fmt(f.restartPeak).padStart(4)} MB   after ${views} views ${fmt(f.afterViews).padStart(4)} MB (peak ${fmt(f.viewsPeak)} MB)`;
    return {
      name: 'memory',
      title: 'RSS of the server process: first start and restart peaks, and after mixed page views',
      lines: [
        row('embedded', embedded),
        row('PostgreSQL', onPostgres),
        `bare Fastify start ${fmt(bare.restartPeak)} MB; ratio after views: embedded ${fmt(embedded.afterViews / bare.restartPeak, 1)}x, PostgreSQL ${fmt(onPostgres.afterViews / bare.restartPeak, 1)}x`,
      ],
      goal: `embedded first start ≤ ${GOALS.firstStart} MB, restart ≤ ${GOALS.restart} MB, after views ≤ ${GOALS.afterViews} MB; PostgreSQL after views ≤ ${GOALS.postgresAfterViews} MB`,
      goalMet: met,
    };
  } finally {
    postgres.stop();
    embeddedData.remove();
    postgresData.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printReport } = await import('./report.js');
  const views = Number(process.env.PAGE_VIEWS) || 10_000;
  printReport(await memoryBench({ views, progress: console.log }));
}
