// Country names in Japanese and English from a maintained package (i18n-iso-countries),
// keyed by ISO 3166-1 alpha-2 code, sorted for the person's language (Japanese by the
// names' reading), the common choices offered first.
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ja from 'i18n-iso-countries/langs/ja.json' with { type: 'json' };
import type { Lang } from '../../i18n/index.js';
import type { PageContext } from '../views/page.js';

countries.registerLocale(en);
countries.registerLocale(ja);

/**
 * How the Japanese names that start with kanji are read: Japanese lists are in the order
 * of the reading (日本 among the に), not after every katakana name.
 */
const readings: Record<string, string> = {
  AQ: 'なんきょく',
  CF: 'ちゅうおうあふりかきょうわこく',
  CN: 'ちゅうかじんみんきょうわこく',
  EH: 'にしさはら',
  GQ: 'せきどうぎにあ',
  HK: 'ほんこん',
  JP: 'にほん',
  KP: 'ちょうせんみんしゅしゅぎじんみんきょうわこく',
  KR: 'だいかんみんこく',
  MK: 'きたまけどにあ',
  MP: 'きたまりあなしょとう',
  SS: 'みなみすーだん',
  TL: 'ひがしてぃもーる',
  TW: 'たいわん',
  UM: 'がっしゅうこくりょうゆうしょうりとう',
  ZA: 'みなみあふりか',
};

/** Katakana to hiragana, so that a name sorts by its sound. */
const hiragana = (text: string) => text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

/** The countries and regions most applicants name, offered first. */
export const commonCountries = ['JP', 'CN', 'KR', 'TW', 'US', 'IN'] as const;

export interface CountryOption {
  code: string;
  name: string;
}

const cache = new Map<Lang, { common: CountryOption[]; all: CountryOption[] }>();

/** Every country and region by name in the person's language (Japanese by reading), and the common ones. */
export function countryOptions(lang: Lang): { common: CountryOption[]; all: CountryOption[] } {
  let lists = cache.get(lang);
  if (!lists) {
    const collator = new Intl.Collator(lang);
    const key = (o: CountryOption) => (lang === 'ja' ? (readings[o.code] ?? hiragana(o.name)) : o.name);
    const all = Object.keys(countries.getAlpha2Codes())
      .map((code) => ({ code, name: countries.getName(code, lang, { select: 'alias' }) ?? code }))
      .sort((a, b) => collator.compare(key(a), key(b)));
    const common = commonCountries.map((code) => all.find((o) => o.code === code) as CountryOption);
    lists = { common, all };
    cache.set(lang, lists);
  }
  return lists;
}

export const isCountryCode = (code: unknown): code is string =>
  typeof code === 'string' && countries.isValid(code) && code.length === 2;

export const countryName = (code: string, lang: Lang): string =>
  countries.getName(code, lang, { select: 'alias' }) ?? code;

/** A country question's options: the common choices first, then every country and region. */
export function countrySelect(page: PageContext) {
  const { common, all } = countryOptions(page.lang);
  const option = (c: CountryOption) => ({ value: c.code, label: c.name });
  return {
    options: all.map(option),
    first: { label: page.t('country.common'), options: common.map(option), allLabel: page.t('country.all') },
  };
}
