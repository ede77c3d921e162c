import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import { formatMessage, translate } from './i18n.tsx';

describe('i18n', () => {
  it('has every English message in Chinese, with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en)) expect(placeholders((zhCN as Record<string, string>)[key]!), key).toEqual(placeholders(text));
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(formatMessage('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translate('zh-CN', 'severity.critical')).toBe('严重');
    expect(translate('en', 'common.pageOf', { page: 2, pages: 5 })).toBe('Page 2 of 5');
  });
});
