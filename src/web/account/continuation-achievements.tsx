// A Continuation's achievements: the list with "add another" (GOV.UK add-another
// pattern) or "no achievements this year", and one entry's form. Its PubMed ID and
// DOI each have a "Get" button that fills the entry from PubMed or Crossref through
// the server's lookup (src/publications/lookup.ts). Without JavaScript "Get" submits
// the form and the page comes back filled, with everything typed kept; with it,
// public/js/achievement-lookup.js asks POST /account/renewal/lookup and fills the
// fields in place. A service that cannot be reached is said so, and the details can
// be typed by hand. The pages are in continuation-achievements-views.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Achievement, PublicationDetails } from '../../domain/achievement.js';
import { ACHIEVEMENT_LIMITS, emptyAchievement } from '../../domain/achievement.js';
import type { MessageKey } from '../../i18n/index.js';
import type { LookupResult } from '../../publications/lookup.js';
import { readForm } from '../forms.js';
import { sendHtml } from '../render.js';
import type { FieldErrors } from '../views/components/form.js';
import { AchievementsPage, EntryPage } from './continuation-achievements-views.js';
import {
  type AchievementForm,
  achievementForm,
  type ContinuationDraft,
  checkAchievement,
  nextPage,
  RENEWAL,
  toAchievementForm,
} from './continuation-draft.js';
import { frameOf, type Open } from './continuation-frame.js';

const entryParam = z.object({ n: z.coerce.number().int().min(1).max(ACHIEVEMENT_LIMITS.entries) });
const answerForm = z.object({ answer: z.string().max(100).default('') });
const entryAction = z.object({ action: z.string().max(100).default('save') });
const lookupForm = z.object({ source: z.enum(['pmid', 'doi']), id: z.string().max(400) });

const sourceName = { pmid: 'PubMed', doi: 'Crossref' } as const;

/** The fields a lookup fills, by the form's names. */
const filled: (keyof PublicationDetails & keyof AchievementForm)[] = [
  'title',
  'authors',
  'journal',
  'publishedOn',
  'volume',
  'number',
  'pages',
  'doi',
  'pmid',
];

/** What a lookup's problem tells the holder, for the identifier's field. */
const problemMessage = (source: 'pmid' | 'doi', problem: string): MessageKey =>
  `user.renewal.lookup.${source}.${problem === 'invalid' ? 'invalid' : problem === 'not_found' ? 'notFound' : 'unavailable'}`;

const unreadable = emptyAchievement('other');

export async function achievementRoutes(
  app: FastifyInstance,
  c: {
    open: (request: FastifyRequest, reply: FastifyReply) => Promise<Open | undefined>;
    save: (s: Open, draft: ContinuationDraft) => Promise<void>;
  },
) {
  const { publications } = app.deps;

  // The list ------------------------------------------------------------------------

  const listPage = (request: FastifyRequest, reply: FastifyReply, s: Open, errors: FieldErrors = {}) => {
    const { t } = request;
    const entries = s.draft.achievements
      .map((form) => checkAchievement(form, t))
      // Stored entries were checked when saved; one that no longer passes shows its title to be changed.
      .map((r, i): Achievement => (r.ok ? r.value : { ...unreadable, title: s.draft.achievements[i]?.title || '?' }));
    return sendHtml(
      reply,
      <AchievementsPage
        {...frameOf(request, reply)}
        year={s.status.renewFor - 1}
        entries={entries}
        hasAchievements={s.draft.hasAchievements}
        errors={errors}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get(`${RENEWAL}/achievements`, async (request, reply) => {
    const s = await c.open(request, reply);
    if (!s) return reply;
    return listPage(request, reply, s);
  });

  app.post(`${RENEWAL}/achievements`, async (request, reply) => {
    const s = await c.open(request, reply);
    if (!s) return reply;
    const { answer } = readForm(answerForm, request.body);
    const any = s.draft.achievements.length > 0;
    if (answer !== 'yes' && answer !== 'no')
      return listPage(request, reply, s, {
        answer: request.t(any ? 'user.renewal.achievements.errorAnother' : 'user.renewal.achievements.error'),
      });
    if (answer === 'yes' && s.draft.achievements.length >= ACHIEVEMENT_LIMITS.entries)
      return listPage(request, reply, s, {
        answer: request.t('user.renewal.achievements.errorMany', { max: ACHIEVEMENT_LIMITS.entries }),
      });
    const draft: ContinuationDraft =
      answer === 'yes'
        ? { ...s.draft, hasAchievements: 'yes', achievementsDone: false }
        : { ...s.draft, hasAchievements: any ? 'yes' : 'no', achievementsDone: true };
    await c.save(s, draft);
    return reply.redirect(answer === 'yes' ? `${RENEWAL}/achievements/new` : nextPage(draft), 303);
  });

  app.post(`${RENEWAL}/achievements/:n/remove`, async (request, reply) => {
    const s = await c.open(request, reply);
    if (!s) return reply;
    const parsed = entryParam.safeParse(request.params);
    if (parsed.success && parsed.data.n <= s.draft.achievements.length) {
      const achievements = s.draft.achievements.filter((_, i) => i !== parsed.data.n - 1);
      await c.save(s, {
        ...s.draft,
        achievements,
        achievementsDone: false,
        ...(achievements.length ? {} : { hasAchievements: undefined }),
      } as ContinuationDraft);
    }
    return reply.redirect(`${RENEWAL}/achievements`, 303);
  });

  const entryPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    p: { action: string; answers: AchievementForm; errors?: FieldErrors; notice?: string; warning?: string },
  ) => {
    const errors = p.errors ?? {};
    return sendHtml(
      reply,
      <EntryPage
        {...frameOf(request, reply)}
        action={p.action}
        answers={p.answers}
        errors={errors}
        notice={p.notice}
        warning={p.warning}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  /** A lookup's answer merged into what was typed: the service's fields replace those it gives. */
  const merge = (answers: AchievementForm, details: PublicationDetails): AchievementForm => {
    const next = { ...answers };
    for (const name of filled) {
      const v = details[name];
      if (v) next[name] = v;
    }
    return next;
  };

  const lookup = (source: 'pmid' | 'doi', id: string): Promise<LookupResult> =>
    source === 'pmid' ? publications.byPmid(id) : publications.byDoi(id);

  const entryNumber = (request: FastifyRequest, s: Open): number | undefined => {
    const parsed = entryParam.safeParse(request.params);
    return parsed.success && parsed.data.n <= s.draft.achievements.length ? parsed.data.n : undefined;
  };

  const showEntry = async (request: FastifyRequest, reply: FastifyReply, n: 'new' | 'edit') => {
    const s = await c.open(request, reply);
    if (!s) return reply;
    if (n === 'new') {
      if (s.draft.achievements.length >= ACHIEVEMENT_LIMITS.entries)
        return reply.redirect(`${RENEWAL}/achievements`, 303);
      return entryPage(request, reply, { action: `${RENEWAL}/achievements/new`, answers: achievementForm.parse({}) });
    }
    const at = entryNumber(request, s);
    if (!at) return reply.redirect(`${RENEWAL}/achievements`, 303);
    return entryPage(request, reply, {
      action: `${RENEWAL}/achievements/${at}`,
      answers: s.draft.achievements[at - 1] as AchievementForm,
    });
  };

  const saveEntry = async (request: FastifyRequest, reply: FastifyReply, n: 'new' | 'edit') => {
    const s = await c.open(request, reply);
    if (!s) return reply;
    const at = n === 'new' ? undefined : entryNumber(request, s);
    if (n !== 'new' && !at) return reply.redirect(`${RENEWAL}/achievements`, 303);
    const action = at ? `${RENEWAL}/achievements/${at}` : `${RENEWAL}/achievements/new`;
    const typed = readForm(achievementForm, request.body);
    // The title is one line in a text area (long titles wrap): a line break typed there
    // (Enter) or pasted (a title copied from a PDF) is a space, not a refused control character.
    const answers = { ...typed, title: typed.title.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ') };
    const { action: button } = entryAction.parse(request.body ?? {});
    if (button === 'pmid' || button === 'doi') {
      const result = await lookup(button, answers[button]);
      if (result.ok)
        return entryPage(request, reply, {
          action,
          answers: merge(answers, result.details),
          notice: request.t('user.renewal.lookup.filled', { service: sourceName[button] }),
        });
      if (result.problem === 'unavailable')
        return entryPage(request, reply, {
          action,
          answers,
          warning: request.t(problemMessage(button, result.problem)),
        });
      return entryPage(request, reply, {
        action,
        answers,
        errors: { [button]: request.t(problemMessage(button, result.problem)) },
      });
    }
    const checked = checkAchievement(answers, request.t);
    if (!checked.ok) return entryPage(request, reply, { action, answers, errors: checked.errors });
    if (!at && s.draft.achievements.length >= ACHIEVEMENT_LIMITS.entries)
      return reply.redirect(`${RENEWAL}/achievements`, 303);
    const achievements = [...s.draft.achievements];
    if (at) achievements[at - 1] = toAchievementForm(checked.value);
    else achievements.push(toAchievementForm(checked.value));
    await c.save(s, { ...s.draft, achievements, hasAchievements: 'yes', achievementsDone: false });
    return reply.redirect(`${RENEWAL}/achievements`, 303);
  };

  app.get(`${RENEWAL}/achievements/new`, (request, reply) => showEntry(request, reply, 'new'));
  app.post(
    `${RENEWAL}/achievements/new`,
    { config: { rateLimit: { max: 120, timeWindow: 10 * 60_000 } } },
    (request, reply) => saveEntry(request, reply, 'new'),
  );
  app.get(`${RENEWAL}/achievements/:n`, (request, reply) => showEntry(request, reply, 'edit'));
  app.post(
    `${RENEWAL}/achievements/:n`,
    { config: { rateLimit: { max: 120, timeWindow: 10 * 60_000 } } },
    (request, reply) => saveEntry(request, reply, 'edit'),
  );

  // The script's lookup: the same answer as a JSON object, the message in the holder's language.
  app.post(
    `${RENEWAL}/lookup`,
    { config: { rateLimit: { max: 60, timeWindow: 10 * 60_000 } } },
    async (request, reply) => {
      const parsed = lookupForm.safeParse(request.body ?? {});
      if (!parsed.success)
        return reply.code(400).send({ ok: false, message: request.t('user.renewal.lookup.pmid.invalid') });
      const { source, id } = parsed.data;
      const result = await lookup(source, id);
      if (result.ok) {
        const details = Object.fromEntries(filled.filter((f) => result.details[f]).map((f) => [f, result.details[f]]));
        return reply.send({
          ok: true,
          details,
          message: request.t('user.renewal.lookup.filled', { service: sourceName[source] }),
        });
      }
      return reply.send({
        ok: false,
        problem: result.problem,
        message: request.t(problemMessage(source, result.problem)),
      });
    },
  );
}
