// Every free-text form field goes through here, so that what is stored, shown to staff and
// counted is the same text: Unicode NFC, trimmed, without control characters.

export type TextProblem = 'REQUIRED' | 'TOO_SHORT' | 'TOO_LONG' | 'CONTROL_CHARACTERS';

export type TextCheck = { ok: true; value: string } | { ok: false; code: TextProblem };

export interface TextRule {
  /** Fewest visible characters of a non-empty answer. */
  readonly min?: number;
  /** Most visible characters. */
  readonly max: number;
  /** A textarea: line breaks (\n) and tabs are allowed. */
  readonly multiline?: boolean;
  /** An empty answer is accepted (as ''); otherwise it is REQUIRED. */
  readonly optional?: boolean;
}

/**
 * A visible character may be made of many UTF-16 code units (an emoji family is 11), but not of
 * hundreds: past this average the text is refused as TOO_LONG, which bounds what a field can
 * hold (and the work done on it) however few characters it shows.
 */
export const maxCodeUnitsPerCharacter = 16;

/** Purpose of use (利用目的): at least 150 characters as the person sees them. */
export const purposeOfUseRule: TextRule = { min: 150, max: 4000, multiline: true };

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * NFC; \r\n and lone \r become \n (and, in a multi-line field, so do U+2028/U+2029);
 * leading and trailing white space (including the ideographic space U+3000) is removed.
 * Control characters are left in place for `findControlCharacter` to refuse.
 */
export function normaliseText(raw: string, options: { multiline?: boolean } = {}): string {
  let text = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  if (options.multiline) text = text.replace(/[\u2028\u2029]/g, '\n');
  return text.trim();
}

/**
 * Refused everywhere: C0 controls, DEL, C1 controls, lone surrogates, the line and paragraph
 * separators of a single-line field, and the bidirectional embedding/override/isolate marks
 * (they can make staff read an answer differently from what it says). A multi-line field
 * allows \n and \t. Returns the index (in code units) of the first refused character, or -1.
 */
export function findControlCharacter(text: string, options: { multiline?: boolean } = {}): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x09 || unit === 0x0a) {
      if (!options.multiline) return i;
    } else if (unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f)) {
      return i;
    } else if (unit === 0x2028 || unit === 0x2029) {
      if (!options.multiline) return i;
    } else if ((unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069)) {
      return i;
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return i;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return i;
    }
  }
  return -1;
}

/**
 * Characters that show nothing: format and other default-ignorable characters (zero-width
 * space and joiners, word joiner, BOM, soft hyphen, variation selectors, Hangul fillers),
 * and the Braille blank, which is drawn as empty space.
 */
const invisible = /^[\p{Default_Ignorable_Code_Point}\u2800]+$/u;
const space = /^[\p{White_Space}]+$/u;

/**
 * Characters as a person sees them: grapheme clusters, so 「研究」 is 2, `が` is 1 whether
 * composed or not, and 👩🏽‍🔬 is 1. Characters that show nothing (zero-width spaces, Hangul
 * fillers, the Braille blank) are not counted, nor are line breaks; a run of white space
 * between words counts as one, however long. So 150 zero-width spaces count 0, and two
 * letters around 148 spaces count 3. A browser counter must apply the same rule to the same
 * text (after normaliseText) to agree with the server.
 */
export function visibleLength(text: string): number {
  let count = 0;
  let inSpace = false;
  for (const { segment } of graphemes.segment(text)) {
    if (invisible.test(segment)) continue;
    if (space.test(segment)) {
      if (!inSpace && !segment.includes('\n') && !segment.includes('\r')) count++;
      inSpace = true;
      continue;
    }
    inSpace = false;
    count++;
  }
  return count;
}

/**
 * Normalises one answer and checks it against its rule. Checked in this order:
 * TOO_LONG (hidden bulk, before any other work), CONTROL_CHARACTERS, REQUIRED, TOO_SHORT, TOO_LONG.
 */
export function checkText(raw: string | null | undefined, rule: TextRule): TextCheck {
  const input = raw ?? '';
  const bulkLimit = rule.max * maxCodeUnitsPerCharacter;
  if (input.length > bulkLimit) return { ok: false, code: 'TOO_LONG' };
  const value = normaliseText(input, rule);
  if (findControlCharacter(value, rule) !== -1) return { ok: false, code: 'CONTROL_CHARACTERS' };
  if (value === '') return rule.optional ? { ok: true, value } : { ok: false, code: 'REQUIRED' };
  if (value.length > bulkLimit) return { ok: false, code: 'TOO_LONG' };
  const length = visibleLength(value);
  if (rule.min !== undefined && length < rule.min) return { ok: false, code: 'TOO_SHORT' };
  if (length > rule.max) return { ok: false, code: 'TOO_LONG' };
  return { ok: true, value };
}

export function checkPurposeOfUse(raw: string | null | undefined): TextCheck {
  return checkText(raw, purposeOfUseRule);
}
