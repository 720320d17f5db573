// What a Continuation's pages keep between them (table renewal_draft): each page's
// answers as typed, read back through a schema so that a stored draft of an older
// shape starts that page again instead of failing. The checks of one achievement
// entry and the page a holder goes to next live here too.
import { z } from 'zod';
import {
  ACHIEVEMENT_LIMITS,
  type Achievement,
  isAchievementType,
  isJournalScope,
  isPublicationDate,
  normaliseDoi,
  normalisePmid,
} from '../../domain/achievement.js';
import { checkText } from '../../domain/text.js';
import type { Translate } from '../../i18n/index.js';
import { affiliationForm } from '../apply/affiliation-step.js';
import { responsibleForm } from '../apply/responsible-step.js';
import { readForm } from '../forms.js';
import type { FieldErrors } from '../views/components/form.js';

const field = z.string().max(20_000).default('');

export const detailsForm = z.object({ purpose: field, ...affiliationForm.shape });
export type DetailsForm = z.infer<typeof detailsForm>;

export const achievementForm = z.object({
  type: field,
  pmid: field,
  doi: field,
  title: field,
  authors: field,
  authorsJa: field,
  journal: field,
  journalScope: field,
  publishedOn: field,
  volume: field,
  number: field,
  pages: field,
});
export type AchievementForm = z.infer<typeof achievementForm>;

const draftSchema = z.object({
  /** The details page's answers, once saved. */
  details: detailsForm.optional(),
  /** Whether the responsible person stays; `open`: a Manager Modification is already open. */
  responsible: z.enum(['same', 'new', 'open']).optional(),
  newResponsible: responsibleForm.optional(),
  /** The first achievements question: anything to report this year? */
  hasAchievements: z.enum(['yes', 'no']).optional(),
  achievements: z.array(achievementForm).max(ACHIEVEMENT_LIMITS.entries).default([]),
  /** "No more to add" was answered after the last entry. */
  achievementsDone: z.boolean().default(false),
  publication: z.enum(['publish', 'postpone']).optional(),
  postponeReason: z.string().max(20_000).default(''),
});
export type ContinuationDraft = z.infer<typeof draftSchema>;

/** A stored draft read back; anything unreadable is a fresh start (nothing to lose that still fits). */
export function parseDraft(stored: unknown): ContinuationDraft {
  return readForm(draftSchema, stored);
}

export const RENEWAL = '/account/renewal';

/** Where a holder goes next: the first page not yet answered, else the check page. */
export function nextPage(d: ContinuationDraft): string {
  if (!d.details) return `${RENEWAL}/details`;
  if (!d.responsible) return `${RENEWAL}/responsible`;
  if (d.responsible === 'new' && !d.newResponsible) return `${RENEWAL}/responsible/new`;
  if (!d.hasAchievements) return `${RENEWAL}/achievements`;
  if (d.hasAchievements === 'yes' && d.achievements.length === 0) return `${RENEWAL}/achievements/new`;
  if (d.hasAchievements === 'yes' && !d.achievementsDone) return `${RENEWAL}/achievements`;
  if (!d.publication) return `${RENEWAL}/publication`;
  return `${RENEWAL}/check`;
}

const optional = (value: string, max: number, multiline = false) =>
  checkText(value, { max, multiline, optional: true });

/** One entry's answers checked: the entry as stored, or each field's problem in the holder's words. */
export function checkAchievement(
  input: AchievementForm,
  t: Translate,
): { ok: true; value: Achievement } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const type = isAchievementType(input.type) ? input.type : undefined;
  if (!type) errors.type = t('user.renewal.error.type');
  let pmid: string | null = null;
  if (input.pmid.trim()) {
    pmid = normalisePmid(input.pmid) ?? null;
    if (!pmid) errors.pmid = t('user.renewal.error.pmid');
  }
  let doi: string | null = null;
  if (input.doi.trim()) {
    doi = normaliseDoi(input.doi) ?? null;
    if (!doi) errors.doi = t('user.renewal.error.doi');
  }
  const title = checkText(input.title, { max: ACHIEVEMENT_LIMITS.title });
  if (!title.ok)
    errors.title = t(
      title.code === 'REQUIRED'
        ? 'user.renewal.error.titleRequired'
        : title.code === 'TOO_LONG'
          ? 'user.renewal.error.tooLong'
          : 'form.error.controlCharacters',
      { max: ACHIEVEMENT_LIMITS.title },
    );
  const texts = {
    authors: optional(input.authors, ACHIEVEMENT_LIMITS.authors, true),
    authorsJa: optional(input.authorsJa, ACHIEVEMENT_LIMITS.authors, true),
    journal: optional(input.journal, ACHIEVEMENT_LIMITS.journal),
    volume: optional(input.volume, ACHIEVEMENT_LIMITS.short),
    number: optional(input.number, ACHIEVEMENT_LIMITS.short),
    pages: optional(input.pages, ACHIEVEMENT_LIMITS.short),
  };
  const limits = {
    authors: ACHIEVEMENT_LIMITS.authors,
    authorsJa: ACHIEVEMENT_LIMITS.authors,
    journal: ACHIEVEMENT_LIMITS.journal,
    volume: ACHIEVEMENT_LIMITS.short,
    number: ACHIEVEMENT_LIMITS.short,
    pages: ACHIEVEMENT_LIMITS.short,
  };
  for (const [name, r] of Object.entries(texts))
    if (!r.ok)
      errors[name] = t(r.code === 'TOO_LONG' ? 'user.renewal.error.tooLong' : 'form.error.controlCharacters', {
        max: limits[name as keyof typeof limits],
      });
  const journalScope = isJournalScope(input.journalScope) ? input.journalScope : null;
  // A paper is counted as in a domestic or an international journal in the annual report.
  if (type === 'paper' && !journalScope) errors.journalScope = t('user.renewal.error.journalScope');
  const publishedOn = input.publishedOn.trim();
  if (publishedOn && !isPublicationDate(publishedOn)) errors.publishedOn = t('user.renewal.error.publishedOn');
  if (Object.keys(errors).length || !type || !title.ok) return { ok: false, errors: order(errors) };
  const value = (r: { ok: true; value: string } | { ok: false }) => (r.ok && r.value ? r.value : null);
  return {
    ok: true,
    value: {
      type,
      pmid,
      doi,
      title: title.value,
      authors: value(texts.authors),
      authorsJa: value(texts.authorsJa),
      journal: value(texts.journal),
      journalScope,
      publishedOn: publishedOn || null,
      volume: value(texts.volume),
      number: value(texts.number),
      pages: value(texts.pages),
    },
  };
}

/** The errors in the order of the form's fields (the summary lists them as the page shows them). */
const fieldOrder = Object.keys(achievementForm.shape);
const order = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).sort(([a], [b]) => fieldOrder.indexOf(a) - fieldOrder.indexOf(b)));

/** A stored entry as the form shows it (for editing). */
export const toAchievementForm = (a: Achievement): AchievementForm => ({
  type: a.type,
  pmid: a.pmid ?? '',
  doi: a.doi ?? '',
  title: a.title,
  authors: a.authors ?? '',
  authorsJa: a.authorsJa ?? '',
  journal: a.journal ?? '',
  journalScope: a.journalScope ?? '',
  publishedOn: a.publishedOn ?? '',
  volume: a.volume ?? '',
  number: a.number ?? '',
  pages: a.pages ?? '',
});
