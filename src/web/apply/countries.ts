// Country names in Japanese and English from a maintained package (i18n-iso-countries),
// keyed by ISO 3166-1 alpha-2 code, sorted for the person's language.
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ja from 'i18n-iso-countries/langs/ja.json' with { type: 'json' };
import type { Lang } from '../../i18n/index.js';

countries.registerLocale(en);
countries.registerLocale(ja);

const cache = new Map<Lang, { code: string; name: string }[]>();

export function countryOptions(lang: Lang): { code: string; name: string }[] {
  let list = cache.get(lang);
  if (!list) {
    const collator = new Intl.Collator(lang);
    list = Object.keys(countries.getAlpha2Codes())
      .map((code) => ({ code, name: countries.getName(code, lang, { select: 'alias' }) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
    cache.set(lang, list);
  }
  return list;
}

export const isCountryCode = (code: unknown): code is string =>
  typeof code === 'string' && countries.isValid(code) && code.length === 2;

export const countryName = (code: string, lang: Lang): string =>
  countries.getName(code, lang, { select: 'alias' }) ?? code;
