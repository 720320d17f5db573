// `sc-account notices …`: closures of the application system and suspended services,
// through the same use cases as the console's settings and the API (actor `cli`,
// audited). Times are Asia/Tokyo.
import { z } from 'zod';
import { listClosures, listServiceAcceptance } from '../db/notices.js';
import {
  centreTimeZone,
  formatCentreInput,
  isInForce,
  parseCentreInput,
  type Service,
  services,
} from '../domain/notices.js';
import {
  addClosureWindow,
  type NoticeField,
  type NoticeFieldProblem,
  removeClosureWindow,
  setServiceAccepting,
} from '../services/notices.js';
import { type Command, command, UsageError, usageLine } from './command.js';

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

/** The options a use case refused, in one line. */
const options: Record<NoticeField, string> = {
  startsAt: '--from',
  endsAt: '--until',
  reasonJa: '--reason-ja',
  reasonEn: '--reason-en',
  noticeJa: '--notice-ja',
  noticeEn: '--notice-en',
  url: '--url',
};
const refused = (fields: Partial<Record<NoticeField, NoticeFieldProblem>>) =>
  Object.entries(fields)
    .map(([f, why]) =>
      why === 'order'
        ? `${options[f as NoticeField]} must be later than --from`
        : `${options[f as NoticeField]}: plain text within the length allowed`,
    )
    .join('; ');

/** The schema's result, or a usage error with every problem in one line. */
function parse<T extends z.ZodType>(schema: T, input: unknown, c: Command): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new UsageError(result.error.issues.map((i) => i.message).join('; '), usageLine(c));
}

const list = command({
  words: ['notices', 'list'],
  synopsis: '[--all]',
  description: 'Show closures (not yet ended; --all for every one) and which services take new applications.',
  options: { all: { type: 'boolean', default: false } },
  async run({ values, context }) {
    const out = context.io.out;
    return context.withDatabase(async ({ db }) => {
      const at = new Date();
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
      return 0;
    });
  },
});

const close = command({
  words: ['notices', 'close'],
  synopsis: '--from "YYYY-MM-DD HH:MM" --until "YYYY-MM-DD HH:MM" --reason-ja TEXT --reason-en TEXT [--logins-blocked]',
  description: 'Close the application system for a period (Asia/Tokyo times; from inclusive, until exclusive).',
  options: {
    from: { type: 'string' },
    until: { type: 'string' },
    'reason-ja': { type: 'string' },
    'reason-en': { type: 'string' },
    'logins-blocked': { type: 'boolean', default: false },
  },
  async run({ values, context }) {
    const v = parse(closeSchema, values, close);
    const outcome = await context.withDatabase(({ db }) =>
      addClosureWindow(db, 'cli', {
        startsAt: v.from,
        endsAt: v.until,
        reasonJa: v['reason-ja'],
        reasonEn: v['reason-en'],
        loginsAllowed: !v['logins-blocked'],
      }),
    );
    if (!outcome.ok) throw new UsageError(refused(outcome.fields), usageLine(close));
    const c = outcome.value;
    context.io.out(
      `Added closure #${c.id}: ${formatCentreInput(c.startsAt)} – ${formatCentreInput(c.endsAt)} (${centreTimeZone}), ${c.loginsAllowed ? 'logins allowed' : 'logins blocked'}.\n`,
    );
    return 0;
  },
});

const removeClosureCommand = command({
  words: ['notices', 'remove-closure'],
  synopsis: 'ID',
  description: 'Delete a closure window.',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const id = parse(
      z
        .string()
        .regex(/^[1-9]\d{0,8}$/, `"${args[0]}" is not a closure number`)
        .transform(Number),
      args[0],
      removeClosureCommand,
    );
    const removed = await context.withDatabase(({ db }) => removeClosureWindow(db, 'cli', id));
    if (!removed) throw new UsageError(`there is no closure #${id}`);
    context.io.out(`Removed closure #${id}.\n`);
    return 0;
  },
});

const suspend = command({
  words: ['notices', 'suspend'],
  synopsis: 'SERVICE --notice-ja TEXT --notice-en TEXT [--url URL]',
  description: `Stop new applications for a service (${services.join(', ')}).`,
  options: { 'notice-ja': { type: 'string' }, 'notice-en': { type: 'string' }, url: { type: 'string' } },
  args: [1, 1],
  async run({ values, args, context }) {
    const v = parse(suspendSchema, { ...values, service: args[0] }, suspend);
    const outcome = await context.withDatabase(({ db }) =>
      setServiceAccepting(db, 'cli', v.service, {
        accepting: false,
        noticeJa: v['notice-ja'],
        noticeEn: v['notice-en'],
        url: v.url ?? '',
      }),
    );
    if (!outcome.ok) throw new UsageError(refused(outcome.fields), usageLine(suspend));
    context.io.out(`New applications for ${v.service} are suspended.\n`);
    return 0;
  },
});

const resume = command({
  words: ['notices', 'resume'],
  synopsis: 'SERVICE',
  description: 'Take new applications for a service again.',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const service: Service = parse(serviceName, args[0], resume);
    await context.withDatabase(({ db }) => setServiceAccepting(db, 'cli', service, { accepting: true }));
    context.io.out(`New applications for ${service} are accepted again.\n`);
    return 0;
  },
});

export const noticesCommands = [list, close, removeClosureCommand, suspend, resume];
