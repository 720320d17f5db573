// Pledges (domain.md, flow step 2): which texts are signed and by whom, how long a
// link lasts, and the digest that records the exact text the signer saw. Pure.
import { createHash } from 'node:crypto';
import { canonicalJson } from './audit.js';

/**
 * `self`: the responsible person is the applicant; `vouch`: the responsible person
 * vouches for another applicant; `applicant`: a non-resident applicant's own pledge.
 */
export const pledgeKinds = ['self', 'vouch', 'applicant'] as const;
export type PledgeKind = (typeof pledgeKinds)[number];
export const isPledgeKind = (v: unknown): v is PledgeKind => pledgeKinds.includes(v as PledgeKind);

/** One text when applicant and responsible person are the same person, another when they vouch for someone. */
export const pledgeKind = (responsibleIsApplicant: boolean): PledgeKind => (responsibleIsApplicant ? 'self' : 'vouch');

/**
 * The pledges an application needs before it counts as signed: the responsible
 * person's, and the applicant's own when the applicant is not a FEFTA resident
 * (domain.md, flow step 2) and someone else is responsible for them.
 */
export function requiredPledges(a: { responsibleIsApplicant: boolean; feftaResident: boolean | null }): PledgeKind[] {
  const kinds: PledgeKind[] = [pledgeKind(a.responsibleIsApplicant)];
  if (a.feftaResident === false && !a.responsibleIsApplicant) kinds.push('applicant');
  return kinds;
}

/** Who signs a kind of pledge. */
export const pledgeSigner = (kind: PledgeKind): 'responsible' | 'applicant' =>
  kind === 'applicant' ? 'applicant' : 'responsible';

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
