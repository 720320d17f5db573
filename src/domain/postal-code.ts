// The registration certificate is posted to the applicant's institution, so its postal code
// must be one the post can use: Japan's NNN-NNNN, or a plausible code elsewhere.

export type PostalCodeProblem = 'REQUIRED' | 'JAPAN_FORMAT' | 'INVALID';

export type PostalCodeCheck = { ok: true; postalCode: string } | { ok: false; code: PostalCodeProblem };

/**
 * After NFKC (full-width digits and hyphens become ASCII): an optional 〒, three digits, an
 * optional hyphen (or a dash, minus sign or ー typed by an input method, or a space), four digits.
 */
const japanesePostalCode = /^〒?\s*(\d{3})\s*[-‐‑‒–—―−ー ]?\s*(\d{4})$/;

/** 2–12 characters of Latin letters, digits, spaces and hyphens, starting and ending with a letter or digit. */
const otherPostalCode = /^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$/;

/** `NNN-NNNN` for a Japanese postal code typed in any of the usual ways, or undefined. */
export function normaliseJapanesePostalCode(raw: string): string | undefined {
  const match = japanesePostalCode.exec(raw.normalize('NFKC').trim());
  return match ? `${match[1]}-${match[2]}` : undefined;
}

/**
 * Checks the postal code of an address in `country` (ISO 3166-1 alpha-2, e.g. 'JP').
 * Japan: JAPAN_FORMAT unless it reads as NNN-NNNN, returned in that form. Elsewhere: NFKC,
 * trimmed, runs of spaces made one; INVALID unless it then matches `otherPostalCode`;
 * returned in upper-case. Whether a country needs a code at all is the caller's decision:
 * an empty answer is REQUIRED here.
 */
export function checkPostalCode(raw: string | null | undefined, country: string): PostalCodeCheck {
  const text = (raw ?? '').normalize('NFKC').trim();
  if (text === '') return { ok: false, code: 'REQUIRED' };
  if (country.trim().toUpperCase() === 'JP') {
    const postalCode = normaliseJapanesePostalCode(text);
    return postalCode ? { ok: true, postalCode } : { ok: false, code: 'JAPAN_FORMAT' };
  }
  const postalCode = text.replace(/\s+/g, ' ');
  // tested before upper-casing, which turns some non-Latin letters into Latin ones (ß → SS)
  if (!otherPostalCode.test(postalCode)) return { ok: false, code: 'INVALID' };
  return { ok: true, postalCode: postalCode.toUpperCase() };
}
