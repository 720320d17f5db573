// The pages of the terms of use and the issuance criteria (src/web/apply/terms.tsx):
// their texts are versioned rows that administrators publish (Settings → Texts), and
// each submitted application stores the versions it accepted.
import type { TermsKind } from '../../domain/settings.js';

/** The page of a text: its newest version, or the one named. */
export const termsPage = (kind: TermsKind, version?: string): string =>
  `/apply/terms/${kind}${version ? `?version=${encodeURIComponent(version)}` : ''}`;
