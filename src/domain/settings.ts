// Settings administrators change in the console, with their rules and defaults:
// how long the review waits for an answer and when it reminds, the signature under
// every mail, and the kinds of versioned texts. Pure.
import { z } from 'zod';

export const termsKinds = ['terms_of_use', 'issuance_criteria'] as const;
export type TermsKind = (typeof termsKinds)[number];
export const isTermsKind = (v: unknown): v is TermsKind => termsKinds.includes(v as TermsKind);

/** A version label of a text: what applications and pledges record (e.g. 2026-04-01, 2026-04-01a). */
export const textVersionPattern = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

/** How long a pledge or a request for information waits, and when the reminder goes out. */
export interface ReviewPeriods {
  expiryDays: number;
  reminderDays: number;
}

export const MAX_REVIEW_DAYS = 365;

export const reviewPeriodsSchema = z
  .object({
    expiryDays: z.number().int().min(2).max(MAX_REVIEW_DAYS),
    reminderDays: z.number().int().min(1),
  })
  .refine((p) => p.reminderDays < p.expiryDays, { path: ['reminderDays'] });

/** The periods before an administrator sets any: REVIEW_RESPONSE_DAYS, reminding half-way. */
export const defaultReviewPeriods = (expiryDays: number): ReviewPeriods => ({
  expiryDays,
  reminderDays: Math.max(1, Math.floor(expiryDays / 2)),
});

/** Lines under every mail, one text per language; empty means the service's own footer. */
export interface MailSignature {
  ja: string;
  en: string;
}

export const MAIL_SIGNATURE_MAX = 600;

export const mailSignatureSchema = z.object({
  ja: z.string().max(MAIL_SIGNATURE_MAX),
  en: z.string().max(MAIL_SIGNATURE_MAX),
});

/** Days of single fiscal years' renewal that administrators moved (src/domain/fiscal-calendar.ts). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const calendarOverridesSchema = z.record(
  z.string().regex(/^\d{4}$/),
  z.object({ opensOn: day.optional(), lockOn: day.optional(), deletionOn: day.optional() }),
);
export type CalendarOverrides = z.infer<typeof calendarOverridesSchema>;

export const settingKeys = {
  reviewPeriods: 'review.periods',
  mailSignature: 'mail.signature',
  renewalCalendar: 'renewal.calendar',
  /** When the scheduler first ran: occurrences before it are history, not work. */
  scheduleSince: 'schedule.since',
} as const;
