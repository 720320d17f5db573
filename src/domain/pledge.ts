// Pledges (domain.md, flow step 2): which text a responsible person signs, how long
// their link lasts, and the digest that records the exact text they saw. Pure.
import { createHash } from 'node:crypto';
import { canonicalJson } from './audit.js';

export type PledgeKind = 'self' | 'vouch';

/** One text when applicant and responsible person are the same person, another when they vouch for someone. */
export const pledgeKind = (responsibleIsApplicant: boolean): PledgeKind => (responsibleIsApplicant ? 'self' : 'vouch');

export const PLEDGE_LINK_LIFETIME_MS = 14 * 24 * 3600_000;

export interface PledgeText {
  id: number;
  kind: PledgeKind;
  version: string;
  title_ja: string;
  title_en: string;
  declarations: { ja: string; en: string }[];
}

/** What the signer is shown about the application. */
export interface PledgeSummary {
  reference: string;
  applicantName: string;
  institution: string;
  accountName: string;
  purpose: string;
}

/** SHA-256 of exactly what the page showed: the text in both languages and the application's summary. */
export function pledgeDigest(text: PledgeText, summary: PledgeSummary): string {
  const shown = {
    version: text.version,
    kind: text.kind,
    title: [text.title_ja, text.title_en],
    declarations: text.declarations,
    summary,
  };
  return createHash('sha256').update(canonicalJson(shown)).digest('hex');
}
