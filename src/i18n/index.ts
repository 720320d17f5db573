// Message catalogue lookup. Japanese is the default language of the centre.
import { en, type MessageKey } from './en.js';
import { ja } from './ja.js';

export const languages = ['ja', 'en'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'ja';
export type { MessageKey };

export const catalogues: Record<Lang, Record<MessageKey, string>> = { ja, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLang(value: unknown): value is Lang {
  return value === 'ja' || value === 'en';
}

export function translator(lang: Lang): Translate {
  const messages = catalogues[lang];
  return (key, params) => {
    const text = messages[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** "Label: value" as each language writes it (a full-width colon without a space in Japanese). */
export function labelled(lang: Lang, label: string, value: string | number): string {
  return lang === 'ja' ? `${label}：${value}` : `${label}: ${value}`;
}

/** Sentences one after another: with 。 in Japanese (none doubled), with ". " in English. */
export function sentences(lang: Lang, ...parts: string[]): string {
  if (lang === 'ja') return parts.map((p) => (/[。！？]$/.test(p) ? p : `${p}。`)).join('');
  return parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');
}
