// How a person is named. In English (and wherever the language is not known) by the
// romanised names, given name first; in Japanese by the name in Japanese as they wrote
// it (family name first), when they gave one, else by the romanised names.
export interface NamedPerson {
  given_name: string | null;
  family_name: string | null;
  name_ja?: string | null;
}

/** A person's name in both languages, for mails that have a part in each. */
export interface PersonNames {
  ja: string;
  en: string;
}

const latin = (p: NamedPerson) => [p.given_name, p.family_name].filter(Boolean).join(' ');

export function personName(p: NamedPerson, lang: 'ja' | 'en' = 'en'): string {
  const ja = p.name_ja?.trim();
  return lang === 'ja' && ja ? ja : latin(p);
}

export const personNames = (p: NamedPerson): PersonNames => ({ ja: personName(p, 'ja'), en: personName(p, 'en') });

/** Both at once, for a page or document read in either language: 田中 一郎 (Ichiro TANAKA). */
export function personNameInBoth(p: NamedPerson): string {
  const { ja, en } = personNames(p);
  return ja === en ? en : `${ja} (${en})`;
}
