// Two dictionaries (English, Simplified Chinese) and a tiny hook. The choice is remembered in localStorage and
// mirrored on <html lang>; the default follows the browser.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import en from './en.json';
import zhCN from './zh-CN.json';

/** The UI languages. */
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

/** A message id: every key of the English dictionary (the Chinese one is checked to have the same keys). */
export type MessageKey = keyof typeof en;

/** Values substituted for `{name}` placeholders. */
export type MessageVars = Record<string, string | number>;

const dictionaries: Record<Locale, Record<string, string>> = { en, 'zh-CN': zhCN };
const storageKey = 'xcr.locale';

/** Replaces `{name}` placeholders; unknown names are left as they are. */
export function formatMessage(template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The message of `key` in `locale`, falling back to English, then to the key. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  return formatMessage(dictionaries[locale][key] ?? dictionaries.en[key] ?? key, vars);
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage blocked: fall through to the browser's language
  }
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, vars?: MessageVars) => string;
  /** Formats a date and time in the UI language. */
  formatDateTime: (iso: string | null | undefined) => string;
  /** Formats a number in the UI language. */
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Provides the UI language to the tree. */
export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? initialLocale());
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // not remembered, still switched
    }
  }, []);
  const value = useMemo<I18nValue>(() => {
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      formatDateTime: (iso) => (iso ? dateFormat.format(new Date(iso)) : '—'),
      formatNumber: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The UI language, its messages and formatters. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
