// An applicant's e-mail address is where the one-time link goes and, being institutional,
// part of how the centre knows who applies: one syntactically valid address, not free mail.

import { domainToASCII } from 'node:url';
import { z } from 'zod';

export type EmailProblem = 'REQUIRED' | 'INVALID' | 'FREE_MAIL';

export type EmailCheck =
  | { ok: true; address: string }
  | { ok: false; code: 'REQUIRED' | 'INVALID' }
  /** The address is valid but at a free mail service: allowed only as a special case with a reason. */
  | { ok: false; code: 'FREE_MAIL'; address: string; domain: string };

/** RFC 5321: 64 octets of local part, 254 for the whole address in a path. */
const maxLocalPartLength = 64;
const maxAddressLength = 254;
/** RFC 1035: 63 octets per domain label. */
const maxLabelLength = 63;

const emailSyntax = z.email();

/**
 * Seed of the staff-editable list of free mail services. A domain matches its own
 * subdomains too (mail.yahoo.co.jp is yahoo.co.jp).
 */
// biome-ignore format: a word list reads better packed
export const defaultFreeMailDomains: readonly string[] = [
  // global
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'rocketmail.com', 'outlook.com',
  'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com',
  'protonmail.com', 'protonmail.ch', 'proton.me', 'pm.me', 'tutanota.com', 'tuta.io', 'zoho.com',
  'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 'mail.com', 'yandex.ru', 'yandex.com', 'mail.ru',
  'fastmail.com',
  // regional editions of the above
  'yahoo.co.uk', 'hotmail.co.uk', 'outlook.de', 'hotmail.fr', 'yahoo.fr',
  // Japan, including the mobile carriers
  'yahoo.co.jp', 'ymail.ne.jp', 'outlook.jp', 'hotmail.co.jp', 'live.jp', 'docomo.ne.jp',
  'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp', 'ymobile.ne.jp', 'nifty.com',
  'excite.co.jp', 'goo.jp',
  // China and Korea
  'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sohu.com',
  'aliyun.com', 'naver.com', 'daum.net', 'hanmail.net',
];

/**
 * NFKC (so that full-width letters and ＠ typed with a Japanese input method become what
 * they look like), trimmed, and the domain in lower-case ASCII (an internationalised domain
 * becomes its xn-- form). The local part keeps its case.
 */
export function normaliseEmail(raw: string): string {
  const text = raw.normalize('NFKC').trim();
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const domain = text.slice(at + 1);
  return `${text.slice(0, at)}@${domainToASCII(domain) || domain.toLowerCase()}`;
}

/** The form to compare addresses by (typed twice, one draft per address): all lower-case. */
export function mailboxKey(address: string): string {
  return normaliseEmail(address).toLowerCase();
}

/** The entry of `freeMailDomains` that `domain` is, or is a subdomain of; undefined if none. */
export function findFreeMailDomain(domain: string, freeMailDomains: readonly string[]): string | undefined {
  const wanted = domain.toLowerCase();
  for (const entry of freeMailDomains) {
    const listed = domainToASCII(entry.trim().replace(/^[@.]+/, ''));
    if (listed !== '' && (wanted === listed || wanted.endsWith(`.${listed}`))) return listed;
  }
  return undefined;
}

/**
 * Checks one address, in this order: REQUIRED (nothing typed); INVALID (not exactly one
 * address in the usual syntax: no display name, no list, no IP literal; at most 64
 * characters before the @, 63 per domain label and 254 in all); FREE_MAIL (the domain or a
 * parent domain is in `freeMailDomains`; the answer carries the normalised address, for the
 * special case, and `domain`, the entry of the list that matched).
 */
export function checkEmail(
  raw: string | null | undefined,
  options: { freeMailDomains: readonly string[] },
): EmailCheck {
  const address = normaliseEmail(raw ?? '');
  if (address === '') return { ok: false, code: 'REQUIRED' };
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  if (at > maxLocalPartLength || address.length > maxAddressLength) return { ok: false, code: 'INVALID' };
  if (domain.split('.').some((label) => label.length > maxLabelLength)) return { ok: false, code: 'INVALID' };
  if (!emailSyntax.safeParse(address).success) return { ok: false, code: 'INVALID' };
  const freeMailDomain = findFreeMailDomain(domain, options.freeMailDomains);
  if (freeMailDomain !== undefined) return { ok: false, code: 'FREE_MAIL', address, domain: freeMailDomain };
  return { ok: true, address };
}
