// Telephone numbers, validated with a maintained library (libphonenumber-js) for
// the given country and stored in E.164 form (+81559816800).
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; code: 'REQUIRED' | 'INVALID' };

export function checkPhone(raw: string | null | undefined, country: string): PhoneCheck {
  const value = (raw ?? '').normalize('NFKC').trim();
  if (value === '') return { ok: false, code: 'REQUIRED' };
  if (value.length > 40) return { ok: false, code: 'INVALID' };
  const number = parsePhoneNumberFromString(value, (country || 'JP') as CountryCode);
  return number?.isValid() ? { ok: true, e164: number.number } : { ok: false, code: 'INVALID' };
}

/** An extension: up to 10 digits (full-width digits accepted). */
export function checkExtension(raw: string | null | undefined): { ok: true; value: string } | { ok: false } {
  const value = (raw ?? '').normalize('NFKC').trim();
  return /^[0-9]{0,10}$/.test(value) ? { ok: true, value } : { ok: false };
}

/**
 * A stored number (E.164) as people of its country write it: national format when it
 * belongs to `country` (0471-36-3984 for +81471363984 in Japan), international otherwise.
 * Anything that does not parse is returned as it is.
 */
export function formatPhone(stored: string | null | undefined, country: string | null | undefined): string {
  const value = stored ?? '';
  const number = value ? parsePhoneNumberFromString(value) : undefined;
  if (!number) return value;
  return number.country === (country || 'JP') ? number.formatNational() : number.formatInternational();
}
