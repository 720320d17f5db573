// `sc-account notices …`: closures of the application system and suspended services,
// managed from the command line until the staff console exists. Times are Asia/Tokyo.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { addClosure, listClosures, listServiceAcceptance, removeClosure, setServiceAcceptance } from '../db/notices.js';
import {
  centreTimeZone,
  formatCentreInput,
  isInForce,
  parseCentreInput,
  type Service,
  services,
} from '../domain/notices.js';

export const noticesHelp = `  notices list [--all]    Show closures (not yet ended; --all for every one) and
                          which services take new applications.
  notices close --from "YYYY-MM-DD HH:MM" --until "YYYY-MM-DD HH:MM"
                --reason-ja TEXT --reason-en TEXT [--logins-blocked]
                          Close the application system for a period (Asia/Tokyo
                          times; from inclusive, until exclusive).
  notices remove-closure ID
                          Delete a closure window.
  notices suspend SERVICE --notice-ja TEXT --notice-en TEXT [--url URL]
                          Stop new applications for a service (${services.join(', ')}).
  notices resume SERVICE  Take new applications for a service again.
`;

type UsageErrorClass = new (message: string) => Error;

const usage = {
  list: 'usage: sc-account notices list [--all]',
  close:
    'usage: sc-account notices close --from "YYYY-MM-DD HH:MM" --until "YYYY-MM-DD HH:MM" --reason-ja TEXT --reason-en TEXT [--logins-blocked]',
  remove: 'usage: sc-account notices remove-closure ID',
  suspend: 'usage: sc-account notices suspend SERVICE --notice-ja TEXT --notice-en TEXT [--url URL]',
  resume: 'usage: sc-account notices resume SERVICE',
};

const text = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(1000, `${label} must be 1000 characters or fewer`);

const centreTime = (label: string) =>
  z.string({ error: `${label} is required` }).transform((value, ctx) => {
    const at = parseCentreInput(value);
    if (!at) {
      ctx.addIssue({
        code: 'custom',
        message: `${label} "${value}" is not a time like "2026-12-27 17:00" (${centreTimeZone})`,
      });
      return z.NEVER;
    }
    return at;
  });

const serviceName = z.enum(services, {
  error: (i) => `unknown service "${String(i.input)}"; one of: ${services.join(', ')}`,
});

const closeSchema = z
  .object({
    from: centreTime('--from'),
    until: centreTime('--until'),
    'reason-ja': text('--reason-ja'),
    'reason-en': text('--reason-en'),
    'logins-blocked': z.boolean().default(false),
  })
  .refine((v) => v.until.getTime() > v.from.getTime(), { message: '--until must be later than --from' });

const suspendSchema = z.object({
  service: serviceName,
  'notice-ja': text('--notice-ja'),
  'notice-en': text('--notice-en'),
  url: z
    .url({ protocol: /^https?$/, error: '--url must be an http(s) address' })
    .max(2000, '--url must be 2000 characters or fewer')
    .optional(),
});

function parse<T extends z.ZodType>(schema: T, input: unknown, line: string, Usage: UsageErrorClass): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Usage(`${result.error.issues.map((i) => i.message).join('; ')}\n${line}`);
}

function args(
  rest: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
  line: string,
  Usage: UsageErrorClass,
) {
  try {
    return parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new Usage(`${err instanceof Error ? err.message : String(err)}\n${line}`);
  }
}

export async function noticesCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: UsageErrorClass,
  now: () => Date = () => new Date(),
): Promise<number> {
  const [sub, ...rest] = argv;
  // Validate everything before opening the database, so a typo costs nothing.
  let action: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<void>;
  switch (sub) {
    case 'list': {
      const { values, positionals } = args(rest, { all: { type: 'boolean' } }, usage.list, Usage);
      if (positionals.length) throw new Usage(usage.list);
      action = async (db) => {
        const at = now();
        const closures = await listClosures(db, values.all ? undefined : at);
        out(`Closures (${centreTimeZone}; from inclusive, until exclusive):\n`);
        if (!closures.length) out('  none\n');
        for (const c of closures) {
          const state = isInForce(c, at) ? 'IN FORCE' : c.endsAt <= at ? 'ended' : 'upcoming';
          const logins = c.loginsAllowed ? 'logins allowed' : 'logins blocked';
          out(`  #${c.id}  ${formatCentreInput(c.startsAt)} – ${formatCentreInput(c.endsAt)}  ${state}, ${logins}\n`);
          out(`        ja: ${c.reasonJa}\n        en: ${c.reasonEn}\n`);
        }
        out('Services:\n');
        for (const s of await listServiceAcceptance(db)) {
          const since = s.since ? ` since ${formatCentreInput(s.since)}` : '';
          out(`  ${s.service.padEnd(17)} ${s.accepting ? 'accepting' : 'SUSPENDED'}${since}\n`);
          if (!s.accepting) {
            out(`        ja: ${s.noticeJa ?? ''}\n        en: ${s.noticeEn ?? ''}\n`);
            if (s.announcementUrl) out(`        ${s.announcementUrl}\n`);
          }
        }
      };
      break;
    }
    case 'close': {
      const { values, positionals } = args(
        rest,
        {
          from: { type: 'string' },
          until: { type: 'string' },
          'reason-ja': { type: 'string' },
          'reason-en': { type: 'string' },
          'logins-blocked': { type: 'boolean' },
        },
        usage.close,
        Usage,
      );
      if (positionals.length) throw new Usage(usage.close);
      const v = parse(closeSchema, values, usage.close, Usage);
      action = async (db) => {
        const c = await addClosure(db, {
          startsAt: v.from,
          endsAt: v.until,
          reasonJa: v['reason-ja'],
          reasonEn: v['reason-en'],
          loginsAllowed: !v['logins-blocked'],
        });
        out(
          `Added closure #${c.id}: ${formatCentreInput(c.startsAt)} – ${formatCentreInput(c.endsAt)} (${centreTimeZone}), ${c.loginsAllowed ? 'logins allowed' : 'logins blocked'}.\n`,
        );
      };
      break;
    }
    case 'remove-closure': {
      const { positionals } = args(rest, {}, usage.remove, Usage);
      const id = z
        .string()
        .regex(/^[1-9]\d{0,8}$/)
        .transform(Number)
        .safeParse(positionals[0]);
      if (positionals.length !== 1 || !id.success) throw new Usage(usage.remove);
      action = async (db) => {
        if (!(await removeClosure(db, id.data))) throw new Usage(`there is no closure #${id.data}`);
        out(`Removed closure #${id.data}.\n`);
      };
      break;
    }
    case 'suspend': {
      const { values, positionals } = args(
        rest,
        { 'notice-ja': { type: 'string' }, 'notice-en': { type: 'string' }, url: { type: 'string' } },
        usage.suspend,
        Usage,
      );
      if (positionals.length !== 1) throw new Usage(usage.suspend);
      const v = parse(suspendSchema, { ...values, service: positionals[0] }, usage.suspend, Usage);
      action = async (db) => {
        await setServiceAcceptance(db, v.service, {
          accepting: false,
          since: now(),
          noticeJa: v['notice-ja'],
          noticeEn: v['notice-en'],
          announcementUrl: v.url ?? null,
        });
        out(`New applications for ${v.service} are suspended.\n`);
      };
      break;
    }
    case 'resume': {
      const { positionals } = args(rest, {}, usage.resume, Usage);
      if (positionals.length !== 1) throw new Usage(usage.resume);
      const service: Service = parse(serviceName, positionals[0], usage.resume, Usage);
      action = async (db) => {
        await setServiceAcceptance(db, service, { accepting: true, since: now() });
        out(`New applications for ${service} are accepted again.\n`);
      };
      break;
    }
    default:
      throw new Usage(`usage: sc-account notices list|close|remove-closure|suspend|resume …\n${noticesHelp}`);
  }

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    await action(database.db);
  } finally {
    await database.close();
  }
  return 0;
}
