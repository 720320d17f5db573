// LDIF (RFC 2849) of directory entries, as `ldapadd` reads it: a value that is not a
// SAFE-STRING (non-ASCII such as Japanese names, a leading space, colon or "<", a
// trailing space) is written base64-encoded with "::", and lines are folded at 76.
import type { Attributes } from './entries.js';

/** RFC 2849 SAFE-STRING: ASCII without NUL, LF and CR, not starting with a space, ':' or '<'. */
function isSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13 || c > 127) return false;
    if (i === 0 && (c === 32 || c === 58 || c === 60)) return false;
  }
  return true;
}

function line(name: string, value: string): string {
  const plain = isSafe(value) && !value.endsWith(' ');
  const text = plain ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
  const parts = [text.slice(0, 76)];
  for (let i = 76; i < text.length; i += 75) parts.push(` ${text.slice(i, i + 75)}`);
  return parts.join('\n');
}

export interface LdifEntry {
  dn: string;
  attributes: Attributes;
}

export function toLdif(entries: LdifEntry[]): string {
  return entries
    .map((e) =>
      [
        line('dn', e.dn),
        ...Object.entries(e.attributes).flatMap(([name, values]) => values.map((v) => line(name, v))),
      ].join('\n'),
    )
    .map((block) => `${block}\n`)
    .join('\n');
}
