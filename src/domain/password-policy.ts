// The account holder's password rules, after NIST SP 800-63B ("Password Verifiers",
// section 3.1.1.2 of revision 4, 5.1.1.2 of revision 3): a minimum length of 12 and a
// maximum of at least 64 (we take 256), any Unicode character (spaces and emoji too), no
// composition rules ("one digit, one symbol"), and a refusal of passwords known to be
// common or breached, or built on context-specific words (here the account name). Lengths
// count code points of the NFKC-normalised text, the normalisation the guideline
// recommends so that the same password typed on another keyboard or input method
// (full-width letters, say) is the same secret; hash normalisePassword(password), not the
// raw text.
//
// The list of common passwords is the one zxcvbn-ts ships offline (@zxcvbn-ts/language-common,
// its `passwords-common` dictionary: some 49,000 entries from breach corpora, all lower case);
// the strength meter in the browser (src/web/client/password-strength.ts) uses the same list.
import { dictionary } from '@zxcvbn-ts/language-common';

export const USER_PASSWORD_MIN = 12;
export const USER_PASSWORD_MAX = 256;

export type PasswordProblem = 'required' | 'too_short' | 'too_long' | 'common' | 'contains_account_name';

/** Account names shorter than this are not looked for in the password (too many false hits). */
const ACCOUNT_NAME_MIN_MATCH = 3;

/** The form of a password that is measured and hashed: NFKC, as NIST SP 800-63B recommends. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

let commonPasswords: ReadonlySet<string> | undefined;

/** The common-password list as a Set, built on first use (the list is some 49,000 entries). */
function commonPasswordSet(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((entry) => entry.normalize('NFKC').toLowerCase()));
  return commonPasswords;
}

/** A run of digits, punctuation, symbols (emoji too) and spaces at the end. */
const TRAILING_DECORATION = /[\p{N}\p{P}\p{S}\s]+$/u;

const codePoints = (text: string) => [...text].length;

/**
 * True when `lower` (normalised, lower case) is a common password, or one with digits or
 * punctuation stuck on the end. Case is ignored because the list is all lower case and
 * crackers try every capitalisation of an entry first. The suffix rule is there because
 * "password1234", "iloveyou2024!" and "dragon!!!!!!" are the first things a cracker's rules
 * make of a list entry, and they pass the length rule that the bare entries fail: a password
 * whose trailing digits/punctuation, taken off, leave a list entry is refused, but only when
 * that entry is at least as long as what was taken off. A long random tail ("abc" followed
 * by twelve random digits and symbols) carries its own strength, and refusing it would be a
 * composition rule in disguise.
 */
function isCommon(lower: string): boolean {
  const common = commonPasswordSet();
  if (common.has(lower)) return true;
  const suffix = TRAILING_DECORATION.exec(lower)?.[0];
  if (!suffix) return false;
  const stem = lower.slice(0, -suffix.length);
  return stem !== '' && codePoints(stem) >= codePoints(suffix) && common.has(stem);
}

/** Problems of a new password for account `accountName`, first one only, or undefined when acceptable. */
export function passwordProblem(password: string, accountName: string): PasswordProblem | undefined {
  // NFKC never leaves fewer than a quarter of the code points (a canonical decomposition is at
  // most four long), and a code point is at most two UTF-16 units, so text longer than this is
  // too long after normalisation too; say so without normalising megabytes.
  if (password.length > 8 * USER_PASSWORD_MAX) return 'too_long';
  const normalised = normalisePassword(password);
  // A password of nothing but white space is treated as no password at all.
  if (normalised.trim() === '') return 'required';
  const length = codePoints(normalised);
  if (length < USER_PASSWORD_MIN) return 'too_short';
  if (length > USER_PASSWORD_MAX) return 'too_long';
  const lower = normalised.toLowerCase();
  if (isCommon(lower)) return 'common';
  const name = normalisePassword(accountName).trim().toLowerCase();
  if (codePoints(name) >= ACCOUNT_NAME_MIN_MATCH && lower.includes(name)) return 'contains_account_name';
  return undefined;
}

/**
 * How long after a password change a replicated directory's consumer is not trusted
 * with the password (it may not have received the change): the provider answers.
 * A consumer that lags longer than this is long past every alert (reconcile, metrics).
 */
export const RECENT_PASSWORD_CHANGE_MS = 86_400_000;

export const passwordChangedLately = (changedAt: Date | null, now: Date): boolean =>
  changedAt !== null && now.getTime() - changedAt.getTime() < RECENT_PASSWORD_CHANGE_MS;
